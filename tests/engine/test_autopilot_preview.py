"""Protected-window edges are exact across DST; the preview simulates a day and costs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.autopilot import (
    ActionKind,
    ApplianceState,
    ChangeSource,
    Memory,
    PreferredAction,
    next_window_edge,
    preview,
)
from custom_components.voltwise.engine.penalty import ProtectedWindow
from custom_components.voltwise.engine.windows import Cycle

from .autopilot_support import BERLIN, KOLKATA, NEW_YORK, Home, windows
from .test_autopilot_actions import SAVINGS, appliance, at, india


@given(
    windows().filter(lambda window: window is not None),
    st.sampled_from([KOLKATA, BERLIN, NEW_YORK]),
    st.sampled_from(
        [
            datetime(2025, 3, 29, 22, tzinfo=UTC),  # Berlin springs forward at 01:00 UTC
            datetime(2025, 10, 25, 22, tzinfo=UTC),  # Berlin falls back at 01:00 UTC
            datetime(2025, 3, 9, 3, tzinfo=UTC),  # New York springs forward at 07:00 UTC
            datetime(2025, 6, 2, 0, tzinfo=UTC),
        ]
    ),
    st.integers(0, 6 * 60),
)
def test_nothing_changes_before_the_next_window_edge(
    window: ProtectedWindow, tz: ZoneInfo, base: datetime, minutes: int
) -> None:
    now = base + timedelta(minutes=minutes, seconds=17)
    edge = next_window_edge(window, now, tz)
    assert now < edge <= now + timedelta(hours=25)
    inside = window.contains(now, tz)
    probe = now
    while probe < edge:
        assert window.contains(probe, tz) == inside
        probe += timedelta(minutes=1)
    assert window.contains(edge - timedelta(microseconds=1), tz) == inside


def test_a_window_edge_inside_the_spring_forward_gap_comes_at_the_jump() -> None:
    window = ProtectedWindow(time(2, 30), time(3, 30))
    edge = next_window_edge(window, datetime(2025, 3, 30, 0, 45, tzinfo=UTC), BERLIN)
    assert edge == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)  # 02:00 CET becomes 03:00 CEST
    assert window.contains(edge, BERLIN)


def test_a_window_edge_with_seconds_inside_the_gap_comes_at_the_jump() -> None:
    window = ProtectedWindow(time(2, 30, 30), time(3, 30, 30))
    edge = next_window_edge(window, datetime(2025, 3, 30, 0, 40, tzinfo=UTC), BERLIN)
    assert edge == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)


def _evening_home() -> Home:
    ac = appliance(
        "ac", PreferredAction.LIMIT_POWER, can_limit=True, limit_percent=60.0, level=100.0
    )
    geyser = appliance("geyser", PreferredAction.TURN_OFF)
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(120, 500, 5)
    )
    fan = appliance("fan", PreferredAction.ECO_MODE, can_eco=True)
    home = Home(india, SAVINGS, ac, geyser, washer, fan)
    home.configure("fan", power_w=100.0, eco_power_w=60.0)
    home.configure("ac", power_w=1500.0)
    home.configure("geyser", power_w=2000.0)
    home.set("washer", at(17, 30), ChangeSource.AUTOMATION, on=True)
    return home


def test_preview_lists_the_evenings_actions_and_what_they_save() -> None:
    home = _evening_home()
    result = preview(at(17, 30), india(at(17, 30)), SAVINGS, list(home.views.values()), Memory())
    timeline = [
        (entry.at, entry.action.appliance_id, entry.action.kind) for entry in result.entries
    ]
    # At 17:30 the normal rate sits at the threshold (0.6 of the day's range), not above it,
    # but the washer's run would reach into the peak: its smart start waits for 22:00, which
    # saves 7 % of the run's cost, more than the 2 % margin.
    assert timeline == [
        (at(17, 30), "washer", ActionKind.TURN_OFF),
        (at(17, 30), "washer", ActionKind.SCHEDULE_RESUME),
        (at(18), "ac", ActionKind.SET_LEVEL),
        (at(18), "geyser", ActionKind.TURN_OFF),
        (at(18), "fan", ActionKind.ECO_ON),
        (at(22), "ac", ActionKind.RESTORE_LEVEL),
        (at(22), "geyser", ActionKind.TURN_ON),
        (at(22), "washer", ActionKind.TURN_ON),
        (at(22), "fan", ActionKind.ECO_OFF),
    ]
    assert (result.start, result.end) == (at(17, 30), at(17, 30, day=3))
    # Peak 8.8/kWh, normal 8.0: for four peak hours the AC saves 0.6 kW, the geyser 2 kW and
    # the fan 40 W; the 0.75 kWh the washer would have drawn in the peak (18:00-19:30) moves
    # to 22:00 (its first half hour is at the normal rate either way).
    expected = (0.6 + 2 + 0.04) * 4 * 8.8 + 0.75 * (8.8 - 8.0)
    assert result.cost_saving == pytest.approx(expected)
    assert result.co2_saving_kg > 0
    assert result.cost < result.cost_without


def test_preview_compares_with_the_appliances_as_they_were_before_the_autopilot() -> None:
    home = _evening_home()
    home.decide(at(18))  # the AC is limited, the geyser off, the washer delayed, the fan in eco
    held = list(home.views.values())
    assert set(home.memory.holds) == {"ac", "geyser", "washer", "fan"}
    result = preview(at(18), india(at(18)), SAVINGS, held, home.memory)
    untouched = [
        replace(
            view,
            state=ApplianceState(on=True, level=view.state.level and 100.0),
        )
        for view in held
    ]
    fresh = preview(at(18), india(at(18)), SAVINGS, untouched, Memory())
    assert result.cost_without == pytest.approx(fresh.cost_without)
    assert result.cost == pytest.approx(fresh.cost)
    assert result.cost_saving > 0


def test_preview_stops_at_the_end_of_the_horizon() -> None:
    home = _evening_home()
    horizon = india(at(17, 30))
    result = preview(at(17, 30), horizon, SAVINGS, list(home.views.values()), Memory(), hours=96)
    assert result.end == horizon.grid.end
