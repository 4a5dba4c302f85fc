"""A VoltWise home in a real (test) Home Assistant: its data, subentries and config entry.

Loaded for every test directory by the root conftest (``pytest_plugins``).
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN

HOME_DATA: dict[str, Any] = {
    "name": "Test Home",
    "region": "IN-WE",
    "tariff": "india_tod_domestic",
    "normal_rate": 8.0,
    "currency": "INR",
    "time_zone": "Asia/Kolkata",
}


@pytest.fixture
def home_data() -> dict[str, Any]:
    """The stored data of the test home (override to vary it)."""
    return dict(HOME_DATA)


@pytest.fixture
def home_options() -> dict[str, Any]:
    """The options of the test home (override or parametrize to vary them)."""
    return {}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    """The home's subentries (appliances, plants); none unless a test says otherwise."""
    return []


def appliance_subentry(subentry_id: str, title: str, **data: Any) -> dict[str, Any]:
    """Subentry data for an appliance, as the appliance flow stores it."""
    return {
        "data": {"backend": "virtual", "nameplate_w": 1000.0, "category": "shiftable", **data},
        "subentry_id": subentry_id,
        "subentry_type": "appliance",
        "title": title,
        "unique_id": None,
    }


@pytest.fixture
def mock_config_entry(
    home_data: dict[str, Any],
    home_options: dict[str, Any],
    home_subentries: list[dict[str, Any]],
) -> MockConfigEntry:
    """A VoltWise home that is not yet added to Home Assistant."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=home_data["name"],
        unique_id="test_home",
        entry_id="01JTESTHOME00000000000000",
        data=home_data,
        options=home_options,
        subentries_data=home_subentries,
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """The test home, set up."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry
