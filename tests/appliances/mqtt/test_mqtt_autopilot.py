"""An MQTT node's own button outranks grid protection: pressing it is an override."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.voltwise.const import DOMAIN, EVENT_APPLIANCE_ACTION

from .conftest import HOME_ID, NODE_ID
from .node_sim import NodeSimulator
from .test_mqtt_appliance import SWITCH, configure, settle, start


async def _turn_on(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_pressing_the_node_during_a_critical_event_is_an_override(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await start(hass, init_integration)
    result = await configure(hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE_ID})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    for _ in range(50):  # Home Assistant batches new subscriptions for about half a second
        await settle(hass, freezer)
        if hass.states.get(SWITCH).state != "unavailable":
            break
    await _turn_on(hass, "switch.test_home_grid_protection")
    await _turn_on(hass, SWITCH)
    assert node.relay is True
    # A node takes one command a second (the per-node rate limit); the event comes later.
    freezer.tick(timedelta(seconds=2))
    await settle(hass, freezer)
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    await hass.services.async_call(
        DOMAIN,
        "report_grid_event",
        {
            "config_entry_id": init_integration.entry_id,
            "type": "frequency_drop",
            "severity": "critical",
            "end": (dt_util.utcnow() + timedelta(hours=1)).isoformat(),
        },
        blocking=True,
    )
    await settle(hass, freezer)
    assert node.relay is False
    freezer.tick(timedelta(minutes=1))
    node.press_button()  # someone at the pump switches it back on
    await settle(hass, freezer)
    assert hass.states.get(SWITCH).state == "on"
    assert hass.states.get("sensor.borewell_pump_status").state == "override"
    assert node.relay is True
    assert [(e.data["action"], e.data["source"]) for e in events] == [
        ("turn_off", "grid_protection"),
        ("turn_on", "physical"),
    ]
