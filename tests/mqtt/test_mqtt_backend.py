"""The MQTT node backend through a real Mosquitto broker and Home Assistant's MQTT integration."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.appliances.backends.mqtt_node import (
    MqttNodeBackend,
    mqtt_available,
)
from custom_components.voltwise.appliances.config import MqttConfig
from custom_components.voltwise.appliances.model import ActionSource, BackendError, BackendUpdate

from .broker import MosquittoBroker
from .conftest import HOME_ID, NODE_ID
from .node_sim import Answer, NodeSimulator


class Recorder:
    def __init__(self) -> None:
        self.updates: list[BackendUpdate] = []

    def __call__(self, update: BackendUpdate) -> None:
        self.updates.append(update)

    def values(self, field: str) -> list[object]:
        return [getattr(u, field) for u in self.updates if getattr(u, field) is not None]


async def until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait (in real time: messages cross a real broker) until ``condition`` holds."""
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 - the condition is another process's doing
            await asyncio.sleep(0.01)


@pytest.fixture
async def backend(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, node: NodeSimulator
) -> AsyncIterator[tuple[MqttNodeBackend, Recorder]]:
    backend = MqttNodeBackend(
        hass,
        MqttConfig(HOME_ID, NODE_ID),
        name="Pump",
        command_timeout=0.5,
    )
    recorder = Recorder()
    await backend.async_start(recorder)
    await until(lambda: recorder.values("is_on") == [False])  # retained state arrived
    try:
        yield backend, recorder
    finally:
        await backend.async_stop()


