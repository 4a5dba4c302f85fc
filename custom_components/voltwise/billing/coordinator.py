"""The bill coordinator: every hour, prices the cycle so far and closes the cycle that ended.

The kWh come from the recorder's hourly statistics of the home's consumption source, read with
insight's reader (``insight.history``); the engine prices them at the rate in force when used.
Insight's forecasts (``forecasts``) give the incentive its basis and the projection its rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from homeassistant.util import dt as dt_util

from ..engine.billing.bill import (
    Bill,
    BillRecord,
    BillSettings,
    add_to_history,
    close_cycle,
    compute_bill,
    mark_paid,
)
from ..engine.billing.budget import BudgetStatus, budget_alerts, budget_status
from ..engine.billing.cycle import BillingCycle, cycle_containing
from ..engine.billing.energy import EnergySeries, price_series
from ..engine.billing.incentive import ForecastComparison, compare_with_forecast
from ..engine.billing.projection import ProjectionMethod, project_use
from ..engine.timegrid import FloatArray
from ..home.context import HomeContext, HourlyHomePartCoordinator
from ..insight.history import async_hourly_kwh, recorder_loaded
from .budget import async_tell_budget_alerts
from .forecasts import ForecastSource
from .statistics import async_record_bills
from .store import BillingStore

# After insight's refresh (half a minute past the hour), once the recorder compiled the hour.
REFRESH_SECOND = 45
_HOUR = timedelta(hours=1)
_FROM_FORECAST = (ProjectionMethod.FORECAST, ProjectionMethod.FORECAST_AND_MEAN)


@dataclass(frozen=True, slots=True)
class BillingState:
    """The cycle in progress, its bill so far and projected, and the last closed bill."""

    now: datetime
    cycle: BillingCycle
    so_far: Bill
    projected: Bill
    method: ProjectionMethod
    last: BillRecord | None
    budget: BudgetStatus | None = None
    # Where the forecast sensors' hours end (the projection's same-hour mean of them after).
    forecast_end: datetime | None = None


class BillingCoordinator(HourlyHomePartCoordinator[BillingState]):
    """One home's bills, refreshed at every hour and when a bill is marked paid."""

    refresh_second = REFRESH_SECOND

    def __init__(
        self,
        home: HomeContext,
        settings: BillSettings,
        store: BillingStore,
        statistic_ids: Callable[[], Sequence[str]],
        budget: float = 0.0,
        *,
        forecasts: ForecastSource,
    ) -> None:
        """Bill the statistics ``statistic_ids`` name against insight's ``forecasts``.

        A ``budget`` of 0 is none; the forecasts give the incentive its basis and the
        projection its rest.
        """
        super().__init__(home, f"{home.name} bill")
        self.settings = settings
        self.store = store
        self._statistic_ids = statistic_ids
        self.budget = budget
        self.forecasts = forecasts
        self._bills_recorded = False

    async def async_mark_paid(self, cycle_key: str | None) -> BillRecord:
        """Mark a closed bill paid (the latest without ``cycle_key``) and show it at once."""
        now = dt_util.utcnow()
        history = mark_paid(self.store.history, now, cycle_key)
        await self.store.async_save(history)
        await self.async_refresh()
        key = cycle_key or history[-1].bill.key
        return next(record for record in history if record.bill.key == key)

    async def _async_update_data(self) -> BillingState:
        """Price the cycle so far, project it, and store the previous cycle once it closed."""
        now = dt_util.utcnow()
        tz = self.home.time_zone
        plan = self.home.config.tariff
        cycle = cycle_containing(now, self.settings.reading_day, tz)
        previous = cycle.previous()
        first = previous.start.replace(minute=0, second=0, microsecond=0)
        current = now.replace(minute=0, second=0, microsecond=0)
        kwh = (
            await async_hourly_kwh(self.hass, self._statistic_ids(), first, current)
            if recorder_loaded(self.hass)
            else np.full(int((current - first) / _HOUR), np.nan)
        )
        series = EnergySeries.of(first, 60, kwh.tolist())
        stored = self.forecasts.stored_on(series.grid)
        if self._used_in(series, previous) and not any(
            record.bill.key == previous.key for record in self.store.history
        ):
            use = price_series(series, plan, tz, start=previous.start, end=previous.end)
            basis = self._compare(series, stored, previous.start, previous.end)
            record = close_cycle(self.settings, previous, use, comparison=basis)
            await self.store.async_save(add_to_history(self.store.history, record))
            self._bills_recorded = False
        if not self._bills_recorded:
            # At the first refresh too: bills closed before the statistic existed join it.
            await async_record_bills(self.home, self.store.history)
            self._bills_recorded = True
        # Statistics end at the current hour: the rest of the cycle is projected from there.
        actual = price_series(series, plan, tz, start=cycle.start, end=current)
        rest, forecast_end = self.forecasts.rest_of_cycle(current, cycle.end, tz)
        projection = project_use(cycle, current, actual, plan, tz, history=series, forecast=rest)
        # The rest is the forecast itself (or no forecast): only the hours so far can differ.
        basis = self._compare(series, stored, cycle.start, current)
        so_far = compute_bill(self.settings, cycle, actual, comparison=basis)
        projected = compute_bill(self.settings, cycle, projection.total, comparison=basis)
        return BillingState(
            now=now,
            cycle=cycle,
            so_far=so_far,
            projected=projected,
            method=projection.method,
            last=self.store.history[-1] if self.store.history else None,
            budget=await self._async_check_budget(cycle, so_far, projected),
            forecast_end=forecast_end if projection.method in _FROM_FORECAST else None,
        )

    def _compare(
        self, series: EnergySeries, stored: FloatArray, start: datetime, end: datetime
    ) -> ForecastComparison | None:
        """The incentive's basis over ``[start, end)``; None when no hour there had a forecast."""
        comparison = compare_with_forecast(
            series, stored, self.home.config.tariff, self.home.time_zone, start=start, end=end
        )
        return comparison if comparison.hours else None

    async def _async_check_budget(
        self, cycle: BillingCycle, so_far: Bill, projected: Bill
    ) -> BudgetStatus | None:
        """The budget against the bills; alerts newly reached are told once per cycle."""
        if self.budget <= 0:
            return None
        status = budget_status(self.budget, max(so_far.total, 0.0), max(projected.total, 0.0))
        state, alerts = budget_alerts(status, self.store.budget_alerts, cycle.key)
        if state != self.store.budget_alerts:
            await self.store.async_save_budget_alerts(state)
        if alerts:
            await async_tell_budget_alerts(self.home, cycle.key, alerts)
        return status

    @staticmethod
    def _used_in(series: EnergySeries, cycle: BillingCycle) -> bool:
        """Whether any hour of ``cycle`` has data (a home set up since has no bill for it)."""
        edges = series.step_starts()
        inside = (edges[1:] > cycle.start.timestamp()) & (edges[:-1] < cycle.end.timestamp())
        return bool(np.any(inside & ~np.isnan(series.kwh)))
