"""Spikes: power held above a threshold for a set time, one alert per spike thanks to hysteresis."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.spike import (
    SpikeEvent,
    SpikeEventKind,
    SpikePhase,
    SpikeSettings,
    SpikeState,
    advance_spike,
    next_check,
    top_consumers,
)
from custom_components.voltwise.engine.errors import EngineError

T0 = datetime(2025, 6, 10, 12, tzinfo=UTC)
# 5 kW for 5 minutes; back to normal below 4.5 kW for 5 minutes.
SETTINGS = SpikeSettings(threshold_w=5000.0)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def run(
    samples: list[tuple[float, float | None]],
    settings: SpikeSettings = SETTINGS,
    state: SpikeState | None = None,
) -> tuple[SpikeState, list[SpikeEvent]]:
    """Feed (minute, power) samples, ticking at every pending check as the shell's timer would."""
    state = state or SpikeState()
    events: list[SpikeEvent] = []
    for minute, power in samples:
        when = at(minute)
        while (due := next_check(state, settings)) is not None and due <= when:
            state, fired = advance_spike(state, due, None, settings)
            events += fired
        state, fired = advance_spike(state, when, power, settings)
        events += fired
    return state, events


def kinds(events: list[SpikeEvent]) -> list[tuple[SpikeEventKind, float]]:
    return [(event.kind, (event.at - T0) / timedelta(minutes=1)) for event in events]


def test_power_held_above_the_threshold_starts_one_spike_after_the_hold() -> None:
    state, events = run([(0, 1000), (10, 6000), (12, 7000), (30, 6000)])
    assert kinds(events) == [(SpikeEventKind.STARTED, 15)]
    assert events[0].started_at == at(10)
    assert events[0].peak_w == 7000
    assert state.phase is SpikePhase.ACTIVE


def test_a_short_excursion_is_no_spike() -> None:
    state, events = run([(0, 6000), (4, 3000), (5, 6000), (9.9, 4000), (20, 1000)])
    assert events == []
    assert state.phase is SpikePhase.IDLE


def test_hovering_around_the_threshold_alerts_once() -> None:
    samples: list[tuple[float, float | None]] = [(0, 6000)]
    # After the start, power wanders between 4.6 and 5.4 kW (above the 4.5 kW release level)
    # and dips below it for less than the release time.
    samples += [(minute, 4600 if minute % 4 else 5400) for minute in range(6, 60, 2)]
    samples += [(60, 3000), (63, 5100), (64, 4000)]
    _, events = run(samples)
    assert kinds(events) == [(SpikeEventKind.STARTED, 5)]


def test_a_spike_ends_after_the_release_time_below_the_release_level() -> None:
    _, events = run([(0, 6000), (20, 8000), (25, 4000), (40, 1000), (50, 6000), (60, 6000)])
    assert kinds(events) == [
        (SpikeEventKind.STARTED, 5),
        (SpikeEventKind.ENDED, 30),
        (SpikeEventKind.STARTED, 55),  # a new spike later alerts again
    ]
    ended = events[1]
    assert (ended.started_at, ended.peak_w) == (at(0), 8000)


def test_the_release_time_and_hysteresis_can_be_set() -> None:
    settings = SpikeSettings(
        threshold_w=2000, hold=timedelta(0), hysteresis_percent=0, release=timedelta(minutes=1)
    )
    _, events = run([(0, 2500), (1, 1999), (1.5, 2100), (2, 1500), (4, 100)], settings)
    assert kinds(events) == [(SpikeEventKind.STARTED, 0), (SpikeEventKind.ENDED, 3)]
    assert settings.release_w == 2000


def test_a_late_sample_confirms_what_happened_before_it() -> None:
    # No tick: the next sample, long after the hold, still starts the spike at the right time.
    state = SpikeState()
    state, _ = advance_spike(state, at(0), 6000, SETTINGS)
    state, events = advance_spike(state, at(30), 1000, SETTINGS)
    assert kinds(list(events)) == [(SpikeEventKind.STARTED, 5)]
    assert state.phase is SpikePhase.FALLING
    assert next_check(state, SETTINGS) == at(35)


