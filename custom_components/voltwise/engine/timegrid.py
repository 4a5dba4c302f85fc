"""A uniform grid of instants and their local wall-clock fields.

Tariffs and carbon profiles are defined in local wall-clock time, while timers and optimisation
work on absolute instants. The grid is built on UTC steps and converted instant by instant, so a
day with 23 or 25 hours (DST) simply has fewer or more steps: nothing is skipped or counted twice.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np
import numpy.typing as npt

type IntArray = npt.NDArray[np.int64]
type FloatArray = npt.NDArray[np.float64]
type BoolArray = npt.NDArray[np.bool_]

_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


def require_aware(when: datetime) -> None:
    """Reject naive datetimes: every engine instant must be unambiguous."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("naive datetime given where an aware one is required")


def floor_to_step(when: datetime, step_minutes: int) -> datetime:
    """The grid point at or before ``when`` on a UTC grid of ``step_minutes``."""
    require_aware(when)
    utc = when.astimezone(UTC)
    epoch_minutes = int(utc.timestamp() // 60)
    floored = epoch_minutes - epoch_minutes % step_minutes
    return datetime.fromtimestamp(floored * 60, UTC)


def local_calendar(first: datetime, count: int, tz: tzinfo) -> tuple[IntArray, IntArray]:
    """Local date ordinal and hour of day of ``count`` consecutive hours from ``first``.

    The zone's offset is read once a day, and hour by hour only across a day where it changes
    (a DST transition), so weeks of hours cost a few dozen conversions.
    """
    first = first.astimezone(UTC)
    samples = sorted({*range(0, count, 24), max(count - 1, 0)})
    offset_at = {index: _utc_offset(first + timedelta(hours=index), tz) for index in samples}
    offsets = np.empty(count, dtype=np.int64)
    for begin, end in itertools.pairwise(samples):
        if offset_at[begin] == offset_at[end]:
            offsets[begin : end + 1] = offset_at[begin]
        else:
            for index in range(begin, end + 1):
                offsets[index] = _utc_offset(first + timedelta(hours=index), tz)
    if count == 1:
        offsets[0] = offset_at[0]
    local = int(first.timestamp()) + 3600 * np.arange(count, dtype=np.int64) + offsets
    return local // 86_400 + _EPOCH_ORDINAL, (local % 86_400) // 3600


def _utc_offset(when: datetime, tz: tzinfo) -> int:
    offset = when.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@dataclass(frozen=True, slots=True)
class TimeGrid:
    """``steps`` instants ``step_minutes`` apart, starting at ``start`` (aware)."""

    start: datetime
    step_minutes: int
    steps: int

    def __post_init__(self) -> None:
        """Validate the grid once so consumers can trust it."""
        require_aware(self.start)
        if self.step_minutes <= 0 or 1440 % self.step_minutes:
            raise ValueError("step_minutes must divide a day")
        if self.steps < 0:
            raise ValueError("steps must be >= 0")

    @classmethod
    def covering(cls, start: datetime, hours: float, step_minutes: int) -> TimeGrid:
        """A grid from the step containing ``start`` that spans ``hours``."""
        first = floor_to_step(start, step_minutes)
        steps = round(hours * 60 / step_minutes)
        return cls(first, step_minutes, steps)

    @property
    def end(self) -> datetime:
        """The instant just after the last step."""
        return self.at(self.steps)

    def at(self, index: int) -> datetime:
        """The instant of step ``index`` (UTC)."""
        return self.start.astimezone(UTC) + timedelta(minutes=self.step_minutes * index)

    def index_of(self, when: datetime) -> int:
        """The step containing ``when`` (may be outside ``0..steps-1``)."""
        require_aware(when)
        delta = (when - self.start).total_seconds() / 60
        return int(delta // self.step_minutes)

    def local_fields(self, tz: tzinfo) -> tuple[IntArray, IntArray]:
        """Weekday (Monday 0) and minute of day, in ``tz``, for every step."""
        weekdays = np.empty(self.steps, dtype=np.int64)
        minutes = np.empty(self.steps, dtype=np.int64)
        base = self.start.astimezone(UTC)
        step = timedelta(minutes=self.step_minutes)
        for index in range(self.steps):
            local = (base + step * index).astimezone(tz)
            weekdays[index] = local.weekday()
            minutes[index] = local.hour * 60 + local.minute
        return weekdays, minutes
