"""Grid events from the home's own sensors, timed exactly (India's 230 V / 50 Hz defaults)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from .conftest import actions, call, ist, jump, start_at, state

FREQUENCY = "sensor.meter_frequency"
VOLTAGE = "sensor.meter_voltage"
MAINS = "binary_sensor.mains"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {
        "grid_sensors": {
            "frequency_sensor": FREQUENCY,
            "voltage_sensor": VOLTAGE,
            "mains_sensor": MAINS,
        }
    }


async def _start(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    hass.states.async_set(FREQUENCY, "50.0")
    hass.states.async_set(VOLTAGE, "231")
    hass.states.async_set(MAINS, "on")
    await start_at(hass, freezer, entry, ist(10))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.test_home_grid_protection")
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")


async def test_a_frequency_drop_must_last_before_it_counts(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await _start(hass, freezer, mock_config_entry)
    started = async_capture_events(hass, "voltwise_grid_event_started")
    hass.states.async_set(FREQUENCY, "49.6")  # below 49.7: a warning after 30 s
    await hass.async_block_till_done()
    await jump(hass, freezer, ist(10) + timedelta(seconds=29))
    assert state(hass, "sensor.test_home_grid_status") == "normal"
    hass.states.async_set(FREQUENCY, "49.4")  # below 49.5: critical after 10 s
    await hass.async_block_till_done()
    await jump(hass, freezer, ist(10) + timedelta(seconds=30))
    assert state(hass, "sensor.test_home_grid_status") == "warning"
    assert state(hass, "switch.heater") == "off"  # turn_off is the heater's preferred action
    await jump(hass, freezer, ist(10) + timedelta(seconds=39))
    assert state(hass, "sensor.test_home_grid_status") == "critical"
    assert [event.data["severity"] for event in started] == ["warning", "critical"]
    assert started[0].data["type"] == "frequency_drop"
    hass.states.async_set(FREQUENCY, "50.01")  # recovered: both end at once
    await hass.async_block_till_done()
    assert state(hass, "sensor.test_home_grid_status") == "normal"
    assert state(hass, "switch.heater") == "on"


async def test_a_short_voltage_dip_is_no_event(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await _start(hass, freezer, mock_config_entry)
    hass.states.async_set(VOLTAGE, "210")  # outside 216-244 V
    await hass.async_block_till_done()
    await jump(hass, freezer, ist(10) + timedelta(seconds=59))
    hass.states.async_set(VOLTAGE, "230")
    await hass.async_block_till_done()
    await jump(hass, freezer, ist(10, 5))
    assert state(hass, "sensor.test_home_grid_status") == "normal"
    assert state(hass, "switch.heater") == "on"


async def test_losing_mains_is_load_shedding_at_once(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await _start(hass, freezer, mock_config_entry)
    hass.states.async_set(MAINS, "off")
    await hass.async_block_till_done()
    assert state(hass, "sensor.test_home_grid_status") == "critical"
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "turn_off", "grid_protection")
    events = hass.states.get("sensor.test_home_grid_status").attributes["events"]
    assert events[0]["type"] == "load_shedding"
    assert events[0]["source"] == "sensor"
    await jump(hass, freezer, ist(10, 20))
    hass.states.async_set(MAINS, "on")
    await hass.async_block_till_done()
    assert state(hass, "switch.heater") == "on"
