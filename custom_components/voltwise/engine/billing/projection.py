"""The cycle's use projected to its end: the actual use so far plus an estimate of the rest.

The rest, from ``now`` to the cycle's end, is taken from the consumption forecast wherever one
exists. The forecast reaches a day or two ahead; ``extend_forecast`` carries it to the cycle's
end with its own same-hour mean (for each local hour of day, the mean of the forecast's values in
that hour), since the forecast knows the home's weekly and seasonal shape better than the cycle's
first days do. Where no forecast exists (before the first one) the rest is the same-hour mean of
the cycle so far: for each local hour of the day, the mean power observed in that hour since the
cycle started, held for every remaining hour with that hour of day. An hour of day not yet
observed takes the mean of all observed hours. Both estimates are priced at the rate in force in
each quarter hour of the rest, so the projected energy charge follows the tariff.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

import numpy as np

from ..tariff import TariffPlan
from ..timegrid import FloatArray, TimeGrid, require_aware
from .cycle import BillingCycle
from .energy import EnergySeries, EnergyUse, price_on_grid, span_grid

HOURS_PER_DAY = 24
_SECONDS_PER_HOUR = 3600.0


class ProjectionMethod(StrEnum):
    """Where the estimate of the rest of the cycle came from."""

    FORECAST = "forecast"
    SAME_HOUR_MEAN = "same_hour_mean"
    FORECAST_AND_MEAN = "forecast_and_mean"
    ACTUAL_ONLY = "actual_only"  # nothing to extend the use with, or the cycle is over


@dataclass(frozen=True, slots=True)
class Projection:
    """Use so far, the estimated rest, and how the rest was estimated."""

    actual: EnergyUse
    rest: EnergyUse
    method: ProjectionMethod

    @property
    def total(self) -> EnergyUse:
        """The projected use of the whole cycle (bill it with ``compute_bill``)."""
        return self.actual + self.rest


def same_hour_mean_kw(
    history: EnergySeries, tz: tzinfo, start: datetime, end: datetime
) -> tuple[tuple[float | None, ...], float | None]:
    """Mean power (kW) per local hour of day observed in ``[start, end)``, and over all hours.

    Only steps wholly inside the span and with data count; an hour of day never observed is None.
    """
    require_aware(start)
    require_aware(end)
    grid = history.grid
    step_hours = grid.step_minutes / 60
    edges = history.step_starts()
    inside = (edges[:-1] >= start.timestamp()) & (edges[1:] <= end.timestamp())
    known = inside & ~np.isnan(history.kwh)
    if not known.any():
        return (None,) * HOURS_PER_DAY, None
    _, minutes = grid.local_fields(tz)
    hours = minutes // 60
    energy = np.where(known, history.kwh, 0.0)
    energy_by_hour = np.bincount(hours, weights=energy, minlength=HOURS_PER_DAY)
    steps_by_hour = np.bincount(hours, weights=known.astype(np.float64), minlength=HOURS_PER_DAY)
    means = tuple(
        float(energy_by_hour[hour] / (steps_by_hour[hour] * step_hours))
        if steps_by_hour[hour]
        else None
        for hour in range(HOURS_PER_DAY)
    )
    overall = math.fsum(energy[known].tolist()) / (int(known.sum()) * step_hours)
    return means, overall


def _cumulative(series: EnergySeries) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Step edges (epoch s), cumulative energy and cumulative seconds with data at each edge."""
    edges = series.step_starts()
    known = ~np.isnan(series.kwh)
    energy = np.concatenate(([0.0], np.cumsum(np.where(known, series.kwh, 0.0))))
    seconds = series.grid.step_minutes * 60.0
    covered = np.concatenate(([0.0], np.cumsum(known * seconds)))
    return edges, energy, covered


