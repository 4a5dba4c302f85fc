"""Strategy, threshold and custom weight: entities that steer decisions and survive restarts."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.number import ATTR_VALUE, SERVICE_SET_VALUE
from homeassistant.components.select import ATTR_OPTION, SERVICE_SELECT_OPTION
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

PENALTY = "sensor.test_home_penalty_score"
STRATEGY = "select.test_home_strategy"
THRESHOLD = "number.test_home_penalty_threshold"
WEIGHT = "number.test_home_custom_cost_weight"
STORE_KEY = "voltwise.01JTESTHOME00000000000000.settings"
# Where 23:30 lies in the day's range of rates and of carbon intensities (IN-WE).
COST = (8.0 - 6.8) / (8.8 - 6.8)
CARBON = (799.3 - 646.5) / (881.6 - 646.5)

pytestmark = pytest.mark.freeze_time("2026-03-02 18:00:00+00:00")  # 23:30 in Kolkata


async def select(hass: HomeAssistant, option: str) -> None:
    await hass.services.async_call(
        "select",
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: STRATEGY, ATTR_OPTION: option},
        blocking=True,
    )


async def set_number(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await hass.services.async_call(
        "number", SERVICE_SET_VALUE, {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value}, blocking=True
    )


def penalty(hass: HomeAssistant) -> tuple[float, dict[str, Any]]:
    state = hass.states.get(PENALTY)
    assert state is not None
    return float(state.state), dict(state.attributes)


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        # 23:30: normal rate 8.0 in a day from 6.8 to 8.8; intensity 799.3 from 646.5 to 881.6.
        ("max_savings", COST),
        ("eco_mode", CARBON),
        ("balanced", 0.7 * COST + 0.3 * CARBON),
    ],
)
async def test_strategy_changes_the_penalty_at_once(
    hass: HomeAssistant, strategy: str, expected: float, hass_storage: dict[str, Any]
) -> None:
    await select(hass, strategy)
    value, attributes = penalty(hass)
    assert value == pytest.approx(expected, abs=1e-4)
    assert attributes["strategy"] == strategy
    assert hass.states.get(STRATEGY).state == strategy
    assert hass_storage[STORE_KEY]["data"]["strategy"] == strategy


@pytest.mark.usefixtures("init_integration")
async def test_custom_weight_blends_cost_and_carbon(hass: HomeAssistant) -> None:
    await set_number(hass, WEIGHT, 0.25)
    await select(hass, "custom")
    value, attributes = penalty(hass)
    assert (attributes["cost_weight"], attributes["carbon_weight"]) == (0.25, 0.75)
    assert value == pytest.approx(0.25 * COST + 0.75 * CARBON, abs=1e-4)


@pytest.mark.usefixtures("init_integration")
async def test_threshold_decides_whether_delay_is_recommended(hass: HomeAssistant) -> None:
    value, attributes = penalty(hass)
    assert value > 0.6
    assert attributes["delay_recommended"] is True
    await set_number(hass, THRESHOLD, 0.8)
    _, attributes = penalty(hass)
    assert attributes["delay_recommended"] is False
    assert hass.states.get(THRESHOLD).state == "0.8"


async def test_settings_survive_a_restart(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    await select(hass, "eco_mode")
    await set_number(hass, THRESHOLD, 0.75)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(STRATEGY).state == "eco_mode"
    assert hass.states.get(THRESHOLD).state == "0.75"
    assert penalty(hass)[1]["strategy"] == "eco_mode"


async def test_stored_settings_that_make_no_sense_fall_back_to_defaults(
    hass: HomeAssistant, hass_storage: dict[str, Any], mock_config_entry: MockConfigEntry
) -> None:
    hass_storage[STORE_KEY] = {
        "version": 1,
        "key": STORE_KEY,
        "data": {"strategy": "yolo", "threshold": 0.4},
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(STRATEGY).state == "balanced"
    assert hass.states.get(THRESHOLD).state == "0.4"
    assert hass.states.get(WEIGHT).state == "0.5"


async def test_removing_the_home_deletes_its_settings(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    await select(hass, "eco_mode")
    assert STORE_KEY in hass_storage
    assert await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert STORE_KEY not in hass_storage
