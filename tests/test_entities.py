"""The home's entity set, platform by platform, as snapshots."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.homes import appliance_subentry


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    """A virtual appliance with a cycle, and an essential one."""
    return [
        appliance_subentry(
            "01JTESTWASHER000000000000", "Washing machine", nameplate_w=2000.0, eco_w=900.0
        ),
        appliance_subentry(
            "01JTESTFRIDGE000000000000", "Fridge", nameplate_w=150.0, category="essential"
        ),
    ]


@pytest.mark.freeze_time("2026-03-02 06:00:00+00:00")  # Monday 11:30 in Kolkata: solar hours
@pytest.mark.parametrize(
    "platform",
    [
        Platform.BINARY_SENSOR,
        Platform.NUMBER,
        Platform.SELECT,
        Platform.SENSOR,
        Platform.SWITCH,
        Platform.TIME,
    ],
)
async def test_entities(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with patch("custom_components.voltwise.PLATFORMS", [platform]):
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
