"""The diff behind the home's events: two states in, the events and notifications out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.carbon import profile_for_region
from custom_components.voltwise.engine.home_state import HomeSettings, HomeState, compute_home_state
from custom_components.voltwise.engine.horizon import CarbonInput
from custom_components.voltwise.engine.tariff import presets
from custom_components.voltwise.engine.transitions import (
    Announcement,
    HomeEvent,
    NotificationKind,
    announcements,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
TARIFF = presets()["india_tod_domestic"].build(8.0, "INR")
CARBON = CarbonInput(profile_for_region("IN-WE"))


def ist(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 2, hour, minute, tzinfo=KOLKATA)


def state(when: datetime, warning_minutes: int = 15) -> HomeState:
    settings = HomeSettings(peak_warning_minutes=warning_minutes)
    return compute_home_state(TARIFF, CARBON, KOLKATA, when, settings)


def told(before: datetime, after: datetime, warning_minutes: int = 15) -> list[Announcement]:
    return announcements(
        state(before, warning_minutes),
        state(after, warning_minutes),
        home="Flat",
        currency="INR",
        tz=KOLKATA,
    )


def test_nothing_changed_nothing_is_told() -> None:
    assert told(ist(10), ist(10, 5)) == []


def test_a_clean_window_is_an_event_and_a_notification() -> None:
    (clean,) = told(ist(5, 59), ist(6))
    assert clean.event is HomeEvent.CLEAN_WINDOW_STARTED
    assert clean.data == {"intensity": 646.5, "daily_mean": pytest.approx(747.4, abs=0.1)}
    assert clean.notification is NotificationKind.CLEAN_WINDOW


def test_a_clean_window_that_is_the_best_time_is_told_once_as_the_best_time() -> None:
    cheap_and_clean = told(ist(8, 59), ist(9))
    assert [item.event for item in cheap_and_clean] == [
        HomeEvent.TARIFF_SLOT_CHANGED,
        HomeEvent.BEST_TIME_STARTED,
    ]
    slot, best = cheap_and_clean
    assert slot.data == {
        "slot": "solar",
        "rate": 6.8,
        "currency": "INR",
        "previous_slot": "normal",
        "previous_rate": 8.0,
        "next_change": ist(17).isoformat(),
    }
    assert slot.notification is None
    assert best.data == {"rate": 6.8, "currency": "INR", "intensity": 646.5}
    assert best.notification is NotificationKind.BEST_TIME
    # Arriving at the clean window and the best time together: one notification, the best time.
    both = announcements(
        replace(state(ist(9)), clean=False, cheap=False),
        state(ist(9)),
        home="Flat",
        currency="INR",
        tz=KOLKATA,
    )
    assert [(item.event, item.notification) for item in both] == [
        (HomeEvent.CLEAN_WINDOW_STARTED, None),
        (HomeEvent.BEST_TIME_STARTED, NotificationKind.BEST_TIME),
    ]


def test_the_peak_warning_comes_at_its_lead_time_with_the_peaks_start() -> None:
    (warning,) = told(ist(17, 29), ist(17, 30), warning_minutes=30)
    assert warning.event is HomeEvent.PEAK_WARNING
    assert warning.data == {"starts_at": ist(18).isoformat(), "minutes": 30}
    assert warning.notification is NotificationKind.PEAK_WARNING
    assert warning.placeholders == {
        "home": "Flat",
        "rate": "8",
        "currency": "INR",
        "until": "18:00",
        "start": "18:00",
        "minutes": "30",
    }


def test_a_peak_starts_and_ends_with_its_rate_and_end() -> None:
    slot, peak = told(ist(17, 59), ist(18))
    assert slot.event is HomeEvent.TARIFF_SLOT_CHANGED
    assert peak.event is HomeEvent.PEAK_STARTED
    assert peak.data == {"rate": 8.8, "currency": "INR", "ends_at": ist(22).isoformat()}
    assert peak.notification is NotificationKind.PEAK_STARTED
    assert peak.placeholders == {"home": "Flat", "rate": "8.8", "currency": "INR", "until": "22:00"}
    _, ended = told(ist(21, 59), ist(22))
    assert ended.event is HomeEvent.PEAK_ENDED
    assert ended.data == {"rate": 8.0, "currency": "INR"}
    assert ended.notification is NotificationKind.PEAK_ENDED


def test_no_warning_once_the_peak_has_begun() -> None:
    """Skipping from before the warning straight into the peak tells the peak, not the warning."""
    assert [item.event for item in told(ist(17, 40), ist(18, 5))] == [
        HomeEvent.TARIFF_SLOT_CHANGED,
        HomeEvent.PEAK_STARTED,
    ]


@given(st.integers(0, 24 * 60 - 1), st.integers(1, 24 * 60))
def test_every_event_is_a_real_change(start: int, later: int) -> None:
    first = ist(0) + timedelta(minutes=start)
    before, after = state(first), state(first + timedelta(minutes=later))
    began = {
        HomeEvent.PEAK_STARTED: (after.peak, before.peak),
        HomeEvent.PEAK_ENDED: (before.peak, after.peak),
        HomeEvent.CLEAN_WINDOW_STARTED: (after.clean, before.clean),
        HomeEvent.BEST_TIME_STARTED: (after.best_time, before.best_time),
        HomeEvent.PEAK_WARNING: (not after.peak, False),
    }
    for item in announcements(before, after, home="Flat", currency="INR", tz=KOLKATA):
        if item.event is HomeEvent.TARIFF_SLOT_CHANGED:
            assert (before.slot.kind, before.rate) != (after.slot.kind, after.rate)
        else:
            assert began[item.event] == (True, False)


def test_notification_groups_replace_each_other() -> None:
    assert {kind.group for kind in NotificationKind} == {"peak", "clean", "schedule"}
    assert NotificationKind.BEST_TIME.group == NotificationKind.CLEAN_WINDOW.group == "clean"
    assert NotificationKind.PEAK_WARNING.group == "peak"
    assert NotificationKind.SCHEDULE_MISSED.group == "schedule"
