"""Binary sensors of a VoltWise home: peak now, clean-energy window, best time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .engine.home_state import HomeState
from .entity import VoltWiseApplianceEntity, VoltWiseHomeEntity
from .runtime import VoltWiseConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HomeBinarySensorDescription(BinarySensorEntityDescription):
    """A home binary sensor: whether it is on, from the home's state."""

    is_on_fn: Callable[[HomeState], bool]


HOME_BINARY_SENSORS: tuple[HomeBinarySensorDescription, ...] = (
    HomeBinarySensorDescription(
        key="peak",
        translation_key="peak",
        is_on_fn=lambda state: state.peak,
    ),
    HomeBinarySensorDescription(
        key="clean_energy_window",
        translation_key="clean_energy_window",
        is_on_fn=lambda state: state.clean,
    ),
    HomeBinarySensorDescription(
        key="best_time",
        translation_key="best_time",
        is_on_fn=lambda state: state.best_time,
    ),
)


ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's binary sensors and each appliance's online sensor."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        HomeBinarySensor(coordinator, description) for description in HOME_BINARY_SENSORS
    )
    for appliance_id, appliance in entry.runtime_data.appliances.appliances.items():
        async_add_entities(
            [ApplianceOnlineSensor(appliance, ONLINE)], config_subentry_id=appliance_id
        )


class HomeBinarySensor(VoltWiseHomeEntity, BinarySensorEntity):
    """On or off as a function of the home's snapshot."""

    entity_description: HomeBinarySensorDescription

    @property
    def is_on(self) -> bool:
        """Whether the condition holds now."""
        return self.entity_description.is_on_fn(self.coordinator.data)


class ApplianceOnlineSensor(VoltWiseApplianceEntity, BinarySensorEntity):
    """Whether the appliance's device answers (diagnostic)."""

    _available_when_offline = True

    @property
    def is_on(self) -> bool:
        """On while the device is reachable."""
        return self.coordinator.data.online
