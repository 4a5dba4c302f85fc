"""A home's closed bills, kept across restarts (the newest 24)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN
from ..engine.billing.bill import BillRecord, history_from_store, history_to_store
from ..engine.billing.budget import BudgetAlertState

STORAGE_VERSION = 1


class BillingStore:
    """One Store per home holding its bill history, oldest first."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Name the store after the home."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.billing"
        )
        self.history: tuple[BillRecord, ...] = ()
        self.budget_alerts = BudgetAlertState()

    async def async_load(self) -> None:
        """Read the history (damaged records are dropped by the engine)."""
        loaded = await self._store.async_load()
        self.history = history_from_store((loaded or {}).get("history"))
        self.budget_alerts = BudgetAlertState.from_dict((loaded or {}).get("budget_alerts"))

    async def async_save(self, history: Iterable[BillRecord]) -> None:
        """Replace the stored history."""
        self.history = tuple(history)
        await self._async_write()

    async def async_save_budget_alerts(self, state: BudgetAlertState) -> None:
        """Remember which budget alerts this cycle has had (a restart repeats none)."""
        self.budget_alerts = state
        await self._async_write()

    async def _async_write(self) -> None:
        await self._store.async_save(
            {
                "history": history_to_store(self.history),
                "budget_alerts": self.budget_alerts.as_dict(),
            }
        )

    async def async_remove(self) -> None:
        """Delete the home's bill record."""
        await self._store.async_remove()
