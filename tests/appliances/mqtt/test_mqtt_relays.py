"""An ESP32 node with several relays: one backend per relay, one node's status and safety limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.appliances.backends.mqtt_node import MqttNodeBackend
from custom_components.voltwise.appliances.config import MqttConfig, relay_error
from custom_components.voltwise.appliances.model import BackendError
from tests.test_config_flow import suggested
from tests.test_translations import assert_form_translated

from .conftest import BOARD_ID as NODE, HOME_ID
from .node_sim import NodeSimulator
from .test_mqtt_appliance import COMMON, configure, settle, start
from .test_mqtt_backend import Recorder, until


@pytest.fixture
async def relays(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, board: NodeSimulator
) -> AsyncIterator[list[tuple[MqttNodeBackend, Recorder]]]:
    """Backends for relays 0 and 2 of the board, each with its retained state."""
    started: list[tuple[MqttNodeBackend, Recorder]] = []
    for index in (0, 2):
        backend = MqttNodeBackend(
            hass, MqttConfig(HOME_ID, NODE, relay=index), name=f"Relay {index}", command_timeout=5
        )
        recorder = Recorder()
        await backend.async_start(recorder)
        started.append((backend, recorder))
    for _backend, recorder in started:
        await until(lambda recorder=recorder: recorder.values("is_on") == [False])
    try:
        yield started
    finally:
        for backend, _recorder in started:
            await backend.async_stop()


async def test_each_relay_is_switched_on_its_own(
    board: NodeSimulator, relays: list[tuple[MqttNodeBackend, Recorder]]
) -> None:
    (first, first_seen), (third, third_seen) = relays
    await third.async_turn_on()
    assert board.relays == [False, False, True]
    assert board.commands[-1]["relay"] == 2
    assert third_seen.values("is_on")[-1] is True
    assert first_seen.values("is_on") == [False]  # relay 0 did not move
    await asyncio.sleep(1.0)  # the node's safety limit
    await first.async_turn_on()
    assert board.relays == [True, False, True]
    assert "relay" not in board.commands[-1]  # relay 0: what single-relay firmware knows
    # The button of relay 2 is relay 2's alone, reported as physical.
    board.relays[2] = False
    board.publish("state/relay/2", "off", retain=True)
    await until(lambda: third_seen.values("is_on")[-1] is False)
    assert first_seen.values("is_on")[-1] is True
    assert third.diagnostics()["relay"] == 2


async def test_telemetry_goes_to_its_relay_and_without_an_index_to_relay_0(
    board: NodeSimulator, relays: list[tuple[MqttNodeBackend, Recorder]]
) -> None:
    (first, first_seen), (third, third_seen) = relays
    board.telemetry("power", 40.0)  # no index: relay 0
    board.telemetry("power", {"value": 1200.0, "relay": 2})
    board.telemetry("power", {"value": 300.0, "relay": 1})  # a relay nobody added
    board.telemetry("power", {"value": 5.0, "relay": 0})
    board.telemetry("power", {"value": 9.0, "relay": 16})  # no such relay: dropped
    board.telemetry("power", {"value": 9.0, "relay": "2"})
    board.telemetry("energy", {"value": 3.5, "relay": 2.0, "quality": 90})
    await until(lambda: third_seen.values("counter_kwh") == [3.5])
    assert first_seen.values("power_w") == [40.0, 5.0]
    assert third_seen.values("power_w") == [1200.0]
    assert first_seen.values("counter_kwh") == []
    assert first.diagnostics()["dropped"] == {"bad_relay": 2}
    assert third.diagnostics()["dropped"] == {"bad_relay": 2}


async def test_the_relays_share_the_nodes_availability(
    board: NodeSimulator, relays: list[tuple[MqttNodeBackend, Recorder]]
) -> None:
    (first, first_seen), (third, third_seen) = relays
    board.crash()  # the broker publishes the node's last will: every relay is gone
    await until(lambda: first_seen.values("online")[-1:] == [False])
    await until(lambda: third_seen.values("online")[-1:] == [False])
    with pytest.raises(BackendError) as raised:
        await third.async_turn_on()
    assert raised.value.key == "device_offline"
    assert board.commands == []
    board.connect()
    await until(lambda: first_seen.values("online")[-1:] == [True])
    await until(lambda: third_seen.values("online")[-1:] == [True])
    await third.async_turn_on()
    assert board.relays[2] is True
    assert first.diagnostics()["online"] is True


async def test_the_node_takes_one_command_a_second_whichever_relay(
    hass: HomeAssistant, board: NodeSimulator, relays: list[tuple[MqttNodeBackend, Recorder]]
) -> None:
    (first, _first_seen), (third, _third_seen) = relays
    loop = hass.loop
    started = loop.time()
    await first.async_turn_on()  # at once
    # Within the second: each relay's newest command waits its turn; none is lost to the
    # other relay's, but relay 2's earlier command gives way to its newer one.
    third_on = asyncio.ensure_future(third.async_turn_on())
    first_off = asyncio.ensure_future(first.async_turn_off())
    third_off = asyncio.ensure_future(third.async_turn_off())
    with pytest.raises(BackendError) as raised:
        await third_on
    assert raised.value.key == "command_superseded"
    await asyncio.gather(first_off, third_off)
    assert loop.time() - started >= 2.0  # three commands reached the node: two seconds apart
    sent = [(command.get("relay", 0), command["state"]) for command in board.commands]
    assert sent[0] == (0, "on")
    assert sorted(sent[1:]) == [(0, "off"), (2, "off")]
    assert board.relays == [False, False, False]
    assert third.diagnostics()["coalesced_commands"] == 1
    assert first.diagnostics()["coalesced_commands"] == 0


# -- as appliances, added in the UI ------------------------------------------------------------


def unique_ids(entry: MockConfigEntry) -> set[str | None]:
    return {subentry.unique_id for subentry in entry.subentries.values()}


async def add(
    hass: HomeAssistant, entry: MockConfigEntry, name: str, node_form: dict[str, Any]
) -> dict[str, Any]:
    flow = await start(hass, entry, name)
    return await configure(hass, flow, {"mqtt_home_id": HOME_ID, "node_id": NODE, **node_form})


async def until_state(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entity_id: str, expected: str
) -> None:
    for _ in range(50):  # Home Assistant batches new subscriptions for about half a second
        await settle(hass, freezer)
        state = hass.states.get(entity_id)
        if state is not None and state.state == expected:
            return
    raise AssertionError(f"{entity_id} is {hass.states.get(entity_id)}, not {expected}")


async def test_one_appliance_per_relay_of_a_board(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    board: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    result = await add(hass, init_integration, "Geyser", {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert "relay" not in result["data"]  # relay 0 is stored as a single-relay node always was
    assert unique_ids(init_integration) == {f"mqtt:{HOME_ID}/{NODE}"}
    flow = await start(hass, init_integration, "Water pump")
    for bad in (16, -1, 1.5):
        result = await configure(
            hass, flow, {"mqtt_home_id": HOME_ID, "node_id": NODE, "relay": bad}
        )
        assert result["errors"] == {"relay": "invalid_relay"}
    assert_form_translated("config_subentries.appliance", result)
    result = await configure(hass, result, {"mqtt_home_id": HOME_ID, "node_id": NODE, "relay": 2})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["relay"] == 2
    assert unique_ids(init_integration) == {f"mqtt:{HOME_ID}/{NODE}", f"mqtt:{HOME_ID}/{NODE}/2"}
    # The same relay of the same node cannot be two appliances.
    result = await add(hass, init_integration, "Garden pump", {"relay": 2})
    assert result["errors"] == {"relay": "relay_in_use"}
    result = await add(hass, init_integration, "Garden pump", {"relay": 0})
    assert result["errors"] == {"node_id": "already_configured"}
    await hass.async_block_till_done()
    await until_state(hass, freezer, "switch.water_pump", "off")
    await until_state(hass, freezer, "switch.geyser", "off")

    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.water_pump"}, blocking=True
    )
    assert board.relays == [False, False, True]
    await settle(hass, freezer)
    assert hass.states.get("switch.water_pump").state == "on"
    assert hass.states.get("switch.geyser").state == "off"
    board.telemetry("power", {"value": 800.0, "relay": 2})
    board.telemetry("power", 2000.0)  # no index: relay 0, the geyser
    await settle(hass, freezer)
    assert hass.states.get("sensor.water_pump_power").state == "800.0"
    assert hass.states.get("sensor.geyser_power").state == "2000.0"

    board.crash()  # one board, one availability
    await until_state(hass, freezer, "switch.water_pump", "unavailable")
    await until_state(hass, freezer, "switch.geyser", "unavailable")

    # Reconfiguring shows the relay it is on.
    pump = next(s for s in init_integration.subentries.values() if s.title == "Water pump")
    flow = await init_integration.start_subentry_reconfigure_flow(hass, pump.subentry_id)
    common = {key: value for key, value in COMMON.items() if key != "backend"}
    result = await configure(hass, flow, {**common, "name": "Water pump"})
    assert suggested(result)["relay"] == 2


async def test_firmware_without_a_status_is_online_once_any_relay_speaks(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, board: NodeSimulator
) -> None:
    board.publish("status", b"", retain=True)  # firmware that never says "online"
    backend = MqttNodeBackend(hass, MqttConfig(HOME_ID, NODE, relay=1), name="Relay 1")
    seen = Recorder()
    await backend.async_start(seen)
    try:
        await until(lambda: seen.values("is_on") == [False])  # relay 1's retained state
        board.telemetry("power", {"value": 60.0, "relay": 2})  # another relay's reading
        board.telemetry("power", {"value": 25.0, "relay": 1})
        await until(lambda: seen.values("power_w") == [25.0])
        assert seen.values("online") == [True]  # said once, by the first message
    finally:
        await backend.async_stop()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (None, None),
        ("", None),
        (0, None),
        (15, None),
        (3.0, None),
        ("2", None),
        (16, "invalid_relay"),
        (-1, "invalid_relay"),
        (0.5, "invalid_relay"),
        ("two", "invalid_relay"),
        ([1], "invalid_relay"),
    ],
)
def test_relay_numbers_in_the_form(value: object, error: str | None) -> None:
    assert relay_error(value) == error
