"""The one registrar: every VoltWise service, its schema, handler, response and who may call it.

Handlers live with their feature (``home``, ``appliances``, ``appliances.schedules``, ``plant``);
this module finds what a call names (``service_helpers``: a home, an appliance, a schedule, a
plant, each refused with one translated error) and hands it to them. Schemas carry the ranges of
``services.yaml``'s selectors, and dates and durations are checked before any arithmetic.

The services that change a plant's stored plan (its daily schedules, week assignments, defaults
and active collection) are admin services, Home Assistant's form of the owner/editor/viewer roles:
a user who is not an administrator is refused with ``Unauthorized``. Overrides, apply now,
appliance schedules and every question stay open to all users.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID, Platform
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import service as service_helper

from .appliances import services as appliances
from .appliances.schedules import services as schedules
from .autopilot import services as autopilot
from .autopilot.controller import Autopilot
from .billing import prepaid_services as prepaid, services as billing
from .const import ATTR_APPLIANCE, ATTR_PLANT, ATTR_SCHEDULE_ID, DOMAIN
from .errors import invalid
from .home import services as home
from .insight import services as insight
from .plant import services as plants
from .plant.coordinator import PlantCoordinator
from .runtime import VoltWiseRuntime
from .service_helpers import (
    appliance_target,
    home_entry,
    loaded_homes,
    plant_target,
    schedule_target,
)

SERVICE_FIND_BEST_WINDOW = "find_best_window"
SERVICE_GET_PENALTY_TIMELINE = "get_penalty_timeline"
SERVICE_TURN_OFF_ALL = "turn_off_all"
SERVICE_SET_ECO_MODE = "set_eco_mode"
SERVICE_SCHEDULE_APPLIANCE = "schedule_appliance"
SERVICE_UPDATE_SCHEDULE = "update_schedule"
SERVICE_CANCEL_SCHEDULE = "cancel_schedule"
SERVICE_LIST_SCHEDULES = "list_schedules"
SERVICE_SET_OVERRIDE = "set_override"
SERVICE_CLEAR_OVERRIDE = "clear_override"
SERVICE_APPLY_NOW = "apply_now"
SERVICE_SET_DAILY_SCHEDULE = "set_daily_schedule"
SERVICE_DELETE_DAILY_SCHEDULE = "delete_daily_schedule"
SERVICE_ASSIGN_DAILY_SCHEDULE = "assign_daily_schedule"
SERVICE_UNASSIGN_DAILY_SCHEDULE = "unassign_daily_schedule"
SERVICE_SET_PLANT_DEFAULTS = "set_plant_defaults"
SERVICE_ACTIVATE_SCHEDULE_COLLECTION = "activate_schedule_collection"
SERVICE_GET_PLANT_PLAN = "get_plant_plan"
SERVICE_PAUSE_AUTOPILOT = "pause_autopilot"
SERVICE_RESUME_AUTOPILOT = "resume_autopilot"
SERVICE_CANCEL_AUTOPILOT_RUN = "cancel_autopilot_run"
SERVICE_REPORT_GRID_EVENT = "report_grid_event"
SERVICE_PREVIEW_AUTOPILOT = "preview_autopilot"
SERVICE_ACKNOWLEDGE_ANOMALY = "acknowledge_anomaly"
SERVICE_MARK_BILL_PAID = "mark_bill_paid"
SERVICE_TOP_UP = "top_up"

type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]
type AutopilotHandler = Callable[[Autopilot, str, ServiceCall], Coroutine[Any, Any, None]]
type PlantHandler = Callable[[PlantCoordinator, ServiceCall], Coroutine[Any, Any, ServiceResponse]]

NONE, OPTIONAL, ONLY = SupportsResponse.NONE, SupportsResponse.OPTIONAL, SupportsResponse.ONLY


@dataclass(frozen=True, slots=True)
class VoltWiseService:
    """One row of the table: a service and how it is registered."""

    name: str
    schema: vol.Schema
    handler: Handler
    response: SupportsResponse = NONE
    admin: bool = False  # it changes what a plant stores: administrators only


# -- finding what a call names, then handing it to the feature's handler ------------------------


def _home(call: ServiceCall) -> VoltWiseRuntime:
    return home_entry(call.hass, call.data[ATTR_CONFIG_ENTRY_ID]).runtime_data


async def _find_best_window(call: ServiceCall) -> ServiceResponse:
    if ATTR_APPLIANCE in call.data:
        entry, appliance = appliance_target(call.hass, call.data[ATTR_APPLIANCE])
        return await appliances.async_find_best_window(
            entry.runtime_data.coordinator, appliance.appliance, call
        )
    if ATTR_CONFIG_ENTRY_ID in call.data:
        return await appliances.async_find_best_window(_home(call).coordinator, None, call)
    raise invalid("home_or_appliance_required")


async def _get_penalty_timeline(call: ServiceCall) -> ServiceResponse:
    return await home.async_get_penalty_timeline(_home(call).coordinator, call)


def _enabled[PartT](part: PartT | None, error_key: str, call: ServiceCall) -> PartT:
    """A part of the home the call names, refused with ``error_key`` where the home has it off."""
    if part is None:
        raise invalid(error_key, entry_id=call.data[ATTR_CONFIG_ENTRY_ID])
    return part


async def _acknowledge_anomaly(call: ServiceCall) -> ServiceResponse:
    manager = _enabled(_home(call).insight, "insight_not_enabled", call)
    return await insight.async_acknowledge_anomaly(manager, call)


async def _mark_bill_paid(call: ServiceCall) -> ServiceResponse:
    coordinator = _enabled(_home(call).billing, "billing_not_enabled", call)
    return await billing.async_mark_bill_paid(coordinator, call)


async def _top_up(call: ServiceCall) -> ServiceResponse:
    meter = _enabled(_home(call).prepaid, "prepaid_not_enabled", call)
    return await prepaid.async_top_up(meter, call)


async def _turn_off_all(call: ServiceCall) -> ServiceResponse:
    return await appliances.async_turn_off_all(_home(call).appliances.pipeline, call)


async def _schedule_appliance(call: ServiceCall) -> ServiceResponse:
    entry, appliance = appliance_target(call.hass, call.data[ATTR_APPLIANCE])
    return await schedules.async_schedule(
        entry.runtime_data.schedules, appliance.appliance.appliance_id, call
    )


async def _update_schedule(call: ServiceCall) -> ServiceResponse:
    schedule_id: str = call.data[ATTR_SCHEDULE_ID]
    return await schedules.async_update(schedule_target(call.hass, schedule_id), schedule_id, call)


async def _cancel_schedule(call: ServiceCall) -> ServiceResponse:
    schedule_id: str = call.data[ATTR_SCHEDULE_ID]
    await schedules.async_cancel(schedule_target(call.hass, schedule_id), schedule_id, call)
    return None


async def _list_schedules(call: ServiceCall) -> ServiceResponse:
    if ATTR_APPLIANCE in call.data:
        entry, appliance = appliance_target(call.hass, call.data[ATTR_APPLIANCE])
        appliance_id = appliance.appliance.appliance_id
        return schedules.list_schedules([(entry.runtime_data.schedules, appliance_id)])
    wanted = call.data.get(ATTR_CONFIG_ENTRY_ID)
    homes = [entry for entry in loaded_homes(call.hass) if wanted in (None, entry.entry_id)]
    if wanted is not None and not homes:
        raise invalid("home_not_found", entry_id=wanted)
    return schedules.list_schedules([(entry.runtime_data.schedules, None) for entry in homes])


def _on_autopilot_appliance(handler: AutopilotHandler) -> Handler:
    """An autopilot handler, given the home's autopilot and the appliance the call names."""

    async def run(call: ServiceCall) -> ServiceResponse:
        entry, appliance = appliance_target(call.hass, call.data[ATTR_APPLIANCE])
        await handler(entry.runtime_data.autopilot, appliance.appliance.appliance_id, call)
        return None

    return run


