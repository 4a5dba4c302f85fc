"""The hourly insight computation: forecasts, stored day-ahead forecasts, scores (pure, no HA).

The shell reads the home's hourly history from the recorder and hands it here with ``now``; this
runs in an executor job (numpy, tens of milliseconds per forecast).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import numpy as np
import numpy.typing as npt

from ..engine.efficiency import (
    Period,
    Standing,
    Usage,
    hourly_usage,
    period_days,
    rank_of,
    total,
    week_start,
)
from ..engine.errors import EngineError
from ..engine.forecast import (
    MIN_HISTORY_HOURS,
    DayAheadForecast,
    forecast_day_ahead,
    replay_day_ahead,
)

type FloatArray = npt.NDArray[np.float64]

HOUR = timedelta(hours=1)
HISTORY_DAYS = 400
"""How far back history is read: the forecast's year plus its calibration weeks."""
BACKFILL_DAYS = 182
"""Past days whose day-ahead forecast is replayed when none was stored (a new home, an import):
this month's and this week's scores from the first hour, and 26 past weeks to rank against.
One vectorized replay: about 2 s once, in an executor job."""
KEEP_DAYS = 400
"""Stored day-ahead forecasts are kept this long (a year of own past periods to rank against)."""
INTERVAL_DAYS = 2
"""Stored forecasts keep their hourly interval this many days (charts); older ones only expected."""


@dataclass(frozen=True, slots=True)
class DayForecast:
    """One local day's forecast: hourly expected use (kWh) and its 80 % interval."""

    day: date
    start: datetime
    expected: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]

    @property
    def total_kwh(self) -> float:
        """The day's expected use."""
        return float(sum(self.expected))

    def as_dict(self) -> dict[str, Any]:
        """For the store."""
        return {
            "start": self.start.isoformat(),
            "expected": [round(value, 5) for value in self.expected],
            "lower": [round(value, 5) for value in self.lower],
            "upper": [round(value, 5) for value in self.upper],
        }

    @classmethod
    def from_dict(cls, day: date, data: Mapping[str, Any]) -> DayForecast:
        """From the store (raises KeyError, TypeError or ValueError when damaged)."""
        expected = tuple(float(value) for value in data["expected"])
        lower = tuple(float(value) for value in data.get("lower", ()))
        upper = tuple(float(value) for value in data.get("upper", ()))
        return cls(day, datetime.fromisoformat(data["start"]), expected, lower, upper)

    def without_interval(self) -> DayForecast:
        """The forecast as kept for old days: the expected values only."""
        return DayForecast(self.day, self.start, self.expected, (), ())


@dataclass(frozen=True, slots=True)
class HourForecast:
    """The forecast of one hour (kWh)."""

    start: datetime
    expected: float
    lower: float
    upper: float


@dataclass(frozen=True, slots=True)
class InsightResult:
    """Everything the insight entities show, computed once an hour."""

    now: datetime
    history_hours: int
    usable_hours: int
    reason: str | None = None
    """Why there is no forecast yet (``not_enough_history``), or None."""
    today: DayForecast | None = None
    tomorrow: DayForecast | None = None
    this_hour: HourForecast | None = None
    usage: Mapping[Period, Usage] = field(default_factory=dict)
    own_rank: Mapping[Period, Standing] = field(default_factory=dict)
    own_best: Mapping[Period, float] = field(default_factory=dict)
    actual_today_kwh: float | None = None
    days: Mapping[date, DayForecast] = field(default_factory=dict)
    """Stored day-ahead forecasts after this run (new ones added, old ones pruned)."""


def day_start(day: date, tz: tzinfo) -> datetime:
    """The first hour (UTC) of a local day: its midnight, or the recorder's hour that holds it.

    In a half-hour zone (India) a day then runs from 23:30 to 23:30, like its hourly statistics.
    """
    return (
        datetime.combine(day, time(0), tzinfo=tz)
        .astimezone(UTC)
        .replace(minute=0, second=0, microsecond=0)
    )


