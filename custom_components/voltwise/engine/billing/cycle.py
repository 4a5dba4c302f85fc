"""Billing cycles: from one meter-reading day to the next, in the home's local time.

The reading day is a day of the month from 1 to 31, as printed on the bill. In a month shorter
than the reading day the meter is read on the month's last day: reading day 31 reads on 30 April
and on 28 (or 29) February, then again on 31 March. Allowing 1-31 rather than 1-28 lets every
home enter the day its bill shows; the price is cycles of unequal length, which bills have anyway.

A cycle starts at local midnight of its reading date, so the reading day's use belongs to the new
cycle, and ends where the next cycle starts: consecutive cycles share their boundary instant, so
they partition time without gaps or overlaps. Boundaries are built from local dates, then turned
into UTC instants, so a DST change inside a cycle only makes it an hour longer or shorter. Where a
zone skips midnight, the day (and the cycle) starts when the clocks jump; where midnight repeats,
it starts at the first one.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from ..errors import EngineError
from ..timegrid import require_aware

DEFAULT_READING_DAY = 1


def check_reading_day(value: Any) -> int:
    """A day of the month from 1 to 31 (whole numbers only)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 1 <= value <= 31
        or value != int(value)
    ):
        raise EngineError("billing_day_invalid", value=str(value))
    return int(value)


def reading_date(year: int, month: int, reading_day: int) -> date:
    """The date the meter is read in ``month``: the reading day, or the month's last day."""
    return date(year, month, min(reading_day, calendar.monthrange(year, month)[1]))


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The instant (UTC) that starts local ``day``.

    Fold 0 picks the first of a repeated midnight and maps a skipped one onto the jump itself.
    """
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True, slots=True)
class BillingCycle:
    """One billing cycle ``[start, end)``: local dates and the UTC instants they start at."""

    start_date: date
    end_date: date  # the next reading date: the first day of the next cycle
    reading_day: int
    tz: tzinfo = field(compare=False, repr=False)
    start: datetime = field(init=False)
    end: datetime = field(init=False)

    def __post_init__(self) -> None:
        """Turn the local dates into instants once."""
        object.__setattr__(self, "start", local_midnight(self.start_date, self.tz))
        object.__setattr__(self, "end", local_midnight(self.end_date, self.tz))

    @property
    def key(self) -> str:
        """A stable identifier (the start date), for stores and alert bookkeeping."""
        return self.start_date.isoformat()

    @property
    def last_date(self) -> date:
        """The cycle's last local day (bills print ``start_date`` to ``last_date``)."""
        return self.end_date - timedelta(days=1)

    @property
    def days(self) -> int:
        """Local calendar days in the cycle (28 to 31)."""
        return (self.end_date - self.start_date).days

    @property
    def duration(self) -> timedelta:
        """Elapsed time from start to end (an hour off whole days across a DST change)."""
        return self.end - self.start

    def contains(self, when: datetime) -> bool:
        """Whether instant ``when`` falls in ``[start, end)``."""
        require_aware(when)
        return self.start <= when < self.end

    def elapsed(self, now: datetime) -> timedelta:
        """Time of the cycle behind ``now`` (zero before it, all of it after it)."""
        require_aware(now)
        return min(max(now - self.start, timedelta(0)), self.duration)

    def remaining(self, now: datetime) -> timedelta:
        """Time of the cycle still ahead of ``now``."""
        return self.duration - self.elapsed(now)

    def fraction_elapsed(self, now: datetime) -> float:
        """Share of the cycle's elapsed time behind ``now``, from 0 to 1."""
        return self.elapsed(now) / self.duration

    def previous(self) -> BillingCycle:
        """The cycle just before this one."""
        year, month = _shift_month(self.start_date.year, self.start_date.month, -1)
        start = reading_date(year, month, self.reading_day)
        return BillingCycle(start, self.start_date, self.reading_day, self.tz)

    def following(self) -> BillingCycle:
        """The cycle just after this one."""
        year, month = _shift_month(self.end_date.year, self.end_date.month, 1)
        end = reading_date(year, month, self.reading_day)
        return BillingCycle(self.end_date, end, self.reading_day, self.tz)


def cycle_containing(when: datetime, reading_day: int, tz: tzinfo) -> BillingCycle:
    """The billing cycle in which instant ``when`` falls, for a home in ``tz``."""
    require_aware(when)
    reading_day = check_reading_day(reading_day)
    local = when.astimezone(tz).date()
    start = reading_date(local.year, local.month, reading_day)
    if local_midnight(start, tz) > when:
        year, month = _shift_month(local.year, local.month, -1)
        start = reading_date(year, month, reading_day)
    year, month = _shift_month(start.year, start.month, 1)
    cycle = BillingCycle(start, reading_date(year, month, reading_day), reading_day, tz)
    # Instants decide, not dates: where clocks go back across midnight, a local date may come
    # after the next cycle's first midnight; step on until the cycle holds ``when``.
    while when >= cycle.end:
        cycle = cycle.following()
    return cycle
