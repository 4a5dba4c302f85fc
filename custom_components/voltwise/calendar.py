"""A calendar per home of its appliances' scheduled runs, past and upcoming.

Home Assistant's calendar UI then shows every schedule with no extra frontend work; a past
run's description says how it went (from the schedule executor's log).
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.calendar.const import CalendarEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .appliances.schedules.executor import ScheduleExecutor, ScheduleView, shown_end
from .appliances.schedules.store import LogRecord
from .autopilot.controller import Autopilot
from .engine.recurrence import Run
from .entity import VoltWiseHomePartEntity
from .errors import invalid
from .home.coordinator import HomeCoordinator
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
    async_add_entities(
        [ScheduleCalendar(runtime.coordinator, SCHEDULES, runtime.schedules, runtime.autopilot)]
    )


class ScheduleCalendar(VoltWiseHomePartEntity[ScheduleExecutor], CalendarEntity):
    """On while a scheduled run is in progress; events are the runs.

    The autopilot's delayed starts are shown too, as smart runs ("<appliance> (autopilot)"):
    the autopilot itself starts them. Deleting one cancels it (the appliance stays off until
    someone acts); a schedule's runs are changed through the schedule services instead.
    """

    _attr_supported_features = CalendarEntityFeature.DELETE_EVENT

    def __init__(
        self,
        coordinator: HomeCoordinator,
        description: EntityDescription,
        part: ScheduleExecutor,
        autopilot: Autopilot,
    ) -> None:
        """Follow the schedules and the autopilot's planned resumes."""
        super().__init__(coordinator, description, part)
        self._autopilot = autopilot

    @property
    def _executor(self) -> ScheduleExecutor:
        return self.part

    async def async_added_to_hass(self) -> None:
        """Follow schedule changes as well as the home."""
        await super().async_added_to_hass()
        self.async_on_remove(self._executor.async_add_listener(self.async_write_ha_state))
        self.async_on_remove(self._autopilot.async_add_listener(self.async_write_ha_state))

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
        tz = self.coordinator.home.time_zone
        resumes = [
            CalendarEvent(
                start=start.astimezone(tz),
                end=end.astimezone(tz),
                summary=f"{self._autopilot.appliance_names().get(appliance_id, '')} (autopilot)",
                description="Delayed by the autopilot to a cheaper or cleaner start",
                uid=_autopilot_uid(appliance_id, start),
            )
            for appliance_id, start, end in self._autopilot.planned_resumes()
            if start < end_date and end > start_date
        ]
        return [
            self._event(view, run, outcomes)
            for view, run in self._executor.runs_between(start_date, end_date)
        ] + resumes

    async def async_delete_event(
        self,
        uid: str,
        recurrence_id: str | None = None,
        recurrence_range: str | None = None,
    ) -> None:
        """Cancel an autopilot run; refuse anything else with a translated error."""
        for appliance_id, start, _ in self._autopilot.planned_resumes():
            if uid == _autopilot_uid(appliance_id, start):
                await self._autopilot.async_cancel_run(appliance_id)
                return
        raise invalid("calendar_event_not_autopilot")

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


def _autopilot_uid(appliance_id: str, start: datetime) -> str:
    return f"autopilot_{appliance_id}_{start.isoformat()}"
