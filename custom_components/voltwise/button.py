"""Buttons: apply a plant's plan now."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .entity import VoltWisePlantEntity
from .runtime import VoltWiseConfigEntry

# A press talks to SolisCloud; the plant's own lock orders presses.
PARALLEL_UPDATES = 1

APPLY_NOW = ButtonEntityDescription(key="apply_now", translation_key="apply_now")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each plant's apply-now button."""
    for plant_id, plant in entry.runtime_data.plants.plants.items():
        async_add_entities([ApplyNowButton(plant, APPLY_NOW)], config_subentry_id=plant_id)


class ApplyNowButton(VoltWisePlantEntity, ButtonEntity):
    """Check both controls on the inverter and write what differs from the plan, now."""

    async def async_press(self) -> None:
        """Apply; a failure is raised as a translated error (and logged, and retried)."""
        await self.coordinator.async_apply_now()
