"""A real Mosquitto broker, Home Assistant's MQTT integration on it, and a simulated node."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from unittest.mock import patch

import pytest
from homeassistant.components.mqtt import client as mqtt_client
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .broker import MosquittoBroker, mosquitto_binary
from .node_sim import NodeSimulator

HOME_ID = "pune-flat"
NODE_ID = "node-001"
BOARD_ID = "esp32-board"


@pytest.fixture
def broker(socket_enabled: None) -> Iterator[MosquittoBroker]:
    """A broker of our own on a free loopback port (scripts/setup installs mosquitto)."""
    binary = mosquitto_binary()
    if binary is None:
        pytest.fail("mosquitto is not installed: run scripts/setup")
    broker = MosquittoBroker(binary)
    broker.start()
    try:
        yield broker
    finally:
        broker.close()


@pytest.fixture
async def mqtt_entry(
    hass: HomeAssistant, broker: MosquittoBroker, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[MockConfigEntry]:
    """Home Assistant's MQTT integration, connected to the real broker.

    Its reconnect interval (10 s) and first-subscription batching (0.5 s) are shortened so the
    tests spend their time on behaviour, not waiting.
    """
    monkeypatch.setattr(mqtt_client, "RECONNECT_INTERVAL_SECONDS", 0.2)
    monkeypatch.setattr(mqtt_client, "INITIAL_SUBSCRIBE_COOLDOWN", 0.05)
    entry = MockConfigEntry(
        domain="mqtt",
        data={"broker": broker.host, "port": broker.port},
        options={"birth_message": {}, "will_message": {}, "discovery": False},
    )
    entry.add_to_hass(hass)
    # The MQTT integration reads configuration.yaml for YAML-defined entities; there is none.
    with patch("homeassistant.config.async_hass_config_yaml", return_value={}):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
    try:
        yield entry
    finally:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


@pytest.fixture
def node(broker: MosquittoBroker) -> Iterator[NodeSimulator]:
    """The NodeMCU firmware, connected."""
    simulator = NodeSimulator(broker.host, broker.port, HOME_ID, NODE_ID)
    simulator.connect()
    try:
        yield simulator
    finally:
        simulator.close()


@pytest.fixture
def board(broker: MosquittoBroker) -> Iterator[NodeSimulator]:
    """An ESP32 with three relays, connected."""
    simulator = NodeSimulator(broker.host, broker.port, HOME_ID, BOARD_ID, relay_count=3)
    simulator.connect()
    try:
        yield simulator
    finally:
        simulator.close()
