"""What is stored (subentry settings, the autopilot's file) never breaks a home when it is odd."""

from __future__ import annotations

from datetime import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.autopilot.settings import ApplianceAutopilot, autopilot_settings
from custom_components.voltwise.engine.autopilot import PreferredAction

from .conftest import AUTOPILOT_STORE, HEATER, WASHER, ist, jump, start_at, state


def test_unreadable_settings_take_their_defaults() -> None:
    assert autopilot_settings({}) == ApplianceAutopilot()
    assert autopilot_settings({"autopilot": "yes"}) == ApplianceAutopilot()
    odd = autopilot_settings(
        {
            "autopilot": {
                "preferred_action": "explode",
                "window_start": "25:99",
                "window_end": time(7, 30),
                "limit_percent": "lots",
                "max_delay_hours": float("inf"),
            }
        }
    )
    assert odd.preferred_action is PreferredAction.TURN_OFF
    assert odd.window_start == time(22)
    assert odd.window_end == time(7, 30)
    assert odd.limit_percent == ApplianceAutopilot().limit_percent
    assert odd.max_delay_hours == 8
    # An empty window protects nothing.
    assert (
        autopilot_settings(
            {
                "autopilot": {
                    "protected_window": True,
                    "window_start": "06:00",
                    "window_end": "06:00",
                }
            }
        ).window
        is None
    )


async def test_an_odd_store_gives_less_memory_not_an_error(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    hass_storage[AUTOPILOT_STORE] = {
        "version": 1,
        "key": AUTOPILOT_STORE,
        "data": {
            "memory": {"version": 99},
            "pauses": {HEATER: None, "other": "not a time", "third": "2026-03-03T10:00:00+05:30"},
            "resumed": {HEATER: "2026-03-02T10:00:00", "x": 5},
            "grid_events": [{"id": "broken"}, "nonsense"],
        },
    }
    await start_at(hass, freezer, mock_config_entry, ist(10))
    autopilot = mock_config_entry.runtime_data.autopilot
    assert set(autopilot.pauses) == {HEATER, "third"}
    assert autopilot.resumed == {}  # a time without a zone is not trusted
    assert autopilot.reported.items == {}
    assert state(hass, "sensor.test_home_grid_status") == "normal"


async def test_a_chosen_run_outlives_a_restart_and_odd_runs_are_dropped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    hass_storage[AUTOPILOT_STORE] = {
        "version": 1,
        "key": AUTOPILOT_STORE,
        "data": {
            "memory": {},
            "pauses": {},
            "resumed": {},
            "grid_events": [],
            "runs": {
                WASHER: ["2026-03-02T22:00:00+05:30", "2026-03-02T23:00:00+05:30"],
                HEATER: ["2026-03-02T23:00:00+05:30", "2026-03-02T22:00:00+05:30"],
                "gone": ["2026-03-02T22:00:00+05:30", "2026-03-02T23:00:00+05:30"],
                "odd": "22:00",
            },
        },
    }
    await start_at(hass, freezer, mock_config_entry, ist(21, 30))
    assert set(mock_config_entry.runtime_data.autopilot.runs) == {WASHER, "gone"}
    assert state(hass, "switch.washer") == "off"
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.washer") == "on"
    assert hass_storage[AUTOPILOT_STORE]["data"]["runs"] == {}
