"""How a handled occurrence is told: a line in the execution log, an event, a notification."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.util import dt as dt_util

from ...engine.recurrence import Action, Occurrence
from ...engine.transitions import NotificationKind
from ...home.context import HomeContext
from ...home.notifications import async_notify
from .store import LOG_SIZE, LogRecord, ScheduleStore


class Reporter:
    """Tells the log, the event bus and (if the home wants it) the user what happened."""

    def __init__(
        self, home: HomeContext, store: ScheduleStore, appliance_name: Callable[[str], str]
    ) -> None:
        """``appliance_name`` names a schedule's appliance."""
        self._hass = home.hass
        self._entry_id = home.entry_id
        self._home = home
        self._store = store
        self._appliance_name = appliance_name

    def log(
        self, schedule_id: str, occurrence: Occurrence, result: str, *, error: str | None = None
    ) -> None:
        """A line in the execution log (saved within seconds, kept to its size)."""
        log = self._store.data["log"]
        log.append(
            LogRecord(
                at=dt_util.utcnow().isoformat(),
                scheduled_at=occurrence.at.isoformat(),
                schedule_id=schedule_id,
                appliance=self._appliance_name(schedule_id),
                action=occurrence.action.value,
                key=occurrence.key,
                result=result,
                error=error,
            )
        )
        del log[:-LOG_SIZE]
        self._store.async_schedule_save()

    def event(
        self, event_type: str, schedule_id: str, occurrence: Occurrence, **extra: Any
    ) -> None:
        """A ``voltwise_schedule_*`` event, times in the home's zone."""
        record = self._store.data["schedules"][schedule_id]
        tz = self._home.time_zone
        self._hass.bus.async_fire(
            event_type,
            {
                "config_entry_id": self._entry_id,
                "home": self._home.name,
                "schedule_id": schedule_id,
                "appliance_id": record["appliance_id"],
                "appliance": self._appliance_name(schedule_id),
                "action": occurrence.action.value,
                "scheduled_at": occurrence.at.astimezone(tz).isoformat(),
                "handled_at": dt_util.utcnow().astimezone(tz).isoformat(),
                "key": occurrence.key,
                **extra,
            },
        )

    async def async_notify(
        self, kind: NotificationKind, schedule_id: str, occurrence: Occurrence, **extra: str
    ) -> None:
        """A notification, if the home has them on."""
        if not self._home.config.notifies:
            return
        await async_notify(
            self._hass,
            self._home.config,
            self._entry_id,
            kind,
            {
                "appliance": self._appliance_name(schedule_id),
                "state": "on" if occurrence.action is Action.TURN_ON else "off",
                "time": occurrence.at.astimezone(self._home.time_zone).strftime("%H:%M"),
                "error": "",
                **extra,
            },
        )
