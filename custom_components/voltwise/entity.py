"""Base class for entities that belong to a home's device."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import HomeCoordinator

HOME_KEY = "home"


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
            identifiers={(DOMAIN, f"{entry.entry_id}_{HOME_KEY}")},
            name=coordinator.home.name,
            manufacturer="VoltWise",
            model="Home energy autopilot",
            entry_type=DeviceEntryType.SERVICE,
        )
