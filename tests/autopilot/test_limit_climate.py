"""limit_power for a climate entity: its target temperature moves by the appliance's degrees.

The AC is a stand-in registered the way a climate integration's entity behaves to callers: its
state is the HVAC mode, its attributes the target and range, and climate.set_temperature changes
the target (Home Assistant's own services, captured and answered).
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.appliances.backends.ha_entity import (
    climate_level_step,
    climate_target,
    level_from_state,
)
from custom_components.voltwise.const import DOMAIN
from tests.homes import appliance_subentry

from .conftest import AUTOPILOT_STORE, actions, call, ist, jump, start_at

AC = "climate.bedroom_ac"
AC_ID = "01JTESTAC0000000000000000"
RANGE = {"min_temp": 16, "max_temp": 30, "target_temp_step": 0.5}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [appliance_subentry(AC_ID, "AC", backend="ha_entity", entity_id=AC, nameplate_w=1500)]


@pytest.fixture
def ac(hass: HomeAssistant) -> list[float]:
    """A cooling AC at 24 °C; every target set is recorded."""
    targets: list[float] = []
    hass.states.async_set(AC, "cool", {**RANGE, "temperature": 24.0})

    async def set_temperature(service: ServiceCall) -> None:
        targets.append(service.data["temperature"])
        state = hass.states.get(AC)
        assert state is not None
        hass.states.async_set(AC, state.state, {**state.attributes, "temperature": targets[-1]})

    hass.services.async_register("climate", "set_temperature", set_temperature)
    return targets


def test_cooling_raises_the_target_and_heating_lowers_it(hass: HomeAssistant) -> None:
    hass.states.async_set(AC, "cool", {**RANGE, "temperature": 24.0})
    cooling = hass.states.get(AC)
    level = level_from_state(cooling)
    assert level == pytest.approx(6 / 14 * 100)
    assert climate_target(cooling, level / 2) == 27.0
    assert climate_target(cooling, level) == 24.0  # given back exactly
    hass.states.async_set(AC, "heat", {**RANGE, "temperature": 22.0})
    heating = hass.states.get(AC)
    level = level_from_state(heating)
    assert climate_target(heating, level / 2) == 19.0
    assert climate_target(heating, level) == 22.0
    # No target to move: fan only, off, or a target at the end of the range.
    for mode, attributes in (
        ("fan_only", {**RANGE, "temperature": 24.0}),
        ("cool", {**RANGE, "temperature": 30.0}),
        ("cool", {"temperature": 24.0}),
    ):
        hass.states.async_set(AC, mode, attributes)
        assert level_from_state(hass.states.get(AC)) is None
        assert mode == "cool" or climate_target(hass.states.get(AC), 50) is None


def test_degrees_become_points_of_the_range_the_level_is_measured_on(hass: HomeAssistant) -> None:
    hass.states.async_set(AC, "cool", {**RANGE, "temperature": 24.0})
    cooling = hass.states.get(AC)
    step = climate_level_step(cooling, 2.0)
    assert step == pytest.approx(2 / 14 * 100)
    assert climate_target(cooling, level_from_state(cooling) - step) == 26.0
    assert climate_level_step(None, 2.0) is None
    hass.states.async_set(AC, "cool", {"temperature": 24.0, "min_temp": 30, "max_temp": 16})
    assert climate_level_step(hass.states.get(AC), 2.0) is None


async def test_the_ac_target_moves_by_its_degrees_in_the_peak_and_comes_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    ac: list[float],
) -> None:
    """A climate appliance is limited by degrees (default 2), not by a share of its range."""
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    options = hass.states.get("select.ac_autopilot_action").attributes["options"]
    assert "limit_power" in options
    limit = hass.states.get("number.ac_autopilot_temperature_limit")
    assert limit is not None
    assert (float(limit.state), limit.attributes["unit_of_measurement"]) == (2.0, "°C")
    assert hass.states.get("number.ac_autopilot_power_limit") is None
    await call(hass, "select", "select_option", "select.ac_autopilot_action", option="limit_power")
    await jump(hass, freezer, ist(18, 0))
    assert hass.states.get(AC).attributes["temperature"] == 26.0
    holds = hass_storage[AUTOPILOT_STORE]["data"]["memory"]["holds"]
    assert holds[AC_ID]["before"]["level"] == pytest.approx(6 / 14 * 100)
    await jump(hass, freezer, ist(22, 0))
    assert hass.states.get(AC).attributes["temperature"] == 24.0
    assert ac[-2:] == [26.0, 24.0]
    assert actions(mock_config_entry, "AC")[-2:] == [("AC", "set_level", "autopilot")] * 2

    # Heating the next evening, 3.5 degrees: the target goes down, and back.
    await call(hass, "number", "set_value", "number.ac_autopilot_temperature_limit", value=3.5)
    hass.states.async_set(AC, "heat", {**RANGE, "temperature": 22.0})
    await jump(hass, freezer, ist(18, 0, day=3))
    assert hass.states.get(AC).attributes["temperature"] == 18.5
    await jump(hass, freezer, ist(22, 0, day=3))
    assert hass.states.get(AC).attributes["temperature"] == 22.0


async def test_a_climate_target_near_the_end_of_its_range_stops_at_the_end(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    ac: list[float],
) -> None:
    hass.states.async_set(AC, "cool", {**RANGE, "temperature": 29.0})
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "select", "select_option", "select.ac_autopilot_action", option="limit_power")
    await jump(hass, freezer, ist(18, 0))
    assert hass.states.get(AC).attributes["temperature"] == 30.0
    await jump(hass, freezer, ist(22, 0))
    assert hass.states.get(AC).attributes["temperature"] == 29.0


async def test_the_percentage_limit_an_ac_had_before_is_removed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    ac: list[float],
) -> None:
    stale = entity_registry.async_get_or_create(
        "number",
        DOMAIN,
        f"{mock_config_entry.entry_id}_{AC_ID}_limit_percent",
        suggested_object_id="ac_autopilot_power_limit",
    )
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    assert entity_registry.async_get(stale.entity_id) is None
    assert hass.states.get("number.ac_autopilot_temperature_limit") is not None
