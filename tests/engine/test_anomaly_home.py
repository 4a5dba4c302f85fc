"""The home's anomalies as a household would meet them: spikes, sustained highs, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from custom_components.voltwise.engine.anomaly import (
    AnomalyKind,
    AnomalySettings,
    ExpectedHours,
    HomeAnomalyState,
    HourlyHistory,
    Severity,
    observe_home,
)
from custom_components.voltwise.engine.errors import EngineError

from .anomaly_homes import HOUR, LONDON, Home, usual_kwh

TODAY = datetime(2026, 5, 6, tzinfo=LONDON)  # a Wednesday


def busy_sundays(local: datetime) -> float:
    """The usual home, but on Sundays it cooks or irons every other hour from 10:00 to 16:00."""
    if local.weekday() == 6 and local.hour in {10, 12, 14}:
        return 1.5
    return usual_kwh(local)


def test_a_usual_day_raises_nothing() -> None:
    home = Home(TODAY)
    home.run_hours(30)
    assert home.detected == []
    assert home.updated == []


def test_an_hour_far_above_anything_the_home_does_then_is_one_spike() -> None:
    home = Home(TODAY)
    three_am = TODAY.replace(hour=3)
    home.set(three_am, 1, 4.0)  # the home idles at 0.2 kWh at night, never more than 0.5
    home.run_hours(24)

    assert len(home.detected) == 1
    spike = home.detected[0]
    assert spike.kind is AnomalyKind.SPIKE
    assert (spike.start, spike.end) == (three_am.astimezone(UTC), (three_am + HOUR).astimezone(UTC))
    assert spike.value == pytest.approx(4.0)
    assert spike.expected == pytest.approx(0.2)
    assert spike.deviation_pct == pytest.approx(1900.0)
    assert spike.severity is Severity.HIGH
    assert spike.appliance_id is None
    assert spike.unit == "kWh"
    assert not spike.ongoing


def test_the_daily_oven_hour_is_not_a_spike_but_twice_it_is() -> None:
    six_pm = TODAY.replace(hour=18)
    usual = Home(TODAY)
    usual.set(six_pm, 1, 3.1)
    usual.set(six_pm + HOUR, 1, 2.9)  # above its interval, but the home's usual 18:00 hour
    usual.run_hours(24)
    assert usual.detected == []

    heavy = Home(TODAY)
    heavy.set(six_pm, 1, 6.0)
    heavy.run_hours(24)
    assert [a.kind for a in heavy.detected] == [AnomalyKind.SPIKE]


def test_hours_judged_once_fire_once_however_often_the_shell_asks() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=3), 1, 4.0)
    home.run_hours(6)
    for _ in range(3):
        home.observe(TODAY.replace(hour=6))  # the same hour again, e.g. a reload
    home.state = HomeAnomalyState.from_dict(home.state.as_dict())  # a restart
    home.run_hours(6)
    assert [a.kind for a in home.detected] == [AnomalyKind.SPIKE]


def test_a_heater_left_on_is_one_sustained_high_that_grows_then_ends() -> None:
    home = Home(TODAY, kwh=busy_sundays)
    ten = TODAY.replace(hour=10)
    home.set(ten, 5, 1.5)  # 10:00-15:00: no hour beyond the home's record, but all together
    home.run_hours(12)
    assert home.detected == []  # two high hours are not yet a sustained high

    home.observe(TODAY.replace(hour=13))  # the third hour
    assert len(home.detected) == 1
    sustained = home.detected[0]
    assert sustained.kind is AnomalyKind.SUSTAINED_HIGH
    assert sustained.ongoing
    assert (sustained.start, sustained.end) == (
        ten.astimezone(UTC),
        (ten + 3 * HOUR).astimezone(UTC),
    )
    assert home.state.open_anomalies == (sustained,)

    home.run_hours(4, start=TODAY.replace(hour=13))  # two more high hours, then back to usual
    assert home.detected == [sustained]
    assert {a.id for a in home.updated} == {sustained.id}
    assert [(a.end, a.ongoing) for a in home.updated] == [
        ((ten + 4 * HOUR).astimezone(UTC), True),
        ((ten + 5 * HOUR).astimezone(UTC), True),
        ((ten + 5 * HOUR).astimezone(UTC), False),
    ]
    ended = home.updated[-1]
    assert ended.value == pytest.approx(7.5)
    assert ended.expected == pytest.approx(2.5)
    assert ended.deviation_pct == pytest.approx(200.0)
    assert ended.severity is Severity.HIGH
    assert home.state.open_anomalies == ()


def test_a_big_load_left_on_is_a_spike_first_then_a_sustained_high() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=10), 4, 3.0)
    home.run_hours(16)
    assert [a.kind for a in home.detected] == [AnomalyKind.SPIKE, AnomalyKind.SUSTAINED_HIGH]
    assert home.detected[0].start == home.detected[1].start


def test_a_sustained_high_survives_a_restart_as_the_same_anomaly() -> None:
    home = Home(TODAY, kwh=busy_sundays)
    home.set(TODAY.replace(hour=10), 6, 1.5)
    home.run_hours(13)
    assert [a.kind for a in home.detected] == [AnomalyKind.SUSTAINED_HIGH]

    home.state = HomeAnomalyState.from_dict(home.state.as_dict())
    home.run_hours(4, start=TODAY.replace(hour=13))
    assert [a.kind for a in home.detected] == [AnomalyKind.SUSTAINED_HIGH]
    assert {a.id for a in home.updated} == {home.detected[0].id}
    assert home.updated[-1].end == TODAY.replace(hour=16).astimezone(UTC)


def test_heavy_hours_the_home_has_had_before_are_not_anomalies() -> None:
    def sunday_feasts(local: datetime) -> float:
        if 17 <= local.hour < 22:
            return 3.0 if local.weekday() == 6 else 2.0
        return 0.3

    home = Home(TODAY, kwh=sunday_feasts)
    home.set(TODAY.replace(hour=17), 5, 3.0)  # a Sunday evening on a Wednesday: above the
    home.run_hours(24)  # interval the forecast expects, but nothing the home has not done
    assert home.detected == []


def test_a_gap_or_a_missing_expectation_ends_a_run() -> None:
    home = Home(TODAY, kwh=busy_sundays)
    home.set(TODAY.replace(hour=10), 5, 1.5)
    home.values[home.index(TODAY.replace(hour=12))] = np.nan  # the meter went quiet one hour
    home.run_hours(16)
    assert not any(a.kind is AnomalyKind.SUSTAINED_HIGH for a in home.detected)


def test_a_sustained_high_still_open_when_home_assistant_stopped_is_closed_on_return() -> None:
    home = Home(TODAY, kwh=busy_sundays)
    home.set(TODAY.replace(hour=10), 6, 1.5)
    home.run_hours(13)
    assert home.state.open_anomalies
    home.observe(TODAY + timedelta(hours=64), [home.expected(TODAY + timedelta(days=1), 48)])
    assert home.state.open_anomalies == ()
    assert [(a.ongoing, a.end) for a in home.updated] == [
        (False, TODAY.replace(hour=13).astimezone(UTC))
    ]


def test_nothing_is_judged_before_two_weeks_of_history() -> None:
    home = Home(TODAY, days=10)
    home.set(TODAY.replace(hour=3), 1, 4.0)
    home.set(TODAY.replace(hour=10), 6, 3.0)
    home.run_hours(20)
    assert home.detected == []


def test_a_meter_glitch_is_a_gap_not_a_spike() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=3), 1, 4_000.0)  # a counter reset read as one huge hour
    home.run_hours(24)
    assert home.detected == []


def test_severity_bands_follow_the_settings() -> None:
    home = Home(TODAY, settings=AnomalySettings(medium_from_pct=500, high_from_pct=2000))
    home.set(TODAY.replace(hour=3), 1, 4.0)  # 1900 % above the 0.2 kWh expected
    home.run_hours(6)
    assert [a.severity for a in home.detected] == [Severity.MEDIUM]


def test_a_larger_record_factor_lets_a_smaller_spike_pass() -> None:
    for factor, kinds in ((1.1, [AnomalyKind.SPIKE]), (5.0, [])):
        home = Home(TODAY, settings=AnomalySettings(record_factor=factor))
        home.set(TODAY.replace(hour=8), 1, 3.0)  # the home's 08:00 record is about 1 kWh
        home.run_hours(12)
        assert [a.kind for a in home.detected] == kinds


def test_the_first_call_judges_only_the_last_day() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=3), 1, 4.0)
    home.observe(TODAY + timedelta(hours=30), [home.expected(TODAY - timedelta(days=2), 96)])
    kinds = [a.kind for a in home.detected]  # 03:00 yesterday is more than a day before
    assert AnomalyKind.SPIKE not in kinds  # the first call (its odd shape may still show)

    late = Home(TODAY)
    late.set(TODAY.replace(hour=3), 1, 4.0)
    late.observe(TODAY + timedelta(hours=20), [late.expected(TODAY, 24)])
    assert [a.kind for a in late.detected] == [AnomalyKind.SPIKE]


def test_after_an_outage_only_the_last_two_days_are_judged() -> None:
    home = Home(TODAY, days=28)
    home.run_hours(1, start=TODAY - timedelta(days=10))
    home.set(TODAY.replace(hour=3), 1, 4.0)
    home.set(TODAY + timedelta(hours=27), 1, 4.0)  # 03:00 tomorrow
    home.observe(TODAY + timedelta(hours=52), [home.expected(TODAY, 48)])
    assert [a.start for a in home.detected] == [(TODAY + timedelta(hours=27)).astimezone(UTC)]


def test_hours_after_now_are_not_judged() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=3), 1, 4.0)
    step = observe_home(
        home.state,
        home.history(TODAY.replace(hour=6)),
        [home.expected(TODAY)],
        now=TODAY.replace(hour=2, minute=30),
        tz=LONDON,
    )
    assert step.detected == ()
    assert step.state.next_hour == TODAY.replace(hour=2).astimezone(UTC)


def test_a_spike_on_the_autumn_dst_day_is_placed_at_its_real_hour() -> None:
    day = datetime(2026, 10, 25, tzinfo=LONDON)  # 25 hours: 01:00-02:00 happens twice
    home = Home(day)
    second_one_am = datetime(2026, 10, 25, 1, tzinfo=LONDON, fold=1)
    home.set(second_one_am, 1, 4.0)
    home.run_hours(25, start=day)
    assert [a.start for a in home.detected] == [second_one_am.astimezone(UTC)]
    assert home.detected[0].start == datetime(2026, 10, 25, 1, tzinfo=UTC)


def test_the_spring_dst_day_raises_nothing() -> None:
    day = datetime(2026, 3, 29, tzinfo=LONDON)  # 23 hours
    home = Home(day)
    home.run_hours(30, start=day)
    assert home.detected == []


def test_history_must_end_at_the_top_of_an_hour_and_be_one_series() -> None:
    with pytest.raises(EngineError) as error:
        HourlyHistory.ending(TODAY.replace(minute=30), [1.0])
    assert error.value.code == "not_top_of_hour"
    with pytest.raises(EngineError) as error:
        HourlyHistory.ending(TODAY, [[1.0, 2.0]])
    assert error.value.code == "invalid_history"
    with pytest.raises(ValueError, match="naive"):
        HourlyHistory.ending(datetime(2026, 5, 6), [1.0])  # noqa: DTZ001


def test_in_a_half_hour_zone_hours_are_utc_hours_not_local_ones() -> None:
    """Home Assistant's hourly statistics are UTC hours; in India they run from :30 local.

    A history ending at a local top of hour there ends mid-way through a UTC hour: refused,
    rather than accepted and then never judged (no expectation ever matches its hours).
    """
    kolkata = ZoneInfo("Asia/Kolkata")
    with pytest.raises(EngineError) as error:
        HourlyHistory.ending(datetime(2026, 5, 6, 6, tzinfo=kolkata), [1.0])
    assert error.value.code == "not_top_of_hour"
    utc_hour = HourlyHistory.ending(datetime(2026, 5, 6, 6, 30, tzinfo=kolkata), [1.0])
    assert utc_hour.end == datetime(2026, 5, 6, 1, tzinfo=UTC)


def test_bad_readings_and_bad_expectations_are_gaps() -> None:
    history = HourlyHistory.ending(TODAY, [1.0, -1.0, float("inf"), float("nan"), 300.0, 2.0])
    assert np.isnan(history.kwh[1:5]).all()
    assert history.kwh[[0, 5]].tolist() == [1.0, 2.0]

    home = Home(TODAY)
    home.set(TODAY.replace(hour=3), 1, 4.0)
    nonsense = ExpectedHours(TODAY.astimezone(UTC), np.full(24, np.nan), np.full(24, -1.0))
    home.run_hours(24)
    assert len(home.detected) == 1
    other = Home(TODAY)
    other.set(TODAY.replace(hour=3), 1, 4.0)
    for i in range(1, 24):
        other.observe(TODAY + HOUR * i, [nonsense])
    assert other.detected == []


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    readings=st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(min_value=0, max_value=10),
        ),
        min_size=0,
        max_size=24 * 20,
    ),
    expected=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=30),
    upper=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=30),
)
def test_any_readings_and_expectations_give_an_answer_never_an_error(
    readings: list[float], expected: list[float], upper: list[float]
) -> None:
    end = TODAY + timedelta(hours=5)
    expectation = ExpectedHours(TODAY.astimezone(UTC), np.array(expected), np.array(upper))
    step = observe_home(
        HomeAnomalyState(),
        HourlyHistory.ending(end, readings),
        [expectation],
        now=end,
        tz=LONDON,
    )
    assert step.state.next_hour == end.astimezone(UTC)
    for anomaly in step.detected:
        assert np.isfinite(anomaly.value)
