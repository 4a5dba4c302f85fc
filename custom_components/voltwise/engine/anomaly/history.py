"""A home's hourly consumption as the anomaly detectors read it, and what they expect of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ..errors import EngineError
from ..timegrid import require_aware

type FloatArray = npt.NDArray[np.float64]
type IntArray = npt.NDArray[np.int64]

HOUR = timedelta(hours=1)
# A meter glitch (a counter reset read as one huge hour), as the forecast treats it: far above
# what the home usually uses and more than a 100 A supply delivers in an hour, or beyond any home.
_GLITCH_FACTOR = 10.0
_GLITCH_MIN_KWH = 25.0
_IMPOSSIBLE_KWH = 250.0


def top_of_hour(when: datetime) -> datetime:
    """The start (UTC) of the hour holding ``when``."""
    require_aware(when)
    return datetime.fromtimestamp(int(when.timestamp()) // 3600 * 3600, UTC)


@dataclass(frozen=True, slots=True)
class HourlyHistory:
    """Consecutive hourly kWh, oldest first, NaN for gaps; the last hour ends at ``end``.

    The same series the forecast is made from (the recorder's hourly statistics). Negative,
    non-finite and glitch readings are gaps in ``kwh``.
    """

    end: datetime
    kwh: FloatArray

    @classmethod
    def ending(cls, end: datetime, kwh: Sequence[float] | FloatArray) -> HourlyHistory:
        """Validate and clean a history whose last hour ends at ``end`` (a top of a UTC hour).

        The hours are UTC hours, as Home Assistant's hourly statistics are: in a half-hour zone
        (India) they run from :30 local, and a local top of hour there is refused.
        """
        require_aware(end)
        if end.timestamp() % 3600:
            raise EngineError("not_top_of_hour", start=end.isoformat())
        values = np.array(kwh, dtype=np.float64)
        if values.ndim != 1:
            raise EngineError("invalid_history", shape=str(values.shape))
        values[~np.isfinite(values) | (values < 0) | (values > _IMPOSSIBLE_KWH)] = np.nan
        known = values[~np.isnan(values)]
        if known.size:
            ceiling = max(_GLITCH_FACTOR * float(np.quantile(known, 0.98)), _GLITCH_MIN_KWH)
            values[values > ceiling] = np.nan
        values.flags.writeable = False
        return cls(end.astimezone(UTC), values)

    def index_of(self, hour: datetime) -> int:
        """The position of the hour starting at ``hour`` (may lie outside the series)."""
        return len(self.kwh) - round((self.end - hour).total_seconds() / 3600)

    def hour_at(self, index: int) -> datetime:
        """When the hour at ``index`` starts."""
        return self.end - HOUR * (len(self.kwh) - index)


class HourlyExpectation(Protocol):
    """Expected kWh for consecutive hours from ``start``: a point and an interval's upper edge.

    ``forecast_day_ahead``'s result is one: its ``mean`` (a median) and ``upper`` (of an 80 %
    interval).
    """

    @property
    def start(self) -> datetime:
        """When the first hour starts."""

    @property
    def mean(self) -> FloatArray:
        """The point forecast per hour (kWh)."""

    @property
    def upper(self) -> FloatArray:
        """The upper edge of the interval per hour (kWh)."""


@dataclass(frozen=True, slots=True)
class ExpectedHours:
    """A plain ``HourlyExpectation``, for expectations that do not come from a forecast object."""

    start: datetime
    mean: FloatArray
    upper: FloatArray


def expectation_at(
    expectations: Sequence[HourlyExpectation], hour: datetime
) -> tuple[float, float] | None:
    """The point and upper edge expected for the hour starting at ``hour``.

    The last expectation that covers the hour wins (pass the freshest last); None where none
    does, or where the values are not usable numbers.
    """
    for expectation in reversed(expectations):
        offset = (hour - expectation.start).total_seconds() / 3600
        index = int(offset)
        if offset != index or not 0 <= index < min(len(expectation.mean), len(expectation.upper)):
            continue
        point, upper = float(expectation.mean[index]), float(expectation.upper[index])
        if np.isfinite(point) and np.isfinite(upper) and 0 <= point <= upper:
            return point, upper
        return None
    return None
