"""A home's appliances: built from its subentries, kept in step with tariff changes and days.

The manager owns each appliance's coordinator and backend, the control pipeline and the store.
Meters are ticked at every tariff or carbon transition (just before the home's price changes)
and at local midnight, so energy is priced at the rate in force and "today" restarts on time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.core import CALLBACK_TYPE, HassJob, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..engine.metering import next_local_midnight
from ..home.context import HomeContext
from .backends import create_backend
from .config import SUBENTRY_APPLIANCE, parse_appliance
from .coordinator import ApplianceCoordinator
from .model import ActionSource, ApplianceAction
from .pipeline import ControlPipeline
from .store import ApplianceStore, ApplianceStoreData


@dataclass(frozen=True, slots=True)
class HomeTotals:
    """Sums over a home's appliances (home-level sensors)."""

    power_w: float
    today_kwh: float
    today_cost: float
    today_co2_kg: float


def finite_sum(values: Iterable[float]) -> float:
    """The sum of the finite values: one broken value must never break the home's sensors.

    The runtime's gate and the meter keep every value finite and bounded; this holds even if
    they did not.
    """
    return sum(value for value in values if math.isfinite(value))


class ApplianceManager:
    """Everything a home's appliances need at run time."""

    def __init__(self, home: HomeContext) -> None:
        """Nothing runs until async_setup."""
        self._home = home
        self.store = ApplianceStore(home.hass, home.entry_id)
        self.appliances: dict[str, ApplianceCoordinator] = {}
        self.pipeline = ControlPipeline(
            home.hass, home.entry_id, home.name, self.appliances, self._schedule_save
        )
        self._loaded: ApplianceStoreData | None = None
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._unsub_midnight: CALLBACK_TYPE | None = None
        self._midnight_job = HassJob(self._handle_midnight, cancel_on_shutdown=True)

    async def async_setup(self) -> None:
        """Build every appliance, start its backend and show its first state.

        The manager's teardown is registered with the home's entry first, so a setup that fails
        later leaves no hook, timer or unsaved meter behind (each appliance's coordinator shuts
        itself down with the entry).
        """
        entry = self._home.entry
        entry.async_on_unload(self.async_unload)
        saved = self._loaded = await self.store.async_load()
        self.pipeline.restore(saved["actions"])
        for subentry in entry.subentries.values():
            if subentry.subentry_type != SUBENTRY_APPLIANCE:
                continue
            appliance = parse_appliance(subentry.subentry_id, subentry.title, subentry.data)
            previous = saved["appliances"].get(subentry.subentry_id)
            backend = create_backend(
                self._home.hass, appliance, initially_on=bool(previous and previous["is_on"])
            )
            self.appliances[appliance.appliance_id] = ApplianceCoordinator(
                self._home,
                appliance,
                backend,
                previous,
                actions=self.pipeline.async_execute,
                on_external_change=self._handle_external_change,
                on_persist=self._schedule_save,
            )
        for coordinator in self.appliances.values():
            await coordinator.async_config_entry_first_refresh()
        if self.appliances:
            self._unsubscribers.append(self._home.state.async_add_price_change_hook(self.tick))
            self._arm_midnight()

    async def async_unload(self) -> None:
        """Stop following the home, account energy up to now, and save."""
        while self._unsubscribers:
            self._unsubscribers.pop()()
        if self._unsub_midnight is not None:
            self._unsub_midnight()
            self._unsub_midnight = None
        if self._loaded is None:
            return  # nothing was loaded, so nothing may be overwritten
        now = dt_util.utcnow()
        for coordinator in self.appliances.values():
            coordinator.account(now)
        await self.store.async_save(self._collect())

    def totals(self) -> HomeTotals:
        """Power now and today's energy, cost and CO2 over all appliances (always finite).

        A meter on the home's mains is not one of them: it already holds all the others.
        """
        today = dt_util.now(self._home.time_zone).date()
        counted = [c for c in self.appliances.values() if not c.appliance.whole_home]
        current = [c.meter for c in counted if c.meter.day == today]
        return HomeTotals(
            power_w=finite_sum(coordinator.power_w for coordinator in counted),
            today_kwh=finite_sum(meter.today_kwh for meter in current),
            today_cost=finite_sum(meter.today_cost for meter in current),
            today_co2_kg=finite_sum(meter.today_co2_kg for meter in current),
        )

    @callback
    def tick(self, now: datetime) -> None:
        """Account every appliance's energy up to ``now`` at the price in force."""
        for coordinator in self.appliances.values():
            coordinator.tick(now)

    @callback
    def _handle_external_change(
        self, coordinator: ApplianceCoordinator, action: ApplianceAction, source: ActionSource
    ) -> None:
        self.pipeline.record_external(coordinator, action, source)

    @callback
    def _arm_midnight(self) -> None:
        when = next_local_midnight(dt_util.utcnow(), self._home.time_zone)
        self._unsub_midnight = async_track_point_in_utc_time(
            self._home.hass, self._midnight_job, when
        )

    @callback
    def _handle_midnight(self, now: datetime) -> None:
        LOGGER.debug("%s: a new day for the appliances' totals", self._home.name)
        self.tick(now)
        self._arm_midnight()

    @callback
    def _schedule_save(self) -> None:
        self.store.async_schedule_save(self._collect)

    def _collect(self) -> ApplianceStoreData:
        """What to save: every appliance's state, and the saved state of those not built.

        An appliance of the home that was not built (setup stopped early) keeps what it had;
        one removed from the home is forgotten.
        """
        kept = {
            subentry_id: saved
            for subentry_id, saved in (self._loaded or {"appliances": {}})["appliances"].items()
            if subentry_id in self._home.entry.subentries
        }
        return ApplianceStoreData(
            appliances={
                **kept,
                **{
                    appliance_id: coordinator.saved()
                    for appliance_id, coordinator in self.appliances.items()
                },
            },
            actions=[record.as_dict() for record in self.pipeline.actions],
        )