def history_start(now: datetime, tz: tzinfo) -> datetime:
    """Where the history handed to ``compute`` begins: a local midnight ``HISTORY_DAYS`` ago."""
    return day_start(now.astimezone(tz).date() - timedelta(days=HISTORY_DAYS), tz)


def compute(
    history_kwh: FloatArray,
    first: datetime,
    now: datetime,
    tz: tzinfo,
    *,
    stored: Mapping[date, DayForecast],
    rate_at: Callable[[datetime], float],
) -> InsightResult:
    """Forecasts and scores from ``history_kwh`` (hourly from ``first`` up to ``now``'s hour)."""
    current = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    today = now.astimezone(tz).date()
    usable = int(np.count_nonzero(~np.isnan(history_kwh)))
    days = {day: forecast for day, forecast in stored.items() if day > today - timedelta(KEEP_DAYS)}
    known = np.flatnonzero(~np.isnan(history_kwh))
    # A forecast needs a week since the first reading: every weekday seen once.
    earliest = first + HOUR * (int(known[0]) + MIN_HISTORY_HOURS) if known.size else None

    def forecastable(day: date) -> bool:
        return earliest is not None and day not in days and day_start(day, tz) >= earliest

    if forecastable(today) and (made := _day_ahead(history_kwh, first, today, tz)) is not None:
        days[today] = made
    missing = [
        day
        for day in _days(today - timedelta(days=BACKFILL_DAYS), today - timedelta(days=1))
        if forecastable(day)
    ]
    days.update(_replayed(history_kwh, first, current, missing, tz))
    for day in list(days):
        if day < today - timedelta(days=INTERVAL_DAYS):
            days[day] = days[day].without_interval()
    if earliest is None or current < earliest:
        return InsightResult(now, len(history_kwh), usable, reason="not_enough_history", days=days)
    try:
        live = _forecast(history_kwh, first, current, day_start(today + timedelta(days=2), tz), tz)
    except EngineError as err:
        if err.code != "not_enough_history":
            raise
        return InsightResult(now, len(history_kwh), usable, reason=err.code, days=days)
    tomorrow_start = day_start(today + timedelta(days=1), tz)
    offset = _hours(current, tomorrow_start)
    tomorrow = DayForecast(
        today + timedelta(days=1),
        tomorrow_start,
        tuple(float(value) for value in live.expected[offset:]),
        tuple(float(value) for value in live.lower[offset:]),
        tuple(float(value) for value in live.upper[offset:]),
    )
    this_hour = HourForecast(
        current, float(live.expected[0]), float(live.lower[0]), float(live.upper[0])
    )
    scores = _Scores(history_kwh, first, tz, days, rate_at)
    usage = {period: scores.usage(*period_days(period, today)) for period in Period}
    ranks, best = scores.own_ranks(today, usage)
    actual_today = history_kwh[_hours(first, day_start(today, tz)) :]
    return InsightResult(
        now,
        len(history_kwh),
        usable,
        today=days.get(today),
        tomorrow=tomorrow,
        this_hour=this_hour,
        usage=usage,
        own_rank=ranks,
        own_best=best,
        actual_today_kwh=float(np.nansum(actual_today)),
        days=days,
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _hours(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 3600)


def _forecast(
    history_kwh: FloatArray, first: datetime, start: datetime, end: datetime, tz: tzinfo
) -> DayAheadForecast:
    """The forecast of [start, end) from the history before ``start``."""
    known = history_kwh[: _hours(first, start)]
    return forecast_day_ahead(known, start.astimezone(tz), hours=_hours(start, end))


def _day_ahead(
    history_kwh: FloatArray, first: datetime, day: date, tz: tzinfo
) -> DayForecast | None:
    """The forecast of ``day`` made at its start (None before a week of history)."""
    start = day_start(day, tz)
    if _hours(first, start) < MIN_HISTORY_HOURS:
        return None
    try:
        made = _forecast(history_kwh, first, start, day_start(day + timedelta(days=1), tz), tz)
    except EngineError:
        return None
    return _day_forecast(day, made)


def _replayed(
    history_kwh: FloatArray, first: datetime, end: datetime, missing: list[date], tz: tzinfo
) -> dict[date, DayForecast]:
    """Day-ahead forecasts of past days that have none stored, as made at each day's start."""
    if not missing:
        return {}
    known = history_kwh[: _hours(first, end)]
    spans = [
        (
            day_start(day, tz).astimezone(tz),
            _hours(day_start(day, tz), day_start(day + timedelta(days=1), tz)),
        )
        for day in missing
    ]
    made = replay_day_ahead(known, end.astimezone(tz), spans)
    return {
        day: _day_forecast(day, forecast)
        for day, forecast in zip(missing, made, strict=True)
        if forecast is not None
    }


def _day_forecast(day: date, made: DayAheadForecast) -> DayForecast:
    return DayForecast(
        day,
        made.start.astimezone(UTC),
        tuple(float(value) for value in made.expected),
        tuple(float(value) for value in made.lower),
        tuple(float(value) for value in made.upper),
    )


class _Scores:
    """Usage of past days and periods against their stored day-ahead forecasts."""

    def __init__(
        self,
        history_kwh: FloatArray,
        first: datetime,
        tz: tzinfo,
        days: Mapping[date, DayForecast],
        rate_at: Callable[[datetime], float],
    ) -> None:
        self._history = history_kwh
        self._first = first
        self._days = days
        self._rate_at = rate_at
        self._tz = tz

    def day_usage(self, day: date, *, with_cost: bool = True) -> Usage | None:
        """A day's usage over its hours known so far (None without a stored forecast)."""
        forecast = self._days.get(day)
        if forecast is None:
            return None
        begin = _hours(self._first, forecast.start)
        actual = self._history[begin : begin + len(forecast.expected)]
        expected = forecast.expected[: len(actual)]
        if with_cost:
            rates = [self._rate_at(forecast.start + HOUR * index) for index in range(len(actual))]
        else:
            rates = [0.0] * len(actual)
        return hourly_usage(expected, [float(value) for value in actual], rates)

    def usage(self, first_day: date, last_day: date) -> Usage:
        """Usage of the days from ``first_day`` to ``last_day`` that have a forecast."""
        return total(
            usage
            for day in _days(first_day, last_day)
            if (usage := self.day_usage(day)) is not None
        )

    def own_ranks(
        self, today: date, current: Mapping[Period, Usage]
    ) -> tuple[dict[Period, Standing], dict[Period, float]]:
        """Each period against the home's own past periods of the same length, and the best."""
        daily: dict[date, Usage] = {}
        for day in self._days:
            if day < today and (usage := self.day_usage(day, with_cost=False)) is not None:
                daily[day] = usage
        groups: dict[Period, dict[date, list[Usage]]] = {
            Period.YESTERDAY: {},
            Period.WEEK: {},
            Period.MONTH: {},
        }
        this_week, this_month = week_start(today), today.replace(day=1)
        for day, usage in daily.items():
            if day < today - timedelta(days=1):
                groups[Period.YESTERDAY].setdefault(day, []).append(usage)
            if week_start(day) < this_week:
                groups[Period.WEEK].setdefault(week_start(day), []).append(usage)
            if day.replace(day=1) < this_month:
                groups[Period.MONTH].setdefault(day.replace(day=1), []).append(usage)
        ranks: dict[Period, Standing] = {}
        best: dict[Period, float] = {}
        for period, periods in groups.items():
            past = [
                score
                for usages in periods.values()
                if (score := total(usages).efficiency_pct) is not None
            ]
            score = current[period].efficiency_pct
            if score is None:
                continue
            ranks[period] = rank_of(score, past)
            best[period] = max([score, *past])
        return ranks, best
