"""A live carbon-intensity sensor: its reading now, its learnt profile for the forecast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

SOURCE = "sensor.electricity_maps_co2_intensity"
INTENSITY = "sensor.test_home_grid_carbon_intensity"
UNIT = {"unit_of_measurement": "gCO2eq/kWh", "state_class": "measurement"}
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday 11:30 in Kolkata


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"carbon_sensor": SOURCE}


async def setup_home(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.freeze_time(NOW)
async def test_reading_replaces_the_profile_for_the_current_hour(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    hass.states.async_set(SOURCE, "412", UNIT)
    await setup_home(hass, mock_config_entry)
    state = hass.states.get(INTENSITY)
    assert state.state == "412.0"
    assert state.attributes["source"] == SOURCE
    assert state.attributes["profile"] == "region"  # no recorder, no history

    hass.states.async_set(SOURCE, "905", UNIT)
    await hass.async_block_till_done()
    assert hass.states.get(INTENSITY).state == "905.0"
    assert hass.states.get("binary_sensor.test_home_clean_energy_window").state == "off"


async def test_unusable_readings_fall_back_to_the_profile_and_warn_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(SOURCE, "412", {"unit_of_measurement": "ppm"})
    await setup_home(hass, mock_config_entry)
    assert hass.states.get(INTENSITY).state == "646.5"  # the western grid's 11:00 value
    hass.states.async_set(SOURCE, "-3", UNIT)
    await hass.async_block_till_done()
    assert hass.states.get(INTENSITY).state == "646.5"
    assert caplog.text.count("using the profile until") == 1
    # Changes within the coordinator's 10 s debounce are applied when it ends.
    hass.states.async_set(SOURCE, "500", UNIT)
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(INTENSITY).state == "500.0"


@pytest.mark.parametrize("reading", ["unavailable", "unknown", "n/a"])
async def test_a_silent_source_leaves_the_profile_in_charge(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    reading: str,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(SOURCE, reading, UNIT)
    await setup_home(hass, mock_config_entry)
    assert hass.states.get(INTENSITY).state == "646.5"


async def test_a_source_that_does_not_exist_yet(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    freezer.move_to(NOW)
    await setup_home(hass, mock_config_entry)
    assert hass.states.get(INTENSITY).state == "646.5"
    hass.states.async_set(SOURCE, "333", UNIT)
    await hass.async_block_till_done()
    assert hass.states.get(INTENSITY).state == "333.0"
