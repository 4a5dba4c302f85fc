"""An appliance driven through an entity Home Assistant already has (here an input_boolean)."""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
    async_mock_service,
)

from custom_components.voltwise.appliances.backends import ha_entity
from custom_components.voltwise.appliances.model import ActionSource, ApplianceAction
from custom_components.voltwise.const import EVENT_APPLIANCE_ACTION
from tests.homes import appliance_subentry

HEATER = "01JTESTHEATER000000000000"
DUMB = "01JTESTDUMB00000000000000"
PLUG = "input_boolean.heater_plug"
POWER = "sensor.heater_plug_power"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(
            HEATER,
            "Heater",
            backend="ha_entity",
            nameplate_w=1000.0,
            entity_id=PLUG,
            power_sensor=POWER,
        ),
        appliance_subentry(
            "01JTESTFAN000000000000000",
            "Fan",
            backend="ha_entity",
            nameplate_w=60.0,
            entity_id="input_boolean.fan",
        ),
        appliance_subentry(
            DUMB,
            "Dumb plug",
            backend="ha_entity",
            nameplate_w=100.0,
            entity_id="fan.cloud_fan",
        ),
    ]


@pytest.fixture
async def setup_home(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"heater_plug": None, "fan": None}}
    )
    hass.states.async_set(POWER, "0", {"unit_of_measurement": "W"})
    hass.states.async_set("fan.cloud_fan", "off")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


async def voltwise_switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call("switch", service, {ATTR_ENTITY_ID: entity_id}, blocking=True)


@pytest.mark.usefixtures("setup_home")
async def test_commands_drive_the_entity_and_power_comes_from_its_sensor(
    hass: HomeAssistant,
) -> None:
    await voltwise_switch(hass, SERVICE_TURN_ON, "switch.heater")
    assert hass.states.get(PLUG).state == "on"
    assert hass.states.get("switch.heater").state == "on"
    assert hass.states.get("sensor.heater_power").state == "0.0"  # measured, not assumed
    hass.states.async_set(POWER, "0.95", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    await voltwise_switch(hass, SERVICE_TURN_OFF, "switch.heater")  # pushes state at once
    assert hass.states.get(PLUG).state == "off"
    assert hass.states.get("sensor.heater_power").state == "950.0"

    # Without a power sensor, the nameplate is assumed while on.
    await voltwise_switch(hass, SERVICE_TURN_ON, "switch.fan")
    assert hass.states.get("input_boolean.fan").state == "on"
    assert hass.states.get("sensor.fan_power").state == "60.0"


@pytest.mark.usefixtures("setup_home")
async def test_changes_made_elsewhere_are_logged_with_who_made_them(
    hass: HomeAssistant, hass_admin_user: MockUser
) -> None:
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    await hass.services.async_call(
        "input_boolean",
        SERVICE_TURN_ON,
        {ATTR_ENTITY_ID: PLUG},
        blocking=True,
        context=Context(user_id=hass_admin_user.id),
    )
    await hass.services.async_call(
        "input_boolean",
        SERVICE_TURN_OFF,
        {ATTR_ENTITY_ID: PLUG},
        blocking=True,
        context=Context(parent_id="01JAUTOMATIONRUN000000000"),
    )
    hass.states.async_set(PLUG, "on")  # the device's own button, reported by its integration
    await hass.async_block_till_done()
    assert [(event.data["action"], event.data["source"]) for event in events] == [
        ("turn_on", "user"),
        ("turn_off", "automation"),
        ("turn_on", "physical"),
    ]
    assert hass.states.get("switch.heater").state == "on"


@pytest.mark.usefixtures("setup_home")
async def test_an_entity_going_away_is_logged_once_and_coming_back_once(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture, setup_home: MockConfigEntry
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.voltwise")
    for _ in range(3):
        hass.states.async_set(PLUG, "unavailable")
        await hass.async_block_till_done()
    assert hass.states.get("switch.heater").state == "unavailable"
    assert hass.states.get("sensor.heater_power").state == "unavailable"
    assert hass.states.get("binary_sensor.heater_online").state == "off"
    # (Home Assistant skips unavailable entities in service calls; a schedule would not.)
    with pytest.raises(HomeAssistantError) as raised:
        await setup_home.runtime_data.appliances.pipeline.async_execute(
            HEATER, ApplianceAction.TURN_ON, ActionSource.SCHEDULE
        )
    assert raised.value.translation_key == "device_offline"
    assert raised.value.translation_placeholders == {"appliance": "Heater"}

    for _ in range(3):
        hass.states.async_set(PLUG, "off")
        await hass.async_block_till_done()
    assert hass.states.get("switch.heater").state == "off"
    assert hass.states.get("binary_sensor.heater_online").state == "on"
    messages = [record.getMessage() for record in caplog.records if "Heater" in record.getMessage()]
    assert messages.count("Heater is unavailable") == 1
    assert messages.count("Heater is available again") == 1


@pytest.mark.usefixtures("setup_home")
async def test_a_command_the_entity_never_carries_out_fails_clearly(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch, setup_home: MockConfigEntry
) -> None:
    monkeypatch.setattr(ha_entity, "COMMAND_TIMEOUT", timedelta(milliseconds=50))
    calls = async_mock_service(hass, "fan", SERVICE_TURN_ON)  # accepted, never applied
    with pytest.raises(HomeAssistantError) as raised:
        await voltwise_switch(hass, SERVICE_TURN_ON, "switch.dumb_plug")
    assert raised.value.translation_key == "command_not_confirmed"
    assert [call.data[ATTR_ENTITY_ID] for call in calls] == ["fan.cloud_fan"]
    assert hass.states.get("switch.dumb_plug").state == "off"
    last = setup_home.runtime_data.appliances.pipeline.actions[-1]
    assert (last.appliance, last.result, last.error) == (
        "Dumb plug",
        "failed",
        "command_not_confirmed",
    )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("on", True),
        ("off", False),
        ("heat", True),
        ("idle", False),
        ("standby", False),
        ("unknown", None),
        ("unavailable", None),
    ],
)
def test_entity_states_map_to_on_and_off(state: str, expected: bool | None) -> None:
    assert ha_entity.is_on_state(State("climate.living_room", state)) is expected


