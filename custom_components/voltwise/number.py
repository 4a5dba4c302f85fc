"""Numbers of a VoltWise home: the penalty threshold and the custom cost weight."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import VoltWiseHomeEntity
from .runtime import VoltWiseConfigEntry

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SettingNumberDescription(NumberEntityDescription):
    """A number backed by one of the home's stored settings."""

    setting: str


HOME_NUMBERS: tuple[SettingNumberDescription, ...] = (
    SettingNumberDescription(
        key="penalty_threshold",
        translation_key="penalty_threshold",
        entity_category=EntityCategory.CONFIG,
        native_min_value=0.0,
        native_max_value=1.0,
        native_step=0.05,
        mode=NumberMode.SLIDER,
        setting="threshold",
    ),
    SettingNumberDescription(
        key="custom_cost_weight",
        translation_key="custom_cost_weight",
        entity_category=EntityCategory.CONFIG,
        native_min_value=0.0,
        native_max_value=1.0,
        native_step=0.05,
        mode=NumberMode.SLIDER,
        setting="custom_cost_weight",
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's setting numbers."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(SettingNumber(coordinator, description) for description in HOME_NUMBERS)


class SettingNumber(VoltWiseHomeEntity, NumberEntity):
    """Reads and writes one stored setting."""

    entity_description: SettingNumberDescription

    @property
    def native_value(self) -> float:
        """The stored value."""
        value: float = self.coordinator.settings_store.data[self.entity_description.setting]  # type: ignore[literal-required]
        return value

    async def async_set_native_value(self, value: float) -> None:
        """Save the value and recompute the home with it."""
        await self.coordinator.async_update_settings(**{self.entity_description.setting: value})
