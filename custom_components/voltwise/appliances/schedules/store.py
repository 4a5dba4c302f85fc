"""The schedule store: schedules in one file, the journal of what ran in another.

Two versioned ``Store`` files per home:

- ``voltwise.<entry_id>.schedules``: the schedules (spec, appliance, progress, smart starts);
  written when a schedule is edited and soon after progress.
- ``voltwise.<entry_id>.schedule_journal``: keys of occurrences carried out (or reported missed
  or skipped) and the execution log. A key is written *before* its appliance is switched, so a
  crash can never make an occurrence run twice. Saves requested at the same moment (a burst of
  schedules due at one instant) share one write.

Each file has its own delayed save. A direct write (an edit, a commit) replaces the file's
pending delayed write, so the next change after it arms a new one: nothing changed after a
direct write waits for a save that will never come.

Keys are kept only as long as they can matter: an auto-off needs its run's start key, and a run
is shorter than its schedule's repeat period, so keys older than one period (plus a day of DST
slack) before the schedule's progress marker are forgotten.

Format history (the migration path):
- 1.1: one file: ``schedules`` (id -> spec, appliance_id, created_at) and ``executed`` (keys).
- 1.2: adds ``reported``, ``log``, and per schedule ``handled_until`` and ``starts``.
- 1.3: ``executed``, ``reported`` and ``log`` move to the journal file; keys map to the
  occurrence's instant (for pruning).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, NotRequired, TypedDict

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ...const import DOMAIN, LOGGER

STORE_VERSION = 1
STORE_MINOR_VERSION = 3
JOURNAL_VERSION = 1
LOG_SIZE = 200
SAVE_DELAY_SECONDS = 5
_DST_SLACK = timedelta(days=1)


class ScheduleRecord(TypedDict):
    """One schedule as stored."""

    spec: dict[str, Any]
    appliance_id: str
    created_at: str
    handled_until: str
    starts: dict[str, str]  # local date -> chosen start (UTC ISO), smart schedules only
    # The instant the executor's timer is armed for (UTC ISO), None once a one-off is over;
    # informational (diagnostics): it is recomputed at every start-up.
    next_trigger: NotRequired[str | None]
    # Why the schedule cannot be planned (it is kept, listed, and never armed), if it cannot.
    disabled: NotRequired[str]


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


class SchedulesFile(TypedDict):
    """The schedules file."""

    schedules: dict[str, ScheduleRecord]


class JournalFile(TypedDict):
    """The journal file."""

    executed: dict[str, str]  # key -> the occurrence's instant
    reported: dict[str, str]
    log: list[LogRecord]


class ScheduleStoreData(SchedulesFile, JournalFile):
    """Both files, as the executor uses them."""


def empty_data() -> ScheduleStoreData:
    """A home without schedules."""
    return ScheduleStoreData(schedules={}, executed={}, reported={}, log=[])


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict)


def _key_instant(key: str, fallback: str) -> str:
    """The instant to date an old bare key by: its run's local date, else ``fallback``."""
    parts = key.split(":")
    return f"{parts[1]}T00:00:00+00:00" if len(parts) == 3 else fallback


