"""Diagnostics of one device: an appliance or a plant, with what support needs and no secret."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voltwise.const import DOMAIN
from tests.appliances.tuya.fake_plug import FakeTuyaPlug
from tests.homes import appliance_subentry
from tests.plant.plants import API_SECRET, ENTRY_ID, MONDAY, PLANT_ID, SERIAL, plant_subentry
from tests.plant.soliscloud.fake_server import FakeSolisCloud

GEYSER = "01JTESTGEYSER000000000000"
LAMP = "01JTESTLAMP00000000000000"
DEVICE_ID = "bf1234567890abcdefgh"
LOCAL_KEY = "0123456789abcdef"
NINE = MONDAY + timedelta(hours=9)


@pytest.fixture
def plug(socket_enabled: None) -> Iterator[FakeTuyaPlug]:
    fake = FakeTuyaPlug(DEVICE_ID, LOCAL_KEY, "3.4")
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def home_subentries(
    solis_server: FakeSolisCloud, solis_api_id: str, plug: FakeTuyaPlug
) -> list[dict[str, Any]]:
    return [
        plant_subentry(solis_api_id),
        appliance_subentry(
            GEYSER,
            "Geyser",
            backend="tuya",
            nameplate_w=2000.0,
            device_id=DEVICE_ID,
            host="127.0.0.1",
            port=plug.port,
            local_key=LOCAL_KEY,
            protocol_version="3.4",
        ),
        appliance_subentry(LAMP, "Lamp", nameplate_w=60.0),
    ]


def device(hass: HomeAssistant, identifier: str) -> dr.DeviceEntry:
    found = dr.async_get(hass).async_get_device(identifiers={(DOMAIN, identifier)})
    assert found is not None
    return found


@pytest.mark.freeze_time(NINE)
async def test_each_device_has_its_own_diagnostics_without_secrets(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
    solis_api_id: str,
) -> None:
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    for entity_id in ("switch.geyser", "switch.lamp"):
        await hass.services.async_call(
            "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )

    geyser = await get_diagnostics_for_device(
        hass, hass_client, mock_config_entry, device(hass, f"{ENTRY_ID}_{GEYSER}")
    )
    plant = await get_diagnostics_for_device(
        hass, hass_client, mock_config_entry, device(hass, f"{ENTRY_ID}_{PLANT_ID}")
    )
    home = await get_diagnostics_for_device(
        hass, hass_client, mock_config_entry, device(hass, f"{ENTRY_ID}_home")
    )
    for diagnostics in (geyser, plant, home):
        text = json.dumps(diagnostics)
        for secret in (LOCAL_KEY, API_SECRET, solis_api_id):
            assert secret not in text

    assert geyser["appliance"]["name"] == "Geyser"
    assert geyser["appliance"]["config"]["local_key"] == "**REDACTED**"
    assert geyser["appliance"]["config"]["device_id"] == DEVICE_ID
    assert geyser["appliance"]["is_on"] is True
    assert geyser["appliance"]["device"]["protocol_version"] == "3.4"
    assert geyser["appliance"]["meter"]["total_kwh"] == 0.0
    assert geyser["appliance"]["rejected_readings"] == {}
    # Only this appliance's actions, not the lamp's.
    assert [(action["appliance"], action["action"]) for action in geyser["recent_actions"]] == [
        ("Geyser", "turn_on")
    ]

    assert plant["plant"]["name"] == "Roof"
    assert plant["plant"]["serial"] == SERIAL
    assert plant["plant"]["config"]["api_secret"] == "**REDACTED**"
    assert plant["plant"]["config"]["api_id"] == "**REDACTED**"
    assert plant["plant"]["plan"]["defaults"]["peak_shaving_w"] == 5000
    assert plant["plant"]["applied"]["peak_shaving_w"] == 5000
    assert [record["result"] for record in plant["plant"]["control_log"]] == ["success"]

    # The home's own device: the whole home, as the config entry's diagnostics show it.
    assert {item["name"] for item in home["appliances"]} == {"Geyser", "Lamp"}
