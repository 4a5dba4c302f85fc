"""A home's closed bills, kept across restarts (the newest 24)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN
from ..engine.billing.bill import BillRecord, history_from_store, history_to_store

STORAGE_VERSION = 1


class BillingStore:
    """One Store per home holding its bill history, oldest first."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Name the store after the home."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.billing"
        )
        self.history: tuple[BillRecord, ...] = ()

    async def async_load(self) -> None:
        """Read the history (damaged records are dropped by the engine)."""
        loaded = await self._store.async_load()
        self.history = history_from_store((loaded or {}).get("history"))

    async def async_save(self, history: Iterable[BillRecord]) -> None:
        """Replace the stored history."""
        self.history = tuple(history)
        await self._store.async_save({"history": history_to_store(self.history)})

    async def async_remove(self) -> None:
        """Delete the home's bill record."""
        await self._store.async_remove()
