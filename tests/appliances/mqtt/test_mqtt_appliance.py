"""An MQTT node as a VoltWise appliance: added in the UI, switched, metered, watched."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.appliances.model import ActionSource, ApplianceAction
from custom_components.voltwise.const import EVENT_APPLIANCE_ACTION
from tests.test_config_flow import suggested
from tests.test_translations import assert_form_translated

from .conftest import HOME_ID, NODE_ID
from .node_sim import Answer, NodeSimulator

COMMON = {"name": "Borewell pump", "backend": "mqtt", "nameplate_w": 750, "category": "shiftable"}
SWITCH = "switch.borewell_pump"


async def start(
    hass: HomeAssistant, entry: MockConfigEntry, name: str = "Borewell pump"
) -> dict[str, Any]:
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    common = {**COMMON, "name": name}
    return dict(await hass.config_entries.subentries.async_configure(flow["flow_id"], common))


async def configure(
    hass: HomeAssistant, flow: dict[str, Any], data: dict[str, Any]
) -> dict[str, Any]:
    return dict(await hass.config_entries.subentries.async_configure(flow["flow_id"], data))


async def settle(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let real messages cross the broker, then release the coalesced entity updates."""
    # The test clock is frozen (asyncio.sleep would never end): wait in a worker thread.
    await hass.async_add_executor_job(time.sleep, 0.2)
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=1.1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_the_flow_needs_mqtt(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    result = await start(hass, init_integration)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "mqtt_not_configured"


async def test_a_node_is_added_switched_metered_and_watched(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await start(hass, init_integration)
    assert result["step_id"] == "mqtt"
    assert_form_translated("config_subentries.appliance", result)
    assert suggested(result) == {
        "mqtt_home_id": "test-home",
        "node_id": "",
        "relay": 0,
        "monitor_only": False,
        "whole_home": False,
    }
    for bad, errors in (
        ({"mqtt_home_id": "pune/flat", "node_id": NODE_ID}, {"mqtt_home_id": "invalid_mqtt_id"}),
        ({"mqtt_home_id": HOME_ID, "node_id": "node+1"}, {"node_id": "invalid_mqtt_id"}),
        ({"mqtt_home_id": HOME_ID, "node_id": "#"}, {"node_id": "invalid_mqtt_id"}),
        ({"mqtt_home_id": HOME_ID, "node_id": "node 1"}, {"node_id": "invalid_mqtt_id"}),
    ):
        result = await configure(hass, result, bad)
        assert result["errors"] == errors
    result = await configure(hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE_ID})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    for _ in range(50):  # Home Assistant batches new subscriptions for about half a second
        await settle(hass, freezer)
        if hass.states.get(SWITCH).state != "unavailable":
            break
    assert hass.states.get(SWITCH).state == "off"  # the node's retained relay state
    assert hass.states.get("binary_sensor.borewell_pump_online").state == "on"

    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SWITCH}, blocking=True
    )
    assert node.relay is True
    assert hass.states.get(SWITCH).state == "on"

    node.telemetry("power", 742.0)
    node.telemetry("voltage", 229.8)
    node.telemetry("energy", 10.0)
    await settle(hass, freezer)
    assert hass.states.get("sensor.borewell_pump_power").state == "742.0"
    assert hass.states.get("sensor.borewell_pump_voltage").state == "229.8"
    freezer.tick(timedelta(minutes=30))
    node.telemetry("energy", 10.37)
    node.telemetry("power", "garbage")  # dropped, never reaches the totals
    await settle(hass, freezer)
    assert float(hass.states.get("sensor.borewell_pump_energy").state) == 0.37

    node.answer = Answer.REFUSE
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "switch", "turn_off", {ATTR_ENTITY_ID: SWITCH}, blocking=True
        )
    assert raised.value.translation_key == "command_rejected"
    assert hass.states.get(SWITCH).state == "on"  # not confirmed, not changed

    node.press_button()
    await settle(hass, freezer)
    assert hass.states.get(SWITCH).state == "off"
    assert [(e.data["action"], e.data["source"], e.data["result"]) for e in events] == [
        ("turn_on", "automation", "success"),
        ("turn_off", "automation", "failed"),
        ("turn_off", "physical", "success"),
    ]

    node.crash()  # the broker publishes its last will
    for _ in range(100):
        await settle(hass, freezer)
        if hass.states.get(SWITCH).state == "unavailable":
            break
    assert hass.states.get(SWITCH).state == "unavailable"
    assert hass.states.get("binary_sensor.borewell_pump_online").state == "off"

    # The same node cannot be added twice.
    result = await start(hass, init_integration, "Second pump")
    result = await configure(hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE_ID})
    assert result["errors"] == {"node_id": "already_configured"}


async def test_a_monitor_only_node_measures_without_a_switch(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await start(hass, init_integration, "Home mains")
    assert suggested(result)["monitor_only"] is False
    result = await configure(
        hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE_ID, "monitor_only": True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["monitor_only"] is True
    await hass.async_block_till_done()
    for _ in range(50):
        await settle(hass, freezer)
        if hass.states.get("binary_sensor.home_mains_online").state == "on":
            break
    # No relay, so no switch; the meter's energy is a total_increasing kWh sensor.
    assert hass.states.get("switch.home_mains") is None
    energy = hass.states.get("sensor.home_mains_energy")
    assert energy.attributes["state_class"] == "total_increasing"
    assert energy.attributes["unit_of_measurement"] == "kWh"
    node.telemetry("energy", 5.0)
    node.telemetry("power", 1500.0)
    await settle(hass, freezer)
    assert hass.states.get("sensor.home_mains_status").state == "on"  # it draws power
    assert hass.states.get("sensor.home_mains_cycles_today").state == "1"
    freezer.tick(timedelta(hours=1))
    node.telemetry("energy", 6.5)
    node.telemetry("power", 2.0)  # standby: below 5 W counts as off
    await settle(hass, freezer)
    assert float(hass.states.get("sensor.home_mains_energy").state) == 1.5
    assert hass.states.get("sensor.home_mains_status").state == "off"
    # The relay state a node might still publish is not a relay's.
    node.publish("state/relay", "on", retain=True)
    await settle(hass, freezer)
    assert hass.states.get("sensor.home_mains_status").state == "off"
    # Nothing can switch it (a service on its device's entities has no switch to reach).
    coordinator = init_integration.runtime_data.appliances.appliances[
        next(iter(init_integration.subentries))
    ]
    with pytest.raises(HomeAssistantError) as raised:
        await coordinator.async_act(ApplianceAction.TURN_ON, ActionSource.USER)
    assert raised.value.translation_key == "monitor_only"
    assert coordinator.backend.diagnostics()["monitor_only"] is True
