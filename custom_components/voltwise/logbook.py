"""Logbook entries for appliance actions and plant applies, saying who or what acted.

A switch's state change already shows in the logbook; this entry adds the source (a schedule,
the autopilot, grid protection, the device's own button...) and failures, which change no state.
A plant's entry says what was sent to the inverter, why, and how it went.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN, EVENT_APPLIANCE_ACTION, EVENT_PLANT_APPLIED

_ACTIONS = {
    "turn_on": "turned on",
    "turn_off": "turned off",
    "eco_on": "switched to eco mode",
    "eco_off": "left eco mode",
    "set_level": "power level changed",
}
_SOURCES = {
    "user": "by a user",
    "automation": "by an automation",
    "schedule": "by a schedule",
    "autopilot": "by the autopilot",
    "grid_protection": "by grid protection",
    "physical": "at the device",
}


def describe_action(data: dict[str, Any]) -> str:
    """A phrase such as "turned off by the autopilot" (or why it could not be done)."""
    action = _ACTIONS.get(data.get("action", ""), str(data.get("action")))
    source = _SOURCES.get(data.get("source", ""), f"by {data.get('source')}")
    if data.get("result") == "failed":
        return f"could not be {action} {source} ({data.get('error')})"
    return f"{action} {source}"


_PLANT_SOURCES = {
    "segment": "by its schedule",
    "defaults": "by its defaults",
    "override": "by an override",
}
_PLANT_RESULTS = {
    "success": "set to",
    "skipped": "already at",
    "failed": "could not be set to",
}


def describe_plant_apply(data: dict[str, Any]) -> str:
    """A phrase such as "set to 3000 W, grid charging off by its schedule"."""
    grid = "on" if data.get("grid_charging_allowed") else "off"
    values = f"{data.get('peak_shaving_w')} W, grid charging {grid}"
    result = data.get("result", "")
    verb = _PLANT_RESULTS.get(result, str(result))
    source = _PLANT_SOURCES.get(data.get("source", ""), f"by {data.get('source')}")
    phrase = f"{verb} {values} {source}"
    if result == "failed":
        phrase += f" ({data.get('error')})"
    return phrase


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe VoltWise's appliance actions and plant applies."""

    @callback
    def describe(event: Event) -> dict[str, str]:
        data = event.data
        entry = {
            LOGBOOK_ENTRY_NAME: str(data.get("appliance")),
            LOGBOOK_ENTRY_MESSAGE: describe_action(dict(data)),
        }
        if data.get("entity_id"):
            entry[LOGBOOK_ENTRY_ENTITY_ID] = str(data["entity_id"])
        return entry

    async_describe_event(DOMAIN, EVENT_APPLIANCE_ACTION, describe)

    @callback
    def describe_plant(event: Event) -> dict[str, str]:
        return {
            LOGBOOK_ENTRY_NAME: str(event.data.get("plant")),
            LOGBOOK_ENTRY_MESSAGE: describe_plant_apply(dict(event.data)),
        }

    async_describe_event(DOMAIN, EVENT_PLANT_APPLIED, describe_plant)
