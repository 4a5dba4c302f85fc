"""Build a home's plants from its subentries, and stop them."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from ..const import LOGGER
from ..home.config import async_find_time_zone
from ..runtime import VoltWiseConfigEntry
from .config import SUBENTRY_PLANT, InvalidPlantConfigError, parse_plant
from .coordinator import PlantCoordinator
from .store import async_forget_removed_plants


async def async_setup_plants(
    hass: HomeAssistant, entry: VoltWiseConfigEntry
) -> dict[str, PlantCoordinator]:
    """Load every plant of the home (not yet executing: see ``PlantCoordinator.async_start``).

    A plant whose stored data cannot work is skipped with an error in the log; the home and its
    other plants still load. Files of plants removed from the home are deleted here.
    """
    plants: dict[str, PlantCoordinator] = {}
    plant_ids: list[str] = []
    for subentry in entry.subentries.values():
        if subentry.subentry_type != SUBENTRY_PLANT:
            continue
        plant_ids.append(subentry.subentry_id)
        try:
            config = parse_plant(subentry.subentry_id, subentry.title, subentry.data)
        except InvalidPlantConfigError as err:
            LOGGER.error("The plant %s cannot be set up: %s", subentry.title, err)
            continue
        tz = await async_find_time_zone(hass, config.time_zone)
        if tz is None:
            LOGGER.error(
                "The plant %s cannot be set up: unknown time zone %s",
                subentry.title,
                config.time_zone,
            )
            continue
        coordinator = PlantCoordinator(hass, entry, config, tz)
        await coordinator.async_config_entry_first_refresh()
        plants[subentry.subentry_id] = coordinator
    await async_forget_removed_plants(hass, entry.entry_id, plant_ids)
    return plants


async def async_unload_plants(plants: dict[str, PlantCoordinator]) -> None:
    """Stop every plant's timer and any apply in flight."""
    for coordinator in plants.values():
        await coordinator.async_shutdown()
