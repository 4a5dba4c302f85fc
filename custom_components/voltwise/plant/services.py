"""Plant services for automations: overrides, apply now, and editing the plan.

Every service names its plant by the plant's device ID or by the entity ID of any of the plant's
entities (``plant`` field); the registrar (``services.py``) finds it and hands it to the handler.
Each edit is one engine edit of the whole plan through the plant's coordinator: validated as a
whole (a translated ``ServiceValidationError`` otherwise), saved, then applied if values change; a
refused edit stores nothing. Numbers carry the ranges of ``services.yaml``'s selectors, and an
override's end lies within the dates VoltWise accepts (``service_helpers``). Field names keep the
word users see ("schedule": a daily plan).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..const import ATTR_PLANT
from ..engine.calendar import WEEKDAYS, format_weekday_ranges, parse_minute
from ..engine.errors import EngineError
from ..engine.limits import MAX_POWER_W
from ..engine.plant.codec import plan_to_dict
from ..engine.plant.edits import (
    assign_daily_plan,
    collection_named,
    create_daily_plan,
    daily_plan_named,
    delete_daily_plan,
    parse_days,
    replace_segments,
    unassign_daily_plan,
)
from ..engine.plant.model import DailyPlan, OverrideMode, PlantPlan, Segment
from ..engine.plant.resolve import resolve
from ..service_helpers import choice, number, supported_datetime
from .coordinator import PlantCoordinator
from .text import parse_segments

ATTR_MODE = "mode"
ATTR_PEAK_SHAVING_W = "peak_shaving_w"
ATTR_GRID_CHARGING_ALLOWED = "grid_charging_allowed"
ATTR_UNTIL = "until"
ATTR_SCHEDULE = "schedule"
ATTR_SEGMENTS = "segments"
ATTR_COLLECTION = "collection"
ATTR_DAYS = "days"
ATTR_PRIORITY = "priority"
# The selector's maximum; the engine checks the plant's own bounds and 100 W steps.
_PEAK_SHAVING_W = number(ATTR_PEAK_SHAVING_W, 0, MAX_POWER_W, whole=True)
_PRIORITY = number(ATTR_PRIORITY, 0, 1000, whole=True)

_PLANT: dict[vol.Marker, Any] = {vol.Required(ATTR_PLANT): cv.string}
_SEGMENT = vol.Schema(
    {
        vol.Required("start"): cv.string,
        vol.Required("end"): cv.string,
        vol.Required(ATTR_PEAK_SHAVING_W): _PEAK_SHAVING_W,
        vol.Required(ATTR_GRID_CHARGING_ALLOWED): cv.boolean,
    }
)
# Day names are checked by the engine (invalid_days, translated), text or list alike.
_DAYS = vol.Any(cv.string, [cv.string])

PLANT_SCHEMA = vol.Schema(_PLANT)
SET_OVERRIDE_SCHEMA = vol.Schema(
    {
        **_PLANT,
        vol.Optional(ATTR_MODE, default=OverrideMode.UNTIL_NEXT_BOUNDARY.value): choice(
            ATTR_MODE, [mode.value for mode in OverrideMode]
        ),
        vol.Optional(ATTR_PEAK_SHAVING_W): _PEAK_SHAVING_W,
        vol.Optional(ATTR_GRID_CHARGING_ALLOWED): cv.boolean,
        vol.Optional(ATTR_UNTIL): cv.datetime,
    }
)
SET_DAILY_SCHEDULE_SCHEMA = vol.Schema(
    {
        **_PLANT,
        vol.Required(ATTR_SCHEDULE): cv.string,
        vol.Required(ATTR_SEGMENTS): vol.Any(cv.string, [_SEGMENT]),
        vol.Optional(ATTR_COLLECTION): cv.string,
    }
)
DELETE_DAILY_SCHEDULE_SCHEMA = vol.Schema(
    {
        **_PLANT,
        vol.Required(ATTR_SCHEDULE): cv.string,
        vol.Optional(ATTR_COLLECTION): cv.string,
    }
)
ASSIGN_DAILY_SCHEDULE_SCHEMA = vol.Schema(
    {
        **_PLANT,
        vol.Required(ATTR_SCHEDULE): cv.string,
        vol.Required(ATTR_DAYS): _DAYS,
        vol.Optional(ATTR_PRIORITY): _PRIORITY,
        vol.Optional(ATTR_COLLECTION): cv.string,
    }
)
UNASSIGN_DAILY_SCHEDULE_SCHEMA = vol.Schema(
    {
        **_PLANT,
        vol.Required(ATTR_SCHEDULE): cv.string,
        vol.Optional(ATTR_DAYS): _DAYS,
        vol.Optional(ATTR_COLLECTION): cv.string,
    }
)
SET_PLANT_DEFAULTS_SCHEMA = vol.Schema(
    {
        **_PLANT,
        vol.Optional(ATTR_PEAK_SHAVING_W): _PEAK_SHAVING_W,
        vol.Optional(ATTR_GRID_CHARGING_ALLOWED): cv.boolean,
    }
)
ACTIVATE_COLLECTION_SCHEMA = vol.Schema({**_PLANT, vol.Required(ATTR_COLLECTION): cv.string})


def _named_daily_plan(plan: PlantPlan, call: ServiceCall) -> DailyPlan:
    name: str = call.data[ATTR_SCHEDULE]
    daily = daily_plan_named(collection_named(plan, call.data.get(ATTR_COLLECTION)), name)
    if daily is None:
        raise EngineError("unknown_schedule_name", name=name)
    return daily


def _segments(value: str | Sequence[dict[str, Any]]) -> tuple[Segment, ...]:
    if isinstance(value, str):
        return parse_segments(value)
    return tuple(
        Segment(
            start=parse_minute(item["start"]),
            end=parse_minute(item["end"]),
            peak_shaving_w=item[ATTR_PEAK_SHAVING_W],
            grid_charging_allowed=item[ATTR_GRID_CHARGING_ALLOWED],
        )
        for item in value
    )


def _days(value: str | Sequence[str]) -> tuple[int, ...]:
    return parse_days(value if isinstance(value, str) else ",".join(value))


# -- handlers ---------------------------------------------------------------------------------


async def async_set_override(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Force values on top of the plan until the next boundary, a time, or until cleared."""
    until = call.data.get(ATTR_UNTIL)
    if until is not None:
        until = supported_datetime(until, plant.tz)  # without a zone: the plant's time
    await plant.async_set_override(
        call.data[ATTR_MODE],
        peak_shaving_w=call.data.get(ATTR_PEAK_SHAVING_W),
        grid_charging_allowed=call.data.get(ATTR_GRID_CHARGING_ALLOWED),
        until=until,
    )


