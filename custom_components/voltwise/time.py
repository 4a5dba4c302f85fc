"""Times: each shiftable appliance's protected window (start and end, local, may wrap midnight)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .autopilot.time import window_times
from .runtime import VoltWiseConfigEntry

# Setting a time stores it in the appliance's subentry; one at a time.
PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the protected window's start and end of each shiftable appliance."""
    autopilot = window_times(entry.runtime_data.autopilot)
    for appliance_id, entities in autopilot.items():
        async_add_entities(entities, config_subentry_id=appliance_id)
