"""Persistence of a plant: its plan, what was last applied, its control log, today's requests.

One versioned Store per plant (``.storage/voltwise.<entry_id>.plant.<subentry_id>``), saved at
once after every edit (before the plant applies it) and after every apply attempt. A small
index per home (``voltwise.<entry_id>.plants``) remembers which plants have files, so the file
of a plant removed from the home is deleted at the next setup.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store

from ..const import DOMAIN, LOGGER
from ..engine.errors import EngineError
from ..engine.plant.codec import PLAN_FORMAT_VERSION, plan_from_dict, plan_to_dict
from ..engine.plant.model import PlantPlan
from .apply import AppliedState, ApplyRecord
from .repairs import plant_issue_ids

STORE_VERSION = 1
INDEX_VERSION = 1
# Control log entries kept per plant (the newest; about a week of a busy plan).
LOG_LENGTH = 200


class PlantStoreData(TypedDict):
    """The stored shape of one plant."""

    plan_format: int
    plan: dict[str, Any] | None
    applied: dict[str, Any]
    log: list[dict[str, Any]]
    requests: dict[str, Any]
    failures: int


@dataclass(slots=True)
class PlantState:
    """A plant's persistent state, as loaded (``plan`` is ``None`` for a new plant)."""

    plan: PlantPlan | None = None
    applied: AppliedState = field(default_factory=AppliedState)
    log: deque[ApplyRecord] = field(default_factory=lambda: deque(maxlen=LOG_LENGTH))
    requests_day: date | None = None
    requests_count: int = 0
    failures: int = 0


def plant_store_key(entry_id: str, plant_id: str) -> str:
    """The storage key of a plant's file."""
    return f"{DOMAIN}.{entry_id}.plant.{plant_id}"


class PlantStore:
    """Load once, save after every change."""

    def __init__(self, hass: HomeAssistant, entry_id: str, plant_id: str) -> None:
        """Bind the plant's file."""
        self._store: Store[PlantStoreData] = Store(
            hass, STORE_VERSION, plant_store_key(entry_id, plant_id)
        )

    async def async_load(self) -> PlantState:
        """The saved state; a missing file is a new plant, damaged parts are dropped (logged)."""
        data = await self._store.async_load()
        state = PlantState()
        if not isinstance(data, dict):
            return state
        raw_plan = data.get("plan")
        if isinstance(raw_plan, dict):
            try:
                state.plan = plan_from_dict(raw_plan)
            except EngineError as err:
                LOGGER.error("The stored plan of a plant is damaged and was reset: %s", err)
        state.applied = AppliedState.from_dict(data.get("applied"))
        for item in data.get("log") or []:
            try:
                state.log.append(ApplyRecord.from_dict(item))
            except (KeyError, TypeError, ValueError):
                continue
        requests = data.get("requests") or {}
        try:
            state.requests_day = date.fromisoformat(str(requests["day"]))
            state.requests_count = int(requests["count"])
        except (KeyError, TypeError, ValueError):
            state.requests_day, state.requests_count = None, 0
        failures = data.get("failures")
        state.failures = failures if isinstance(failures, int) and failures >= 0 else 0
        return state

    async def async_save(self, state: PlantState) -> None:
        """Write the whole state now."""
        await self._store.async_save(
            PlantStoreData(
                plan_format=PLAN_FORMAT_VERSION,
                plan=plan_to_dict(state.plan) if state.plan is not None else None,
                applied=state.applied.as_dict(),
                log=[record.as_dict() for record in state.log],
                requests={
                    "day": state.requests_day.isoformat() if state.requests_day else None,
                    "count": state.requests_count,
                },
                failures=state.failures,
            )
        )

    async def async_remove(self) -> None:
        """Delete the file (the plant was removed)."""
        await self._store.async_remove()


async def async_forget_removed_plants(
    hass: HomeAssistant, entry_id: str, plant_ids: Iterable[str]
) -> None:
    """Delete the files and repair issues of plants no longer in the home; remember the rest."""
    index: Store[dict[str, list[str]]] = Store(hass, INDEX_VERSION, f"{DOMAIN}.{entry_id}.plants")
    current = sorted(plant_ids)
    saved = await index.async_load() or {}
    known = saved.get("plants") if isinstance(saved, dict) else None
    for plant_id in set(known or ()) - set(current):
        await PlantStore(hass, entry_id, plant_id).async_remove()
        for issue_id in plant_issue_ids(plant_id):
            ir.async_delete_issue(hass, DOMAIN, issue_id)
    if known != current:
        if current:
            await index.async_save({"plants": current})
        else:
            await index.async_remove()
