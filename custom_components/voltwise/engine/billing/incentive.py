"""What the incentive compares: the stored day-ahead forecasts against the actual use, priced.

The incentive (``bill.incentive``) rewards the cost difference between forecast and actual. The
forecast is the one made at each day's start and stored then, hour by hour; each hour is priced
at the tariff's rate in force in it, the forecast kWh and the actual kWh alike. Only hours with
both a stored forecast and a meter reading are compared: a day without a stored forecast (a home
newer than a week, a restart that missed the day's start) or an hour the recorder did not record
counts zero difference, so neither earns a reward nor a penalty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

import numpy as np

from ..tariff import TariffPlan
from ..timegrid import FloatArray, TimeGrid, require_aware
from .energy import EnergySeries, EnergyUse, price_series

_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ForecastComparison:
    """The forecast and the actual use of the hours compared, each priced per slot kind."""

    forecast: EnergyUse
    actual: EnergyUse
    hours: int

    @property
    def difference(self) -> float:
        """Forecast cost - actual cost: positive when the home used less than forecast."""
        return self.forecast.cost - self.actual.cost


def hourly_forecast_on(
    grid: TimeGrid, days: Iterable[tuple[datetime, Sequence[float]]]
) -> FloatArray:
    """Stored forecasts (each: first hour, hourly kWh) laid on an hourly ``grid``; NaN elsewhere."""
    if grid.step_minutes != 60:
        raise ValueError("forecasts are hourly: lay them on an hourly grid")
    values = np.full(grid.steps, np.nan)
    for start, expected in days:
        require_aware(start)
        first = grid.index_of(start)
        for offset, kwh in enumerate(expected):
            index = first + offset
            if 0 <= index < grid.steps and np.isfinite(kwh) and kwh >= 0:
                values[index] = kwh
    return values


def compare_with_forecast(
    actual: EnergySeries,
    forecast_kwh: FloatArray,
    plan: TariffPlan,
    tz: tzinfo,
    *,
    start: datetime,
    end: datetime,
) -> ForecastComparison:
    """Forecast and actual use of the hours in ``[start, end)`` that have both, priced.

    ``forecast_kwh`` is on ``actual``'s grid (``hourly_forecast_on``), NaN where none was stored.
    An hour cut by ``start`` or ``end`` counts its share inside the span, for both.
    """
    forecast = np.asarray(forecast_kwh, dtype=np.float64)
    if forecast.shape != actual.kwh.shape:
        raise ValueError("the forecast must lie on the actual use's grid")
    compared = ~np.isnan(actual.kwh) & ~np.isnan(forecast)
    edges = actual.step_starts()
    inside = (edges[1:] > start.timestamp()) & (edges[:-1] < end.timestamp())
    grid = actual.grid
    return ForecastComparison(
        forecast=price_series(
            EnergySeries(grid, np.where(compared, forecast, np.nan)), plan, tz, start=start, end=end
        ),
        actual=price_series(
            EnergySeries(grid, np.where(compared, actual.kwh, np.nan)),
            plan,
            tz,
            start=start,
            end=end,
        ),
        hours=int(np.count_nonzero(compared & inside)),
    )
