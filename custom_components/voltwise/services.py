"""VoltWise's services, each validated with translated errors.

Questions answered with data (best window, penalty timeline), actions on a home's appliances
(turn off all, eco mode), which go through the control pipeline like every other action, and a
plant's overrides, apply now and schedule editing (handlers in ``plant/services.py``).

Schemas carry the ranges of ``services.yaml``'s selectors (``service_validation``); dates and
durations are checked against ``engine.limits`` before any arithmetic, so no input can overflow.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import (
    config_validation as cv,
    entity_registry as er,
    service as service_helper,
)
from homeassistant.util import dt as dt_util

from .appliances.config import ApplianceConfig
from .appliances.pipeline import ActionResult, source_from_context
from .const import DOMAIN
from .coordinator import HomeCoordinator
from .engine.errors import EngineError
from .engine.home_state import HomeSettings
from .engine.horizon import DEFAULT_HORIZON_HOURS, build_horizon
from .engine.limits import MAX_DURATION, MAX_POWER_W, duration_text
from .engine.penalty import Strategy
from .engine.tariff import SLOT_KINDS
from .engine.windows import Cycle, WindowPlan, find_best_window
from .home import HomeConfig
from .plant import services as plant_services
from .runtime import VoltWiseConfigEntry
from .schedules.services import async_setup_schedule_services
from .service_validation import (
    choice,
    duration,
    from_engine,
    invalid,
    number,
    one_of_numbers,
    supported_datetime,
)

SERVICE_FIND_BEST_WINDOW = "find_best_window"
SERVICE_GET_PENALTY_TIMELINE = "get_penalty_timeline"
SERVICE_TURN_OFF_ALL = "turn_off_all"
SERVICE_SET_ECO_MODE = "set_eco_mode"
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

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_APPLIANCE = "appliance"
ATTR_ENABLED = "enabled"
ATTR_DURATION = "duration"
ATTR_POWER = "power"
ATTR_PROFILE = "profile"
ATTR_PROFILE_STEP = "profile_step"
ATTR_EARLIEST_START = "earliest_start"
ATTR_DEADLINE = "deadline"
ATTR_STRATEGY = "strategy"
ATTR_MIN_BLOCK = "min_block"
ATTR_HOURS = "hours"
ATTR_RESOLUTION = "resolution"

DEFAULT_POWER_W = 1000.0
DEFAULT_PROFILE_STEP = timedelta(minutes=5)
DEFAULT_LOOKAHEAD = timedelta(hours=24)
RESOLUTIONS = (5, 15, 30, 60)

_STRATEGY = choice(ATTR_STRATEGY, [strategy.value for strategy in Strategy])

FIND_BEST_WINDOW_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_APPLIANCE): cv.entity_id,
        vol.Optional(ATTR_DURATION): duration(ATTR_DURATION),
        vol.Optional(ATTR_POWER): number(ATTR_POWER, 0, MAX_POWER_W),
        vol.Optional(ATTR_PROFILE): vol.All(
            cv.ensure_list, [number(ATTR_PROFILE, 0, MAX_POWER_W / 1000)]
        ),
        vol.Optional(ATTR_PROFILE_STEP): duration(ATTR_PROFILE_STEP),
        vol.Optional(ATTR_EARLIEST_START): cv.datetime,
        vol.Optional(ATTR_DEADLINE): cv.datetime,
        vol.Optional(ATTR_STRATEGY): _STRATEGY,
        vol.Optional(ATTR_MIN_BLOCK): duration(ATTR_MIN_BLOCK, too_short="invalid_min_block"),
    }
)

GET_PENALTY_TIMELINE_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_HOURS, default=24): number(ATTR_HOURS, 1, DEFAULT_HORIZON_HOURS),
        vol.Optional(ATTR_RESOLUTION, default=15): one_of_numbers(
            ATTR_RESOLUTION, RESOLUTIONS, "invalid_resolution"
        ),
        vol.Optional(ATTR_STRATEGY): _STRATEGY,
    }
)


TURN_OFF_ALL_SCHEMA = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})


def async_setup_services(hass: HomeAssistant) -> None:
    """Register VoltWise's services (once, in async_setup)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_FIND_BEST_WINDOW,
        _async_find_best_window,
        schema=FIND_BEST_WINDOW_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_PENALTY_TIMELINE,
        _async_get_penalty_timeline,
        schema=GET_PENALTY_TIMELINE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_TURN_OFF_ALL,
        _async_turn_off_all,
        schema=TURN_OFF_ALL_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    service_helper.async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_SET_ECO_MODE,
        entity_domain=Platform.SWITCH,
        schema={vol.Required(ATTR_ENABLED): cv.boolean},
        func="async_set_eco_mode",
    )
    async_setup_schedule_services(hass)
    _register_plant_services(hass)


