"""A monitor-only node on the home's mains: the home's meter, not one more appliance."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from tests.homes import appliance_subentry
from tests.test_config_flow import suggested

from .conftest import HOME_ID, NODE_ID
from .node_sim import NodeSimulator
from .test_mqtt_appliance import configure, settle, start

MAINS = {"mqtt_home_id": HOME_ID, "node_id": NODE_ID}
TOTAL_POWER = "sensor.test_home_total_power"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    """The home has a kettle (virtual) besides the meter added in the test."""
    return [appliance_subentry("01JKETTLE00000000000000000", "Kettle", nameplate_w=1500.0)]


async def test_the_mains_meter_is_the_home_not_an_appliance(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await start(hass, init_integration, "Home mains")
    assert suggested(result)["whole_home"] is False
    # A node with a relay on the mains could switch the whole home off: refused.
    result = await configure(hass, result, {**MAINS, "whole_home": True})
    assert result["errors"] == {"whole_home": "whole_home_needs_monitor_only"}
    result = await configure(hass, result, {**MAINS, "monitor_only": True, "whole_home": True})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["whole_home"] is True
    await hass.async_block_till_done()
    for _ in range(50):
        await settle(hass, freezer)
        if hass.states.get("binary_sensor.home_mains_online").state == "on":
            break
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.kettle"}, blocking=True
    )
    node.telemetry("power", 2300.0)  # the whole home, the kettle included
    node.telemetry("energy", 120.0)
    await settle(hass, freezer)
    assert hass.states.get("sensor.home_mains_power").state == "2300.0"
    # The home's appliance total is the kettle's: the mains is not added on top of it.
    assert float(hass.states.get(TOTAL_POWER).state) == 1500.0

    # The home's options offer its energy sensor as the home's consumption meter.
    flow = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert suggested(flow)["consumption_sensor"] == "sensor.home_mains_energy"


async def test_a_meter_of_one_circuit_still_counts(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await start(hass, init_integration, "Workshop")
    result = await configure(hass, result, {**MAINS, "monitor_only": True})
    assert "whole_home" not in result["data"]
    await hass.async_block_till_done()
    for _ in range(50):
        await settle(hass, freezer)
        if hass.states.get("binary_sensor.workshop_online").state == "on":
            break
    node.telemetry("power", 400.0)
    await settle(hass, freezer)
    assert float(hass.states.get(TOTAL_POWER).state) == 400.0
    flow = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert "consumption_sensor" not in suggested(flow)


@pytest.mark.parametrize(
    "home_options",
    [{"billing": {"spike_threshold_w": 2000.0, "spike_minutes": 1}}],
)
async def test_the_spike_alert_watches_the_mains_meter_and_names_appliances(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    spikes = async_capture_events(hass, "voltwise_spike_alert")
    result = await start(hass, init_integration, "Home mains")
    await configure(hass, result, {**MAINS, "monitor_only": True, "whole_home": True})
    await hass.async_block_till_done()
    for _ in range(50):
        await settle(hass, freezer)
        if hass.states.get("binary_sensor.home_mains_online").state == "on":
            break
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.kettle"}, blocking=True
    )
    # The kettle alone (1,500 W) is under the threshold; the mains sees the whole home above it.
    node.telemetry("power", 2600.0)
    for _ in range(70):
        await settle(hass, freezer)
        if spikes:
            break
    assert len(spikes) == 1
    assert spikes[0].data["power_w"] == 2600
    assert [item["name"] for item in spikes[0].data["top_appliances"]] == ["Kettle"]
