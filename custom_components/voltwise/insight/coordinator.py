"""The insight coordinator: once an hour, reads the home's history and recomputes everything.

It wakes at half a minute past each hour (a clock-tied timer: the recorder compiles the hour
that just ended at ten seconds past), reads about 400 days of hourly statistics from the
recorder, and runs ``compute`` in an executor job: the forecasts of this hour, today and
tomorrow, the day-ahead forecasts of days that have none stored yet, and the scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial

import numpy as np
from homeassistant.core import callback
from homeassistant.util import dt as dt_util

from ..engine.efficiency import Period
from ..home.context import HomeContext, HourlyHomePartCoordinator
from . import board
from .anomalies import AnomalyTracker
from .compute import InsightResult, compute, day_start, history_start
from .config import ConsumptionSource, InsightConfig
from .history import async_hourly_kwh, recorder_loaded
from .store import InsightStore

REFRESH_SECOND = 30


class InsightCoordinator(HourlyHomePartCoordinator[InsightResult]):
    """Forecast, efficiency and own ranks of one home, refreshed at every hour."""

    refresh_second = REFRESH_SECOND

    def __init__(
        self,
        home: HomeContext,
        config: InsightConfig,
        store: InsightStore,
        anomalies: AnomalyTracker,
        *,
        statistic_ids: Callable[[], Sequence[str]],
        appliance_ids: Callable[[], Sequence[str]],
    ) -> None:
        """``statistic_ids`` name the home's consumption; ``appliance_ids`` its appliances'."""
        super().__init__(home, f"{home.name} insight")
        self.config = config
        self.store = store
        self.anomalies = anomalies
        self._statistic_ids = statistic_ids
        self._appliance_ids = appliance_ids
        self.background_today_kwh: float | None = None

    @callback
    def async_start_hourly(self) -> None:
        """Refresh at every hour, and leave the homes' board when the home unloads."""
        super().async_start_hourly()
        self.home.entry.async_on_unload(lambda: board.async_withdraw(self.hass, self.home.entry_id))

    async def _async_update_data(self) -> InsightResult:
        """Read the history, compute in an executor job, store new day-ahead forecasts."""
        now = dt_util.utcnow()
        if not recorder_loaded(self.hass):
            return InsightResult(now, 0, 0, reason="recorder_not_loaded")
        tz = self.home.time_zone
        first = history_start(now, tz)
        current = now.replace(minute=0, second=0, microsecond=0)
        history = await async_hourly_kwh(self.hass, self._statistic_ids(), first, current)
        tariff = self.home.config.tariff
        result = await self.hass.async_add_executor_job(
            partial(
                compute,
                history,
                first,
                now,
                tz,
                stored=self.store.forecasts(),
                rate_at=lambda when: tariff.rate_at(when, tz),
            )
        )
        await self.store.async_save_forecasts(result.days)
        await self.anomalies.async_observe(history, current, result.days)
        if self.config.source is ConsumptionSource.BOTH:
            await self._async_measure_background(now, history, first)
        board.async_publish(
            self.hass,
            self.home.entry_id,
            self.home.name,
            {period: usage.efficiency_pct for period, usage in result.usage.items()},
        )
        return result

    async def _async_measure_background(
        self, now: datetime, history: np.ndarray, first: datetime
    ) -> None:
        """Today's use the meter saw that no appliance explains (the unmetered background)."""
        midnight = day_start(now.astimezone(self.home.time_zone).date(), self.home.time_zone)
        current = now.replace(minute=0, second=0, microsecond=0)
        appliances = await async_hourly_kwh(self.hass, self._appliance_ids(), midnight, current)
        meter = history[int((midnight - first) / timedelta(hours=1)) :]
        known = ~np.isnan(meter)
        self.background_today_kwh = float(np.sum(meter[known] - np.nan_to_num(appliances[known])))

    def scores(self) -> dict[Period, float | None]:
        """The home's efficiency per period (None where nothing was forecast)."""
        if self.data is None:
            return {}
        return {period: usage.efficiency_pct for period, usage in self.data.usage.items()}
