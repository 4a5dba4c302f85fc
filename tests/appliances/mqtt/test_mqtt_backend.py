"""The MQTT node backend through a real Mosquitto broker and Home Assistant's MQTT integration."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
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


# Any payload on any of the node's topics, and the reason it is dropped for (None: not dropped).
HOSTILE: list[tuple[str, bytes, str | None]] = [
    ("telemetry/power", b"[" * 100_000, "too_large"),
    ("telemetry/power", b"{" * 100_000, "too_large"),
    ("telemetry/power", b"a" * 200_000, "too_large"),
    ("telemetry/power", b"[" * 1000, "not_json"),
    ("telemetry/power", b"[" * 500 + b"]" * 500, "not_a_number"),
    ("telemetry/power", b"\xff\xfe\xfd", "not_json"),
    ("telemetry/power", b"", "not_json"),
    ("telemetry/power", b"\x00" * 16, "not_json"),
    ("telemetry/power", b"1e400", "not_finite"),
    ("telemetry/power", b"NaN", "not_finite"),
    ("telemetry/voltage", b"-Infinity", "not_finite"),
    ("telemetry/power", b"1" + b"0" * 400, "not_finite"),
    ("telemetry/power", b'{"value": 1' + b"0" * 400 + b"}", "not_finite"),
    ("telemetry/" + "x" * 5000, b"5", "unknown_metric"),
    ("response/command", b"[" * 100_000, "too_large"),
    ("response/command", b'{"id": ' + b"[" * 1000, "not_a_response"),
    ("response/command", b"\xff" * 10, "not_a_response"),
    ("response/command", b'["id"]', "not_a_response"),
    ("response/command", b'{"id": "somebody-else", "ok": true}', None),
    ("status", b"x" * 200_000, "too_large"),
    ("status", b"\xff\xfe", "not_a_status"),
    ("state/relay", b"[" * 100_000, "too_large"),
    ("state/relay", b"maybe", "not_a_relay_state"),
]


async def test_hostile_payloads_never_raise_and_are_dropped_and_counted(
    hass: HomeAssistant,
    node: NodeSimulator,
    backend: tuple[MqttNodeBackend, Recorder],
    caplog: pytest.LogCaptureFixture,
) -> None:
    mqtt_backend, recorder = backend
    for suffix, payload, _reason in HOSTILE:
        node.publish(suffix, payload)
    node.telemetry("power", 100)  # a good one after them, in order
    await until(lambda: recorder.values("power_w") == [100.0], seconds=10)
    expected: Counter[str] = Counter(reason for _s, _p, reason in HOSTILE if reason is not None)
    assert mqtt_backend.diagnostics()["dropped"] == dict(expected)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not [r for r in caplog.records if "decode" in r.getMessage()]
    assert all(len(r.getMessage()) < 500 for r in caplog.records if r.name.startswith("custom"))
    assert recorder.values("online") == [True]  # nothing of it changed what is known
    await mqtt_backend.async_turn_on()  # and the node is still under control
    assert node.relay is True


@pytest.mark.parametrize(
    "answer",
    [
        lambda c: {"id": c["id"], "ok": True, "state": c["state"].upper()},  # "ON"
        lambda c: {"id": c["id"], "ok": True, "state": f" {c['state'].title()} "},  # " On "
        lambda c: {"id": c["id"], "ok": True},  # the requested state
        lambda c: {"id": c["id"], "ok": True, "state": None},  # the same
        lambda c: {"id": c["id"].upper(), "ok": True, "state": c["state"]},  # firmware shouts
        lambda c: {"id": f" {c['id']} ", "ok": True, "state": c["state"]},
    ],
    ids=["STATE", "padded state", "no state", "null state", "ID", "padded id"],
)
async def test_answers_are_read_as_leniently_as_the_protocol_says(
    hass: HomeAssistant,
    node: NodeSimulator,
    backend: tuple[MqttNodeBackend, Recorder],
    answer: Callable[[dict[str, str]], dict[str, object]],
) -> None:
    mqtt_backend, recorder = backend
    node.reply = lambda command: json.dumps(answer(command))
    await mqtt_backend.async_turn_on()
    assert recorder.updates[-1].is_on is True
    assert mqtt_backend.diagnostics()["last_command"] == "on: ok"


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda c: {"id": c["id"], "ok": True, "state": "off"}, "the relay is off"),
        (lambda c: {"id": c["id"], "ok": True, "state": "dimmed"}, "unknown state dimmed"),
        (lambda c: {"id": c["id"], "ok": True, "state": 1}, "unknown state 1"),
        (lambda c: {"id": c["id"], "ok": True, "state": "off", "error": "stuck"}, "stuck"),
        (lambda c: {"id": c["id"], "ok": "true"}, "refused"),  # only JSON true is a yes
        (lambda c: {"id": c["id"]}, "refused"),
        (lambda c: {"id": c["id"], "ok": False}, "refused"),
        (lambda c: {"id": c["id"], "ok": False, "error": ""}, "refused"),
        (lambda c: {"id": c["id"], "ok": False, "error": ["no", 1]}, "['no', 1]"),
        (lambda c: {"id": c["id"], "ok": False, "error": "hot\ncoil\x1b[1m"}, "hot coil [1m"),
    ],
)
async def test_answers_that_are_not_a_success_say_why(
    hass: HomeAssistant,
    node: NodeSimulator,
    backend: tuple[MqttNodeBackend, Recorder],
    answer: Callable[[dict[str, str]], dict[str, object]],
    reason: str,
) -> None:
    mqtt_backend, _recorder = backend
    node.reply = lambda command: json.dumps(answer(command))
    with pytest.raises(BackendError) as raised:
        await mqtt_backend.async_turn_on()
    assert raised.value.key == "command_rejected"
    assert raised.value.placeholders == {"reason": reason}
    assert mqtt_backend.diagnostics()["last_command"] == f"on: {reason}"


async def test_a_long_error_from_the_node_is_cut_short(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, _recorder = backend
    # Within the payload limit; a longer answer is dropped and the command times out.
    node.reply = lambda command: json.dumps({"id": command["id"], "ok": False, "error": "E" * 900})
    with pytest.raises(BackendError) as raised:
        await mqtt_backend.async_turn_on()
    reason = raised.value.placeholders["reason"]
    assert reason == "E" * 199 + "…"  # the protocol's limit: 200 characters
    assert len(str(raised.value)) < 250
    assert mqtt_backend.diagnostics()["last_command"] == f"on: {reason}"


async def test_commands_within_a_second_are_coalesced_to_the_last(
    hass: HomeAssistant, node: NodeSimulator, backend: tuple[MqttNodeBackend, Recorder]
) -> None:
    mqtt_backend, _recorder = backend
    mqtt_backend._command_timeout = 5
    loop = hass.loop
    started = loop.time()
    await mqtt_backend.async_turn_on()  # sent at once
    # Three more within the second: they wait for it, and only the last is sent.
    off = asyncio.ensure_future(mqtt_backend.async_turn_off())
    on_again = asyncio.ensure_future(mqtt_backend.async_turn_on())
    on_last = asyncio.ensure_future(mqtt_backend.async_turn_on())
    with pytest.raises(BackendError) as raised:
        await off
    assert raised.value.key == "command_superseded"  # the relay will not end off
    await on_again  # carried by the newer command for the same state
    await on_last
    assert loop.time() - started >= 1.0
    assert [command["state"] for command in node.commands] == ["on", "on"]
    assert node.relay is True
    assert mqtt_backend.diagnostics()["coalesced_commands"] == 2
    # A second later, a command goes out at once again.
    await asyncio.sleep(1.0)
    before = loop.time()
    await mqtt_backend.async_turn_off()
    assert loop.time() - before < 0.9
    assert node.relay is False
