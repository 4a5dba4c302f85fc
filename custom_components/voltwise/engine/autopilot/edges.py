"""When a protected window next opens or closes, exactly, across DST changes.

A window is wall-clock time, so its edges are the instants at which the local time reaches its
start or end, plus the instants at which the UTC offset changes (local time jumps and may skip
or repeat an edge). The earliest of those is the first moment ``contains`` can change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from ..penalty import ProtectedWindow

# Edges of the next two days suffice: a window's start and end both recur every day.
_DAYS_AHEAD = 3


def next_window_edge(window: ProtectedWindow, now: datetime, tz: tzinfo) -> datetime:
    """The first instant after ``now`` at which ``window.contains`` may change."""
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
