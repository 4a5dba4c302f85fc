"""A node added before relays had an index loads unchanged, as relay 0 of its node."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.homes import appliance_subentry

from .conftest import BOARD_ID as NODE, HOME_ID
from .node_sim import NodeSimulator
from .test_mqtt_relays import add, until_state


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    """A node added before relays had an index: no ``relay`` in its data."""
    subentry = appliance_subentry(
        "01JOLDPUMP0000000000000000",
        "Borewell pump",
        backend="mqtt",
        nameplate_w=750.0,
        mqtt_home_id=HOME_ID,
        node_id=NODE,
    )
    return [{**subentry, "unique_id": f"mqtt:{HOME_ID}/{NODE}"}]


async def test_a_node_added_before_relay_indexes_is_relay_0(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    init_integration: MockConfigEntry,
    board: NodeSimulator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await until_state(hass, freezer, "switch.borewell_pump", "off")
    registry = er.async_get(hass)
    switch = registry.async_get("switch.borewell_pump")
    assert switch is not None
    assert switch.unique_id == f"{init_integration.entry_id}_01JOLDPUMP0000000000000000_switch"
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.borewell_pump"}, blocking=True
    )
    assert board.relays == [True, False, False]
    assert "relay" not in board.commands[-1]
    # Its relay is still taken: a new appliance may have another relay, not this one.
    result = await add(hass, init_integration, "Second pump", {})
    assert result["errors"] == {"node_id": "already_configured"}
    result = await add(hass, init_integration, "Second pump", {"relay": 1})
    assert result["type"] is FlowResultType.CREATE_ENTRY
