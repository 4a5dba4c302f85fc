"""limit_power for Home Assistant entities: a light's brightness and a fan's speed.

Real entities (Home Assistant's template light and fan, their state kept in helpers): the level
before the peak is read from the entity, saved in the autopilot's memory before acting, reduced
to the appliance's limit and given back exactly when the peak ends. A plain switch offers no
limit_power.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.homes import appliance_subentry

from .conftest import AUTOPILOT_STORE, actions, call, ist, jump, start_at, state

LIGHT = "light.ceiling_lights"
LIGHT_ID = "01JTESTLIGHT0000000000000"
FAN_ID = "01JTESTFAN000000000000000"
FAN = "fan.living_room_fan"
PLUG = "input_boolean.heater_plug"
BOILER = "input_number.boiler_power"
BOILER_ID = "01JTESTBOILER000000000000"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(LIGHT_ID, "Lights", backend="ha_entity", entity_id=LIGHT),
        appliance_subentry(FAN_ID, "Fan", backend="ha_entity", entity_id=FAN),
        appliance_subentry(
            "01JTESTPLUG0000000000000", "Plug heater", backend="ha_entity", entity_id=PLUG
        ),
        appliance_subentry(BOILER_ID, "Boiler", backend="ha_entity", entity_id=BOILER),
    ]


def _backed(kind: str, level_var: str, level_entity: str, on_entity: str) -> dict[str, Any]:
    """A template entity whose on/off and level live in helpers (as a real device's would)."""
    return {
        "state": f"{{{{ is_state('{on_entity}', 'on') }}}}",
        "turn_on": {"action": "input_boolean.turn_on", "target": {"entity_id": on_entity}},
        "turn_off": {"action": "input_boolean.turn_off", "target": {"entity_id": on_entity}},
        kind: [
            {
                "action": "input_number.set_value",
                "target": {"entity_id": level_entity},
                "data": {"value": f"{{{{ {level_var} }}}}"},
            },
            {"action": "input_boolean.turn_on", "target": {"entity_id": on_entity}},
        ],
    }


@pytest.fixture(autouse=True)
async def level_entities(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """A template light (brightness) and fan (percentage), and a plain switch.

    Set up at the tests' frozen start, so that the templates' own timers run on that clock.
    """
    freezer.move_to(ist(17, 30))
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {"heater_plug": {}, "lamp_on": {}, "fan_on": {}}},
    )
    assert await async_setup_component(
        hass,
        "input_number",
        {
            "input_number": {
                "lamp_level": {"min": 0, "max": 255, "step": 1, "initial": 255},
                "fan_level": {"min": 0, "max": 100, "step": 1, "initial": 100},
                "boiler_power": {"min": 20, "max": 80, "step": 1, "initial": 71},
            }
        },
    )
    light = _backed("set_level", "brightness", "input_number.lamp_level", "input_boolean.lamp_on")
    light["level"] = "{{ states('input_number.lamp_level') | int }}"
    fan = _backed("set_percentage", "percentage", "input_number.fan_level", "input_boolean.fan_on")
    fan["percentage"] = (
        "{{ states('input_number.fan_level') | int if is_state('input_boolean.fan_on', 'on')"
        " else 0 }}"
    )
    assert await async_setup_component(
        hass,
        "template",
        {
            "template": [
                {"light": [{"name": "Ceiling lights", **light}]},
                {"fan": [{"name": "Living room fan", **fan}]},
            ]
        },
    )
    await hass.async_block_till_done()


async def limit(hass: HomeAssistant, name: str, percent: float) -> None:
    await call(
        hass, "select", "select_option", f"select.{name}_autopilot_action", option="limit_power"
    )
    await call(hass, "number", "set_value", f"number.{name}_autopilot_power_limit", value=percent)


async def test_a_light_and_a_fan_are_limited_in_the_peak_and_restored_exactly(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "light", "turn_on", LIGHT, brightness=201)
    await call(hass, "fan", "turn_on", FAN, percentage=67)
    await hass.async_block_till_done()  # the templates follow their helpers...
    await hass.async_block_till_done()  # ...and VoltWise follows the templates
    assert hass.states.get(LIGHT).attributes["brightness"] == 201
    assert hass.states.get(FAN).attributes["percentage"] == 67
    await limit(hass, "lights", 40)
    await limit(hass, "fan", 50)
    assert state(hass, "switch.lights") == "on"

    await jump(hass, freezer, ist(18, 0))
    light = hass.states.get(LIGHT)
    assert (light.state, light.attributes["brightness"]) == ("on", 80)  # 201 x 40 %
    fan = hass.states.get(FAN)
    assert (fan.state, fan.attributes["percentage"]) == ("on", 34)  # 67 x 50 %, rounded
    assert actions(mock_config_entry, "Lights")[-1] == ("Lights", "set_level", "autopilot")
    # What they were is saved before acting, so a restart in the peak still gives it back.
    holds = hass_storage[AUTOPILOT_STORE]["data"]["memory"]["holds"]
    assert holds[LIGHT_ID]["before"] == {"on": True, "eco": False, "level": 201.0}
    assert holds[FAN_ID]["before"] == {"on": True, "eco": False, "level": 67.0}

    await jump(hass, freezer, ist(22, 0))
    assert hass.states.get(LIGHT).attributes["brightness"] == 201
    assert hass.states.get(FAN).attributes["percentage"] == 67
    assert state(hass, "switch.fan") == "on"
    # Once down, once back: nothing else touched them.
    for name in ("Lights", "Fan"):
        assert actions(mock_config_entry, name)[-2:] == [(name, "set_level", "autopilot")] * 2
        assert [item[2] for item in actions(mock_config_entry, name)].count("autopilot") == 2


async def test_only_entities_with_a_level_offer_limit_power(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    for name in ("lights", "fan"):
        options = hass.states.get(f"select.{name}_autopilot_action").attributes["options"]
        assert "limit_power" in options
    options = hass.states.get("select.plug_heater_autopilot_action").attributes["options"]
    assert options == ["turn_off", "delay_start"]
    assert hass.states.get("number.plug_heater_autopilot_power_limit") is None


async def test_a_number_is_reduced_within_its_range_and_restored_exactly(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    options = hass.states.get("select.boiler_autopilot_action").attributes["options"]
    assert options == ["limit_power"]
    await limit(hass, "boiler", 50)
    await jump(hass, freezer, ist(18, 0))
    # 71 stands at 85 % of 20-80; half of that is 42.5 %, 45.5, on the step of 1: 46.
    assert float(state(hass, BOILER)) == 46.0
    holds = hass_storage[AUTOPILOT_STORE]["data"]["memory"]["holds"]
    assert holds[BOILER_ID]["before"]["level"] == pytest.approx(85.0)
    await jump(hass, freezer, ist(22, 0))
    assert float(state(hass, BOILER)) == 71.0
    # Once down, once back; a number cannot be switched, so nothing else was ever tried.
    assert actions(mock_config_entry, "Boiler") == [("Boiler", "set_level", "autopilot")] * 2
