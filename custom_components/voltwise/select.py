"""The home's strategy: how it trades money against carbon."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .engine.penalty import Strategy
from .entity import VoltWiseHomeEntity
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
    """Add the strategy select."""
    async_add_entities([StrategySelect(entry.runtime_data.coordinator, STRATEGY)])


class StrategySelect(VoltWiseHomeEntity, SelectEntity):
    """Balanced, max savings, eco mode or custom weights."""

    @property
    def current_option(self) -> str:
        """The strategy in force."""
        return self.coordinator.settings.strategy.value

    async def async_select_option(self, option: str) -> None:
        """Switch strategy; penalties and windows follow at once."""
        await self.coordinator.async_update_settings(strategy=Strategy(option).value)
