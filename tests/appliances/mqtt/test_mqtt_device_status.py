"""A node's device_status (firmware, RSSI, uptime) and its readings' quality, over a real broker."""

from __future__ import annotations

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.engine.telemetry import MIN_QUALITY

from .conftest import HOME_ID, NODE_ID
from .node_sim import NodeSimulator
from .test_mqtt_appliance import configure, settle, start

FIRMWARE = "sensor.borewell_pump_firmware"
RSSI = "sensor.borewell_pump_signal_strength"
UPTIME = "sensor.borewell_pump_uptime"
POWER = "sensor.borewell_pump_power"


async def add_node(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    result = await start(hass, entry)
    result = await configure(hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE_ID})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    for _ in range(50):
        await settle(hass, freezer)
        if hass.states.get("switch.borewell_pump").state != "unavailable":
            break


@pytest.mark.usefixtures("mqtt_entry")
async def test_device_status_shows_as_diagnostics_and_in_the_device_info(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    entity_registry = er.async_get(hass)
    device_registry = dr.async_get(hass)
    await add_node(hass, init_integration, freezer)
    node.device_status(firmware="1.3.0", rssi=-61, uptime=7200)
    await settle(hass, freezer)
    assert hass.states.get(FIRMWARE).state == "1.3.0"
    assert hass.states.get(RSSI).state == "-61"
    assert hass.states.get(RSSI).attributes["unit_of_measurement"] == "dBm"
    assert float(hass.states.get(UPTIME).state) == pytest.approx(2.0)  # shown in hours
    for entity_id in (FIRMWARE, RSSI, UPTIME):
        assert entity_registry.async_get(entity_id).entity_category == "diagnostic"
    device = device_registry.async_get(entity_registry.async_get(FIRMWARE).device_id)
    assert device.sw_version == "1.3.0"

    # Each field is checked on its own: a bad one is left out, the others are used.
    node.device_status(firmware="1.4.0", rssi=40, uptime=-5)
    await settle(hass, freezer)
    assert hass.states.get(FIRMWARE).state == "1.4.0"
    assert hass.states.get(RSSI).state == "-61"
    assert device_registry.async_get(device.id).sw_version == "1.4.0"
    node.publish("device_status", "[1, 2]")
    await settle(hass, freezer)
    backend = init_integration.runtime_data.appliances.appliances[
        next(iter(init_integration.subentries))
    ].backend
    assert backend.diagnostics()["dropped"] == {"not_a_device_status": 1}


@pytest.mark.usefixtures("mqtt_entry")
async def test_readings_below_the_quality_threshold_are_ignored(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await add_node(hass, init_integration, freezer)
    node.telemetry("power", {"value": 742.0, "quality": 87})
    await settle(hass, freezer)
    assert hass.states.get(POWER).state == "742.0"
    assert hass.states.get(RSSI).attributes["quality"] == 87
    node.telemetry("power", {"value": 2500.0, "quality": MIN_QUALITY - 1})
    node.telemetry("power", {"value": 2500.0, "quality": 101})
    node.telemetry("power", {"value": 2500.0, "quality": "good"})
    await settle(hass, freezer)
    assert hass.states.get(POWER).state == "742.0"  # the doubtful readings were not used
    assert hass.states.get(RSSI).attributes["quality"] == 87
    backend = init_integration.runtime_data.appliances.appliances[
        next(iter(init_integration.subentries))
    ].backend
    assert backend.diagnostics()["dropped"] == {"low_quality": 1, "bad_quality": 2}
    node.telemetry("power", {"value": 100.0, "quality": MIN_QUALITY})
    node.telemetry("power", 120.0)  # no quality: taken as good, the last quality stays
    await settle(hass, freezer)
    assert hass.states.get(POWER).state == "120.0"
    assert hass.states.get(RSSI).attributes["quality"] == MIN_QUALITY