async def async_clear_override(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Turn the override off: the plan applies again."""
    await plant.async_clear_override()


async def async_apply_now(plant: PlantCoordinator, call: ServiceCall) -> ServiceResponse:
    """Check both controls on the inverter and write what differs; return the log entry."""
    record = await plant.async_apply_now()
    response = record.as_dict()
    response.pop("detail")
    return response


async def async_set_daily_schedule(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Create a daily schedule, or replace the segments of the one with that name."""

    def edit(plan: PlantPlan) -> PlantPlan:
        segments = _segments(call.data[ATTR_SEGMENTS])
        collection = collection_named(plan, call.data.get(ATTR_COLLECTION))
        existing = daily_plan_named(collection, call.data[ATTR_SCHEDULE])
        if existing is not None:
            return replace_segments(plan, existing.id, segments)
        plan, _ = create_daily_plan(
            plan, call.data[ATTR_SCHEDULE], segments, collection_id=collection.id
        )
        return plan

    await plant.async_edit(edit)


async def async_delete_daily_schedule(
    plant: PlantCoordinator, call: ServiceCall
) -> ServiceResponse:
    """Delete a daily schedule; the days it was assigned to are returned (now unassigned)."""
    unassigned: list[int] = []

    def edit(plan: PlantPlan) -> PlantPlan:
        plan, days = delete_daily_plan(plan, _named_daily_plan(plan, call).id)
        unassigned[:] = days
        return plan

    await plant.async_edit(edit)
    return {
        "unassigned_days": [WEEKDAYS[day] for day in unassigned],
        "unassigned": format_weekday_ranges(unassigned) if unassigned else "",
    }


async def async_assign_daily_schedule(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Put a daily schedule on days (``mon-fri``...) with a priority (default: on top)."""

    def edit(plan: PlantPlan) -> PlantPlan:
        schedule = _named_daily_plan(plan, call)
        return assign_daily_plan(
            plan, schedule.id, _days(call.data[ATTR_DAYS]), call.data.get(ATTR_PRIORITY)
        )

    await plant.async_edit(edit)


async def async_unassign_daily_schedule(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Take a daily schedule off days (all by default); empty days use the defaults."""

    def edit(plan: PlantPlan) -> PlantPlan:
        schedule = _named_daily_plan(plan, call)
        days = _days(call.data[ATTR_DAYS]) if ATTR_DAYS in call.data else range(7)
        return unassign_daily_plan(plan, schedule.id, days)

    await plant.async_edit(edit)


async def async_set_plant_defaults(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Change what the plant does where no daily plan applies."""
    await plant.async_set_defaults(
        peak_shaving_w=call.data.get(ATTR_PEAK_SHAVING_W),
        grid_charging_allowed=call.data.get(ATTR_GRID_CHARGING_ALLOWED),
    )


async def async_activate_collection(plant: PlantCoordinator, call: ServiceCall) -> None:
    """Make the plant follow another collection."""
    await plant.async_activate_collection(call.data[ATTR_COLLECTION])


async def async_get_plant_plan(plant: PlantCoordinator, call: ServiceCall) -> ServiceResponse:
    """The whole plan (for automations and backups) and what it says now."""
    plan = plant.plan
    return {
        "plan": plan_to_dict(plan),
        "now": resolve(plan, dt_util.utcnow(), plant.tz).as_dict(),
    }
