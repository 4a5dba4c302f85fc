"""Numbers: a home's penalty threshold and custom cost weight; a plant's default peak shaving."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .autopilot.number import limit_numbers
from .engine.plant.model import PEAK_SHAVING_STEP_W, whole_or_raw
from .entity import VoltWiseHomeEntity, VoltWisePlantEntity
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
    """Add the home's setting numbers and each plant's default peak-shaving limit."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(SettingNumber(coordinator, description) for description in HOME_NUMBERS)
    for appliance_id, entities in limit_numbers(entry.runtime_data.autopilot).items():
        async_add_entities(entities, config_subentry_id=appliance_id)
    for plant_id, plant in entry.runtime_data.plants.plants.items():
        async_add_entities(
            [DefaultPeakShavingNumber(plant, DEFAULT_PEAK_SHAVING)], config_subentry_id=plant_id
        )


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


DEFAULT_PEAK_SHAVING = NumberEntityDescription(
    key="default_peak_shaving",
    translation_key="default_peak_shaving",
    entity_category=EntityCategory.CONFIG,
    native_unit_of_measurement=UnitOfPower.WATT,
    native_step=PEAK_SHAVING_STEP_W,
    mode=NumberMode.BOX,
)


class DefaultPeakShavingNumber(VoltWisePlantEntity, NumberEntity):
    """The limit a plant applies where no schedule does (its plan's default)."""

    @property
    def native_value(self) -> float:
        """The plan's default."""
        return self.coordinator.data.plan.defaults.peak_shaving_w

    @property
    def native_min_value(self) -> float:
        """The plant's lower bound."""
        return self.coordinator.data.plan.bounds.min_w

    @property
    def native_max_value(self) -> float:
        """The plant's upper bound."""
        return self.coordinator.data.plan.bounds.max_w

    async def async_set_native_value(self, value: float) -> None:
        """Save the new default; the plant applies it at once if it is in force."""
        await self.coordinator.async_set_defaults(peak_shaving_w=whole_or_raw(value))
