"""A prepaid home's balance: recharges, every hour's use charged at the rate in force plus duty.

The use is the bill's: the recorder's hourly statistics of the home's consumption source. The
balance is charged up to the last hour the statistics hold (``charged_until``) and stored at
once, so a restart neither charges an hour twice nor forgets one, and an alert told is never
told again. Until the first top-up the balance is not known: nothing is charged or alerted.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeGuard

import numpy as np
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..engine.billing.energy import EnergySeries, EnergyUse, price_series
from ..engine.billing.prepaid import (
    PrepaidState,
    average_daily_cost,
    consume,
    consumption_charge,
    prepaid_alerts,
    run_out_at,
    top_up,
)
from ..home.context import HomeContext, HourlyHomePartCoordinator
from ..insight.history import async_hourly_kwh, recorder_loaded
from .alert_options import PrepaidOptions
from .prepaid_alerts import async_tell_prepaid_alert

STORAGE_VERSION = 1
# After the recorder compiled the hour, as the bill refreshes.
REFRESH_SECOND = 45
AVERAGE_DAYS = 14
# A day with fewer hours of statistics than this is left out of the average.
MIN_HOURS_FOR_A_DAY = 20
_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PrepaidView:
    """What the balance sensor shows."""

    state: PrepaidState
    last_top_up_amount: float | None
    average_daily_cost: float | None
    average_daily_kwh: float | None
    threshold: float | None
    run_out_at: datetime | None

    @property
    def known(self) -> bool:
        """Whether the balance is known (it has had a top-up)."""
        return self.state.top_ups > 0


class PrepaidStore:
    """The balance, up to when it is charged, and the last top-up, kept across restarts."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Name the store after the home."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.prepaid"
        )
        self.state = PrepaidState()
        self.charged_until: datetime | None = None
        self.last_top_up_amount: float | None = None

    async def async_load(self) -> None:
        """Read the record; a damaged one starts over (the user enters the balance again)."""
        loaded = await self._store.async_load() or {}
        self.state = PrepaidState.from_dict(loaded.get("state")) or PrepaidState()
        self.charged_until = _instant(loaded.get("charged_until"))
        amount = loaded.get("last_top_up_amount")
        self.last_top_up_amount = float(amount) if _is_amount(amount) else None

    async def async_save(self) -> None:
        """Write the record as it is now."""
        await self._store.async_save(
            {
                "state": self.state.as_dict(),
                "charged_until": None
                if self.charged_until is None
                else self.charged_until.isoformat(),
                "last_top_up_amount": self.last_top_up_amount,
            }
        )

    async def async_remove(self) -> None:
        """Delete the home's prepaid record."""
        await self._store.async_remove()


