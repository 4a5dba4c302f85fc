"""Appliance services: when to run a load at the best time, and turning off a home's loads.

Handlers receive what the registrar (``services.py``) found: the home's coordinator and maybe an
appliance, or the home's control pipeline. Every action goes through that pipeline like any
other, and ``set_eco_mode`` is the appliance switches' own entity service.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..const import ATTR_APPLIANCE, ATTR_STRATEGY
from ..engine.errors import EngineError
from ..engine.home_state import HomeSettings
from ..engine.horizon import DEFAULT_HORIZON_HOURS, Horizon, build_horizon
from ..engine.limits import MAX_DURATION, MAX_POWER_W, duration_text
from ..engine.window_previews import RunCost, next_cheaper, run_at
from ..engine.windows import Cycle, WindowPlan, find_best_window
from ..errors import from_engine, invalid
from ..home.config import HomeConfig
from ..home.coordinator import HomeCoordinator
from ..home.services import STRATEGY, settings_for
from ..service_helpers import duration, number, supported_datetime
from .config import ApplianceConfig
from .pipeline import ActionResult, ControlPipeline, source_from_context

ATTR_ENABLED = "enabled"
ATTR_DURATION = "duration"
ATTR_POWER = "power"
ATTR_PROFILE = "profile"
ATTR_PROFILE_STEP = "profile_step"
ATTR_EARLIEST_START = "earliest_start"
ATTR_DEADLINE = "deadline"
ATTR_MIN_BLOCK = "min_block"
ATTR_START = "start"

DEFAULT_POWER_W = 1000.0
DEFAULT_PROFILE_STEP = timedelta(minutes=5)
DEFAULT_LOOKAHEAD = timedelta(hours=24)

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
        vol.Optional(ATTR_STRATEGY): STRATEGY,
        vol.Optional(ATTR_MIN_BLOCK): duration(ATTR_MIN_BLOCK, too_short="invalid_min_block"),
        vol.Optional(ATTR_START): cv.datetime,
    }
)
TURN_OFF_ALL_SCHEMA = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})
SET_ECO_MODE_SCHEMA: dict[str | vol.Marker, Any] = {vol.Required(ATTR_ENABLED): cv.boolean}


def _minutes(value: timedelta) -> float:
    return value.total_seconds() / 60


def _cycle(call: ServiceCall, step_minutes: int, appliance: ApplianceConfig | None) -> Cycle:
    """The run to plan: a duration at a power, a power profile, or the appliance's cycle."""
    has_duration = ATTR_DURATION in call.data
    has_profile = ATTR_PROFILE in call.data
    if appliance is not None and not has_duration and not has_profile:
        try:
            cycle = appliance.typical_cycle(step_minutes)
        except EngineError as err:
            raise from_engine(err) from err
        if cycle is None:
            raise invalid("appliance_has_no_cycle", appliance=appliance.name)
        return cycle
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


def _run_response(
    run: RunCost, home: HomeConfig, saving: float, co2_saving: float
) -> dict[str, Any]:
    """A preview run; ``saving`` is what the best window (or this run) saves against the other."""
    return {
        "start": run.start.astimezone(home.time_zone).isoformat(),
        "end": run.end.astimezone(home.time_zone).isoformat(),
        "expected_cost": round(run.cost, 4),
        "co2_kg": round(run.co2_kg, 4),
        "saving": round(saving, 4),
        "co2_saving_kg": round(co2_saving, 4),
    }


def _previews(
    plan: WindowPlan,
    cycle: Cycle,
    horizon: Horizon,
    *,
    window: tuple[datetime, datetime],
    start: datetime | None,
    home: HomeConfig,
) -> dict[str, Any]:
    """The run at the user's start (against the best window) and the next cheaper start.

    ``at_start.saving`` is what the best window saves against running at the user's start;
    ``next_cheaper.saving`` what waiting for it saves against running at the earliest start.
    """
    previews: dict[str, Any] = {}
    try:
        if start is not None:
            picked = run_at(horizon, cycle, start)
            previews["at_start"] = _run_response(
                picked, home, picked.cost - plan.cost, picked.co2_kg - plan.co2_kg
            )
        cheaper = next_cheaper(horizon, cycle, *window)
    except EngineError as err:
        raise from_engine(err) from err
    previews["next_cheaper"] = (
        None
        if cheaper is None
        else _run_response(
            cheaper, home, plan.cost_now - cheaper.cost, plan.co2_now_kg - cheaper.co2_kg
        )
    )
    return previews


async def async_find_best_window(
    coordinator: HomeCoordinator, appliance: ApplianceConfig | None, call: ServiceCall
) -> ServiceResponse:
    """When to run a load between an earliest start and a deadline, and what it saves.

    The load is the call's (a duration at a power, or a profile) or ``appliance``'s typical
    cycle; the home is ``coordinator``'s (the registrar found both).
    """
    home = coordinator.home
    tz = home.time_zone
    settings = settings_for(coordinator, call.data)
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
    start = call.data.get(ATTR_START)
    if start is not None:  # like the earliest start, the past is not an option
        start = max(supported_datetime(start, tz), now)
    response = _window_response(plan, settings, home)
    response.update(
        _previews(plan, cycle, horizon, window=(earliest, deadline), start=start, home=home)
    )
    if appliance is not None:
        response["appliance"] = appliance.name
    return response


async def async_turn_off_all(pipeline: ControlPipeline, call: ServiceCall) -> ServiceResponse:
    """Turn off every shiftable appliance of a home that is on; say what happened to each."""
    records = await pipeline.async_turn_off_all(source_from_context(call.context), call.context)
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