def _register_plant_services(hass: HomeAssistant) -> None:
    """A plant's overrides, apply now and schedule editing (each edit atomic)."""
    plants = plant_services
    for name, handler, schema, response in (
        (SERVICE_SET_OVERRIDE, plants.async_set_override, plants.SET_OVERRIDE_SCHEMA, None),
        (SERVICE_CLEAR_OVERRIDE, plants.async_clear_override, plants.PLANT_SCHEMA, None),
        (
            SERVICE_APPLY_NOW,
            plants.async_apply_now,
            plants.PLANT_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
        (
            SERVICE_SET_DAILY_SCHEDULE,
            plants.async_set_daily_schedule,
            plants.SET_DAILY_SCHEDULE_SCHEMA,
            None,
        ),
        (
            SERVICE_DELETE_DAILY_SCHEDULE,
            plants.async_delete_daily_schedule,
            plants.DELETE_DAILY_SCHEDULE_SCHEMA,
            SupportsResponse.OPTIONAL,
        ),
        (
            SERVICE_ASSIGN_DAILY_SCHEDULE,
            plants.async_assign_daily_schedule,
            plants.ASSIGN_DAILY_SCHEDULE_SCHEMA,
            None,
        ),
        (
            SERVICE_UNASSIGN_DAILY_SCHEDULE,
            plants.async_unassign_daily_schedule,
            plants.UNASSIGN_DAILY_SCHEDULE_SCHEMA,
            None,
        ),
        (
            SERVICE_SET_PLANT_DEFAULTS,
            plants.async_set_plant_defaults,
            plants.SET_PLANT_DEFAULTS_SCHEMA,
            None,
        ),
        (
            SERVICE_ACTIVATE_SCHEDULE_COLLECTION,
            plants.async_activate_collection,
            plants.ACTIVATE_COLLECTION_SCHEMA,
            None,
        ),
        (
            SERVICE_GET_PLANT_PLAN,
            plants.async_get_plant_plan,
            plants.PLANT_SCHEMA,
            SupportsResponse.ONLY,
        ),
    ):
        hass.services.async_register(
            DOMAIN,
            name,
            handler,
            schema=schema,
            supports_response=response or SupportsResponse.NONE,
        )


def _entry(call: ServiceCall, entry_id: str) -> VoltWiseConfigEntry:
    """The loaded home with this config entry id."""
    entry: VoltWiseConfigEntry | None = call.hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise invalid("home_not_found", entry_id=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise invalid("home_not_loaded", home=entry.title)
    return entry


def _coordinator(call: ServiceCall) -> HomeCoordinator:
    """The loaded home the call names."""
    return _entry(call, call.data[ATTR_CONFIG_ENTRY_ID]).runtime_data.coordinator


def _appliance(call: ServiceCall) -> tuple[HomeCoordinator, ApplianceConfig]:
    """The appliance a call names by one of its entities, with its home."""
    entity_id: str = call.data[ATTR_APPLIANCE]
    registered = er.async_get(call.hass).async_get(entity_id)
    if registered is None or registered.platform != DOMAIN or not registered.config_subentry_id:
        raise invalid("not_an_appliance", entity_id=entity_id)
    entry = _entry(call, str(registered.config_entry_id))
    appliance = entry.runtime_data.appliances.appliances.get(registered.config_subentry_id)
    if appliance is None:
        raise invalid("not_an_appliance", entity_id=entity_id)
    return entry.runtime_data.coordinator, appliance.appliance


def _settings(coordinator: HomeCoordinator, call: ServiceCall) -> HomeSettings:
    settings = coordinator.settings
    if ATTR_STRATEGY in call.data:
        settings = replace(settings, strategy=Strategy(call.data[ATTR_STRATEGY]))
    return settings


def _minutes(value: timedelta) -> float:
    return value.total_seconds() / 60


def _appliance_cycle(appliance: ApplianceConfig, step_minutes: int) -> Cycle:
    """An appliance's typical cycle, as set in its configuration."""
    if appliance.cycle_profile_kw:
        return Cycle.from_profile(
            appliance.cycle_profile_kw, appliance.profile_step_minutes, step_minutes
        )
    if appliance.cycle_minutes:
        return Cycle.constant(appliance.cycle_minutes, appliance.nameplate_w, step_minutes)
    raise invalid("appliance_has_no_cycle", appliance=appliance.name)


def _cycle(call: ServiceCall, step_minutes: int, appliance: ApplianceConfig | None) -> Cycle:
    """The run to plan: a duration at a power, a power profile, or the appliance's cycle."""
    has_duration = ATTR_DURATION in call.data
    has_profile = ATTR_PROFILE in call.data
    if appliance is not None and not has_duration and not has_profile:
        try:
            return _appliance_cycle(appliance, step_minutes)
        except EngineError as err:
            raise from_engine(err) from err
    if has_duration == has_profile:
        raise invalid("duration_or_profile")
    try:
        if has_duration:
            default_power = appliance.nameplate_w if appliance is not None else DEFAULT_POWER_W
            power = call.data.get(ATTR_POWER, default_power)
            return Cycle.constant(_minutes(call.data[ATTR_DURATION]), power, step_minutes)
        step: timedelta = call.data.get(ATTR_PROFILE_STEP, DEFAULT_PROFILE_STEP)
        profile: list[float] = call.data[ATTR_PROFILE]
        if (span := step * len(profile)) > MAX_DURATION:
            raise invalid(
                "duration_too_long",
                value=duration_text(span),
                maximum=duration_text(MAX_DURATION),
            )
        return Cycle.from_profile(profile, _minutes(step), step_minutes)
    except EngineError as err:
        raise from_engine(err) from err


def _window_response(plan: WindowPlan, settings: HomeSettings, home: HomeConfig) -> dict[str, Any]:
    def local(when: datetime) -> str:
        return when.astimezone(home.time_zone).isoformat()

    return {
        "start": local(plan.start),
        "end": local(plan.end),
        "blocks": [{"start": local(start), "end": local(end)} for start, end in plan.blocks],
        "strategy": settings.strategy.value,
        "penalty": round(plan.penalty, 6),
        "energy_kwh": round(plan.energy_kwh, 4),
        "currency": home.currency,
        "expected_cost": round(plan.cost, 4),
        "co2_kg": round(plan.co2_kg, 4),
        "cost_if_now": round(plan.cost_now, 4),
        "co2_if_now_kg": round(plan.co2_now_kg, 4),
        "saving": round(plan.saving, 4),
        "co2_saving_kg": round(plan.co2_saving_kg, 4),
    }


async def _async_find_best_window(call: ServiceCall) -> ServiceResponse:
    """When to run a load between an earliest start and a deadline, and what it saves."""
    appliance: ApplianceConfig | None = None
    if ATTR_APPLIANCE in call.data:
        coordinator, appliance = _appliance(call)
    elif ATTR_CONFIG_ENTRY_ID in call.data:
        coordinator = _coordinator(call)
    else:
        raise invalid("home_or_appliance_required")
    home = coordinator.home
    tz = home.time_zone
    settings = _settings(coordinator, call)
    now = dt_util.utcnow()
    # Dates are checked before any arithmetic; times without a zone are the home's.
    earliest = now
    if (asked := call.data.get(ATTR_EARLIEST_START)) is not None:
        earliest = max(supported_datetime(asked, tz), now)  # the past is not an option
    deadline = call.data.get(ATTR_DEADLINE)
    if deadline is not None:
        deadline = supported_datetime(deadline, tz)
    horizon = build_horizon(home.tariff, coordinator.carbon_input(), tz, now)
    if earliest >= horizon.grid.end:
        raise invalid(
            "earliest_start_beyond_horizon",
            value=earliest.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            hours=str(DEFAULT_HORIZON_HOURS),
        )
    if deadline is None:  # a day after the earliest start, within what VoltWise can plan
        deadline = min(earliest + DEFAULT_LOOKAHEAD, horizon.grid.end)
    cycle = _cycle(call, horizon.grid.step_minutes, appliance)
    min_block = call.data.get(ATTR_MIN_BLOCK)
    try:
        plan = find_best_window(
            horizon,
            settings.weights,
            cycle,
            earliest,
            deadline,
            min_block_minutes=_minutes(min_block) if min_block is not None else None,
        )
    except EngineError as err:
        raise from_engine(err) from err
    response = _window_response(plan, settings, home)
    if appliance is not None:
        response["appliance"] = appliance.name
    return response


async def _async_get_penalty_timeline(call: ServiceCall) -> ServiceResponse:
    """Penalty, rate and intensity for the coming hours, for charts and automations."""
    coordinator = _coordinator(call)
    home = coordinator.home
    settings = _settings(coordinator, call)
    hours: float = call.data[ATTR_HOURS]
    resolution: int = call.data[ATTR_RESOLUTION]
    horizon = build_horizon(
        home.tariff, coordinator.carbon_input(), home.time_zone, dt_util.utcnow(), hours=hours
    )
    penalties = horizon.penalties(settings.weights)
    stride = resolution // horizon.grid.step_minutes
    clean, cheap, peak = horizon.clean, horizon.cheap, horizon.peak
    return {
        "strategy": settings.strategy.value,
        "cost_weight": settings.weights.cost,
        "carbon_weight": settings.weights.carbon,
        "threshold": settings.threshold,
        "currency": home.currency,
        "points": [
            {
                "start": horizon.grid.at(index).astimezone(home.time_zone).isoformat(),
                "penalty": round(float(penalties[index]), 6),
                "rate": float(horizon.rates[index]),
                "intensity": round(float(horizon.intensities[index]), 2),
                "cheap": bool(cheap[index]),
                "clean": bool(clean[index]),
                "peak": bool(peak[index]),
                "slot": SLOT_KINDS[int(horizon.kinds[index])],
            }
            for index in range(0, horizon.grid.steps, stride)
        ],
    }


async def _async_turn_off_all(call: ServiceCall) -> ServiceResponse:
    """Turn off every shiftable appliance of a home that is on; say what happened to each."""
    entry = _entry(call, call.data[ATTR_CONFIG_ENTRY_ID])
    records = await entry.runtime_data.appliances.pipeline.async_turn_off_all(
        source_from_context(call.context), call.context
    )
    return {
        "turned_off": [
            {"appliance": record.appliance, "appliance_id": record.appliance_id}
            for record in records
            if record.result is ActionResult.SUCCESS
        ],
        "failed": [
            {
                "appliance": record.appliance,
                "appliance_id": record.appliance_id,
                "error": record.error,
            }
            for record in records
            if record.result is ActionResult.FAILED
        ],
    }
