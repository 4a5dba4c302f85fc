"""Schedule services for automations: create, change, cancel and list appliance schedules.

Every argument is validated by the engine as a whole schedule, dates and durations within the
supported range (``engine.limits``), and the schedule is planned whole before anything is saved,
so a bad call raises a translated ``ServiceValidationError`` and changes nothing. A schedule that
could not be planned at start-up is listed as disabled; changing it with valid timing or
cancelling it clears its repair issue. Handlers receive the executor (and the appliance or
schedule) the registrar (``services.py``) found.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from typing import Any

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ...const import ATTR_APPLIANCE, ATTR_SCHEDULE_ID
from ...engine.calendar import parse_time
from ...engine.errors import EngineError
from ...engine.limits import check_date, supported_dates
from ...engine.recurrence import local_instant, require_future
from ...engine.schedule_spec import Repeat, ScheduleSpec
from ...errors import from_engine
from ...service_helpers import duration
from .executor import ScheduleExecutor

TIMING_FIELDS = ("start", "end", "duration", "repeat", "days", "date", "end_date", "smart")
DATE_FIELDS = ("date", "end_date")

_TIMING: dict[vol.Marker, Any] = {
    vol.Optional("start"): cv.string,
    vol.Optional("end"): vol.Any(None, cv.string),
    vol.Optional("duration"): vol.Any(None, duration("duration")),
    vol.Optional("repeat"): cv.string,
    vol.Optional("days"): vol.All(cv.ensure_list, [vol.Any(cv.string, int)]),
    vol.Optional("date"): vol.Any(None, cv.string),
    vol.Optional("end_date"): vol.Any(None, cv.string),
    vol.Optional("smart"): cv.boolean,
}
SCHEDULE_APPLIANCE_SCHEMA = vol.Schema(
    {vol.Required(ATTR_APPLIANCE): cv.entity_id, vol.Required("start"): cv.string, **_TIMING}
)
UPDATE_SCHEDULE_SCHEMA = vol.Schema({vol.Required(ATTR_SCHEDULE_ID): cv.string, **_TIMING})
CANCEL_SCHEDULE_SCHEMA = vol.Schema({vol.Required(ATTR_SCHEDULE_ID): cv.string})
LIST_SCHEDULES_SCHEMA = vol.Schema(
    {vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string, vol.Optional(ATTR_APPLIANCE): cv.entity_id}
)


def _timing(data: dict[str, Any]) -> dict[str, Any]:
    """The call's timing fields in the stored spec's shape (the engine validates them)."""
    timing: dict[str, Any] = {}
    for field in TIMING_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "duration" and isinstance(value, timedelta):
            value = value.total_seconds()
        timing[field] = value
    return timing


def _check_dates(spec: dict[str, Any], today: date) -> None:
    """Dates within the supported range, before anything computes instants from them."""
    first, last = supported_dates(today)
    for field in DATE_FIELDS:
        value = spec.get(field)
        if not isinstance(value, str):
            continue  # none, or not text: the spec reports it
        try:
            day = date.fromisoformat(value)
        except ValueError:
            continue  # not a date: the spec reports it
        check_date(day, first, last, "date_out_of_range")


def _spec(executor: ScheduleExecutor, data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A whole spec, validated and in the future.

    A one-off without a date runs the next time its start (a smart one: its window) comes
    round, and a one-off whose end time is before its start ends the next morning (an end equal
    to the start is refused, as on every schedule).
    """
    spec = dict(data)
    spec.setdefault("repeat", Repeat.ONCE.value)
    tz = executor.time_zone
    try:
        _check_dates(spec, now.astimezone(tz).date())
        if spec["repeat"] == Repeat.ONCE and not spec.get("date"):
            today = now.astimezone(tz).date()
            first = parse_time(
                spec["end"] if spec.get("smart") and spec.get("end") else spec["start"]
            )
            day = today if local_instant(today, first, tz) > now else today + timedelta(days=1)
            spec["date"] = day.isoformat()
        if (
            spec["repeat"] == Repeat.ONCE
            and spec.get("end")
            and not spec.get("end_date")
            and parse_time(spec["end"]) < parse_time(spec["start"])
        ):
            with contextlib.suppress(ValueError):  # a bad date is reported by the spec below
                next_day = date.fromisoformat(spec["date"]) + timedelta(days=1)
                spec["end_date"] = next_day.isoformat()
        require_future(ScheduleSpec.from_dict({**spec, "id": "check"}), now, tz)
    except EngineError as err:
        raise from_engine(err) from err
    return spec


