"""A node that misbehaves, seen by a user: a quiet log, short errors, lenient answers."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.appliances.coordinator import ApplianceCoordinator
from custom_components.voltwise.const import EVENT_APPLIANCE_ACTION
from tests.homes import appliance_subentry

from .conftest import HOME_ID, NODE_ID
from .node_sim import NodeSimulator

PUMP = "01JPUMP0000000000000000000"
SWITCH = "switch.borewell_pump"
ONLINE = "binary_sensor.borewell_pump_online"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    """The home has one appliance: the node."""
    return [
        appliance_subentry(
            PUMP,
            "Borewell pump",
            backend="mqtt",
            nameplate_w=750.0,
            mqtt_home_id=HOME_ID,
            node_id=NODE_ID,
        )
    ]


@pytest.fixture
async def pump(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    node: NodeSimulator,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> ApplianceCoordinator:
    """The home with its node, once the node's retained state has arrived."""
    coordinator = init_integration.runtime_data.appliances.appliances[PUMP]
    for _ in range(50):  # Home Assistant batches new subscriptions for about half a second
        await settle(hass, freezer)
        if hass.states.get(SWITCH).state != "unavailable":
            break
    assert hass.states.get(SWITCH).state == "off"
    return coordinator


async def settle(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let real messages cross the broker, then release the coalesced entity updates."""
    # The test clock is frozen (asyncio.sleep would never end): wait in a worker thread.
    await hass.async_add_executor_job(time.sleep, 0.1)
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=1.1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def received(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, pump: ApplianceCoordinator, count: int
) -> None:
    """Wait until the node's backend has received ``count`` messages in all."""
    backend: Any = pump.backend
    for _ in range(100):
        if backend.received >= count:
            return
        await settle(hass, freezer)
    raise AssertionError(f"{backend.received} of {count} messages arrived")


def availability_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [
        (record.levelno, record.getMessage())
        for record in caplog.records
        if record.getMessage().startswith("Borewell pump ")
    ]


async def flap(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    node: NodeSimulator,
    pump: ApplianceCoordinator,
    flips: int,
) -> None:
    """The node goes offline and back ``flips`` times in all (as with two boards sharing a
    client id, each connection pushing the other off the broker)."""
    backend: Any = pump.backend
    before = backend.received
    for flip in range(flips):
        node.publish("status", "offline" if flip % 2 == 0 else "online", retain=True)
    await received(hass, freezer, pump, before + flips)


async def test_a_flapping_node_is_logged_once_each_way(
    hass: HomeAssistant,
    node: NodeSimulator,
    pump: ApplianceCoordinator,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.voltwise")
    await flap(hass, freezer, node, pump, 200)
    assert hass.states.get(SWITCH).state == "off"  # the last word was "online"
    assert hass.states.get(ONLINE).state == "on"
    assert availability_lines(caplog) == [
        (logging.WARNING, "Borewell pump is unavailable"),
        (logging.INFO, "Borewell pump is available again"),
    ]

    # Flapping on, a minute later: the warnings stay quiet while it flaps.
    caplog.clear()
    freezer.tick(timedelta(minutes=1))
    await flap(hass, freezer, node, pump, 201)  # and it ends offline
    assert hass.states.get(SWITCH).state == "unavailable"
    assert hass.states.get(ONLINE).state == "off"
    assert availability_lines(caplog) == []

    # Once the quiet period is over, the state it settled in is told once.
    freezer.tick(timedelta(minutes=10))
    await settle(hass, freezer)
    assert availability_lines(caplog) == [
        (
            logging.WARNING,
            "Borewell pump went offline 200 more times in 10 minutes and is unavailable",
        )
    ]

    # It comes back and stays: that is told at once, and the next outage too.
    caplog.clear()
    node.publish("status", "online", retain=True)
    await flap(hass, freezer, node, pump, 0)
    await settle(hass, freezer)
    freezer.tick(timedelta(hours=1))
    node.publish("status", "offline", retain=True)
    await settle(hass, freezer)
    assert availability_lines(caplog) == [
        (logging.INFO, "Borewell pump is available again"),
        (logging.WARNING, "Borewell pump is unavailable"),
    ]


async def test_a_long_error_from_the_node_stays_short_everywhere(
    hass: HomeAssistant,
    node: NodeSimulator,
    pump: ApplianceCoordinator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.voltwise")
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    node.reply = lambda command: json.dumps({"id": command["id"], "ok": False, "error": "E" * 900})
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SWITCH}, blocking=True
        )
    assert raised.value.translation_key == "command_rejected"
    assert len(raised.value.translation_placeholders["reason"]) == 200
    assert len(str(raised.value)) < 300
    assert [len(json.dumps(event.data)) < 500 for event in events] == [True]
    ours = [r for r in caplog.records if r.name.startswith("custom_components")]
    assert ours  # the failed command was logged
    assert [r.getMessage() for r in ours if len(r.getMessage()) > 300] == []
    diagnostics = pump.backend.diagnostics()  # type: ignore[attr-defined]
    assert len(diagnostics["last_command"]) < 210


async def test_a_node_answering_in_capitals_is_understood(
    hass: HomeAssistant,
    node: NodeSimulator,
    pump: ApplianceCoordinator,
    freezer: FrozenDateTimeFactory,
) -> None:
    node.reply = lambda command: json.dumps(
        {"id": command["id"], "ok": True, "state": command["state"].upper()}
    )
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: SWITCH}, blocking=True
    )
    assert hass.states.get(SWITCH).state == "on"
    freezer.tick(timedelta(seconds=1))  # the node takes at most one command a second
    await hass.services.async_call(
        "switch", SERVICE_TURN_OFF, {ATTR_ENTITY_ID: SWITCH}, blocking=True
    )
    assert hass.states.get(SWITCH).state == "off"
