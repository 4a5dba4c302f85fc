"""A VoltWise node on the mains is the home's meter: never one of the appliances summed."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from tests.homes import appliance_subentry
from tests.insight.common import start_home

MAINS_NODE = {
    "backend": "mqtt",
    "mqtt_home_id": "pune-flat",
    "node_id": "mains",
    "monitor_only": True,
    "whole_home": True,
}


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "appliances"}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry("fridge01", "Fridge"),
        appliance_subentry("mains01", "Home mains", **MAINS_NODE),
        appliance_subentry("circuit1", "Workshop", **{**MAINS_NODE, "whole_home": False}),
    ]


async def test_the_sum_of_appliances_leaves_the_mains_meter_out(
    recorder_mock: Recorder, hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    await start_home(hass, mock_config_entry)
    registry = er.async_get(hass)

    def energy(owner: str) -> str | None:
        unique_id = f"{mock_config_entry.entry_id}_{owner}_energy"
        return registry.async_get_entity_id("sensor", DOMAIN, unique_id)

    assert energy("mains01") is not None  # the meter has its Energy sensor all the same
    insight = mock_config_entry.runtime_data.insight
    assert insight is not None
    assert sorted(insight.appliance_statistic_ids()) == sorted(
        [energy("fridge01"), energy("circuit1")]
    )
    assert insight.statistic_ids() == insight.appliance_statistic_ids()
