"""Base classes for entities of a home's device and of its appliances' and plants' devices."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .appliances.coordinator import ApplianceCoordinator
from .appliances.model import BackendKind
from .const import DOMAIN
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


def home_device_identifier(entry_id: str) -> tuple[str, str]:
    """The device registry identifier of a home."""
    return (DOMAIN, f"{entry_id}_{HOME_KEY}")


def appliance_device_identifier(entry_id: str, appliance_id: str) -> tuple[str, str]:
    """The device registry identifier of an appliance."""
    return (DOMAIN, f"{entry_id}_{appliance_id}")


def plant_device_identifier(entry_id: str, plant_id: str) -> tuple[str, str]:
    """The device registry identifier of a plant."""
    return (DOMAIN, f"{entry_id}_{plant_id}")


class VoltWiseHomeEntity(CoordinatorEntity[HomeCoordinator]):
    """An entity of the home device, fed by the home coordinator."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: HomeCoordinator, description: EntityDescription) -> None:
        """Attach the entity to its home's device with a stable unique id."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self.entity_description = description
        self._attr_unique_id = f"{entry.entry_id}_{HOME_KEY}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={home_device_identifier(entry.entry_id)},
            name=coordinator.home.name,
            manufacturer="VoltWise",
            model="Home energy autopilot",
            entry_type=DeviceEntryType.SERVICE,
        )


class VoltWiseApplianceEntity(CoordinatorEntity[ApplianceCoordinator]):
    """An entity of an appliance's device (under its home's device)."""

    _attr_has_entity_name = True
    # The online sensor stays available to say that the device is not.
    _available_when_offline = False

    def __init__(self, coordinator: ApplianceCoordinator, description: EntityDescription) -> None:
        """Attach the entity to its appliance's device with a stable unique id."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        appliance = coordinator.appliance
        self.entity_description = description
        self._attr_unique_id = f"{entry.entry_id}_{appliance.appliance_id}_{description.key}"
        manufacturer, model = _MODELS[appliance.backend]
        self._attr_device_info = DeviceInfo(
            identifiers={appliance_device_identifier(entry.entry_id, appliance.appliance_id)},
            name=appliance.name,
            manufacturer=manufacturer,
            model=model,
        )

    @property
    def available(self) -> bool:
        """Unavailable while the device is offline (its last values would mislead)."""
        return super().available and (self._available_when_offline or self.coordinator.data.online)


class VoltWisePlantEntity(CoordinatorEntity[PlantCoordinator]):
    """An entity of a plant's device (an inverter under its home's device)."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: PlantCoordinator, description: EntityDescription) -> None:
        """Attach the entity to its plant's device with a stable unique id."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        plant = coordinator.plant
        self.entity_description = description
        self._attr_unique_id = f"{entry.entry_id}_{plant.plant_id}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={plant_device_identifier(entry.entry_id, plant.plant_id)},
            name=plant.name,
            manufacturer="Solis",
            model="Inverter via SolisCloud",
            serial_number=plant.serial,
        )
