"""An appliance schedule's timing: a wall-clock start, an optional auto-off, a repeat rule.

``ScheduleSpec`` validates itself on construction (every code is a translation key), and reads
and writes the stored form. When its runs happen is ``recurrence``'s business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from .calendar import WEEKDAYS, parse_time, parse_weekdays
from .errors import EngineError
from .limits import (
    FIRST_PLANNABLE_DATE,
    LAST_PLANNABLE_DATE,
    MAX_DURATION,
    check_date,
    minutes_text,
)
from .tariff import WEEKEND_DAYS

# The longest run (duration or one-off end date), so a schedule's reach back in time is bounded.
MAX_RUN = MAX_DURATION
# The longest smart window: it must fit in the 48-hour planning horizon with the resolve lead.
MAX_SMART_WINDOW = timedelta(days=1)
ONE_DAY = timedelta(days=1)
_WEEKDAYS = frozenset(range(5))
_EVERY_DAY = frozenset(range(7))


class Repeat(StrEnum):
    """Which local days a schedule runs on."""

    ONCE = "once"
    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKENDS = "weekends"
    DAYS = "days"


def _check_time(value: object) -> time:
    """A wall-clock time of whole minutes, without a zone (fold is meaningless here)."""
    if not isinstance(value, time) or value.tzinfo is not None or value.second or value.microsecond:
        raise EngineError("invalid_time", value=str(value))
    return value.replace(fold=0)


def _check_date(value: object) -> date:
    """A date whose instants can be computed (a year of margin from both ends of the calendar)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise EngineError("schedule_invalid_date", value=str(value))
    return check_date(value, FIRST_PLANNABLE_DATE, LAST_PLANNABLE_DATE, "date_out_of_range")


def parse_days(values: Iterable[str | int]) -> frozenset[int]:
    """Weekdays (Monday 0) from HA names (``mon``), English names (``monday``) or numbers 0-6."""
    return parse_weekdays(values, "schedule_unknown_day")


def required[T](value: T | None) -> T:
    """A field that validation guarantees for this kind of schedule."""
    if value is None:
        raise ValueError("schedule field missing despite validation")
    return value


def _smallest_gap_days(days: frozenset[int]) -> int:
    """Fewest days from one chosen weekday to the next, around the week."""
    ordered = sorted(days)
    return min((b - a) % 7 or 7 for a, b in zip(ordered, [*ordered[1:], ordered[0]], strict=True))


