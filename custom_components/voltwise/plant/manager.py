"""A home's plants: built from its subentries, started once their entities exist.

Each plant's coordinator shuts itself down with the home's entry, so the manager owns nothing
that needs tearing down; it forgets the files of plants removed from the home.
"""

from __future__ import annotations

from ..const import LOGGER
from ..home.config import async_find_time_zone
from ..home.context import HomeContext
from .config import SUBENTRY_PLANT, InvalidPlantConfigError, parse_plant
from .coordinator import PlantCoordinator
from .store import async_forget_removed_plants


class PlantManager:
    """Everything a home's plants need at run time."""

    def __init__(self, home: HomeContext) -> None:
        """Nothing is loaded until async_setup."""
        self._home = home
        self.plants: dict[str, PlantCoordinator] = {}

    async def async_setup(self) -> None:
        """Load every plant of the home (not yet applying: see ``async_start``).

        A plant whose stored data cannot work is skipped with an error in the log; the home and
        its other plants still load. Files of plants removed from the home are deleted here.
        """
        home = self._home
        plant_ids: list[str] = []
        for subentry in home.entry.subentries.values():
            if subentry.subentry_type != SUBENTRY_PLANT:
                continue
            plant_ids.append(subentry.subentry_id)
            try:
                config = parse_plant(subentry.subentry_id, subentry.title, subentry.data)
            except InvalidPlantConfigError as err:
                LOGGER.error("The plant %s cannot be set up: %s", subentry.title, err)
                continue
            tz = await async_find_time_zone(home.hass, config.time_zone)
            if tz is None:
                LOGGER.error(
                    "The plant %s cannot be set up: unknown time zone %s",
                    subentry.title,
                    config.time_zone,
                )
                continue
            coordinator = PlantCoordinator(home, config, tz)
            await coordinator.async_config_entry_first_refresh()
            self.plants[subentry.subentry_id] = coordinator
        await async_forget_removed_plants(home.hass, home.entry_id, plant_ids)

    def async_start(self) -> None:
        """Begin applying every plant's plan (once their entities listen)."""
        for coordinator in self.plants.values():
            coordinator.async_start()
