"""Binary sensors: a home's peak, clean window and best time; appliances online; plant states."""

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
from .entity import VoltWiseApplianceEntity, VoltWiseHomeEntity, VoltWisePlantEntity
from .insight.binary_sensor import insight_binary_sensors
from .plant.coordinator import PlantSnapshot
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
    async_add_entities(insight_binary_sensors(entry.runtime_data.insight))
    for appliance_id, appliance in entry.runtime_data.appliances.appliances.items():
        async_add_entities(
            [ApplianceOnlineSensor(appliance, ONLINE)], config_subentry_id=appliance_id
        )
    for plant_id, plant in entry.runtime_data.plants.plants.items():
        async_add_entities(
            (PlantBinarySensor(plant, description) for description in PLANT_BINARY_SENSORS),
            config_subentry_id=plant_id,
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


@dataclass(frozen=True, kw_only=True)
class PlantBinarySensorDescription(BinarySensorEntityDescription):
    """A plant binary sensor (``None``: not known yet)."""

    is_on_fn: Callable[[PlantSnapshot], bool | None]


PLANT_BINARY_SENSORS: tuple[PlantBinarySensorDescription, ...] = (
    PlantBinarySensorDescription(
        key="grid_charging",
        translation_key="grid_charging",
        is_on_fn=lambda snapshot: snapshot.resolution.grid_charging_allowed,
    ),
    PlantBinarySensorDescription(
        key="applied_grid_charging",
        translation_key="applied_grid_charging",
        is_on_fn=lambda snapshot: snapshot.applied.grid_charging_allowed,
    ),
    PlantBinarySensorDescription(
        key="override",
        translation_key="override",
        is_on_fn=lambda snapshot: snapshot.resolution.override is not None,
    ),
)


class PlantBinarySensor(VoltWisePlantEntity, BinarySensorEntity):
    """Desired or applied grid charging, or whether an override is active."""

    entity_description: PlantBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """On, off, or unknown before the first apply."""
        return self.entity_description.is_on_fn(self.coordinator.data)
