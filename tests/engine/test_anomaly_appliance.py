"""A metered appliance's anomalies: a failing fridge, a fridge that never stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from custom_components.voltwise.engine.anomaly import (
    Anomaly,
    AnomalyKind,
    ApplianceAnomalyState,
    ApplianceProfile,
    PowerSamples,
    Severity,
    appliance_runs,
    learn_appliance_profile,
    observe_appliance,
)
from custom_components.voltwise.engine.errors import EngineError

START = datetime(2026, 5, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
FRIDGE = "fridge"


def fridge_minutes(days: float, seed: int = 3) -> np.ndarray:
    """A fridge: 20 minutes on at about 120 W (a 400 W start), 40 off at 1 W, every hour."""
    minutes = int(days * 1440)
    rng = np.random.default_rng(seed)
    watts = np.where(np.arange(minutes) % 60 < 20, 120.0, 1.0) * rng.uniform(0.97, 1.03, minutes)
    watts[np.arange(minutes) % 60 == 0] = 400.0
    return watts


class Fridge:
    """Fourteen usual days, then whatever the test makes of the days after, checked every 15 min."""

    def __init__(self, later: np.ndarray | None = None) -> None:
        self.watts = fridge_minutes(16)
        if later is not None:
            self.watts[14 * 1440 : 14 * 1440 + len(later)] = later
        self.profile = learn_appliance_profile(self.samples(0, 14 * 1440), now=self.at(14 * 1440))
        self.state = ApplianceAnomalyState()
        self.detected: list[Anomaly] = []
        self.updated: list[Anomaly] = []

    def at(self, minute: int) -> datetime:
        return START + MINUTE * minute

    def samples(self, first: int, last: int) -> PowerSamples:
        return PowerSamples.regular(self.at(first), MINUTE, self.watts[first:last])

    def check(self, minutes: int, every: int = 15) -> None:
        """The shell's checks from day 14 on, each with the last day of readings."""
        for minute in range(14 * 1440 + every, 14 * 1440 + minutes + 1, every):
            step = observe_appliance(
                self.state,
                FRIDGE,
                self.profile,
                self.samples(minute - 1440, minute),
                now=self.at(minute),
            )
            self.state = step.state
            self.detected.extend(step.detected)
            self.updated.extend(step.updated)


def test_the_profile_is_the_fridges_usual_run() -> None:
    profile = Fridge().profile
    assert profile is not None
    assert profile.runs == 14 * 24 - 1  # the last run is still going when learned... or not
    assert profile.power_p50_w == pytest.approx(120, rel=0.03)  # the 400 W start is no typical
    assert profile.run_p50_min == pytest.approx(20)
    assert profile.run_max_min == pytest.approx(20)
    assert 10 < profile.on_threshold_w < 100


def test_a_usual_day_raises_nothing() -> None:
    fridge = Fridge()
    fridge.check(1440)
    assert fridge.detected == []


def test_a_failing_compressor_is_reported_once_per_run_as_it_runs() -> None:
    later = fridge_minutes(2, seed=4)
    later[:20] *= 1.6  # the first run draws 190 W
    fridge = Fridge(later)
    fridge.check(4, every=4)  # 4 minutes in: too early to judge its power
    assert fridge.detected == []
    fridge.check(15, every=5)
    assert len(fridge.detected) == 1
    high = fridge.detected[0]
    assert high.kind is AnomalyKind.APPLIANCE_HIGH_POWER
    assert high.appliance_id == FRIDGE
    assert high.ongoing
    assert high.start == fridge.at(14 * 1440)
    assert high.value == pytest.approx(192, rel=0.03)
    assert high.expected == pytest.approx(120, rel=0.03)
    assert high.unit == "W"
    assert high.severity is Severity.MEDIUM
    assert [a.id for a in fridge.state.open_anomalies] == [high.id]

    fridge = Fridge(later)
    fridge.check(120, every=5)
    assert [a.kind for a in fridge.detected] == [AnomalyKind.APPLIANCE_HIGH_POWER]
    assert all(a.id == high.id for a in fridge.updated)
    assert fridge.updated[-1].ongoing is False  # over once the next, usual run began
    assert fridge.updated[-1].end == fridge.at(14 * 1440 + 20)
    assert fridge.state.open_anomalies == ()


def test_a_fridge_that_never_stops_is_one_long_run_that_grows() -> None:
    later = fridge_minutes(2, seed=5)
    later[:170] = 125.0  # on for 170 minutes
    fridge = Fridge(later)
    fridge.check(30)
    assert fridge.detected == []
    fridge.check(240)
    assert [a.kind for a in fridge.detected] == [AnomalyKind.APPLIANCE_LONG_RUN]
    long_run = fridge.detected[0]
    assert long_run.value == pytest.approx(45)  # first seen at the check 45 minutes in
    assert long_run.expected == pytest.approx(20)
    assert long_run.unit == "min"
    assert long_run.severity is Severity.HIGH
    grown = [a for a in fridge.updated if a.ongoing]
    assert [a.value for a in grown] == [60, 75, 90, 105, 120, 135, 150, 165]
    assert fridge.updated[-1].value == pytest.approx(170)
    assert not fridge.updated[-1].ongoing