def _is_amount(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _instant(raw: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    return when if when is not None and when.utcoffset() is not None else None


def _hour(when: datetime) -> datetime:
    return when.replace(minute=0, second=0, microsecond=0)


class PrepaidMeter(HourlyHomePartCoordinator[PrepaidView]):
    """One prepaid home's balance, refreshed every hour and at each top-up."""

    refresh_second = REFRESH_SECOND

    def __init__(
        self,
        home: HomeContext,
        options: PrepaidOptions,
        duty_percent: float,
        statistic_ids: Callable[[], Sequence[str]],
    ) -> None:
        """``statistic_ids`` name the statistics holding the home's consumption (the bill's)."""
        super().__init__(home, f"{home.name} prepaid balance")
        self.options = options
        self.duty_percent = duty_percent
        self.store = PrepaidStore(home.hass, home.entry_id)
        self._statistic_ids = statistic_ids
        self._lock = asyncio.Lock()  # a top-up never races an hour's charge

    async def async_top_up(self, amount: float, at: datetime) -> None:
        """Add a recharge made at ``at``; the first one starts the charging from then."""
        async with self._lock:
            store = self.store
            store.state = top_up(store.state, amount, at)
            store.last_top_up_amount = amount
            if store.charged_until is None:
                store.charged_until = at
            await store.async_save()
        await self.async_refresh()

    async def _async_update_data(self) -> PrepaidView:
        """Charge the hours the statistics now hold, then tell the alerts newly due."""
        async with self._lock:
            now = dt_util.utcnow()
            current = _hour(now)
            store = self.store
            window_start = current - AVERAGE_DAYS * _DAY
            first = window_start
            if store.charged_until is not None:
                first = min(first, _hour(store.charged_until))
            series = await self._async_read(first, current)
            if store.state.top_ups > 0 and store.charged_until is not None:
                self._charge(series, store.charged_until)
            cost, kwh = self._averages(series, window_start)
            threshold = self.options.threshold(cost)
            alerts: tuple[Any, ...] = ()
            if store.state.top_ups > 0:
                store.state, alerts = prepaid_alerts(store.state, threshold, now, cost)
            await store.async_save()
        for alert in alerts:
            await async_tell_prepaid_alert(self.home, alert)
        return PrepaidView(
            state=store.state,
            last_top_up_amount=store.last_top_up_amount,
            average_daily_cost=cost,
            average_daily_kwh=kwh,
            threshold=threshold,
            run_out_at=run_out_at(store.state.balance, cost, now)
            if store.state.top_ups > 0
            else None,
        )

    async def _async_read(self, first: datetime, current: datetime) -> EnergySeries:
        kwh = (
            await async_hourly_kwh(self.hass, self._statistic_ids(), first, current)
            if recorder_loaded(self.hass)
            else np.full(int((current - first) / _HOUR), np.nan)
        )
        return EnergySeries.of(first, 60, kwh.tolist())

    def _price(self, series: EnergySeries, start: datetime, end: datetime) -> EnergyUse:
        plan, tz = self.home.config.tariff, self.home.time_zone
        return price_series(series, plan, tz, start=start, end=end)

    def _with_duty(self, use: EnergyUse) -> float:
        """What a use costs a prepaid meter: each slot's kWh at its rate, plus duty."""
        return math.fsum(
            consumption_charge(part.kwh, part.cost / part.kwh, self.duty_percent)
            for part in use.by_kind.values()
            if part.kwh > 0
        )

    def _charge(self, series: EnergySeries, charged_until: datetime) -> None:
        """Charge from ``charged_until`` to the end of the last hour with statistics."""
        store = self.store
        known = np.flatnonzero(~np.isnan(series.kwh))
        if known.size == 0:
            return
        # Hours after the last known one may not be compiled yet: they wait for the next refresh.
        end = series.grid.start + int(known[-1] + 1) * _HOUR
        if end <= charged_until:
            return
        charge = self._with_duty(self._price(series, charged_until, end))
        store.state = consume(store.state, charge)
        store.charged_until = end

    def _averages(
        self, series: EnergySeries, window_start: datetime
    ) -> tuple[float | None, float | None]:
        """The average daily cost (duty included) and kWh of the last days with statistics."""
        costs: list[float] = []
        energies: list[float] = []
        offset = int((window_start - series.grid.start) / _HOUR)
        for day in range(AVERAGE_DAYS):
            hours = series.kwh[offset + day * 24 : offset + (day + 1) * 24]
            if np.count_nonzero(~np.isnan(hours)) < MIN_HOURS_FOR_A_DAY:
                continue
            start = window_start + day * _DAY
            costs.append(self._with_duty(self._price(series, start, start + _DAY)))
            energies.append(float(np.nansum(hours)))
        return average_daily_cost(costs), average_daily_cost(energies)

    def diagnostics(self) -> dict[str, Any]:
        """What the diagnostics download shows of the balance (no secrets in it)."""
        data = self.data
        return {
            "state": self.store.state.as_dict(),
            "charged_until": None
            if self.store.charged_until is None
            else self.store.charged_until.isoformat(),
            "last_top_up_amount": self.store.last_top_up_amount,
            "average_daily_cost": None if data is None else data.average_daily_cost,
            "low_balance_threshold": None if data is None else data.threshold,
            "run_out_at": None
            if data is None or data.run_out_at is None
            else data.run_out_at.isoformat(),
        }