def test_unknown_power_cancels_a_pending_start_but_never_ends_a_spike() -> None:
    _, events = run([(0, 6000), (3, math.nan), (4, 6000), (8, None)])
    assert events == []  # the hold restarted at minute 4 and has 1 minute to go
    state, events = run([(0, 6000), (10, None), (12, math.nan), (40, math.nan)])
    assert kinds(events) == [(SpikeEventKind.STARTED, 5)]
    assert state.phase is SpikePhase.ACTIVE
    assert next_check(state, SETTINGS) is None
    # A falling spike whose sensor drops out waits for a known low reading.
    state, events = run([(0, 6000), (10, 1000), (12, math.nan), (30, 1000), (40, 1000)])
    assert kinds(events) == [(SpikeEventKind.STARTED, 5), (SpikeEventKind.ENDED, 35)]


def test_samples_out_of_order_change_nothing() -> None:
    state, _ = run([(0, 6000), (10, 6000)])
    assert advance_spike(state, at(9), 100, SETTINGS) == (state, ())


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"threshold_w": 0}, "spike_threshold_invalid"),
        ({"threshold_w": -1}, "spike_threshold_invalid"),
        ({"threshold_w": math.nan}, "spike_threshold_invalid"),
        ({"threshold_w": 2e6}, "spike_threshold_invalid"),
        ({"threshold_w": True}, "spike_threshold_invalid"),
        ({"threshold_w": 1000, "hold": timedelta(minutes=-1)}, "spike_duration_invalid"),
        ({"threshold_w": 1000, "release": timedelta(days=2)}, "spike_duration_invalid"),
        ({"threshold_w": 1000, "hysteresis_percent": 100}, "billing_percent_invalid"),
        ({"threshold_w": 1000, "hysteresis_percent": math.nan}, "billing_percent_invalid"),
    ],
)
def test_bad_spike_settings_are_refused(options: dict[str, object], code: str) -> None:
    with pytest.raises(EngineError) as err:
        SpikeSettings(**options)  # type: ignore[arg-type]
    assert err.value.code == code


def test_the_appliances_drawing_the_most_are_named() -> None:
    powers = {"Geyser": 2900.0, "AC": 1500.0, "TV": 150.0, "Iron": 1500.0, "Dead": math.nan}
    assert top_consumers(powers) == [("Geyser", 2900.0), ("AC", 1500.0), ("Iron", 1500.0)]
    assert top_consumers({"Off": 0.0}) == []


samples = st.lists(
    st.tuples(
        st.floats(0, 8),  # minutes since the previous sample
        st.one_of(st.floats(0, 10_000), st.just(math.nan), st.none()),
    ),
    max_size=60,
)


@given(samples=samples, hold=st.integers(0, 10), hysteresis=st.floats(0, 50))
def test_spikes_alternate_and_each_start_was_earned(
    samples: list[tuple[float, float | None]], hold: int, hysteresis: float
) -> None:
    settings = SpikeSettings(
        threshold_w=5000, hold=timedelta(minutes=hold), hysteresis_percent=hysteresis
    )
    minute = 0.0
    timeline: list[tuple[float, float | None]] = []
    for gap, power in samples:
        minute += gap
        timeline.append((minute, power))
    _, events = run(timeline, settings)
    # Every reading given at each instant, in order (ticks give none; several may share one).
    readings: dict[datetime, list[float]] = {}
    for when, power in timeline:
        if power is not None:
            readings.setdefault(at(when), []).append(power)
    expected = SpikeEventKind.STARTED
    for event in events:
        assert event.kind is expected  # started, ended, started, ...
        expected = (
            SpikeEventKind.ENDED if expected is SpikeEventKind.STARTED else SpikeEventKind.STARTED
        )
        assert event.at >= event.started_at
        if event.kind is SpikeEventKind.STARTED:
            assert event.at - event.started_at == settings.hold
            # The rise was a reading above the threshold, and every later reading until the
            # start was too (the rise's own instant may carry more readings after it).
            assert any(power > 5000 for power in readings[event.started_at])
            held = [
                power
                for when, powers in readings.items()
                if event.started_at < when < event.at
                for power in powers
            ]
            assert all(not math.isnan(power) and power > 5000 for power in held)
    assert [event.at for event in events] == sorted(event.at for event in events)
