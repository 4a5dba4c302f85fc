"""Day-ahead consumption forecast for one household from its own hourly history.

The forecast is an analogue ensemble. For each hour ahead it gathers the same local hour on past
days, weighted by how recent the day is and how alike: the same weekday counts most, a day of the
same kind (weekday or weekend) less, the other kind little; with a temperature series, days of a
similar mean temperature count more. Two windows are blended: the last six weeks (with the hours
either side too, at a quarter weight, since a kettle or a shower moves by an hour from day to
day) for what the home does now, and the past year at 30 % for a steadier shape. Every analogue
is first rescaled by how the home's weekly level then compares with its level over the last
week, so an old day still says something about the shape without dragging the level back.

The point forecast is the weighted MEDIAN of the ensemble, not its mean: it is judged by absolute
error, whose best answer is the conditional median, and a median is not dragged up by the spikes
household loads are made of. The ensemble's 10th and 90th percentiles give an interval, whose two
sides are then calibrated on the home's own recent past: the forecast is replayed for each of the
last four weeks' days from what was known at that day's start, and each side is stretched or
shrunk so that a tenth of the replayed actuals fell below it and a tenth above.

Hours are consecutive absolute (UTC) hours; each is placed on the local wall-clock grid of
``start``'s time zone, so on a DST day the skipped hour is a gap and the repeated hour is averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np
import numpy.typing as npt

from .errors import EngineError
from .timegrid import local_calendar, require_aware

type FloatArray = npt.NDArray[np.float64]
type IntArray = npt.NDArray[np.int64]

MIN_HISTORY_HOURS = 7 * 24
"""The shortest history accepted: a full week, so that every weekday has been seen once."""
MIN_VALID_HOURS = 3 * 24
"""Of which at least this many must be usable readings (not gaps or glitches)."""
MAX_HOURS = 7 * 24
"""The longest forecast: beyond a week ahead the same-weekday analogues are the future itself."""
COVERAGE = 0.8
"""The share of actual hours the interval from ``lower`` to ``upper`` aims to contain."""


@dataclass(frozen=True, slots=True)
class _Window:
    """Which past days are searched for analogues and how their weight fades with age."""

    days: int
    decay: float  # weight of an analogue one day older, relative
    neighbour_weight: float  # the hour before or after, relative to the same hour (0: not used)


_RECENT = _Window(days=42, decay=0.95, neighbour_weight=0.25)
_YEAR = _Window(days=364, decay=0.995, neighbour_weight=0.0)
_YEAR_SHARE = 0.3  # of the blended median and tails
_SAME_KIND_WEIGHT = 0.4  # another weekday for a weekday, the other weekend day for a weekend day
_OTHER_KIND_WEIGHT = 0.1  # a weekend day for a weekday and vice versa
_LEVEL_DAYS = 7  # analogues are rescaled by the ratio of the weekly levels now and then
_LEVEL_RATIO_LIMITS = (0.5, 2.0)
_TEMPERATURE_SCALE_C = 3.0  # a day this much warmer or colder than the target counts 0.6x
_CALIBRATION_DAYS = 28  # recent days replayed to calibrate the interval
_MIN_CALIBRATION_HOURS = 48  # fewer replayed hours than this: keep the raw ensemble's tails
# A meter glitch (a reset read as one huge hour): a reading both far above what the home usually
# uses and more than a 100 A single-phase supply can deliver in an hour, or beyond any home.
_GLITCH_FACTOR = 10.0  # times the 98th percentile of the home's readings
_GLITCH_MIN_KWH = 25.0
_IMPOSSIBLE_KWH = 250.0
_WIDTH_FACTOR_LIMITS = (0.0, 4.0)  # how far calibration may shrink or stretch a side
# Readings closer than a meter's resolution are the same reading: the interval is never narrower,
# so a night forecast of 0 kWh holds an actual of 0.0000001 kWh.
_RESOLUTION_KWH = 0.001
_TAIL = (1.0 - COVERAGE) / 2.0
_EXPECTED_RATIO_LIMITS = (0.5, 2.0)  # a replay this far off says more about the replay


@dataclass(frozen=True, slots=True)
class DayAheadForecast:
    """Hourly forecast from ``start``: kWh per hour for consecutive hours.

    ``mean`` is the point forecast; despite its name it is a conditional median (the value with
    the smallest expected absolute error). ``lower`` and ``upper`` bound an interval meant to hold
    the actual value in 80 % of hours.
    """

    start: datetime
    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    expected_ratio: float = 1.0
    """What the home's actual use was, on its replayed recent days, per kWh of summed medians.

    A sum of hourly medians understates a day's use; this ratio (1.0 with too little history to
    replay) turns the point forecast into the expected amount a budget or a score needs.
    """

    @property
    def expected(self) -> FloatArray:
        """Hourly expected use (kWh): the medians scaled by ``expected_ratio``."""
        return np.asarray(self.mean * self.expected_ratio, dtype=np.float64)

    @property
    def expected_total_kwh(self) -> float:
        """The expected use (kWh) over the forecast: what to compare a period's actual with."""
        return float(self.mean.sum()) * self.expected_ratio

    @property
    def total_kwh(self) -> float:
        """The sum of the hourly point forecasts.

        A sum of medians, so for spiky homes it sits below the expected total (by about 15 % on
        the 18 real homes benchmarked): compare it with actuals hour by hour, not as a budget.
        """
        return float(self.mean.sum())