def project_use(
    cycle: BillingCycle,
    now: datetime,
    actual: EnergyUse,
    plan: TariffPlan,
    tz: tzinfo,
    *,
    history: EnergySeries | None = None,
    forecast: EnergySeries | None = None,
) -> Projection:
    """``actual`` (the cycle's use so far) plus the estimated use from ``now`` to the cycle's end.

    ``history`` is observed use (kWh per step) for the same-hour mean; only its part inside the
    cycle and before ``now`` counts. ``forecast`` is forecast use per step; only its part after
    ``now`` counts.
    """
    require_aware(now)
    begin = max(now, cycle.start)
    grid = span_grid(begin, cycle.end)
    if grid.steps == 0:
        return Projection(actual, EnergyUse(), ProjectionMethod.ACTUAL_ONLY)
    step_edges = grid.start.timestamp() + np.arange(grid.steps + 1) * grid.step_minutes * 60.0
    low = np.maximum(step_edges[:-1], begin.timestamp())
    high = np.minimum(step_edges[1:], cycle.end.timestamp())
    length = np.clip(high - low, 0.0, None)
    from_forecast = np.zeros(grid.steps)
    covered = np.zeros(grid.steps)
    if forecast is not None:
        edges, energy, seconds = _cumulative(forecast)
        from_forecast = np.interp(high, edges, energy) - np.interp(low, edges, energy)
        covered = np.interp(high, edges, seconds) - np.interp(low, edges, seconds)
    uncovered = np.clip(length - covered, 0.0, None)
    from_mean = _mean_energy(
        grid, uncovered_seconds=uncovered, cycle=cycle, now=now, tz=tz, history=history
    )
    method = _method(bool(np.any(covered > 0)), from_mean is not None and bool(uncovered.any()))
    rest = from_forecast if from_mean is None else from_forecast + from_mean
    return Projection(actual, price_on_grid(grid, rest, plan, tz), method)


def _mean_energy(
    grid: TimeGrid,
    *,
    uncovered_seconds: FloatArray,
    cycle: BillingCycle,
    now: datetime,
    tz: tzinfo,
    history: EnergySeries | None,
) -> FloatArray | None:
    """Energy of the same-hour mean over each step's uncovered seconds; None without history."""
    if history is None:
        return None
    means, overall = same_hour_mean_kw(history, tz, cycle.start, min(now, cycle.end))
    if overall is None:
        return None
    power = np.array([overall if mean is None else mean for mean in means])
    _, minutes = grid.local_fields(tz)
    result: FloatArray = power[minutes // 60] * uncovered_seconds / _SECONDS_PER_HOUR
    return result


def _method(used_forecast: bool, used_mean: bool) -> ProjectionMethod:
    if used_forecast and used_mean:
        return ProjectionMethod.FORECAST_AND_MEAN
    if used_forecast:
        return ProjectionMethod.FORECAST
    if used_mean:
        return ProjectionMethod.SAME_HOUR_MEAN
    return ProjectionMethod.ACTUAL_ONLY


def extend_forecast(forecast: EnergySeries, end: datetime, tz: tzinfo) -> EnergySeries:
    """``forecast`` continued to ``end``, each further step at the forecast's same-hour mean.

    A local hour of day the forecast does not hold takes the mean of all its hours; a forecast
    without a value, or one reaching ``end`` already, is returned as it is.
    """
    require_aware(end)
    grid = forecast.grid
    extra = math.ceil((end - grid.end) / timedelta(minutes=grid.step_minutes))
    means, overall = same_hour_mean_kw(forecast, tz, grid.start, grid.end)
    if extra <= 0 or overall is None:
        return forecast
    longer = TimeGrid(grid.start, grid.step_minutes, grid.steps + extra)
    _, minutes = TimeGrid(grid.end, grid.step_minutes, extra).local_fields(tz)
    power = np.array([overall if mean is None else mean for mean in means])
    added = power[minutes // 60] * grid.step_minutes / 60
    return EnergySeries(longer, np.concatenate((forecast.kwh, added)))