def _describe_disabled(executor: ScheduleExecutor, schedule_id: str) -> dict[str, Any]:
    """A disabled schedule as stored (its timing may be what could not be planned)."""
    record = executor.store.data["schedules"][schedule_id]
    spec = record.get("spec")
    timing = spec if isinstance(spec, dict) else {}
    return {
        "schedule_id": schedule_id,
        "appliance": executor.appliance_name(record["appliance_id"]),
        "appliance_id": record["appliance_id"],
        **{field: timing.get(field) for field in TIMING_FIELDS},
        "disabled": True,
        "error": record["disabled"],
        "next_trigger": None,
        "next_action": None,
    }


def _describe(executor: ScheduleExecutor, schedule_id: str) -> dict[str, Any]:
    if executor.is_disabled(schedule_id):
        return _describe_disabled(executor, schedule_id)
    view = next(view for view in executor.views() if view.schedule_id == schedule_id)
    occurrence = executor.next_occurrence(schedule_id)
    appliances = executor.appliances.appliances
    appliance = appliances.get(view.appliance_id)
    tz = executor.time_zone
    return {
        "schedule_id": schedule_id,
        "appliance": appliance.appliance.name if appliance is not None else view.appliance_id,
        "appliance_id": view.appliance_id,
        **{key: value for key, value in view.spec.as_dict().items() if key != "id"},
        "disabled": False,
        "next_trigger": occurrence.at.astimezone(tz).isoformat() if occurrence else None,
        "next_action": occurrence.action.value if occurrence else None,
    }


async def async_schedule(
    executor: ScheduleExecutor, appliance_id: str, call: ServiceCall
) -> ServiceResponse:
    """Create a schedule of ``appliance_id``; returns its id and next trigger."""
    spec = _spec(executor, _timing(dict(call.data)), dt_util.utcnow())
    schedule_id = await executor.async_add(appliance_id, spec)  # validated whole by _spec
    return _describe(executor, schedule_id)


async def async_update(
    executor: ScheduleExecutor, schedule_id: str, call: ServiceCall
) -> ServiceResponse:
    """Change a schedule's timing; unspecified fields keep their values."""
    if executor.is_disabled(schedule_id):
        current = _describe_disabled(executor, schedule_id)
        current = {field: current[field] for field in TIMING_FIELDS if current[field] is not None}
    else:
        current = {
            key: value for key, value in executor.spec(schedule_id).as_dict().items() if key != "id"
        }
    changes = _timing(dict(call.data))
    if "repeat" in changes and changes["repeat"] != current.get("repeat", Repeat.ONCE):
        # A new kind of repeat comes with its own dates or days, not the old ones.
        current.update({"date": None, "end_date": None, "days": []})
    spec = _spec(executor, {**current, **changes}, dt_util.utcnow())
    await executor.async_update(schedule_id, spec)  # validated whole by _spec
    return _describe(executor, schedule_id)


async def async_cancel(executor: ScheduleExecutor, schedule_id: str, call: ServiceCall) -> None:
    """Delete a schedule."""
    await executor.async_cancel(schedule_id)


def list_schedules(executors: list[tuple[ScheduleExecutor, str | None]]) -> ServiceResponse:
    """Schedules of the given homes' executors (each of one appliance, or all of them)."""
    schedules: list[Any] = []
    for executor, only in executors:
        listed = [
            (view.created_at.isoformat(), view.schedule_id, view.appliance_id)
            for view in executor.views()
        ]
        listed.extend(
            (str(record.get("created_at")), schedule_id, record["appliance_id"])
            for schedule_id, record in executor.disabled().items()
        )
        schedules.extend(
            _describe(executor, schedule_id)
            for _created, schedule_id, appliance_id in sorted(listed)
            if only in (None, appliance_id)
        )
    return {"schedules": schedules}