def forecast_day_ahead(
    history_kwh: Sequence[float] | FloatArray,
    start: datetime,
    hours: int = 24,
    *,
    temperature_c: Sequence[float] | FloatArray | None = None,
) -> DayAheadForecast:
    """Forecast the ``hours`` hours from ``start`` from the hourly history just before it.

    ``history_kwh`` holds consecutive hourly kWh, oldest first, NaN for gaps; its last value is the
    hour just before ``start`` (an aware datetime at the top of a UTC hour, as Home Assistant's
    hourly statistics are: in a zone such as India's, +05:30, that is half past a local hour, and
    each hour counts as the local hour it begins in). Negative readings and
    readings far above anything the home otherwise uses (a meter reset) are treated as gaps.

    ``temperature_c``, when given, is the outdoor temperature (°C) of the same hours followed by
    the forecast's hours (so ``hours`` longer than the history; NaN where unknown): days whose
    mean temperature was like the coming day's then count more.

    Raises ``EngineError("not_enough_history")`` when fewer than ``MIN_HISTORY_HOURS`` hours are
    given, or fewer than ``MIN_VALID_HOURS`` usable ones within the last 13 months: before that
    there is no forecast.
    """
    require_aware(start)
    in_utc = start.astimezone(UTC)
    if in_utc.minute or in_utc.second or in_utc.microsecond:
        raise EngineError("not_top_of_hour", start=start.isoformat())
    if not 1 <= hours <= MAX_HOURS:
        raise EngineError("invalid_hours", hours=str(hours), maximum=str(MAX_HOURS))
    values = _clean(history_kwh)
    temperatures = _temperatures(temperature_c, len(values) + hours)
    keep = min((_YEAR.days + _CALIBRATION_DAYS + 2) * 24, len(values))
    usable = int(np.count_nonzero(~np.isnan(values[-keep:])))
    if len(values) < MIN_HISTORY_HOURS or usable < MIN_VALID_HOURS:
        raise EngineError(
            "not_enough_history",
            hours=str(len(values)),
            usable=str(usable),
            required=str(MIN_HISTORY_HOURS),
        )
    values = values[-keep:]
    if temperatures is not None:
        temperatures = temperatures[-(keep + hours) :]
    grid = _LocalGrid.build(values, start, hours, start.tzinfo or UTC, temperatures)
    targets = grid.target_cells
    mean, lower, upper = _ensemble(grid, targets, np.full(len(targets), grid.origin))
    below, above, ratio = _calibration(grid)
    return DayAheadForecast(
        start=start,
        mean=mean,
        lower=np.maximum(mean - below * (mean - lower) - _RESOLUTION_KWH, 0.0),
        upper=mean + above * (upper - mean) + _RESOLUTION_KWH,
        expected_ratio=ratio,
    )


def _temperatures(
    temperature_c: Sequence[float] | FloatArray | None, expected: int
) -> FloatArray | None:
    if temperature_c is None:
        return None
    temperatures = np.array(temperature_c, dtype=np.float64)
    if temperatures.shape != (expected,):
        raise EngineError(
            "invalid_temperature", shape=str(temperatures.shape), expected=str(expected)
        )
    temperatures[~np.isfinite(temperatures)] = np.nan
    return temperatures


