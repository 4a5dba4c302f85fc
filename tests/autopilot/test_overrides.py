"""Overrides, pauses and the priority rule, from the UI and from a device's own switch."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.voltwise.const import DOMAIN
from tests.homes import appliance_subentry

from .conftest import (
    FRIDGE,
    HEATER,
    WASHER,
    actions,
    call,
    ist,
    jump,
    settle,
    start_at,
    state,
    user,
)

PLUG = "input_boolean.lamp_plug"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=1000.0, eco_w=400.0),
        appliance_subentry(WASHER, "Washer", nameplate_w=2000.0, cycle_minutes=60),
        appliance_subentry(FRIDGE, "Fridge", nameplate_w=150.0, category="essential"),
        appliance_subentry(
            "01JTESTLAMP00000000000000",
            "Lamp",
            backend="ha_entity",
            nameplate_w=100.0,
            entity_id=PLUG,
        ),
    ]


@pytest.fixture(autouse=True)
async def plug(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": {"lamp_plug": {}}})


async def test_a_person_turning_it_back_on_is_an_override_until_the_peak_ends(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    await jump(hass, freezer, ist(18, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater", context=user(hass_admin_user))
    assert state(hass, "switch.heater") == "on"
    status = hass.states.get("sensor.heater_status")
    assert status.state == "override"
    assert status.attributes["override_until"] == ist(22).isoformat()
    await jump(hass, freezer, ist(22, 0))
    # The override clears by itself; the person's choice is never undone.
    assert state(hass, "sensor.heater_status") == "on"
    assert state(hass, "switch.heater") == "on"
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "turn_on", "user")


async def test_a_person_starting_it_during_the_peak_is_left_alone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(18, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater", context=user(hass_admin_user))
    assert state(hass, "switch.heater") == "on"
    assert state(hass, "sensor.heater_status") == "override"
    # An automation starting one during the peak is not a person: the autopilot acts, within
    # a second (changes in the same second are decided on together).
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer")
    await settle(hass, freezer)
    assert state(hass, "switch.washer") == "off"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_off", "autopilot")


async def test_the_physical_switch_of_an_entity_appliance_overrides(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await hass.services.async_call(
        "input_boolean", SERVICE_TURN_ON, {"entity_id": PLUG}, blocking=True
    )
    await hass.async_block_till_done()
    assert state(hass, "switch.lamp") == "on"
    await jump(hass, freezer, ist(18, 0))
    # HA-entity backend: the autopilot switched the real entity off through the pipeline.
    assert state(hass, PLUG) == "off"
    assert actions(mock_config_entry, "Lamp")[-1] == ("Lamp", "turn_off", "autopilot")
    await jump(hass, freezer, ist(18, 10))
    # Someone switches the device itself back on (a change with no user: the device).
    hass.states.async_set(PLUG, "on", context=Context())
    await hass.async_block_till_done()
    assert state(hass, "switch.lamp") == "on"
    assert state(hass, "sensor.lamp_status") == "override"
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, PLUG) == "on"
    assert [a for a in actions(mock_config_entry, "Lamp") if a[2] == "autopilot"] == [
        ("Lamp", "turn_off", "autopilot")
    ]


async def test_pause_and_resume(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await hass.services.async_call(
        DOMAIN, "pause_autopilot", {"appliance": "switch.heater"}, blocking=True
    )
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "on"
    left = hass.states.get("sensor.test_home_autopilot").attributes["left_alone"]
    assert {
        "appliance": "Heater",
        "appliance_id": HEATER,
        "reason": "paused",
        "until": None,
    } in left
    await jump(hass, freezer, ist(18, 30))
    await hass.services.async_call(
        DOMAIN, "resume_autopilot", {"appliance": "switch.heater"}, blocking=True
    )
    assert state(hass, "switch.heater") == "off"
    # A pause with an end: it gives back at once and takes over again when it ends.
    await hass.services.async_call(
        DOMAIN,
        "pause_autopilot",
        {"appliance": "switch.heater", "until": ist(19).isoformat()},
        blocking=True,
    )
    assert state(hass, "switch.heater") == "on"
    await jump(hass, freezer, ist(19, 0))
    assert state(hass, "switch.heater") == "off"


async def test_pause_is_validated(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "pause_autopilot",
            {"appliance": "switch.heater", "until": ist(17).isoformat()},
            blocking=True,
        )
    assert raised.value.translation_key == "pause_until_past"
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN, "pause_autopilot", {"appliance": "switch.fridge"}, blocking=True
        )
    assert raised.value.translation_key == "autopilot_essential"
    assert raised.value.translation_placeholders == {"appliance": "Fridge"}
    assert mock_config_entry.runtime_data.autopilot.pauses == {}


async def test_turning_it_off_during_the_peak_is_not_undone(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    await jump(hass, freezer, ist(18, 10))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater", context=user(hass_admin_user))
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.heater", context=user(hass_admin_user))
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.heater") == "off"  # the person's last word stands
