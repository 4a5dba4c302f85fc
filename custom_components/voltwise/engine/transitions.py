"""What changed between two states of a home, as the events and notifications to give.

The home coordinator recomputes the state at every transition (a tariff slot, a carbon hour, a
peak warning); this compares the state before with the state after and says, in order, which
event to fire with which data and which notification (if any) to show with which placeholders.
The shell adds the home's identity to each event and only fires what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from .home_state import HomeState


class HomeEvent(StrEnum):
    """What happened at a transition (the event type, after the integration's prefix)."""

    TARIFF_SLOT_CHANGED = "tariff_slot_changed"
    PEAK_STARTED = "peak_started"
    PEAK_ENDED = "peak_ended"
    PEAK_WARNING = "peak_warning"
    CLEAN_WINDOW_STARTED = "clean_window_started"
    BEST_TIME_STARTED = "best_time_started"


class NotificationKind(StrEnum):
    """What a notification tells; peak notifications replace each other, as do clean ones."""

    PEAK_STARTED = "peak_started"
    PEAK_ENDED = "peak_ended"
    PEAK_WARNING = "peak_warning"
    CLEAN_WINDOW = "clean_window"
    BEST_TIME = "best_time"
    SCHEDULE_EXECUTED = "schedule_executed"
    SCHEDULE_FAILED = "schedule_failed"
    SCHEDULE_MISSED = "schedule_missed"

    @property
    def group(self) -> str:
        """Notifications of one group share an id, so the newest replaces the last."""
        if self.value.startswith("schedule"):
            return "schedule"
        return "peak" if self.value.startswith("peak") else "clean"


@dataclass(frozen=True, slots=True)
class Announcement:
    """One event to fire and, if ``notification`` is set, the notification to show with it."""

    event: HomeEvent
    data: dict[str, Any]
    notification: NotificationKind | None = None
    placeholders: dict[str, str] = field(default_factory=dict)


def announcements(
    before: HomeState, after: HomeState, *, home: str, currency: str, tz: tzinfo
) -> list[Announcement]:
    """The events (and notifications) for the transition from ``before`` to ``after``.

    Instants in event data are ISO times in the home's zone ``tz``; notifications show local
    ``HH:MM``.
    """

    def iso(when: datetime | None) -> str | None:
        return when.astimezone(tz).isoformat() if when is not None else None

    def clock(when: datetime | None) -> str:
        return when.astimezone(tz).strftime("%H:%M") if when is not None else "-"

    told: list[Announcement] = []
    data: dict[str, Any]
    if (before.slot.kind, before.rate) != (after.slot.kind, after.rate):
        data = {
            "slot": after.slot.kind.value,
            "rate": after.rate,
            "currency": currency,
            "previous_slot": before.slot.kind.value,
            "previous_rate": before.rate,
            "next_change": iso(after.next_slot_change),
        }
        told.append(Announcement(HomeEvent.TARIFF_SLOT_CHANGED, data))
    placeholders = {
        "home": home,
        "rate": f"{after.rate:g}",
        "currency": currency,
        "until": clock(after.next_slot_change),
    }
    price: dict[str, Any] = {"rate": after.rate, "currency": currency}
    if after.peak and not before.peak:
        data = {**price, "ends_at": iso(after.next_slot_change)}
        told.append(
            Announcement(HomeEvent.PEAK_STARTED, data, NotificationKind.PEAK_STARTED, placeholders)
        )
    elif before.peak and not after.peak:
        told.append(
            Announcement(HomeEvent.PEAK_ENDED, price, NotificationKind.PEAK_ENDED, placeholders)
        )
    warning = before.peak_warning_at
    if warning is not None and warning <= after.at and not after.peak:
        minutes = before.settings.peak_warning_minutes
        data = {"starts_at": iso(before.next_peak_start), "minutes": minutes}
        told.append(
            Announcement(
                HomeEvent.PEAK_WARNING,
                data,
                NotificationKind.PEAK_WARNING,
                {**placeholders, "start": clock(before.next_peak_start), "minutes": str(minutes)},
            )
        )
    if after.clean and not before.clean:
        data = {
            "intensity": after.intensity,
            "daily_mean": float(after.horizon.day_mean_intensities[0]),
        }
        # A clean window that is also the best time is told once, as the best time.
        kind = None if after.best_time else NotificationKind.CLEAN_WINDOW
        told.append(Announcement(HomeEvent.CLEAN_WINDOW_STARTED, data, kind, placeholders))
    if after.best_time and not before.best_time:
        data = {**price, "intensity": after.intensity}
        told.append(
            Announcement(
                HomeEvent.BEST_TIME_STARTED, data, NotificationKind.BEST_TIME, placeholders
            )
        )
    return told