async def test_telemetry_arrives_as_readings(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, recorder = backend
    assert recorder.values("online") == [True]
    assert mqtt_available(hass)
    node.telemetry("power", 745.5)
    node.telemetry("voltage", {"value": 231.2, "ts": 1732350000})
    node.telemetry("current", 3.22)
    node.telemetry("energy", 152.301)
    node.telemetry("frequency", 50.02)
    node.telemetry("power_factor", 0.97)
    await until(lambda: recorder.values("power_factor") == [0.97])
    assert recorder.values("power_w") == [745.5]
    assert recorder.values("voltage_v") == [231.2]
    assert recorder.values("current_a") == [3.22]
    assert recorder.values("counter_kwh") == [152.301]
    assert recorder.values("frequency_hz") == [50.02]
    assert mqtt_backend.diagnostics()["dropped"] == {}


async def test_malformed_telemetry_is_dropped_counted_and_logged_sparingly(
    hass: HomeAssistant,
    node: NodeSimulator,
    backend: tuple[MqttNodeBackend, Recorder],
    caplog: pytest.LogCaptureFixture,
) -> None:
    mqtt_backend, recorder = backend
    bad = [
        ("power", "twelve"),
        ("power", "NaN"),
        ("power", -40),
        ("power", 1e7),
        ("voltage", 5000),
        ("energy", '"lots"'),
        ("humidity", 40),
    ] * 10
    for metric, payload in bad:
        node.telemetry(metric, payload)
    node.telemetry("power", 100)  # a good one after them, in order
    await until(lambda: recorder.values("power_w") == [100.0])
    assert mqtt_backend.diagnostics()["dropped"] == {
        "not_json": 10,
        "not_finite": 10,
        "out_of_range": 30,
        "not_a_number": 10,
        "unknown_metric": 10,
    }
    warnings = [r for r in caplog.records if "malformed" in r.getMessage()]
    assert len(warnings) == 1  # seventy bad messages, one line


async def test_last_will_marks_the_node_offline_and_it_comes_back(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, recorder = backend
    node.crash()
    await until(lambda: recorder.values("online")[-1] is False, seconds=15)
    with pytest.raises(BackendError) as raised:
        await mqtt_backend.async_turn_on()
    assert raised.value.key == "device_offline"
    assert node.commands == []  # nothing was sent to a node that is away
    await hass.async_add_executor_job(node.connect)
    await until(lambda: recorder.values("online")[-1] is True)
    await mqtt_backend.async_turn_on()
    assert node.relay is True


async def test_commands_change_state_only_when_the_node_confirms(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, recorder = backend
    await mqtt_backend.async_turn_on()
    assert node.relay is True
    assert node.commands[-1]["state"] == "on"
    assert len(node.commands[-1]["id"]) >= 8  # a request id the answer must echo
    assert recorder.updates[-1].is_on is True
    assert all(update.changed_by is None for update in recorder.updates)

    node.answer = Answer.SLOW  # within the timeout: still fine
    node.slow_seconds = 0.2
    await mqtt_backend.async_turn_off()
    assert node.relay is False

    node.answer = Answer.NEVER
    with pytest.raises(BackendError) as raised:
        await mqtt_backend.async_turn_on()
    assert raised.value.key == "command_timeout"
    assert recorder.updates[-1].is_on is not True

    node.answer = Answer.REFUSE
    with pytest.raises(BackendError) as raised:
        await mqtt_backend.async_turn_on()
    assert raised.value.key == "command_rejected"
    assert raised.value.placeholders == {"reason": "overcurrent lockout"}
    assert mqtt_backend.diagnostics()["last_command"] == "on: overcurrent lockout"


async def test_a_command_at_once_after_start_waits_for_the_subscription(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, node: NodeSimulator
) -> None:
    backend = MqttNodeBackend(hass, MqttConfig(HOME_ID, NODE_ID), name="Pump", command_timeout=2)
    await backend.async_start(Recorder())
    try:
        await backend.async_turn_on()  # e.g. a schedule caught up at startup
        assert node.relay is True
    finally:
        await backend.async_stop()


async def test_a_node_that_dies_while_a_command_waits_fails_it_at_once(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, _recorder = backend
    mqtt_backend._command_timeout = 30
    node.answer = Answer.NEVER
    command = asyncio.ensure_future(mqtt_backend.async_turn_on())
    await until(lambda: bool(node.commands))
    node.crash()
    with pytest.raises(BackendError) as raised:
        async with asyncio.timeout(10):
            await command
    assert raised.value.key == "device_offline"
    assert mqtt_backend.diagnostics()["last_command"] == "on: device_offline"


async def test_the_physical_button_is_reported_as_physical(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    _mqtt_backend, recorder = backend
    node.press_button()
    await until(lambda: recorder.updates[-1].is_on is True)
    assert recorder.updates[-1].changed_by is ActionSource.PHYSICAL


async def test_a_broker_restart_is_survived(
    hass: HomeAssistant,
    broker: MosquittoBroker,
    node: NodeSimulator,
    backend: tuple[MqttNodeBackend, Recorder],
) -> None:
    mqtt_backend, recorder = backend
    await hass.async_add_executor_job(broker.stop)
    # Home Assistant lost the broker: whatever the node does now is unknown.
    await until(lambda: recorder.values("online")[-1] is False)
    await hass.async_add_executor_job(broker.start)
    await hass.async_add_executor_job(node.close)
    await hass.async_add_executor_job(node.connect)  # the node reconnects as firmware does
    # Home Assistant's client reconnects and resubscribes by itself;
    # meanwhile the node keeps publishing, as firmware does every few seconds.
    async with asyncio.timeout(30):
        while 321.0 not in recorder.values("power_w"):
            node.telemetry("power", 321.0)
            await asyncio.sleep(0.5)
    await mqtt_backend.async_turn_on()
    assert node.relay is True


async def test_stop_unsubscribes(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, recorder = backend
    await mqtt_backend.async_stop()
    count = len(recorder.updates)
    node.telemetry("power", 50)
    await asyncio.sleep(0.3)
    assert len(recorder.updates) == count


async def test_without_the_mqtt_integration_the_backend_says_so(hass: HomeAssistant) -> None:
    assert not mqtt_available(hass)
    backend = MqttNodeBackend(hass, MqttConfig(HOME_ID, NODE_ID), name="Pump")
    with pytest.raises(BackendError) as raised:
        await backend.async_start(Recorder())
    assert raised.value.key == "mqtt_not_available"
