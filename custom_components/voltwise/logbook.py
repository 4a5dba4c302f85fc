"""Logbook entries for appliance actions, saying who or what acted.

A switch's state change already shows in the logbook; this entry adds the source (a schedule,
the autopilot, grid protection, the device's own button...) and failures, which change no state.
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

from .const import DOMAIN, EVENT_APPLIANCE_ACTION

_ACTIONS = {
    "turn_on": "turned on",
    "turn_off": "turned off",
    "eco_on": "switched to eco mode",
    "eco_off": "left eco mode",
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


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe VoltWise's appliance actions."""

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
