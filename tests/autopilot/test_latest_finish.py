"""A turned-off appliance is given back at its latest finish while the peak goes on.

Its longest delay (3 h here) after the autopilot took it, less its typical cycle (40 min): a
geyser held through a long dear period still heats the water before it is needed.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.homes import appliance_subentry

from .conftest import actions, call, ist, jump, start_at, state

GEYSER = "01JTESTGEYSER000000000000"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(
            GEYSER,
            "Geyser",
            nameplate_w=2000.0,
            cycle_minutes=40,
            autopilot={"max_delay_hours": 3.0},
        )
    ]


async def test_a_geyser_is_given_back_at_its_latest_finish_while_the_peak_lasts(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.geyser")
    await jump(hass, freezer, ist(18, 0))  # the peak starts
    assert state(hass, "switch.geyser") == "off"
    held = hass.states.get("sensor.test_home_autopilot").attributes["held"]
    assert [(item["appliance"], item["until"]) for item in held] == [
        ("Geyser", ist(20, 20).isoformat())
    ]

    await jump(hass, freezer, ist(20, 19))
    assert state(hass, "switch.geyser") == "off"
    await jump(hass, freezer, ist(20, 20))  # 18:00 + 3 h - 40 min, the peak still on
    assert state(hass, "binary_sensor.test_home_peak_tariff") == "on"
    assert state(hass, "switch.geyser") == "on"
    assert state(hass, "sensor.test_home_autopilot") == "watching"

    await jump(hass, freezer, ist(22, 0))  # left to run: not taken again in this peak
    assert state(hass, "switch.geyser") == "on"
    assert actions(mock_config_entry, "Geyser") == [
        ("Geyser", "turn_on", "automation"),
        ("Geyser", "turn_off", "autopilot"),
        ("Geyser", "turn_on", "autopilot"),
    ]