def _clean(history: Sequence[float] | FloatArray) -> FloatArray:
    """The history as floats with gaps, negative readings and meter glitches as NaN."""
    values = np.array(history, dtype=np.float64)
    if values.ndim != 1:
        raise EngineError("invalid_history", shape=str(values.shape))
    values[~np.isfinite(values) | (values < 0)] = np.nan
    values[values > _IMPOSSIBLE_KWH] = np.nan
    finite = values[~np.isnan(values)]
    if finite.size:
        ceiling = max(_GLITCH_FACTOR * float(np.quantile(finite, 0.98)), _GLITCH_MIN_KWH)
        values[values > ceiling] = np.nan
    return values


@dataclass(frozen=True, slots=True)
class _LocalGrid:
    """History laid on a local-day x hour-of-day grid, flattened; cells past ``origin`` are NaN.

    ``weekdays`` is the weekday of each grid day; ``target_cells`` the cell of each forecast hour.
    """

    cells: FloatArray
    weekdays: IntArray
    levels: FloatArray
    temperatures: FloatArray | None
    origin: int
    target_cells: IntArray

    @classmethod
    def build(
        cls,
        values: FloatArray,
        start: datetime,
        hours: int,
        tz: tzinfo,
        temperatures: FloatArray | None,
    ) -> _LocalGrid:
        first = start.astimezone(UTC) - timedelta(hours=len(values))
        days, hour_of_day = local_calendar(first, len(values) + hours, tz)
        first_day = int(days[0])
        flat = (days - first_day) * 24 + hour_of_day
        size = int(flat[-1]) + 1
        history_cells = flat[: len(values)]
        known = ~np.isnan(values)
        sums = np.zeros(size)
        counts = np.zeros(size)
        np.add.at(sums, history_cells[known], values[known])
        np.add.at(counts, history_cells[known], 1.0)
        cells = np.full(size, np.nan)
        np.divide(sums, counts, out=cells, where=counts > 0)
        weekdays = (np.arange(size // 24 + 1) + first_day + 6) % 7  # ordinal 1 is a Monday
        origin = int(flat[len(values)])
        daily_c = None if temperatures is None else _daily_means(temperatures, days - first_day)
        return cls(cells, weekdays, _trailing_levels(cells), daily_c, origin, flat[len(values) :])


def _daily_means(temperatures: FloatArray, day_of_hour: IntArray) -> FloatArray:
    """Each grid day's mean temperature, NaN where fewer than half its hours are known."""
    known = ~np.isnan(temperatures)
    days = int(day_of_hour[-1]) + 2
    sums = np.bincount(day_of_hour[known], temperatures[known], minlength=days)
    counts = np.bincount(day_of_hour[known], minlength=days)
    means = np.full(days, np.nan)
    np.divide(sums, counts, out=means, where=counts >= 12)
    return means


def _trailing_levels(cells: FloatArray) -> FloatArray:
    """Each day's mean hourly use over the week ending with it (NaN where too little is known)."""
    days = -(-len(cells) // 24)
    padded = np.full(days * 24, np.nan)
    padded[: len(cells)] = cells
    by_day = padded.reshape(days, 24)
    known = ~np.isnan(by_day)
    sums = np.cumsum(np.concatenate(([0.0], np.where(known, by_day, 0.0).sum(axis=1))))
    counts = np.cumsum(np.concatenate(([0], known.sum(axis=1))))
    window = _LEVEL_DAYS
    ends = np.arange(1, days + 1)
    starts = np.maximum(ends - window, 0)
    count = counts[ends] - counts[starts]
    levels = np.full(days + 1, np.nan)
    enough = count >= window * 12
    levels[:days][enough] = (sums[ends] - sums[starts])[enough] / count[enough]
    return levels


def _ensemble(
    grid: _LocalGrid, cells: IntArray, origins: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Median and tails of each cell's analogues known before its origin, both windows blended."""
    recent = _analogues(grid, cells, origins, _RECENT)
    year = _analogues(grid, cells, origins, _YEAR)
    return (
        (1 - _YEAR_SHARE) * recent[0] + _YEAR_SHARE * year[0],
        (1 - _YEAR_SHARE) * recent[1] + _YEAR_SHARE * year[1],
        (1 - _YEAR_SHARE) * recent[2] + _YEAR_SHARE * year[2],
    )


def _kind_weights() -> FloatArray:
    """Weight of an analogue by (target weekday, analogue weekday), Monday 0."""
    weekend = np.arange(7) >= 5
    same_kind = weekend[:, None] == weekend[None, :]
    table = np.where(same_kind, _SAME_KIND_WEIGHT, _OTHER_KIND_WEIGHT)
    np.fill_diagonal(table, 1.0)
    return table


_KIND_WEIGHTS = _kind_weights()


def _analogues(
    grid: _LocalGrid, cells: IntArray, origins: IntArray, window: _Window
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Weighted median and tails of each cell's analogues in one window."""
    lags = np.arange(1, window.days + 1)
    shifts = np.array([0, -1, 1] if window.neighbour_weight else [0])
    # candidate[c, k, s]: the cell k + 1 days before cell c, shifted by shifts[s] hours
    candidates = cells[:, None, None] - 24 * lags[None, :, None] + shifts[None, None, :]
    candidates = candidates.reshape(len(cells), -1)
    usable = (candidates >= 0) & (candidates < origins[:, None])
    values = np.where(usable, grid.cells[np.clip(candidates, 0, len(grid.cells) - 1)], np.nan)

    day_of_cell = cells // 24
    day_of_candidate = np.clip(candidates, 0, None) // 24
    weights = _KIND_WEIGHTS[grid.weekdays[day_of_cell][:, None], grid.weekdays[day_of_candidate]]
    age_weight = np.repeat(window.decay ** (lags - 1.0), len(shifts))
    shift_weight = np.tile(np.where(shifts == 0, 1.0, window.neighbour_weight), len(lags))
    weights *= (age_weight * shift_weight)[None, :]
    if grid.temperatures is not None:
        gap = grid.temperatures[day_of_cell][:, None] - grid.temperatures[day_of_candidate]
        weights *= np.where(np.isnan(gap), 1.0, np.exp(-0.5 * (gap / _TEMPERATURE_SCALE_C) ** 2))
    weights[np.isnan(values)] = 0.0

    now_level = grid.levels[np.maximum(origins // 24 - 1, 0)][:, None]
    then_level = grid.levels[day_of_candidate]
    ratio = np.ones_like(values)
    np.divide(now_level, then_level, out=ratio, where=(then_level > 0) & (now_level >= 0))
    values = values * np.clip(ratio, *_LEVEL_RATIO_LIMITS)

    median, low, high = _weighted_quantiles(values, weights, (0.5, _TAIL, 1.0 - _TAIL))
    empty = np.isnan(median)
    if empty.any():  # no analogue at all: the history's own distribution
        known = grid.cells[: grid.origin][~np.isnan(grid.cells[: grid.origin])]
        median[empty], low[empty], high[empty] = np.quantile(known, (0.5, _TAIL, 1.0 - _TAIL))
    return median, low, high


def _weighted_quantiles(
    values: FloatArray, weights: FloatArray, levels: tuple[float, ...]
) -> tuple[FloatArray, ...]:
    """Row-wise weighted quantiles (the smallest value whose cumulative weight reaches each level).

    Rows with no weight give NaN.
    """
    order = np.argsort(np.where(weights > 0, values, np.inf), axis=1)
    ordered = np.take_along_axis(values, order, axis=1)
    cumulative = np.cumsum(np.take_along_axis(weights, order, axis=1), axis=1)
    total = cumulative[:, -1]
    results = []
    for level in levels:
        index = np.minimum((cumulative < level * total[:, None]).sum(axis=1), values.shape[1] - 1)
        picked = np.take_along_axis(ordered, index[:, None], axis=1)[:, 0]
        results.append(np.where(total > 0, picked, np.nan))
    return tuple(results)


def _calibration(grid: _LocalGrid) -> tuple[float, float, float]:
    """How far to widen (or narrow) each side of the interval, from replaying the last days.

    The third value is the replayed days' actual use per kWh of their summed medians.
    """
    last_day = grid.origin // 24  # the first day not wholly known
    first_day = max(last_day - _CALIBRATION_DAYS, 7)
    cells = np.arange(first_day * 24, last_day * 24, dtype=np.int64)
    actual = grid.cells[cells] if len(cells) else np.empty(0)
    known = ~np.isnan(actual)
    if np.count_nonzero(known) < _MIN_CALIBRATION_HOURS:
        return 1.0, 1.0, 1.0
    cells, actual = cells[known], actual[known]
    median, low, high = _ensemble(grid, cells, (cells // 24) * 24)
    medians = float(median.sum())
    ratio = float(actual.sum()) / medians if medians > 0 else 1.0

    floor = 1e-3 * max(float(np.median(actual)), 1e-3)
    above = actual >= median
    scaled = np.where(
        above,
        (actual - median) / np.maximum(high - median, floor),
        (actual - median) / np.maximum(median - low, floor),
    )
    below_factor = -float(np.quantile(scaled, _TAIL))
    above_factor = float(np.quantile(scaled, 1.0 - _TAIL))
    return (
        float(np.clip(below_factor, *_WIDTH_FACTOR_LIMITS)),
        float(np.clip(above_factor, *_WIDTH_FACTOR_LIMITS)),
        float(np.clip(ratio, *_EXPECTED_RATIO_LIMITS)),
    )


def replay_day_ahead(
    history_kwh: Sequence[float] | FloatArray,
    end: datetime,
    spans: Sequence[tuple[datetime, int]],
) -> list[DayAheadForecast | None]:
    """Forecasts of past spans, each as it would have been made at its own start.

    ``history_kwh`` is hourly up to ``end`` (exclusive, the top of a UTC hour, in the home's time
    zone); each span is (start, hours) inside it. A span's forecast uses only what was known
    before its start: its analogues are earlier hours, and the interval and expected ratio are
    calibrated once, on the history before the earliest span. Every span is computed in one
    vectorized pass, so a month of past days costs about one forecast. A span with less than a
    week of history before it gets None.
    """
    require_aware(end)
    values = _clean(history_kwh)
    tz = end.tzinfo or UTC
    first = end.astimezone(UTC) - timedelta(hours=len(values))
    offsets = [int((start - first).total_seconds() // 3600) for start, _hours in spans]
    usable = [
        offset >= MIN_HISTORY_HOURS and hours >= 1 and offset + hours <= len(values)
        for offset, (_start, hours) in zip(offsets, spans, strict=True)
    ]
    results: list[DayAheadForecast | None] = [None] * len(spans)
    if not any(usable) or len(values) < MIN_HISTORY_HOURS:
        return results
    earliest = min(offset for offset, ok in zip(offsets, usable, strict=True) if ok)
    start_of_earliest = first + timedelta(hours=earliest)
    below, above, ratio = _calibration(
        _LocalGrid.build(values[:earliest], start_of_earliest, 1, tz, None)
    )
    grid = _LocalGrid.build(values, end, 1, tz, None)
    days, hour_of_day = local_calendar(first, len(values), tz)
    flat = (days - days[0]) * 24 + hour_of_day
    ratios = _replayed_ratios(grid, flat, values, max(earliest - _CALIBRATION_DAYS * 24, 0))
    for index, ((start, hours), offset) in enumerate(zip(spans, offsets, strict=True)):
        if not usable[index]:
            continue
        cells = flat[offset : offset + hours]
        mean, lower, upper = _ensemble(grid, cells, np.full(hours, flat[offset]))
        results[index] = DayAheadForecast(
            start=start,
            mean=mean,
            lower=np.maximum(mean - below * (mean - lower) - _RESOLUTION_KWH, 0.0),
            upper=mean + above * (upper - mean) + _RESOLUTION_KWH,
            expected_ratio=ratios(offset, ratio),
        )
    return results


def _replayed_ratios(
    grid: _LocalGrid, flat: IntArray, values: FloatArray, begin: int
) -> Callable[[int, float], float]:
    """Each replayed day's expected ratio from the days before it only, as made at its start.

    Every hour from ``begin`` on gets its day-ahead median once; a span starting at hour
    ``offset`` then takes actual over median of the ``_CALIBRATION_DAYS`` before it, like a
    forecast made that morning (the home's heating season arrives in its ratio as it did).
    """
    medians = _ensemble(grid, flat[begin:], (flat[begin:] // 24) * 24)[0]
    known = ~np.isnan(values[begin:])
    actual = np.concatenate(([0.0], np.cumsum(np.where(known, values[begin:], 0.0))))
    median = np.concatenate(([0.0], np.cumsum(np.where(known, medians, 0.0))))
    counts = np.concatenate(([0], np.cumsum(known)))

    def ratio(offset: int, fallback: float) -> float:
        stop = offset - begin
        start = max(stop - _CALIBRATION_DAYS * 24, 0)
        used = median[stop] - median[start]
        if counts[stop] - counts[start] < _MIN_CALIBRATION_HOURS or used <= 0:
            return fallback
        share = (actual[stop] - actual[start]) / used
        return float(np.clip(share, *_EXPECTED_RATIO_LIMITS))

    return ratio
