"""The autopilot's services: pause, resume, cancel a planned run, report a grid event, preview.

The registrar (``services.py``) finds the home or appliance a call names; these handlers check
what is left (times, lengths) with translated errors before anything is stored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now

from ..const import ATTR_APPLIANCE
from ..engine.autopilot import GridEvent, GridEventType, Severity, preview
from ..errors import invalid
from ..service_helpers import choice, number
from .controller import Autopilot
from .grid import MAX_AREAS, MAX_MESSAGE_LENGTH, GridNotice

ATTR_UNTIL = "until"
ATTR_TYPE = "type"
ATTR_SEVERITY = "severity"
ATTR_MESSAGE = "message"
ATTR_START = "start"
ATTR_END = "end"
ATTR_AREAS = "affected_areas"
ATTR_EVENT_ID = "event_id"
ATTR_HOURS = "hours"
MAX_PREVIEW_HOURS = 24

PAUSE_SCHEMA = vol.Schema(
    {vol.Required(ATTR_APPLIANCE): cv.entity_id, vol.Optional(ATTR_UNTIL): cv.datetime}
)
RESUME_SCHEMA = vol.Schema({vol.Required(ATTR_APPLIANCE): cv.entity_id})
CANCEL_RUN_SCHEMA = vol.Schema({vol.Required(ATTR_APPLIANCE): cv.entity_id})
REPORT_GRID_EVENT_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_TYPE): choice(ATTR_TYPE, [kind.value for kind in GridEventType]),
        vol.Required(ATTR_SEVERITY): choice(ATTR_SEVERITY, [level.value for level in Severity]),
        vol.Optional(ATTR_MESSAGE): cv.string,
        vol.Optional(ATTR_START): cv.datetime,
        vol.Optional(ATTR_END): cv.datetime,
        vol.Optional(ATTR_AREAS): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional(ATTR_EVENT_ID): cv.string,
    }
)
PREVIEW_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_HOURS): number(ATTR_HOURS, 1, MAX_PREVIEW_HOURS),
    }
)


def _aware(value: datetime, autopilot: Autopilot) -> datetime:
    """A time without a zone is the home's local time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=autopilot.home.time_zone)


async def async_pause(autopilot: Autopilot, appliance_id: str, call: ServiceCall) -> None:
    """Leave one appliance alone, until a time or until resumed (what it holds is given back)."""
    name = autopilot.appliances[appliance_id].appliance.name
    if not autopilot.appliances[appliance_id].appliance.shiftable:
        raise invalid("autopilot_essential", appliance=name)
    until: datetime | None = None
    if ATTR_UNTIL in call.data:
        until = _aware(call.data[ATTR_UNTIL], autopilot)
        if until <= dt_util.utcnow():
            raise invalid("pause_until_past", appliance=name, until=until.isoformat())
    await autopilot.async_pause(appliance_id, until)


async def async_resume(autopilot: Autopilot, appliance_id: str, call: ServiceCall) -> None:
    """Hand one appliance back to the autopilot (its pause and earlier overrides end)."""
    await autopilot.async_resume(appliance_id)


async def async_cancel_run(autopilot: Autopilot, appliance_id: str, call: ServiceCall) -> None:
    """Cancel the appliance's planned autopilot run; it stays off until someone turns it on."""
    if not await autopilot.async_cancel_run(appliance_id):
        name = autopilot.appliances[appliance_id].appliance.name
        raise invalid("no_autopilot_run", appliance=name)


async def async_report_grid_event(autopilot: Autopilot, call: ServiceCall) -> ServiceResponse:
    """A grid event from outside (a utility alert an automation saw), validated then acted on."""
    now = dt_util.utcnow()
    start = _aware(call.data[ATTR_START], autopilot) if ATTR_START in call.data else now
    end = _aware(call.data[ATTR_END], autopilot) if ATTR_END in call.data else None
    if end is not None and end <= start:
        raise invalid("grid_event_end_before_start", start=start.isoformat(), end=end.isoformat())
    if end is not None and end <= now:
        raise invalid("grid_event_over", end=end.isoformat())
    message = str(call.data.get(ATTR_MESSAGE, ""))
    if len(message) > MAX_MESSAGE_LENGTH:
        raise invalid("grid_event_message_too_long", maximum=str(MAX_MESSAGE_LENGTH))
    areas = tuple(call.data.get(ATTR_AREAS, ()))
    if len(areas) > MAX_AREAS or any(len(area) > 100 for area in areas):
        raise invalid("grid_event_too_many_areas", maximum=str(MAX_AREAS))
    event_id = str(call.data.get(ATTR_EVENT_ID) or ulid_now())
    notice = GridNotice(
        GridEvent(
            id=event_id,
            type=GridEventType(call.data[ATTR_TYPE]),
            severity=Severity(call.data[ATTR_SEVERITY]),
            start=start,
            end=end,
        ),
        message,
        areas,
        "service",
    )
    await autopilot.async_report(notice)
    return {"event_id": event_id}


async def async_preview(autopilot: Autopilot, call: ServiceCall) -> ServiceResponse:
    """What the autopilot would do over the next hours, and the expected saving."""
    now = dt_util.utcnow()
    horizon = autopilot.horizon(now)
    settings = replace(autopilot.home.state.autopilot, enabled=True)
    result = preview(
        now,
        horizon,
        settings,
        autopilot.views(horizon.grid.step_minutes),
        autopilot.memory,
        events=[notice.event for notice in autopilot.notices()],
        hours=float(call.data.get(ATTR_HOURS, MAX_PREVIEW_HOURS)),
    )
    names = autopilot.appliance_names()
    actions: list[Any] = [
        {
            "at": entry.at.isoformat(),
            "appliance": names.get(entry.action.appliance_id, entry.action.appliance_id),
            "appliance_id": entry.action.appliance_id,
            "action": entry.action.kind.value,
            "source": entry.action.source.value,
            "reason": entry.action.reason.value,
            **({"level": entry.action.level} if entry.action.level is not None else {}),
        }
        for entry in result.entries
    ]
    return {
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "actions": actions,
        "cost": round(result.cost, 4),
        "cost_without_autopilot": round(result.cost_without, 4),
        "cost_saving": round(result.cost_saving, 4),
        "currency": autopilot.home.currency,
        "co2_kg": round(result.co2_kg, 4),
        "co2_without_autopilot_kg": round(result.co2_without_kg, 4),
        "co2_saving_kg": round(result.co2_saving_kg, 4),
    }
