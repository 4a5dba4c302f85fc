"""The schedule store: schedules, their progress, the idempotency keys and the execution log.

One versioned ``Store`` per home (``.storage/voltwise.<entry_id>.schedules``). Keys of carried-out
occurrences are saved *before* the appliance is switched, so a crash in between can never make
an occurrence run twice; keys older than the longest run are pruned, as no occurrence can be
due for them again.

Format history (the migration path):
- 1.1: ``schedules`` (id -> record with ``spec``, ``appliance_id``, ``created_at``) and
  ``executed`` (keys).
- 1.2: adds ``reported`` (keys of occurrences reported missed or skipped), ``log``, and per
  schedule ``handled_until`` and ``starts`` (smart schedules' chosen starts).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN

STORE_VERSION = 1
STORE_MINOR_VERSION = 2
LOG_SIZE = 200
# Keys of occurrences older than this are forgotten (no occurrence is due that long after).
KEY_RETENTION = timedelta(days=10)


class ScheduleRecord(TypedDict):
    """One schedule as stored."""

    spec: dict[str, Any]
    appliance_id: str
    created_at: str
    handled_until: str
    starts: dict[str, str]  # local date -> chosen start (UTC ISO), smart schedules only


class LogRecord(TypedDict):
    """One line of the execution log."""

    at: str  # when it was handled
    scheduled_at: str
    schedule_id: str
    appliance: str
    action: str
    key: str
    result: str  # success, failed, missed, skipped
    error: NotRequired[str | None]


class ScheduleStoreData(TypedDict):
    """The whole file."""

    schedules: dict[str, ScheduleRecord]
    executed: dict[str, str]  # key -> when it was saved (for pruning)
    reported: dict[str, str]
    log: list[LogRecord]


def empty_data() -> ScheduleStoreData:
    """A home without schedules."""
    return ScheduleStoreData(schedules={}, executed={}, reported={}, log=[])


class _VersionedStore(Store[ScheduleStoreData]):
    """Migrates older files when they are loaded."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> ScheduleStoreData:
        return migrate(old_major_version, old_minor_version, old_data)


def migrate(major: int, minor: int, data: dict[str, Any]) -> ScheduleStoreData:
    """Bring a stored file of an older format up to the current one."""
    if major != STORE_VERSION:
        raise NotImplementedError(f"schedule store version {major} is unknown")
    if minor < 2:
        # 1.1 did not record how far each schedule was handled: from now on (what was due
        # during the upgrade's restart is not caught up), and its bare keys are dated now so
        # none is pruned too early.
        now = dt_util.utcnow().isoformat()
        data = {
            "schedules": {
                schedule_id: {**record, "handled_until": now, "starts": {}}
                for schedule_id, record in data.get("schedules", {}).items()
            },
            "executed": dict.fromkeys(data.get("executed", []), now),
            "reported": {},
            "log": [],
        }
    return ScheduleStoreData(
        schedules=data["schedules"],
        executed=data["executed"],
        reported=data["reported"],
        log=data["log"],
    )


class ScheduleStore:
    """Load once; save before acting (``async_save``) or soon after (``async_schedule_save``)."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the home's file."""
        self._store = _VersionedStore(
            hass,
            STORE_VERSION,
            f"{DOMAIN}.{entry_id}.schedules",
            minor_version=STORE_MINOR_VERSION,
        )
        self.data = empty_data()

    async def async_load(self) -> ScheduleStoreData:
        """The saved data (migrated), or nothing for a new home."""
        loaded = await self._store.async_load()
        self.data = loaded if loaded is not None else empty_data()
        return self.data

    async def async_save(self) -> None:
        """Write now: the caller is about to act on what it saved."""
        await self._store.async_save(self.data)

    def async_schedule_save(self) -> None:
        """Write soon (log lines, progress markers)."""
        self._store.async_delay_save(lambda: self.data, 5)

    def prune(self, now: datetime) -> None:
        """Forget keys too old to matter and log lines beyond the log's size."""
        cutoff = (now - KEY_RETENTION).isoformat()
        for keys in (self.data["executed"], self.data["reported"]):
            for key in [key for key, saved in keys.items() if saved < cutoff]:
                del keys[key]
        del self.data["log"][:-LOG_SIZE]

    async def async_remove(self) -> None:
        """Delete the file with the home."""
        await self._store.async_remove()
