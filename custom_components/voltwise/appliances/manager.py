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

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..engine.metering import Price, next_local_midnight
from ..home.config import HomeConfig
from ..home.coordinator import HomeCoordinator
from ..runtime import VoltWiseConfigEntry
from .backends import create_backend
from .config import SUBENTRY_APPLIANCE, parse_appliance
from .model import ActionSource, ApplianceAction
from .pipeline import ControlPipeline
from .runtime import ApplianceCoordinator
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

    def __init__(
        self,
        hass: HomeAssistant,
        entry: VoltWiseConfigEntry,
        home: HomeConfig,
        home_coordinator: HomeCoordinator,
    ) -> None:
        """Nothing runs until async_setup."""
        self._hass = hass
        self._entry = entry
        self._home = home
        self._home_coordinator = home_coordinator
        self.store = ApplianceStore(hass, entry.entry_id)
        self.appliances: dict[str, ApplianceCoordinator] = {}
        self.pipeline = ControlPipeline(
            hass, entry.entry_id, home.name, self.appliances, self._schedule_save
        )
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._unsub_midnight: CALLBACK_TYPE | None = None
        self._midnight_job = HassJob(self._handle_midnight, cancel_on_shutdown=True)

    async def async_setup(self) -> None:
        """Build every appliance, start its backend and show its first state."""
        saved = await self.store.async_load()
        self.pipeline.restore(saved["actions"])
        for subentry in self._entry.subentries.values():
            if subentry.subentry_type != SUBENTRY_APPLIANCE:
                continue
            appliance = parse_appliance(subentry.subentry_id, subentry.title, subentry.data)
            previous = saved["appliances"].get(subentry.subentry_id)
            backend = create_backend(
                self._hass, appliance, initially_on=bool(previous and previous["is_on"])
            )
            self.appliances[appliance.appliance_id] = ApplianceCoordinator(
                self._hass,
                self._entry,
                appliance,
                backend,
                previous,
                tz=self._home.time_zone,
                price=self.price,
                on_external_change=self._handle_external_change,
                on_persist=self._schedule_save,
            )
        for coordinator in self.appliances.values():
            await coordinator.async_config_entry_first_refresh()
        if self.appliances:
            self._unsubscribers.append(
                self._home_coordinator.async_add_price_change_hook(self.tick)
            )
            self._arm_midnight()

    async def async_unload(self) -> None:
        """Stop every backend, account energy up to now, and save."""
        while self._unsubscribers:
            self._unsubscribers.pop()()
        if self._unsub_midnight is not None:
            self._unsub_midnight()
            self._unsub_midnight = None
        for coordinator in self.appliances.values():
            await coordinator.async_shutdown()
        await self.store.async_save(self._collect())

    def price(self) -> Price:
        """The rate and intensity in force now (the home's current state)."""
        state = self._home_coordinator.data
        return Price(rate=state.rate, intensity=state.intensity)

    def totals(self) -> HomeTotals:
        """Power now and today's energy, cost and CO2 over all appliances (always finite)."""
        today = dt_util.now(self._home.time_zone).date()
        meters = [coordinator.meter for coordinator in self.appliances.values()]
        current = [meter for meter in meters if meter.day == today]
        return HomeTotals(
            power_w=finite_sum(coordinator.power_w for coordinator in self.appliances.values()),
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
        self._unsub_midnight = async_track_point_in_utc_time(self._hass, self._midnight_job, when)

    @callback
    def _handle_midnight(self, now: datetime) -> None:
        LOGGER.debug("%s: a new day for the appliances' totals", self._home.name)
        self.tick(now)
        self._arm_midnight()

    @callback
    def _schedule_save(self) -> None:
        self.store.async_schedule_save(self._collect)

    def _collect(self) -> ApplianceStoreData:
        return ApplianceStoreData(
            appliances={
                appliance_id: coordinator.saved()
                for appliance_id, coordinator in self.appliances.items()
            },
            actions=[record.as_dict() for record in self.pipeline.actions],
        )
