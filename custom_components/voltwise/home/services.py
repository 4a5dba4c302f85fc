"""The home's question for charts and automations: penalty, rate and intensity ahead.

Handlers receive the home's coordinator from the registrar (``services.py``), which finds it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..const import ATTR_STRATEGY
from ..engine.home_state import HomeSettings
from ..engine.horizon import DEFAULT_HORIZON_HOURS, build_horizon
from ..engine.penalty import Strategy
from ..engine.tariff import SLOT_KINDS
from ..service_helpers import choice, number, one_of_numbers
from .coordinator import HomeCoordinator

ATTR_HOURS = "hours"
ATTR_RESOLUTION = "resolution"
RESOLUTIONS = (5, 15, 30, 60)

STRATEGY = choice(ATTR_STRATEGY, [strategy.value for strategy in Strategy])
GET_PENALTY_TIMELINE_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_HOURS, default=24): number(ATTR_HOURS, 1, DEFAULT_HORIZON_HOURS),
        vol.Optional(ATTR_RESOLUTION, default=15): one_of_numbers(
            ATTR_RESOLUTION, RESOLUTIONS, "invalid_resolution"
        ),
        vol.Optional(ATTR_STRATEGY): STRATEGY,
    }
)


def settings_for(home: HomeCoordinator, data: dict[str, Any]) -> HomeSettings:
    """The home's settings, with the strategy a call asks for instead of its own."""
    settings = home.settings
    if ATTR_STRATEGY in data:
        settings = replace(settings, strategy=Strategy(data[ATTR_STRATEGY]))
    return settings


async def async_get_penalty_timeline(home: HomeCoordinator, call: ServiceCall) -> ServiceResponse:
    """Penalty, rate and intensity for the coming hours, for charts and automations."""
    config = home.home
    settings = settings_for(home, call.data)
    hours: float = call.data[ATTR_HOURS]
    resolution: int = call.data[ATTR_RESOLUTION]
    horizon = build_horizon(
        config.tariff, home.carbon_input(), config.time_zone, dt_util.utcnow(), hours=hours
    )
    penalties = horizon.penalties(settings.weights)
    stride = resolution // horizon.grid.step_minutes
    clean, cheap, peak = horizon.clean, horizon.cheap, horizon.peak
    return {
        "strategy": settings.strategy.value,
        "cost_weight": settings.weights.cost,
        "carbon_weight": settings.weights.carbon,
        "threshold": settings.threshold,
        "currency": config.currency,
        "points": [
            {
                "start": horizon.grid.at(index).astimezone(config.time_zone).isoformat(),
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