async def _report_grid_event(call: ServiceCall) -> ServiceResponse:
    return await autopilot.async_report_grid_event(_home(call).autopilot, call)


async def _preview_autopilot(call: ServiceCall) -> ServiceResponse:
    return await autopilot.async_preview(_home(call).autopilot, call)


def _on_plant(handler: PlantHandler) -> Handler:
    """A plant handler, given the plant the call names (its device or one of its entities)."""

    async def run(call: ServiceCall) -> ServiceResponse:
        return await handler(plant_target(call.hass, call.data[ATTR_PLANT]), call)

    return run


# -- the table -----------------------------------------------------------------------------------

SERVICES: tuple[VoltWiseService, ...] = (
    VoltWiseService(
        SERVICE_FIND_BEST_WINDOW, appliances.FIND_BEST_WINDOW_SCHEMA, _find_best_window, ONLY
    ),
    VoltWiseService(
        SERVICE_GET_PENALTY_TIMELINE,
        home.GET_PENALTY_TIMELINE_SCHEMA,
        _get_penalty_timeline,
        ONLY,
    ),
    VoltWiseService(SERVICE_TURN_OFF_ALL, appliances.TURN_OFF_ALL_SCHEMA, _turn_off_all, OPTIONAL),
    VoltWiseService(
        SERVICE_SCHEDULE_APPLIANCE,
        schedules.SCHEDULE_APPLIANCE_SCHEMA,
        _schedule_appliance,
        OPTIONAL,
    ),
    VoltWiseService(
        SERVICE_UPDATE_SCHEDULE, schedules.UPDATE_SCHEDULE_SCHEMA, _update_schedule, OPTIONAL
    ),
    VoltWiseService(SERVICE_CANCEL_SCHEDULE, schedules.CANCEL_SCHEDULE_SCHEMA, _cancel_schedule),
    VoltWiseService(SERVICE_LIST_SCHEDULES, schedules.LIST_SCHEDULES_SCHEMA, _list_schedules, ONLY),
    VoltWiseService(
        SERVICE_SET_OVERRIDE, plants.SET_OVERRIDE_SCHEMA, _on_plant(plants.async_set_override)
    ),
    VoltWiseService(
        SERVICE_CLEAR_OVERRIDE, plants.PLANT_SCHEMA, _on_plant(plants.async_clear_override)
    ),
    VoltWiseService(
        SERVICE_APPLY_NOW, plants.PLANT_SCHEMA, _on_plant(plants.async_apply_now), OPTIONAL
    ),
    VoltWiseService(
        SERVICE_SET_DAILY_SCHEDULE,
        plants.SET_DAILY_SCHEDULE_SCHEMA,
        _on_plant(plants.async_set_daily_schedule),
        admin=True,
    ),
    VoltWiseService(
        SERVICE_DELETE_DAILY_SCHEDULE,
        plants.DELETE_DAILY_SCHEDULE_SCHEMA,
        _on_plant(plants.async_delete_daily_schedule),
        OPTIONAL,
        admin=True,
    ),
    VoltWiseService(
        SERVICE_ASSIGN_DAILY_SCHEDULE,
        plants.ASSIGN_DAILY_SCHEDULE_SCHEMA,
        _on_plant(plants.async_assign_daily_schedule),
        admin=True,
    ),
    VoltWiseService(
        SERVICE_UNASSIGN_DAILY_SCHEDULE,
        plants.UNASSIGN_DAILY_SCHEDULE_SCHEMA,
        _on_plant(plants.async_unassign_daily_schedule),
        admin=True,
    ),
    VoltWiseService(
        SERVICE_SET_PLANT_DEFAULTS,
        plants.SET_PLANT_DEFAULTS_SCHEMA,
        _on_plant(plants.async_set_plant_defaults),
        admin=True,
    ),
    VoltWiseService(
        SERVICE_ACTIVATE_SCHEDULE_COLLECTION,
        plants.ACTIVATE_COLLECTION_SCHEMA,
        _on_plant(plants.async_activate_collection),
        admin=True,
    ),
    VoltWiseService(
        SERVICE_GET_PLANT_PLAN, plants.PLANT_SCHEMA, _on_plant(plants.async_get_plant_plan), ONLY
    ),
    VoltWiseService(
        SERVICE_PAUSE_AUTOPILOT,
        autopilot.PAUSE_SCHEMA,
        _on_autopilot_appliance(autopilot.async_pause),
    ),
    VoltWiseService(
        SERVICE_RESUME_AUTOPILOT,
        autopilot.RESUME_SCHEMA,
        _on_autopilot_appliance(autopilot.async_resume),
    ),
    VoltWiseService(
        SERVICE_CANCEL_AUTOPILOT_RUN,
        autopilot.CANCEL_RUN_SCHEMA,
        _on_autopilot_appliance(autopilot.async_cancel_run),
    ),
    VoltWiseService(
        SERVICE_REPORT_GRID_EVENT,
        autopilot.REPORT_GRID_EVENT_SCHEMA,
        _report_grid_event,
        OPTIONAL,
    ),
    VoltWiseService(SERVICE_PREVIEW_AUTOPILOT, autopilot.PREVIEW_SCHEMA, _preview_autopilot, ONLY),
    VoltWiseService(
        SERVICE_ACKNOWLEDGE_ANOMALY,
        insight.ACKNOWLEDGE_ANOMALY_SCHEMA,
        _acknowledge_anomaly,
        OPTIONAL,
    ),
    VoltWiseService(
        SERVICE_MARK_BILL_PAID, billing.MARK_BILL_PAID_SCHEMA, _mark_bill_paid, OPTIONAL
    ),
    VoltWiseService(SERVICE_TOP_UP, prepaid.TOP_UP_SCHEMA, _top_up, OPTIONAL),
)


def async_setup_services(hass: HomeAssistant) -> None:
    """Register every service (once, in async_setup)."""
    for service in SERVICES:
        if service.admin:
            service_helper.async_register_admin_service(
                hass,
                DOMAIN,
                service.name,
                service.handler,
                service.schema,
                supports_response=service.response,
            )
        else:
            hass.services.async_register(
                DOMAIN,
                service.name,
                service.handler,
                schema=service.schema,
                supports_response=service.response,
            )
    # The appliance switches' own entity service (on either switch of an appliance).
    service_helper.async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_SET_ECO_MODE,
        entity_domain=Platform.SWITCH,
        schema=appliances.SET_ECO_MODE_SCHEMA,
        func="async_set_eco_mode",
    )
