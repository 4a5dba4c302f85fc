"""The autopilot's memory and the user's pauses, in one versioned Store per home.

The memory is saved (and the write awaited) before any action it comes with is carried out, so
a restart, even a kill -9 in the middle of a period, restores exactly what the autopilot changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN
from ..engine.autopilot import Memory, Pause

STORE_VERSION = 1


class AutopilotStoreData(TypedDict):
    """The stored shape: memory, pauses (until, None: indefinitely), resumes, grid events."""

    memory: dict[str, Any]
    pauses: dict[str, str | None]
    resumed: dict[str, str]
    grid_events: list[dict[str, Any]]


def _instant(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


class AutopilotStore:
    """``.storage/voltwise.<entry_id>.autopilot``."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Nothing is read until async_load."""
        self._store: Store[AutopilotStoreData] = Store(
            hass, STORE_VERSION, f"{DOMAIN}.{entry_id}.autopilot"
        )

    async def async_load(
        self,
    ) -> tuple[Memory, dict[str, Pause], dict[str, datetime], list[Mapping[str, Any]]]:
        """Memory, pauses, resumes and reported grid events; unreadable parts are dropped."""
        raw: Mapping[str, Any] = await self._store.async_load() or {}
        pauses: dict[str, Pause] = {}
        for key, until in (raw.get("pauses") or {}).items():
            when = _instant(until)
            if until is None or when is not None:
                pauses[str(key)] = Pause(when)
        resumed = {
            str(key): when
            for key, value in (raw.get("resumed") or {}).items()
            if (when := _instant(value)) is not None
        }
        events = [item for item in raw.get("grid_events") or [] if isinstance(item, Mapping)]
        return Memory.from_dict(raw.get("memory")), pauses, resumed, events

    async def async_save(
        self,
        memory: Memory,
        pauses: Mapping[str, Pause],
        resumed: Mapping[str, datetime],
        grid_events: list[dict[str, Any]],
    ) -> None:
        """Write now and wait for it (the caller acts only after)."""
        await self._store.async_save(
            AutopilotStoreData(
                memory=memory.as_dict(),
                pauses={
                    key: None if pause.until is None else pause.until.isoformat()
                    for key, pause in pauses.items()
                },
                resumed={key: when.isoformat() for key, when in resumed.items()},
                grid_events=grid_events,
            )
        )

    async def async_remove(self) -> None:
        """Delete the file when the home is removed."""
        await self._store.async_remove()
