"""Each appliance's limit for limit_power: the percentage of full power the autopilot allows.

Only appliances with a power level (virtual ones, lights, fans) can be limited, so only they get it.
"""

from __future__ import annotations

from homeassistant.components.number import NumberEntity, NumberEntityDescription, NumberMode
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.helpers.entity import Entity

from .controller import Autopilot
from .setting_entity import ApplianceSetting, shiftable
from .settings import CONF_LIMIT_PERCENT, MAX_LIMIT_PERCENT, MIN_LIMIT_PERCENT

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


class LimitPercentNumber(ApplianceSetting, NumberEntity):
    """How far limit_power reduces the appliance."""

    @property
    def native_value(self) -> float:
        """The stored limit."""
        return self.settings.limit_percent

    async def async_set_native_value(self, value: float) -> None:
        """Store it (Home Assistant keeps the value within the entity's range)."""
        self._update(**{CONF_LIMIT_PERCENT: float(value)})


def limit_numbers(autopilot: Autopilot) -> dict[str, list[Entity]]:
    """The limit of each shiftable appliance that can be limited, by subentry."""
    return {
        appliance_id: [LimitPercentNumber(autopilot, LIMIT_PERCENT, coordinator)]
        for appliance_id, coordinator in shiftable(autopilot)
        if coordinator.supports_level
    }
