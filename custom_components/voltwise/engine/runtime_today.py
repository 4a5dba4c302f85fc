"""How long an appliance has been on today, and how many times it was started.

The "today" of an appliance's runtime is its home's local day, like its energy: at local midnight
the hours and starts restart, and a run in progress counts on from midnight (it was started
yesterday, so it is not a start of today). Days are found from the local date, so a 23- or
25-hour day of a DST change is counted as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any

from .metering import start_of_local_day
from .timegrid import require_aware


@dataclass(frozen=True, slots=True)
class DayRuntime:
    """Today's finished on-time and starts, and when the run in progress began (if any)."""

    day: date | None = None
    on_seconds: float = 0.0
    starts: int = 0
    on_since: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form for the appliance store."""
        return {
            "day": self.day.isoformat() if self.day else None,
            "on_seconds": self.on_seconds,
            "starts": self.starts,
            "on_since": self.on_since.isoformat() if self.on_since else None,
        }

    @classmethod
    def restore(cls, data: object) -> DayRuntime:
        """A saved record; a damaged or missing one starts the day again (nothing else lost)."""
        if not isinstance(data, dict):
            return cls()
        try:
            day = data.get("day")
            since = data.get("on_since")
            on_seconds = float(data.get("on_seconds", 0.0))
            starts = data.get("starts", 0)
            restored = cls(
                day=None if day is None else date.fromisoformat(day),
                on_seconds=on_seconds,
                starts=starts,
                on_since=None if since is None else datetime.fromisoformat(since),
            )
        except (TypeError, ValueError, AttributeError):
            return cls()
        valid = (
            math.isfinite(on_seconds)
            and 0 <= on_seconds <= 86_400 * 2
            and type(starts) is int
            and starts >= 0
            and (restored.on_since is None or restored.on_since.tzinfo is not None)
        )
        return restored if valid else cls()


def roll(state: DayRuntime, now: datetime, tz: tzinfo) -> DayRuntime:
    """The state as of ``now``'s local day: a new day starts from 0, a run goes on from midnight."""
    require_aware(now)
    today = now.astimezone(tz).date()
    if state.day == today:
        return state
    on_since = state.on_since
    if on_since is not None:
        on_since = max(on_since, start_of_local_day(now, tz))
    return DayRuntime(day=today, on_since=on_since)


def switched(state: DayRuntime, is_on: bool, at: datetime, tz: tzinfo) -> DayRuntime:
    """The state after the appliance turned on or off at ``at`` (a repeat changes nothing)."""
    state = roll(state, at, tz)
    if is_on and state.on_since is None:
        return replace(state, on_since=at, starts=state.starts + 1)
    if not is_on and state.on_since is not None:
        ran = max((at - state.on_since).total_seconds(), 0.0)
        return replace(state, on_seconds=state.on_seconds + ran, on_since=None)
    return state


def checkpoint(state: DayRuntime, now: datetime, tz: tzinfo) -> DayRuntime:
    """The state with the run in progress counted up to ``now`` (what is saved)."""
    state = roll(state, now, tz)
    if state.on_since is None:
        return state
    ran = max((now - state.on_since).total_seconds(), 0.0)
    return replace(state, on_seconds=state.on_seconds + ran, on_since=now)


def resumed(state: DayRuntime, is_on: bool, at: datetime, *, count_downtime: bool) -> DayRuntime:
    """After a restart, a run still in progress goes on (it is not a new start).

    Only an appliance VoltWise models (virtual) ran on while Home Assistant was down, as its
    energy does; for a real device the downtime is unknown, so its run goes on from ``at``.
    """
    if not is_on:
        return replace(state, on_since=None)
    if count_downtime and state.on_since is not None:
        return state
    return replace(state, on_since=at)


def runtime_hours(state: DayRuntime, now: datetime, tz: tzinfo) -> float:
    """Hours on today, up to ``now``."""
    state = roll(state, now, tz)
    seconds = state.on_seconds
    if state.on_since is not None:
        seconds += max((now - state.on_since).total_seconds(), 0.0)
    return seconds / 3600


def starts_today(state: DayRuntime, now: datetime, tz: tzinfo) -> int:
    """How many times the appliance was started today."""
    return roll(state, now, tz).starts
