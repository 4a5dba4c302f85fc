"""Weekdays and times of day as people type them, parsed and written in one place.

Appliance schedules (``mon``, ``Wednesday``, 4), plant week plans (``mon-fri``, ``sat,sun``,
``all``) and tariff slots, plant segments and schedule times (``HH:MM``) all read their text
here, so a day or a time means the same everywhere. Each parser raises ``EngineError`` with the
translation code its caller names (the codes are part of the user-facing messages).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from .errors import EngineError

MINUTES_PER_DAY = 1440
# Home Assistant's weekday names (homeassistant.const.WEEKDAYS), Monday first as date.weekday().
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_FULL_NAMES: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
EVERY_DAY: tuple[int, ...] = tuple(range(7))
_ALL_DAYS = frozenset({"all", "daily", "every day"})


# -- weekdays ------------------------------------------------------------------------------------


def weekday_number(name: str) -> int | None:
    """Monday 0 for ``mon``, ``Monday``, ``MON``...; None for anything else."""
    cleaned = name.strip().lower()
    for names in (WEEKDAYS, WEEKDAY_FULL_NAMES):
        if cleaned in names:
            return names.index(cleaned)
    return None


def parse_weekdays(values: Iterable[str | int], code: str) -> frozenset[int]:
    """Weekdays from names (short or full, any case) or numbers 0-6 (Monday 0)."""
    days: set[int] = set()
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
            days.add(value)
            continue
        day = weekday_number(str(value))
        if day is None:
            raise EngineError(code, value=str(value))
        days.add(day)
    return frozenset(days)


def parse_weekday_ranges(text: str, code: str) -> tuple[int, ...]:
    """Weekdays from ``"mon-fri"``, ``"sat,sun"``, ``"fri-mon"`` (wraps) or ``"all"``."""
    cleaned = str(text).strip().lower()
    if cleaned in _ALL_DAYS:
        return EVERY_DAY
    days: set[int] = set()
    for part in cleaned.split(","):
        names = part.split("-")
        bounds = [day for name in names if (day := weekday_number(name)) is not None]
        if len(bounds) != len(names) or len(bounds) > 2:
            raise EngineError(code, days=str(text))
        first, last = bounds[0], bounds[-1]
        days.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
    return tuple(sorted(days))


def format_weekday_ranges(days: Iterable[int]) -> str:
    """Weekdays as ranges: ``mon-fri``, ``sat,sun``, ``mon,wed-fri``; every day is ``all``."""
    chosen = sorted(set(days))
    if len(chosen) == len(WEEKDAYS):
        return "all"
    runs: list[list[int]] = []
    for day in chosen:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}"
        if len(run) >= 3
        else ",".join(WEEKDAYS[day] for day in run)
        for run in runs
    )


# -- times of day --------------------------------------------------------------------------------


def _clock(text: str, *, max_digits: int | None) -> tuple[int, int] | None:
    """(hours, minutes) of ``HH:MM`` or ``HH:MM:00`` (as HA time selectors send); None if not."""
    parts = str(text).strip().split(":")
    if len(parts) not in (2, 3) or not all(part.isdigit() for part in parts):
        return None
    if max_digits is not None and any(len(part) > max_digits for part in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    if seconds or minutes >= 60:
        return None
    return hours, minutes


def parse_minute(text: str) -> int:
    """``HH:MM`` to the minute of the day, ``24:00`` (the day's end) included."""
    clock = _clock(text, max_digits=None)
    if clock is None or clock[0] > 24 or (clock[0] == 24 and clock[1]):
        raise EngineError("invalid_time", value=str(text))
    return clock[0] * 60 + clock[1]


def format_minute(minute: int) -> str:
    """Minute of day as ``HH:MM`` (1440 is ``24:00``)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_time(text: str) -> time:
    """``HH:MM`` to a wall-clock time (``00:00`` to ``23:59``)."""
    clock = _clock(text, max_digits=2)
    if clock is None or clock[0] > 23:
        raise EngineError("invalid_time", value=str(text))
    return time(*clock)
