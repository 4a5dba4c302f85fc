"""When a protected window next opens or closes, exactly, across DST changes.

A window is wall-clock time, so its edges are the instants at which the local time reaches its
start or end, plus the instants at which the UTC offset changes (local time jumps and may skip
or repeat an edge). The earliest of those is the first moment ``contains`` can change.

Most days have no offset change: then an edge is simply local midnight plus the wall time, minus
the offset. ``LocalClock`` works that out once per decision for every appliance's window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo

from ..penalty import ProtectedWindow

# Edges of the next two days suffice: a window's start and end both recur every day.
_DAYS_AHEAD = 3
# The next edge is at most a day away; the fast path needs one offset over that span.
_STABLE_SPAN = timedelta(hours=26)


@dataclass(frozen=True, slots=True)
class LocalClock:
    """``now`` in a time zone, with what every window's next edge needs."""

    now: datetime
    tz: tzinfo
    midnight_utc: datetime | None  # local midnight today as UTC, when the offset is stable
    # Many appliances share a window: each is worked out once per decision.
    _edges: dict[ProtectedWindow, datetime] = field(default_factory=dict, repr=False, compare=False)
    _inside: dict[ProtectedWindow, bool] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def at(cls, now: datetime, tz: tzinfo) -> LocalClock:
        """The clock at ``now``; the fast path only when no offset change is near."""
        local = now.astimezone(tz)
        offset = local.utcoffset()
        if offset is None or (now + _STABLE_SPAN).astimezone(tz).utcoffset() != offset:
            return cls(now, tz, None)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
        return cls(now, tz, (midnight - offset).replace(tzinfo=UTC))

    def next_edge(self, window: ProtectedWindow) -> datetime:
        """The first instant after ``now`` at which ``window.contains`` may change."""
        edge = self._edges.get(window)
        if edge is None:
            if self.midnight_utc is None:
                edge = next_window_edge(window, self.now, self.tz)
            else:
                edge = min(self._next(window.start), self._next(window.end))
            self._edges[window] = edge
        return edge

    def inside(self, window: ProtectedWindow) -> bool:
        """Whether ``now`` lies in ``window``."""
        inside = self._inside.get(window)
        if inside is None:
            inside = self._inside[window] = window.contains(self.now, self.tz)
        return inside

    def _next(self, wall: time) -> datetime:
        """The first instant after ``now`` at local time ``wall`` (stable offset)."""
        assert self.midnight_utc is not None  # noqa: S101 - only called on the fast path
        candidate = self.midnight_utc + _since_midnight(wall)
        while candidate <= self.now:
            candidate += timedelta(days=1)
        return candidate


def _since_midnight(wall: time) -> timedelta:
    return timedelta(
        hours=wall.hour, minutes=wall.minute, seconds=wall.second, microseconds=wall.microsecond
    )


def next_window_edge(window: ProtectedWindow, now: datetime, tz: tzinfo) -> datetime:
    """The first instant after ``now`` at which ``window.contains`` may change (exact)."""
    local_day = now.astimezone(tz).date()
    candidates = [
        datetime.combine(local_day + timedelta(days=days), wall, tzinfo=tz)
        .replace(fold=fold)
        .astimezone(UTC)
        for days in range(_DAYS_AHEAD)
        for wall in (window.start, window.end)
        for fold in (0, 1)
    ]
    edge = min(candidate for candidate in candidates if candidate > now)
    shift = _first_offset_change(now, edge, tz)
    return edge if shift is None else min(edge, shift)


def _first_offset_change(start: datetime, end: datetime, tz: tzinfo) -> datetime | None:
    """The first minute in ``(start, end]`` at which the UTC offset differs from ``start``'s."""
    offset = start.astimezone(tz).utcoffset()
    if end.astimezone(tz).utcoffset() == offset:
        return None
    # Whole UTC minutes: offsets change on minute boundaries.
    low = start.astimezone(UTC).replace(second=0, microsecond=0)
    high = end.astimezone(UTC)
    if high.second or high.microsecond:
        high = high.replace(second=0, microsecond=0) + timedelta(minutes=1)
    # Invariant: the offset at ``low`` is the start's, at ``high`` it differs.
    while high - low > timedelta(minutes=1):
        middle = low + timedelta(minutes=(high - low) // timedelta(minutes=1) // 2)
        if middle.astimezone(tz).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return high
