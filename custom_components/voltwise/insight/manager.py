"""A home's insight: its consumption source, the simulated meter if chosen, the coordinator."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from homeassistant.const import Platform
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance

from ..const import DOMAIN
from ..home.context import HomeContext
from .anomalies import AnomalyTracker
from .appliance_watch import ApplianceWatch
from .config import ConsumptionSource, InsightConfig
from .coordinator import InsightCoordinator
from .history import recorder_loaded
from .simulated import SimulatedMeter
from .store import InsightStore

SIMULATED_ENERGY_KEY = "simulated_energy"
APPLIANCE_ENERGY_KEY = "energy"
APPLIANCE_POWER_KEY = "power"


class InsightManager:
    """Starts the home's insight parts and says which statistics hold its consumption."""

    def __init__(
        self,
        home: HomeContext,
        config: InsightConfig,
        appliance_ids: Iterable[str],
        metered: Mapping[str, str] | None = None,
    ) -> None:
        """Nothing runs until ``async_setup``; ``metered`` names the appliances measuring power."""
        self.home = home
        self.config = config
        self._appliance_ids = tuple(appliance_ids)
        self._metered = dict(metered or {})
        self.store = InsightStore(home.hass, home.entry_id)
        self.simulated = (
            SimulatedMeter(home, self.store)
            if config.source is ConsumptionSource.SIMULATED
            else None
        )
        self.anomalies = AnomalyTracker(home, self.store, config.anomaly)
        self.anomalies.appliance_names.update(self._metered)
        self.coordinator = InsightCoordinator(
            home,
            config,
            self.store,
            self.anomalies,
            statistic_ids=self.statistic_ids,
            appliance_ids=self.appliance_statistic_ids,
        )
        self.appliance_watch = ApplianceWatch(
            home,
            self.store,
            self.anomalies,
            self.metered_power_sensors,
            self.coordinator.async_update_listeners,
        )

    def metered_power_sensors(self) -> dict[str, str]:
        """The power sensors of the appliances whose backend measures power."""
        found = {
            appliance: self._entity_id(appliance, APPLIANCE_POWER_KEY)
            for appliance in self._metered
        }
        return {appliance: entity for appliance, entity in found.items() if entity is not None}

    async def async_setup(self) -> None:
        """Load the store and start the simulated meter (before the entities are added)."""
        await self.store.async_load()
        if self.simulated is not None:
            await self.simulated.async_start()

    async def async_start(self) -> None:
        """After the entities exist: import the demo's year once, then refresh every hour."""
        statistic_id = self._simulated_statistic_id()
        if (
            recorder_loaded(self.home.hass)
            and self.simulated is not None
            and statistic_id is not None
            and await self.simulated.async_import_history(statistic_id)
        ):
            # Wait for the recorder to write the import, so the first read sees it.
            await get_instance(self.home.hass).async_block_till_done()
        await self.coordinator.async_refresh()
        self.coordinator.async_start_hourly()
        self.appliance_watch.async_start()

    async def async_acknowledge(self, anomaly_id: str | None) -> list[str]:
        """Acknowledge an open anomaly (all with None) and show it at once."""
        acknowledged = await self.anomalies.async_acknowledge(anomaly_id)
        self.coordinator.async_update_listeners()
        return acknowledged

    def _entity_id(self, owner: str, key: str) -> str | None:
        registry = er.async_get(self.home.hass)
        unique_id = f"{self.home.entry_id}_{owner}_{key}"
        return registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)

    def _simulated_statistic_id(self) -> str | None:
        return self._entity_id("home", SIMULATED_ENERGY_KEY)

    def appliance_statistic_ids(self) -> list[str]:
        """The appliances' energy sensors (their statistics are the appliances' consumption)."""
        found = (
            self._entity_id(appliance, APPLIANCE_ENERGY_KEY) for appliance in self._appliance_ids
        )
        return [entity_id for entity_id in found if entity_id is not None]

    def statistic_ids(self) -> list[str]:
        """The statistics that hold the home's consumption, per its source."""
        source = self.config.source
        if source is ConsumptionSource.SIMULATED:
            simulated = self._simulated_statistic_id()
            return [simulated] if simulated else []
        if source is ConsumptionSource.APPLIANCES:
            return self.appliance_statistic_ids()
        return [self.config.meter] if self.config.meter else []

    def diagnostics(self) -> dict[str, Any]:
        """What the diagnostics download shows of the home's insight."""
        data = self.coordinator.data
        return {
            "source": self.config.source.value,
            "meter": self.config.meter,
            "statistic_ids": self.statistic_ids(),
            "stored_forecast_days": sorted(day.isoformat() for day in self.store.forecasts()),
            "history_hours": data.history_hours if data else None,
            "usable_hours": data.usable_hours if data else None,
            "reason": data.reason if data else None,
            "scores": {period.value: score for period, score in self.coordinator.scores().items()},
            "open_anomalies": self.anomalies.open,
            "acknowledged_anomalies": self.anomalies.history,
            "appliance_profiles": self.appliance_watch.profiles(),
            "simulated_reference": (
                self.simulated.reference.isoformat() if self.simulated is not None else None
            ),
        }