# -- the schedule ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """One appliance schedule's timing, validated on construction (codes are translation keys).

    - ``start``: local wall-clock start (whole minutes). For a smart schedule: the earliest start.
    - ``end``: local wall-clock auto-off; for a smart schedule: the latest end (required). On a
      repeating schedule an end before the start is the next day; on a one-off the end is on
      ``end_date`` (default ``run_date``) and must come after the start.
    - ``duration``: elapsed run time (auto-off = start + duration); for a smart schedule: the run's
      length (required). Plain schedules give an end, a duration, or neither (turn on only).
    - ``repeat``, with ``run_date`` (and optionally ``end_date``) for ``ONCE`` and ``days``
      (weekdays, Monday 0) for ``DAYS``; other kinds take neither.
    - ``schedule_id``: non-empty, without ``:`` (it starts every idempotency key).
    """

    schedule_id: str
    start: time
    end: time | None = None
    duration: timedelta | None = None
    repeat: Repeat = Repeat.ONCE
    run_date: date | None = None
    end_date: date | None = None
    days: frozenset[int] = frozenset()
    smart: bool = False

    def __post_init__(self) -> None:
        """Normalise and validate; the first problem found raises its ``EngineError``."""
        if not isinstance(self.schedule_id, str) or not self.schedule_id or ":" in self.schedule_id:
            raise EngineError("schedule_invalid_id", value=str(self.schedule_id))
        try:
            repeat = Repeat(self.repeat)
        except ValueError:
            raise EngineError("unknown_repeat", value=str(self.repeat)) from None
        object.__setattr__(self, "repeat", repeat)
        object.__setattr__(self, "start", _check_time(self.start))
        if self.end is not None:
            object.__setattr__(self, "end", _check_time(self.end))
        self._validate_duration()
        self._validate_days()
        self._validate_dates()
        object.__setattr__(self, "smart", bool(self.smart))
        if self.smart and (self.end is None or self.duration is None):
            raise EngineError("schedule_smart_incomplete")
        if not self.smart and self.end is not None and self.duration is not None:
            raise EngineError("schedule_end_and_duration")
        self._validate_lengths()

    def _validate_duration(self) -> None:
        duration = self.duration
        if duration is None:
            return
        if not isinstance(duration, timedelta):
            raise EngineError("invalid_duration", value=str(duration))
        if duration <= timedelta(0):
            raise EngineError("invalid_duration", value=minutes_text(duration))
        if duration.microseconds:
            raise EngineError("schedule_duration_fraction", value=str(duration))

    def _validate_days(self) -> None:
        days: object = self.days
        if isinstance(days, str) or not isinstance(days, Iterable):
            raise EngineError("schedule_unknown_day", value=str(days))
        if any(isinstance(day, bool) or not isinstance(day, int) for day in days):
            bad = next(day for day in days if isinstance(day, bool) or not isinstance(day, int))
            raise EngineError("schedule_unknown_day", value=str(bad))
        normalised = frozenset(days)
        object.__setattr__(self, "days", normalised)
        if self.repeat is not Repeat.DAYS:
            if normalised:
                raise EngineError("schedule_days_only_chosen")
            return
        if not normalised:
            raise EngineError("schedule_no_days")
        for day in sorted(normalised):
            if not 0 <= day <= 6:
                raise EngineError("schedule_unknown_day", value=str(day))

    def _validate_dates(self) -> None:
        if self.repeat is not Repeat.ONCE:
            if self.run_date is not None or self.end_date is not None:
                raise EngineError("schedule_date_only_once")
            return
        if self.run_date is None:
            raise EngineError("schedule_needs_date")
        _check_date(self.run_date)
        if self.end_date is not None:
            _check_date(self.end_date)
            if self.end is None:
                raise EngineError("schedule_end_date_without_end")

    def _validate_lengths(self) -> None:
        """The end, window and duration must fit the repeat period and each other."""
        span = self.nominal_span
        if span is not None:
            if span == timedelta(0):
                raise EngineError("schedule_end_equals_start")
            if self.repeat is Repeat.ONCE and span < timedelta(0):
                raise EngineError("schedule_end_before_start")
            if self.smart and span > MAX_SMART_WINDOW:
                raise EngineError(
                    "schedule_window_too_long", maximum=minutes_text(MAX_SMART_WINDOW)
                )
            if span >= self.period:
                raise EngineError(
                    "schedule_duration_too_long",
                    duration=minutes_text(span),
                    maximum=minutes_text(self.period),
                )
        if self.duration is not None:
            if self.smart and span is not None and self.duration > span:
                raise EngineError(
                    "schedule_window_too_short",
                    duration=minutes_text(self.duration),
                    window=minutes_text(span),
                )
            if self.duration >= self.period:
                raise EngineError(
                    "schedule_duration_too_long",
                    duration=minutes_text(self.duration),
                    maximum=minutes_text(self.period),
                )

    # -- derived facts ---------------------------------------------------------------------------

    @property
    def weekdays(self) -> frozenset[int]:
        """The weekdays (Monday 0) this schedule runs on."""
        match self.repeat:
            case Repeat.ONCE:
                return frozenset({required(self.run_date).weekday()})
            case Repeat.DAILY:
                return _EVERY_DAY
            case Repeat.WEEKDAYS:
                return _WEEKDAYS
            case Repeat.WEEKENDS:
                return frozenset(WEEKEND_DAYS)
            case Repeat.DAYS:
                return self.days

    @property
    def period(self) -> timedelta:
        """The shortest nominal gap between two runs' starts (``MAX_RUN`` for a one-off).

        Every run must be shorter than this, so runs overlap only when a DST change shortens
        the gap between two starts (see the module docstring).
        """
        if self.repeat is Repeat.ONCE:
            return MAX_RUN
        return timedelta(days=_smallest_gap_days(self.weekdays))

    @property
    def nominal_span(self) -> timedelta | None:
        """Wall-clock time from start to end (a smart schedule's window), if there is an end."""
        if self.end is None:
            return None
        start = datetime.combine(self.run_date or date(2000, 1, 3), self.start)
        if self.repeat is Repeat.ONCE:
            end = datetime.combine(self.end_date or self.run_date or date(2000, 1, 3), self.end)
            return end - start
        end = datetime.combine(start.date(), self.end)
        return end - start + (ONE_DAY if self.end < self.start else timedelta(0))

    def runs_on(self, day: date) -> bool:
        """Whether ``day`` (a local date) has a run."""
        if self.repeat is Repeat.ONCE:
            return day == self.run_date
        return day.weekday() in self.weekdays

    def end_day(self, day: date) -> date:
        """The local date of the end time for the run on ``day``."""
        if self.repeat is Repeat.ONCE:
            return self.end_date or day
        return day if required(self.end) > self.start else day + ONE_DAY

    # -- serialisation ---------------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict that ``from_dict`` turns back into an equal spec."""
        return {
            "id": self.schedule_id,
            "repeat": self.repeat.value,
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M") if self.end is not None else None,
            "duration": int(self.duration.total_seconds()) if self.duration is not None else None,
            "date": self.run_date.isoformat() if self.run_date is not None else None,
            "end_date": self.end_date.isoformat() if self.end_date is not None else None,
            "days": [WEEKDAYS[day] for day in sorted(self.days)],
            "smart": self.smart,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScheduleSpec:
        """The spec ``as_dict`` produced; stored or typed-in data is validated the same way."""
        if not isinstance(data, Mapping):
            raise EngineError("schedule_invalid_data", field="schedule")
        for name in ("id", "start"):
            if not isinstance(data.get(name), str):
                raise EngineError("schedule_invalid_data", field=name)
        duration = data.get("duration")
        if duration is not None and (
            isinstance(duration, bool) or not isinstance(duration, int | float)
        ):
            raise EngineError("schedule_invalid_data", field="duration")
        try:
            span = timedelta(seconds=duration) if duration is not None else None
        except (OverflowError, ValueError):  # infinite, NaN or beyond any calendar
            raise EngineError("schedule_invalid_data", field="duration") from None
        days = data.get("days") or []
        if isinstance(days, str) or not isinstance(days, Iterable):
            raise EngineError("schedule_invalid_data", field="days")
        return cls(
            schedule_id=data["id"],
            start=parse_time(data["start"]),
            end=_optional(data, "end", parse_time),
            duration=span,
            repeat=data.get("repeat", Repeat.ONCE.value),
            run_date=_optional(data, "date", _parse_date),
            end_date=_optional(data, "end_date", _parse_date),
            days=parse_days(days),
            smart=bool(data.get("smart", False)),
        )


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise EngineError("schedule_invalid_date", value=str(text)) from None


def _optional[T](data: Mapping[str, Any], name: str, parse: Callable[[str], T]) -> T | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise EngineError("schedule_invalid_data", field=name)
    return parse(value)
