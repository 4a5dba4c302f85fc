"""The autopilot's notifications on the targets the home's options choose."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.persistent_notification import (
    _async_get_or_create_notifications as async_notifications,
)
from homeassistant.const import SERVICE_TURN_ON
from homeassistant.core import HomeAssistant, ServiceCall
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from .conftest import call, ist, jump, start_at, state

PHONE = "mobile_app_phone"
FAMILY = "notify.family"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"notify": False, "notify_entity": FAMILY, "notify_service": PHONE}


@pytest.fixture
def phone(hass: HomeAssistant) -> list[ServiceCall]:
    """A phone's legacy notify service (what mobile_app registers), capturing each call."""
    return async_mock_service(hass, "notify", PHONE)


@pytest.fixture
def send_message(hass: HomeAssistant) -> list[ServiceCall]:
    """notify.send_message, capturing each call to the notify entity."""
    hass.states.async_set(FAMILY, "unknown")
    return async_mock_service(hass, "notify", "send_message")


def messages(calls: list[ServiceCall]) -> list[str]:
    return [str(item.data["message"]) for item in calls]


async def test_actions_restores_and_the_clean_message_reach_the_chosen_targets(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    phone: list[ServiceCall],
    send_message: list[ServiceCall],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    acted = [text for text in messages(phone) if "autopilot switched" in text]
    assert len(acted) == 1
    assert "the autopilot switched Heater (it puts them back" in acted[0]
    titles = [item.data["title"] for item in phone]
    assert titles == ["⚡ Peak tariff started", "🤖 Autopilot acted at Test Home"]
    assert {item.data["entity_id"] for item in send_message} == {FAMILY}
    assert [text for text in messages(send_message) if "autopilot switched" in text] == acted
    phone.clear()
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.heater") == "on"
    # One message per transition: the peak's end (the home's own), the restore, then what is
    # worth running now (the washer is off; the heater runs again; the fridge is essential).
    assert messages(phone) == [
        "Electricity at Test Home is back to 8 INR/kWh.",
        "Back as you left them: Heater.",
        "Electricity is cheap or clean again: run Washer now.",
    ]
    # Persistent notifications are off for this home.
    assert not [key for key in async_notifications(hass) if "autopilot" in key]


@pytest.mark.parametrize("home_options", [{"notify": True}])
async def test_the_clean_message_names_every_idle_shiftable_appliance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(21, 30))
    await jump(hass, freezer, ist(22, 0))
    clean = async_notifications(hass)["voltwise_01JTESTHOME00000000000000_autopilot_clean"]
    assert clean["message"] == "Electricity is cheap or clean again: run Heater and Washer now."
    assert clean["title"] == "🌿 Good time to run appliances at Test Home"


@pytest.mark.parametrize("home_options", [{"notify_service": "mobile_app_gone"}])
async def test_a_notify_service_that_is_gone_never_stops_the_autopilot(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    assert "Notification to notify.mobile_app_gone not sent" in caplog.text
