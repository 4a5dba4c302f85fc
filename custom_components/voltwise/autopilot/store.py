"""The autopilot's memory and the user's pauses, in one versioned Store per home.

The memory is saved (and the write awaited) before any action it comes with is carried out, so
a restart, even a kill -9 in the middle of a period, restores exactly what the autopilot changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN
from ..engine.autopilot import Memory, Pause

STORE_VERSION = 1


class AutopilotStoreData(TypedDict):
    """The stored shape: memory, pauses, resumes, grid events, "Run at" runs, open offers.

    Pauses are until when (None: indefinitely); runs are [start, end].
    """

    memory: dict[str, Any]
    pauses: dict[str, str | None]
    resumed: dict[str, str]
    grid_events: list[dict[str, Any]]
    runs: NotRequired[dict[str, list[str]]]
    offers: NotRequired[list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class StoredAutopilot:
    """What async_load gives back."""

    memory: Memory
    pauses: dict[str, Pause]
    resumed: dict[str, datetime]
    grid_events: list[Mapping[str, Any]]
    runs: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    offers: list[Any] = field(default_factory=list)


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

    async def async_load(self) -> StoredAutopilot:
        """Memory, pauses, resumes, reported grid events, runs; unreadable parts are dropped."""
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
        runs: dict[str, tuple[datetime, datetime]] = {}
        for key, value in (raw.get("runs") or {}).items():
            if isinstance(value, list) and len(value) == 2:
                start, end = _instant(value[0]), _instant(value[1])
                if start is not None and end is not None and start < end:
                    runs[str(key)] = (start, end)
        offers = raw.get("offers")
        return StoredAutopilot(
            Memory.from_dict(raw.get("memory")),
            pauses,
            resumed,
            events,
            runs,
            offers if isinstance(offers, list) else [],
        )

    async def async_save(
        self,
        memory: Memory,
        pauses: Mapping[str, Pause],
        resumed: Mapping[str, datetime],
        grid_events: list[dict[str, Any]],
        runs: Mapping[str, tuple[datetime, datetime]],
        *,
        offers: list[dict[str, Any]],
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
                runs={
                    key: [start.isoformat(), end.isoformat()] for key, (start, end) in runs.items()
                },
                offers=offers,
            )
        )

    async def async_remove(self) -> None:
        """Delete the file when the home is removed."""
        await self._store.async_remove()
