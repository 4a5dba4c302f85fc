"""Base classes for entities of a home's device and of its appliances' and plants' devices."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .appliances.coordinator import ApplianceCoordinator
from .appliances.model import BackendKind
from .autopilot.controller import Autopilot
from .const import DOMAIN
from .engine.metering import start_of_local_day
from .home.context import HomePartCoordinator
from .home.coordinator import HomeCoordinator
from .plant.coordinator import PlantCoordinator

HOME_KEY = "home"

# How each backend's device is described in the device registry.
_MODELS = {
    BackendKind.VIRTUAL: ("VoltWise", "Virtual appliance"),
    BackendKind.HA_ENTITY: ("VoltWise", "Home Assistant entity"),
    BackendKind.TUYA: ("Tuya", "Smart plug (LAN)"),
    BackendKind.MQTT: ("DIY", "NodeMCU + PZEM-004T"),
}


def daily_last_reset(daily: bool, time_zone: tzinfo) -> datetime | None:
    """A sensor's ``last_reset``: a daily total restarts at the home's local midnight."""
    return start_of_local_day(dt_util.utcnow(), time_zone) if daily else None


def home_device_identifier(entry_id: str) -> tuple[str, str]:
    """The device registry identifier of a home."""
    return (DOMAIN, f"{entry_id}_{HOME_KEY}")


def appliance_device_identifier(entry_id: str, appliance_id: str) -> tuple[str, str]:
    """The device registry identifier of an appliance."""
    return (DOMAIN, f"{entry_id}_{appliance_id}")


def plant_device_identifier(entry_id: str, plant_id: str) -> tuple[str, str]:
    """The device registry identifier of a plant."""
    return (DOMAIN, f"{entry_id}_{plant_id}")


class _DeviceEntity[CoordinatorT: DataUpdateCoordinator[Any]](CoordinatorEntity[CoordinatorT]):
    """An entity of one device, with a unique id ``<entry_id>_<home or subentry id>_<key>``."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: CoordinatorT,
        description: EntityDescription,
        owner: tuple[str, str],
        device: DeviceInfo,
    ) -> None:
        """Attach the entity to ``device``; ``owner`` is (entry id, ``home`` or subentry id)."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{owner[0]}_{owner[1]}_{description.key}"
        self._attr_device_info = device


def home_device(entry_id: str, name: str) -> DeviceInfo:
    """The device registry entry of a home."""
    return DeviceInfo(
        identifiers={home_device_identifier(entry_id)},
        name=name,
        manufacturer="VoltWise",
        model="Home energy autopilot",
        entry_type=DeviceEntryType.SERVICE,
    )


def _appliance_device(coordinator: ApplianceCoordinator) -> DeviceInfo:
    appliance = coordinator.appliance
    manufacturer, model = _MODELS[appliance.backend]
    return DeviceInfo(
        identifiers={
            appliance_device_identifier(coordinator.config_entry.entry_id, appliance.appliance_id)
        },
        name=appliance.name,
        manufacturer=manufacturer,
        model=model,
    )


class VoltWiseHomeEntity(_DeviceEntity[HomeCoordinator]):
    """An entity of the home device, fed by the home coordinator."""

    def __init__(self, coordinator: HomeCoordinator, description: EntityDescription) -> None:
        """Attach the entity to its home's device."""
        entry_id = coordinator.config_entry.entry_id
        device = home_device(entry_id, coordinator.home.name)
        super().__init__(coordinator, description, (entry_id, HOME_KEY), device)


class VoltWiseAutopilotEntity(_DeviceEntity[Autopilot]):
    """An entity of the home device that shows what the home's autopilot does."""

    def __init__(self, coordinator: Autopilot, description: EntityDescription) -> None:
        """Attach the entity to its home's device."""
        entry_id = coordinator.config_entry.entry_id
        device = home_device(entry_id, coordinator.home.name)
        super().__init__(coordinator, description, (entry_id, HOME_KEY), device)


class VoltWiseApplianceAutopilotEntity(_DeviceEntity[Autopilot]):
    """An appliance's autopilot setting: on the appliance's device, fed by the autopilot."""

    def __init__(
        self,
        coordinator: Autopilot,
        description: EntityDescription,
        appliance: ApplianceCoordinator,
    ) -> None:
        """Attach the entity to the appliance's device."""
        self.appliance = appliance
        appliance_id = appliance.appliance.appliance_id
        super().__init__(
            coordinator,
            description,
            (coordinator.config_entry.entry_id, appliance_id),
            _appliance_device(appliance),
        )
        self.appliance_id = appliance_id


class VoltWiseHomeFeatureEntity[CoordinatorT: HomePartCoordinator[Any]](
    _DeviceEntity[CoordinatorT]
):
    """An entity of the home device fed by one of its features' coordinators (insight)."""

    def __init__(self, coordinator: CoordinatorT, description: EntityDescription) -> None:
        """Attach the entity to its home's device."""
        home = coordinator.home
        device = home_device(home.entry_id, home.name)
        super().__init__(coordinator, description, (home.entry_id, HOME_KEY), device)


class VoltWiseHomePartEntity[PartT](VoltWiseHomeEntity):
    """A home entity that also follows one part of the home (its schedules, its appliances)."""

    def __init__(
        self, coordinator: HomeCoordinator, description: EntityDescription, part: PartT
    ) -> None:
        """The part comes with the entity, so it never reaches through the entry for it."""
        super().__init__(coordinator, description)
        self.part = part


class VoltWiseApplianceEntity(_DeviceEntity[ApplianceCoordinator]):
    """An entity of an appliance's device (under its home's device)."""

    # The online sensor stays available to say that the device is not.
    _available_when_offline = False

    def __init__(self, coordinator: ApplianceCoordinator, description: EntityDescription) -> None:
        """Attach the entity to its appliance's device."""
        entry_id = coordinator.config_entry.entry_id
        owner = (entry_id, coordinator.appliance.appliance_id)
        super().__init__(coordinator, description, owner, _appliance_device(coordinator))

    @property
    def available(self) -> bool:
        """Unavailable while the device is offline (its last values would mislead)."""
        return super().available and (self._available_when_offline or self.coordinator.data.online)


class VoltWisePlantEntity(_DeviceEntity[PlantCoordinator]):
    """An entity of a plant's device (an inverter under its home's device)."""

    def __init__(self, coordinator: PlantCoordinator, description: EntityDescription) -> None:
        """Attach the entity to its plant's device."""
        plant = coordinator.plant
        entry_id = coordinator.config_entry.entry_id
        device = DeviceInfo(
            identifiers={plant_device_identifier(entry_id, plant.plant_id)},
            name=plant.name,
            manufacturer="Solis",
            model="Inverter via SolisCloud",
            serial_number=plant.serial,
        )
        super().__init__(coordinator, description, (entry_id, plant.plant_id), device)
