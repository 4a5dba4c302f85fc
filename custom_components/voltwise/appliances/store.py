"""Persistence of what appliances learnt at run time: meters, relay and eco state, action log.

One versioned Store per home (``.storage/voltwise.<entry_id>.appliances``). Saves are delayed
and coalesced (meters change every few seconds) and flushed when the home unloads; Home
Assistant writes pending delayed saves when it stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN

STORE_VERSION = 1
SAVE_DELAY_SECONDS = 15


class SavedAppliance(TypedDict):
    """One appliance's saved state."""

    meter: dict[str, Any]
    is_on: bool
    eco: bool
    level: NotRequired[float]
    runtime: NotRequired[dict[str, Any]]  # today's hours on and starts (absent before 0.x)


class ApplianceStoreData(TypedDict):
    """The whole file."""

    appliances: dict[str, SavedAppliance]
    actions: list[dict[str, Any]]


def empty_data() -> ApplianceStoreData:
    """What a home without history starts from."""
    return ApplianceStoreData(appliances={}, actions=[])


class ApplianceStore:
    """Load once, save after changes (delayed), flush on unload."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the home's file."""
        self._store: Store[ApplianceStoreData] = Store(
            hass, STORE_VERSION, f"{DOMAIN}.{entry_id}.appliances"
        )
        self._save_pending = False

    async def async_load(self) -> ApplianceStoreData:
        """The saved data, or an empty record for a new home or an unreadable file."""
        data = await self._store.async_load()
        if not isinstance(data, dict):
            return empty_data()
        appliances = data.get("appliances")
        actions = data.get("actions")
        return ApplianceStoreData(
            appliances=appliances if isinstance(appliances, dict) else {},
            actions=actions if isinstance(actions, list) else [],
        )

    def async_schedule_save(self, collect: Callable[[], ApplianceStoreData]) -> None:
        """Save what ``collect`` returns in a few seconds (many changes, one write).

        Later changes do not push a pending save back: with meters reporting every second the
        data still reaches the disk every few seconds, not only when Home Assistant stops.
        """
        if self._save_pending:
            return
        self._save_pending = True

        def data() -> ApplianceStoreData:
            self._save_pending = False
            return collect()

        self._store.async_delay_save(data, SAVE_DELAY_SECONDS)

    async def async_save(self, data: ApplianceStoreData) -> None:
        """Save now (on unload)."""
        self._save_pending = False
        await self._store.async_save(data)

    async def async_remove(self) -> None:
        """Delete the file when the home is removed."""
        await self._store.async_remove()