def migrate(major: int, minor: int, data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older schedules file up to 1.3; journal parts come back under ``journal``."""
    if major != STORE_VERSION:
        raise NotImplementedError(f"schedule store version {major} is unknown")
    now = dt_util.utcnow().isoformat()
    schedules = dict(data.get("schedules", {}))
    if minor < 2:
        # 1.1 did not record how far each schedule was handled: from now on (what was due during
        # the upgrade's restart is not caught up).
        schedules = {
            schedule_id: {**record, "handled_until": now, "starts": {}}
            for schedule_id, record in schedules.items()
        }
    executed = data.get("executed", {})
    if isinstance(executed, list):
        executed = {key: _key_instant(key, now) for key in executed}
    return {
        "schedules": schedules,
        "journal": {
            "executed": executed,
            "reported": data.get("reported", {}),
            "log": data.get("log", []),
        },
    }


class _SchedulesStore(Store[dict[str, Any]]):
    """Migrates older schedule files when they are loaded."""

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> dict[str, Any]:
        return migrate(old_major_version, old_minor_version, old_data)


class _File[T: (Mapping[str, Any] | Sequence[Any])]:
    """One file with a delayed save that is never pushed back, nor lost to a direct write.

    ``pending`` is true exactly while a delayed write is armed: a direct write replaces that
    write (Home Assistant's Store writes the latest data once), so it clears the flag too.
    """

    def __init__(self, store: Store[T], collect: Callable[[], T]) -> None:
        self.store = store
        self._collect = collect
        self._pending = False

    @callback
    def schedule_save(self) -> None:
        """Write within ``SAVE_DELAY_SECONDS`` (later changes join that write)."""
        if self._pending:
            return
        self._pending = True
        self.store.async_delay_save(self._delayed, SAVE_DELAY_SECONDS)

    def _delayed(self) -> T:
        self._pending = False
        return self._collect()

    async def async_save(self) -> None:
        """Write now; a change made while writing arms a new delayed save."""
        self._pending = False
        await self.store.async_save(self._collect())


class ScheduleStore:
    """Load once; ``async_commit`` before acting, ``async_schedule_save`` for the rest."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Bind the home's two files."""
        self._schedules = _SchedulesStore(
            hass, STORE_VERSION, f"{DOMAIN}.{entry_id}.schedules", minor_version=STORE_MINOR_VERSION
        )
        self._journal: Store[JournalFile] = Store(
            hass, JOURNAL_VERSION, f"{DOMAIN}.{entry_id}.schedule_journal"
        )
        self._schedules_file = _File(self._schedules, self._schedules_snapshot)
        self._journal_file = _File(self._journal, self._journal_snapshot)
        self.data = empty_data()
        self._commit_lock = asyncio.Lock()
        self._changes = 0  # journal changes requested so far
        self._committed = 0  # journal changes known to be on disk

    async def async_load(self) -> ScheduleStoreData:
        """The saved data (migrated), or nothing for a new home.

        Parts of a damaged file that are not even of the right shape are left out (a record
        that is not a mapping cannot be shown or repaired); the executor judges the rest.
        """
        raw = await self._schedules.async_load() or {}
        journal: Any = await self._journal.async_load()
        moved = raw.pop("journal", None)
        if journal is None:
            journal = moved if isinstance(moved, dict) else {}
        schedules = _mapping(raw.get("schedules"))
        for schedule_id, record in list(schedules.items()):
            if not isinstance(record, dict):
                LOGGER.warning("Dropping schedule %s: its record is not readable", schedule_id)
                del schedules[schedule_id]
        log: list[Any] = journal.get("log") if isinstance(journal.get("log"), list) else []
        self.data = ScheduleStoreData(
            schedules=schedules,
            executed=_mapping(journal.get("executed")),
            reported=_mapping(journal.get("reported")),
            log=[line for line in log if _is_mapping(line)],
        )
        return self.data

    async def async_save_schedules(self) -> None:
        """Write the schedules now (an edit the user is waiting for)."""
        await self._schedules_file.async_save()

    async def async_commit(self) -> None:
        """Make every journal change made so far durable before returning.

        Callers due at the same moment share one write: whoever waits for the lock finds its
        change already written by the one before.
        """
        self._changes += 1
        wanted = self._changes
        async with self._commit_lock:
            if self._committed >= wanted:
                return
            covered = self._changes
            await self._journal_file.async_save()
            self._committed = covered

    @callback
    def async_schedule_save(self) -> None:
        """Write both files within a few seconds (progress, log lines).

        A pending save is not pushed back by later changes: under constant activity the data
        still reaches the disk every few seconds.
        """
        self._schedules_file.schedule_save()
        self._journal_file.schedule_save()

    def _schedules_snapshot(self) -> dict[str, Any]:
        return {"schedules": self.data["schedules"]}

    def _journal_snapshot(self) -> JournalFile:
        return JournalFile(
            executed=dict(self.data["executed"]),
            reported=dict(self.data["reported"]),
            log=list(self.data["log"]),
        )

    def prune(self, periods: dict[str, timedelta]) -> None:
        """Forget keys that can no longer matter, and log lines beyond the log's size.

        ``periods`` maps each schedule that can be planned to its repeat period.
        """
        schedules = self.data["schedules"]
        for keys in (self.data["executed"], self.data["reported"]):
            for key, at in list(keys.items()):
                schedule_id = key.split(":", 1)[0]
                record = schedules.get(schedule_id)
                if record is None:
                    del keys[key]
                    continue
                if schedule_id not in periods:
                    continue  # disabled: kept as they are until it is changed or cancelled
                cutoff = datetime.fromisoformat(record["handled_until"]) - (
                    periods[schedule_id] + _DST_SLACK
                )
                if datetime.fromisoformat(at) < cutoff:
                    del keys[key]
        del self.data["log"][:-LOG_SIZE]

    async def async_remove(self) -> None:
        """Delete both files with the home."""
        await self._schedules.async_remove()
        await self._journal.async_remove()