@pytest.mark.parametrize(
    ("value", "unit", "watts"),
    [
        ("950", "W", 950.0),
        ("1.2", "kW", 1200.0),
        ("1e308", "kW", math.inf),  # converted, not judged: the runtime's gate drops it
        ("-5", "W", -5.0),
        ("lots", "W", None),
        ("20", "°C", None),
        ("5", None, None),
    ],
)
def test_power_sensor_readings_are_converted_or_refused(
    value: str, unit: str | None, watts: float | None
) -> None:
    attributes = {"unit_of_measurement": unit} if unit else {}
    assert ha_entity.power_from_state(State("sensor.plug_power", value, attributes)) == watts
    assert ha_entity.power_from_state(None) is None


def test_a_nan_power_is_passed_on_for_the_gate_to_drop() -> None:
    watts = ha_entity.power_from_state(State("sensor.p", "nan", {"unit_of_measurement": "W"}))
    assert watts is not None
    assert math.isnan(watts)


@pytest.mark.usefixtures("setup_home")
async def test_a_service_that_fails_is_reported_with_its_reason(
    hass: HomeAssistant, setup_home: MockConfigEntry
) -> None:
    hass.states.async_set("fan.cloud_fan", "on")  # no fan integration: no fan.turn_off service
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError) as raised:
        await voltwise_switch(hass, SERVICE_TURN_OFF, "switch.dumb_plug")
    assert raised.value.translation_key == "command_failed"
    assert raised.value.translation_placeholders["error"]  # Home Assistant's own reason
    diagnostics = setup_home.runtime_data.appliances.appliances[DUMB].backend.diagnostics()
    assert diagnostics == {
        "entity_id": "fan.cloud_fan",
        "power_sensor": None,
        "is_on": True,
        "commands": 1,
        "external_changes": 1,
    }
