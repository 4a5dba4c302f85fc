"""Each appliance's limit for limit_power: how far the autopilot reduces it.

Only appliances with a power level (virtual ones, lights, fans, numbers, climate) can be limited,
so only they get one: a climate appliance's limit is degrees its target temperature moves the
saving way (up when cooling, down when heating), anything else keeps a percentage of full power.
"""

from __future__ import annotations

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.const import PERCENTAGE, EntityCategory, Platform
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity

from ..appliances.config import CLIMATE_DOMAIN
from ..const import DOMAIN
from .controller import Autopilot
from .setting_entity import ApplianceSetting, shiftable
from .settings import (
    CONF_LIMIT_DEGREES,
    CONF_LIMIT_PERCENT,
    MAX_LIMIT_DEGREES,
    MAX_LIMIT_PERCENT,
    MIN_LIMIT_DEGREES,
    MIN_LIMIT_PERCENT,
)

LIMIT_PERCENT = NumberEntityDescription(
    key="limit_percent",
    translation_key="limit_percent",
    entity_category=EntityCategory.CONFIG,
    native_min_value=MIN_LIMIT_PERCENT,
    native_max_value=MAX_LIMIT_PERCENT,
    native_step=5,
    native_unit_of_measurement=PERCENTAGE,
    mode=NumberMode.SLIDER,
)
LIMIT_DEGREES = NumberEntityDescription(
    key="limit_degrees",
    translation_key="limit_degrees",
    entity_category=EntityCategory.CONFIG,
    native_min_value=MIN_LIMIT_DEGREES,
    native_max_value=MAX_LIMIT_DEGREES,
    native_step=0.5,
    mode=NumberMode.BOX,
)


class LimitPercentNumber(ApplianceSetting, NumberEntity):
    """How far limit_power reduces the appliance (percent of full power it keeps)."""

    @property
    def native_value(self) -> float:
        """The stored limit."""
        return self.settings.limit_percent

    async def async_set_native_value(self, value: float) -> None:
        """Store it (Home Assistant keeps the value within the entity's range)."""
        self._update(**{CONF_LIMIT_PERCENT: float(value)})


class LimitDegreesNumber(ApplianceSetting, NumberEntity):
    """How many degrees limit_power moves a climate appliance's target the saving way.

    A difference of temperatures in Home Assistant's unit (no temperature device class: that
    would convert it as a temperature).
    """

    async def async_added_to_hass(self) -> None:
        """The unit is the one climate targets are shown in."""
        self._attr_native_unit_of_measurement = self.hass.config.units.temperature_unit
        await super().async_added_to_hass()

    @property
    def native_value(self) -> float:
        """The stored limit."""
        return self.settings.limit_degrees

    async def async_set_native_value(self, value: float) -> None:
        """Store it (Home Assistant keeps the value within the entity's range)."""
        self._update(**{CONF_LIMIT_DEGREES: float(value)})


def limit_numbers(autopilot: Autopilot) -> dict[str, list[Entity]]:
    """The limit of each shiftable appliance that can be limited, by subentry.

    A climate appliance's percentage limit from before it was limited by degrees is removed
    from the registry rather than left unavailable.
    """
    numbers: dict[str, list[Entity]] = {}
    registry = er.async_get(autopilot.hass)
    for appliance_id, coordinator in shiftable(autopilot):
        if not coordinator.supports_level:
            continue
        if coordinator.appliance.level_domain != CLIMATE_DOMAIN:
            numbers[appliance_id] = [LimitPercentNumber(autopilot, LIMIT_PERCENT, coordinator)]
            continue
        numbers[appliance_id] = [LimitDegreesNumber(autopilot, LIMIT_DEGREES, coordinator)]
        stale = f"{autopilot.config_entry.entry_id}_{appliance_id}_{LIMIT_PERCENT.key}"
        if entity_id := registry.async_get_entity_id(Platform.NUMBER, DOMAIN, stale):
            registry.async_remove(entity_id)
    return numbers
