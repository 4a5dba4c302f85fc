"""Diagnostics show what support needs and never a secret."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.voltwise.const import DOMAIN
from tests.homes import HOME_DATA

SECRETS = {"api_id": "1300386381676", "api_secret": "s3cr3t-v4lue", "local_key": "0123456789abcdef"}


@pytest.fixture
def mock_config_entry() -> MockConfigEntry:
    """A home with a subentry holding credentials, as plants and Tuya plugs will."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Test Home",
        unique_id="test_home",
        entry_id="01JTESTHOME00000000000000",
        data=HOME_DATA,
        subentries_data=[
            {
                "data": {**SECRETS, "serial": "1031234567"},
                "subentry_id": "01JTESTPLANT0000000000000",
                "subentry_type": "plant",
                "title": "Roof inverter",
                "unique_id": "1031234567",
            }
        ],
    )


@pytest.mark.freeze_time("2026-03-02 06:00:00+00:00")
async def test_diagnostics_redact_secrets(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    diagnostics: dict[str, Any] = await get_diagnostics_for_config_entry(
        hass, hass_client, mock_config_entry
    )
    text = json.dumps(diagnostics)
    for secret in SECRETS.values():
        assert secret not in text
    subentry = diagnostics["entry"]["subentries"][0]
    assert subentry["data"]["api_secret"] == "**REDACTED**"
    assert subentry["data"]["serial"] == "1031234567"
    assert diagnostics["state"]["rate"] == 6.8  # 11:30 in Kolkata: solar hours
    assert diagnostics == snapshot
