"""Selects: the home's strategy, each plant's collection, each appliance's autopilot action."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .autopilot.select import preferred_action_selects
from .engine.penalty import Strategy
from .entity import VoltWiseHomeEntity, VoltWisePlantEntity
from .runtime import VoltWiseConfigEntry

# Changing a setting saves it and recomputes the home; one at a time.
PARALLEL_UPDATES = 1

STRATEGY = SelectEntityDescription(
    key="strategy",
    translation_key="strategy",
    entity_category=EntityCategory.CONFIG,
    options=[strategy.value for strategy in Strategy],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the strategy select and each plant's collection select."""
    async_add_entities([StrategySelect(entry.runtime_data.coordinator, STRATEGY)])
    autopilot = preferred_action_selects(entry.runtime_data.autopilot)
    for appliance_id, entities in autopilot.items():
        async_add_entities(entities, config_subentry_id=appliance_id)
    for plant_id, plant in entry.runtime_data.plants.plants.items():
        async_add_entities(
            [ActiveCollectionSelect(plant, ACTIVE_COLLECTION)], config_subentry_id=plant_id
        )


class StrategySelect(VoltWiseHomeEntity, SelectEntity):
    """Balanced, max savings, eco mode or custom weights."""

    @property
    def current_option(self) -> str:
        """The strategy in force."""
        return self.coordinator.settings.strategy.value

    async def async_select_option(self, option: str) -> None:
        """Switch strategy; penalties and windows follow at once."""
        await self.coordinator.async_update_settings(strategy=Strategy(option).value)


ACTIVE_COLLECTION = SelectEntityDescription(
    key="active_collection",
    translation_key="active_collection",
    entity_category=EntityCategory.CONFIG,
)


class ActiveCollectionSelect(VoltWisePlantEntity, SelectEntity):
    """Which schedule collection (e.g. "Default", "Holiday") the plant follows."""

    @property
    def options(self) -> list[str]:
        """The plan's collections, by name."""
        return [collection.name for collection in self.coordinator.data.plan.collections]

    @property
    def current_option(self) -> str:
        """The active collection."""
        return self.coordinator.data.plan.active_collection.name

    async def async_select_option(self, option: str) -> None:
        """Follow another collection from now on (applied at once if values change)."""
        await self.coordinator.async_activate_collection(option)
