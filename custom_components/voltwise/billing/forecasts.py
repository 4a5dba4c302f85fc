"""Insight's forecasts as the bill reads them: stored day-ahead ones, and today's and tomorrow's.

The incentive compares the day-ahead forecasts insight stored at each day's start (its efficiency
store) with the actual use; the projection continues the cycle with the forecast sensors' hourly
values (today's rest and tomorrow), carried to the cycle's end by their same-hour mean.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import numpy as np

from ..engine.billing.energy import EnergySeries
from ..engine.billing.incentive import hourly_forecast_on
from ..engine.billing.projection import extend_forecast
from ..engine.timegrid import FloatArray, TimeGrid
from ..insight.compute import DayForecast
from ..insight.manager import InsightManager

_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ForecastSource:
    """Where the bill finds the home's forecasts (read at each refresh, never copied)."""

    stored: Callable[[], Mapping[date, DayForecast]]
    ahead: Callable[[], Sequence[DayForecast]]

    def stored_on(self, grid: TimeGrid) -> FloatArray:
        """The stored day-ahead forecasts on the hourly ``grid`` of the actual use."""
        return hourly_forecast_on(
            grid, ((day.start, day.expected) for day in self.stored().values())
        )

    def rest_of_cycle(
        self, current: datetime, cycle_end: datetime, tz: tzinfo
    ) -> tuple[EnergySeries | None, datetime | None]:
        """The forecast from ``current`` to ``cycle_end``, and where the sensors' hours end.

        None before insight has a forecast (the projection then takes the cycle's same-hour mean).
        """
        days = [day for day in self.ahead() if day.expected]
        if not days:
            return None, None
        end = max(day.start + _HOUR * len(day.expected) for day in days)
        if end <= current:
            return None, None
        grid = TimeGrid(current, 60, int((end - current) / _HOUR))
        values = hourly_forecast_on(grid, ((day.start, day.expected) for day in days))
        if np.isnan(values).all():
            return None, None
        return extend_forecast(EnergySeries(grid, values), cycle_end, tz), end


def insight_forecasts(insight: InsightManager) -> ForecastSource:
    """The forecasts of a home's insight: its store, and its latest result (None at first)."""

    def ahead() -> list[DayForecast]:
        result = insight.coordinator.data
        if result is None:
            return []
        return [day for day in (result.today, result.tomorrow) if day is not None]

    return ForecastSource(insight.store.forecasts, ahead)
