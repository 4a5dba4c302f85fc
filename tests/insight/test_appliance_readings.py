"""The power readings the appliance watch keeps between checks (no recorder needed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from custom_components.voltwise.insight.appliance_watch import _Readings

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def at(minutes: float) -> float:
    return (T0 + timedelta(minutes=minutes)).timestamp()


def test_a_re_read_overlap_is_not_held_twice_and_a_late_commit_is_picked_up() -> None:
    held = _Readings("sensor.pump_power", T0, T0)
    held.extend([(at(0), 0.0), (at(3), 100.0)], T0 + timedelta(minutes=5))
    # The next check reads from two minutes before the previous one: 03:00 again, and 04:30,
    # which the recorder had not committed when the previous check read.
    held.extend([(at(3), 100.0), (at(4.5), 0.0), (at(8), 50.0)], T0 + timedelta(minutes=10))
    assert held.seconds == [at(0), at(3), at(4.5), at(8)]
    assert held.covers("sensor.pump_power", T0, T0 + timedelta(minutes=15))
    assert not held.covers("sensor.other_power", T0, T0 + timedelta(minutes=15))
    assert not held.covers("sensor.pump_power", T0 - timedelta(minutes=1), T0 + timedelta(hours=1))
    assert not held.covers("sensor.pump_power", T0, T0 + timedelta(minutes=9))  # clock went back


def test_the_window_dates_the_reading_in_force_at_its_start_and_forgets_older_ones() -> None:
    held = _Readings("sensor.pump_power", T0, T0)
    held.extend([(at(0), 0.0), (at(3), 100.0), (at(4.5), -1.0), (at(8), 50.0)], T0)
    samples = held.window(T0 + timedelta(minutes=4))
    assert samples.seconds.tolist() == [at(4), at(4.5), at(8)]
    assert samples.watts[0] == 100.0
    assert np.isnan(samples.watts[1])  # a negative reading is unknown
    assert held.seconds == [at(3), at(4.5), at(8)]  # 00:00 can never be asked for again
    assert held.since == T0 + timedelta(minutes=4)
