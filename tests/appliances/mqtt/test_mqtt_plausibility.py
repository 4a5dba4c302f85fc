"""An MQTT node reporting more power than its appliance can draw: the runtime's gate drops it.

The backend only checks that a payload is a reading a PZEM-004T could produce; whether that
reading is believable for this appliance is the appliance runtime's gate, the same for every
backend, counted in the appliance's ``rejected_readings``.
"""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import HOME_ID, NODE_ID
from .node_sim import NodeSimulator
from .test_mqtt_appliance import SWITCH, configure, settle, start


async def test_absurd_power_from_a_node_is_dropped_by_the_appliance(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    node: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await start(hass, init_integration)  # a 750 W pump: up to 3680 W believable
    await configure(hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE_ID})
    await hass.async_block_till_done()
    for _ in range(50):
        await settle(hass, freezer)
        if hass.states.get(SWITCH).state != "unavailable":
            break
    appliance = next(iter(init_integration.runtime_data.appliances.appliances.values()))

    node.telemetry("power", 742.0)
    await settle(hass, freezer)
    node.telemetry("power", 20_000)  # a PZEM can show it; this pump cannot draw it
    node.telemetry("power", {"value": 4000, "ts": 1732350000})
    await settle(hass, freezer)
    assert hass.states.get("sensor.borewell_pump_power").state == "742.0"
    assert appliance.rejected_readings == {"power_w": 2}
    assert appliance.backend.diagnostics()["dropped"] == {}  # counted once, by the gate