def test_a_run_longer_than_the_readings_given_is_still_one_run() -> None:
    later = np.full(2 * 1440, 125.0)  # on for two days: longer than the day of readings
    fridge = Fridge(later)
    fridge.check(2 * 1440 - 60)
    assert [a.kind for a in fridge.detected] == [AnomalyKind.APPLIANCE_LONG_RUN]
    assert {a.id for a in fridge.updated} == {fridge.detected[0].id}


def test_nothing_fires_twice_after_a_restart() -> None:
    later = fridge_minutes(2, seed=4)
    later[:20] *= 1.6
    fridge = Fridge(later)
    fridge.check(15, every=5)
    fridge.state = ApplianceAnomalyState.from_dict(fridge.state.as_dict())
    fridge.check(60, every=5)
    assert [a.kind for a in fridge.detected] == [AnomalyKind.APPLIANCE_HIGH_POWER]


def test_the_first_check_judges_only_the_latest_run() -> None:
    later = fridge_minutes(2, seed=4)
    later[:20] *= 1.6  # 00:00 today
    fridge = Fridge(later)
    fridge.check(2 * 60, every=120)  # first check at 02:00: the 00:00 run is history
    assert fridge.detected == []


def test_without_enough_runs_there_is_no_profile_and_no_judgement() -> None:
    watts = fridge_minutes(0.3)
    samples = PowerSamples.regular(START, MINUTE, watts)
    assert learn_appliance_profile(samples, now=START + MINUTE * len(watts)) is None
    assert learn_appliance_profile(PowerSamples.regular(START, MINUTE, []), now=START) is None
    step = observe_appliance(
        ApplianceAnomalyState(), FRIDGE, None, samples, now=START + MINUTE * len(watts)
    )
    assert step.detected == ()


def test_readings_held_until_the_next_make_runs_of_the_right_length() -> None:
    times = [START + timedelta(minutes=m) for m in (25, 0, 5, 70, 65)]  # unsorted, irregular
    watts = [0.0, 0.0, 120.0, 0.0, 130.0]
    samples = PowerSamples.of(times, watts)
    runs = appliance_runs(samples, START + timedelta(minutes=90), 10.0)
    assert [(r.minutes, r.power_w, r.ongoing) for r in runs] == [(20, 120, False), (5, 130, False)]
    ongoing = appliance_runs(samples, START + timedelta(minutes=68), 10.0)
    assert ongoing[-1].ongoing
    assert ongoing[-1].minutes == pytest.approx(3)
    assert appliance_runs(samples, START, 10.0) == []  # nothing read yet


def test_short_pauses_do_not_end_a_run_but_unknown_readings_do() -> None:
    watts = [120.0] * 10 + [1.0] * 2 + [120.0] * 10 + [float("nan")] + [120.0] * 5 + [0.0]
    samples = PowerSamples.regular(START, MINUTE, watts)
    runs = appliance_runs(samples, START + MINUTE * len(watts), 10.0)
    assert [r.minutes for r in runs] == [22, 5]
    assert runs[0].cut  # on at the first reading: it may have started before


def test_bad_inputs_are_refused_with_codes() -> None:
    with pytest.raises(EngineError) as error:
        PowerSamples.regular(START, timedelta(0), [1.0])
    assert error.value.code == "invalid_duration"
    with pytest.raises(EngineError) as error:
        PowerSamples.of([START], [1.0, 2.0])
    assert error.value.code == "invalid_history"
    with pytest.raises(EngineError) as error:
        learn_appliance_profile(
            PowerSamples.regular(START, MINUTE, [1.0]), now=START, on_threshold_w=-1
        )
    assert error.value.code == "invalid_power"
    with pytest.raises(ValueError, match="naive"):
        PowerSamples.of([datetime(2026, 5, 1)], [1.0])  # noqa: DTZ001


def test_a_given_on_threshold_is_used() -> None:
    samples = PowerSamples.regular(START, MINUTE, fridge_minutes(3))
    profile = learn_appliance_profile(samples, now=START + timedelta(days=3), on_threshold_w=200)
    assert profile is not None
    assert profile.on_threshold_w == 200
    assert profile.run_max_min == pytest.approx(1)  # only the 400 W starts are "on"


def test_profile_and_state_survive_the_store_and_shrug_off_damage() -> None:
    fridge = Fridge()
    assert fridge.profile is not None
    assert ApplianceProfile.from_dict(fridge.profile.as_dict()) == fridge.profile
    for damaged in (None, [], {"runs": True}, {**fridge.profile.as_dict(), "runs": 0}, {"x": 1}):
        assert ApplianceProfile.from_dict(damaged) is None
    broken = {**fridge.profile.as_dict(), "power_p95_w": "high"}
    assert ApplianceProfile.from_dict(broken) is None

    later = fridge_minutes(2, seed=4)
    later[:20] *= 1.6
    fridge = Fridge(later)
    fridge.check(15, every=5)
    state = fridge.state
    assert ApplianceAnomalyState.from_dict(state.as_dict()) == state
    for damaged in (None, 3, {"run_start": 5}, {"run_start": "yesterday"}):
        assert ApplianceAnomalyState.from_dict(damaged) == ApplianceAnomalyState()
    partly = {**state.as_dict(), "reported": [{"kind": "nonsense"}, *state.as_dict()["reported"]]}
    assert ApplianceAnomalyState.from_dict(partly) == state
