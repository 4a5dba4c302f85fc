"""A calendar per home of its appliances' scheduled runs, past and upcoming.

Home Assistant's calendar UI then shows every schedule with no extra frontend work; a past
run's description says how it went (from the schedule executor's log).
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .appliances.schedules.executor import ScheduleExecutor, ScheduleView, shown_end
from .appliances.schedules.store import LogRecord
from .engine.recurrence import Run
from .entity import VoltWiseHomePartEntity
from .runtime import VoltWiseConfigEntry

PARALLEL_UPDATES = 0

SCHEDULES = EntityDescription(key="schedules", translation_key="schedules")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's schedule calendar."""
    runtime = entry.runtime_data
    async_add_entities([ScheduleCalendar(runtime.coordinator, SCHEDULES, runtime.schedules)])


class ScheduleCalendar(VoltWiseHomePartEntity[ScheduleExecutor], CalendarEntity):
    """On while a scheduled run is in progress; events are the runs."""

    @property
    def _executor(self) -> ScheduleExecutor:
        return self.part

    async def async_added_to_hass(self) -> None:
        """Follow schedule changes as well as the home."""
        await super().async_added_to_hass()
        self.async_on_remove(self._executor.async_add_listener(self.async_write_ha_state))

    @property
    def event(self) -> CalendarEvent | None:
        """The run in progress, else the next one."""
        found = self._executor.upcoming(dt_util.utcnow())
        return None if found is None else self._event(*found, self._outcomes())

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Every run overlapping the range."""
        outcomes = self._outcomes()
        return [
            self._event(view, run, outcomes)
            for view, run in self._executor.runs_between(start_date, end_date)
        ]

    def _outcomes(self) -> dict[str, LogRecord]:
        """How each logged occurrence went, by key."""
        return {record["key"]: record for record in self._executor.log}

    def _event(self, view: ScheduleView, run: Run, outcomes: dict[str, LogRecord]) -> CalendarEvent:
        name = self._executor.appliance_name(view.appliance_id)
        outcome = outcomes.get(run.occurrences()[0].key)
        kind = "best time in its window" if view.spec.smart else view.spec.repeat.value
        description = f"Schedule {view.schedule_id} ({kind})"
        if outcome is not None:
            description += f"; {outcome['result']}"
            if outcome.get("error"):
                description += f": {outcome['error']}"
        tz = self.coordinator.home.time_zone
        return CalendarEvent(
            start=run.start.astimezone(tz),
            end=shown_end(run).astimezone(tz),
            summary=name if run.end is not None else f"{name} on",
            description=description,
            uid=run.occurrences()[0].key,
        )
