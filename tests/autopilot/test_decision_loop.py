"""The autopilot in a real Home Assistant: it acts at the peak's exact start and gives back at its
end, through the one pipeline, and its memory survives a restart in the middle of a period."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.persistent_notification import (
    _async_get_or_create_notifications as async_notifications,
)
from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from .conftest import AUTOPILOT_STORE, actions, call, ist, jump, start_at, state, user


async def test_turn_off_at_the_peak_and_back_on_after(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
    hass_storage: dict[str, Any],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    assert state(hass, "switch.test_home_autopilot") == "on"
    assert state(hass, "sensor.test_home_autopilot") == "watching"
    for name in ("heater", "fridge"):
        await call(hass, "switch", SERVICE_TURN_ON, f"switch.{name}", context=user(hass_admin_user))

    await jump(hass, freezer, ist(17, 59))
    assert state(hass, "switch.heater") == "on"
    await jump(hass, freezer, ist(18, 0))  # the peak starts
    assert state(hass, "switch.heater") == "off"
    assert state(hass, "switch.fridge") == "on"  # essential: never touched
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "turn_off", "autopilot")
    assert state(hass, "sensor.test_home_autopilot") == "acting"
    held = hass.states.get("sensor.test_home_autopilot").attributes["held"]
    assert held == [
        {
            "appliance": "Heater",
            "appliance_id": "01JTESTHEATER000000000000",
            "reason": "peak",
            "until": ist(22).isoformat(),
            "action": "turn_off",
            "resume_at": None,
        }
    ]
    # Saved before acting: the hold is in the store.
    stored = hass_storage[AUTOPILOT_STORE]["data"]["memory"]["holds"]
    assert set(stored) == {"01JTESTHEATER000000000000"}

    await jump(hass, freezer, ist(21, 59))
    assert state(hass, "switch.heater") == "off"
    await jump(hass, freezer, ist(22, 0))  # the peak ends: back on, exactly once
    assert state(hass, "switch.heater") == "on"
    assert actions(mock_config_entry, "Heater") == [
        ("Heater", "turn_on", "user"),
        ("Heater", "turn_off", "autopilot"),
        ("Heater", "turn_on", "autopilot"),
    ]
    assert actions(mock_config_entry, "Fridge") == [("Fridge", "turn_on", "user")]
    assert state(hass, "sensor.test_home_autopilot") == "watching"
    assert hass_storage[AUTOPILOT_STORE]["data"]["memory"]["holds"] == {}


async def test_eco_mode_during_the_peak(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    select = "select.heater_autopilot_action"
    assert hass.states.get(select).attributes["options"] == [
        "turn_off",
        "eco_mode",
        "delay_start",
        "limit_power",  # a virtual appliance's power is modelled, so it can be limited
    ]
    await call(hass, "select", "select_option", select, option="eco_mode")
    assert state(hass, select) == "eco_mode"
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "on"
    assert state(hass, "switch.heater_eco_mode") == "on"
    assert state(hass, "sensor.heater_status") == "eco"
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.heater_eco_mode") == "off"
    assert actions(mock_config_entry, "Heater")[-2:] == [
        ("Heater", "eco_on", "autopilot"),
        ("Heater", "eco_off", "autopilot"),
    ]


async def test_an_action_the_backend_cannot_do_is_not_offered(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    select = "select.washer_autopilot_action"
    assert "eco_mode" not in hass.states.get(select).attributes["options"]
    with pytest.raises(Exception) as raised:  # HA's own translated "not a valid option"
        await call(hass, "select", "select_option", select, option="eco_mode")
    assert "eco_mode" in str(raised.value)
    assert state(hass, select) == "turn_off"
    # Essential appliances have no autopilot settings at all.
    assert hass.states.get("select.fridge_autopilot_action") is None


async def test_settings_change_without_reloading_the_home(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(18, 30))
    runtime = mock_config_entry.runtime_data
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    # Turned on during the peak by an automation: the autopilot takes it off again.
    assert state(hass, "switch.heater") == "off"
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.heater_delegated_to_autopilot")
    assert mock_config_entry.runtime_data is runtime  # not reloaded
    subentry = mock_config_entry.subentries["01JTESTHEATER000000000000"]
    assert subentry.data["autopilot"]["delegated"] is False
    assert subentry.data["nameplate_w"] == 1000.0
    # No longer delegated: given back at once.
    assert state(hass, "switch.heater") == "on"
    assert state(hass, "switch.heater_delegated_to_autopilot") == "off"


async def test_the_autopilot_switch_gives_back_what_it_holds(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.test_home_autopilot")
    assert state(hass, "switch.heater") == "on"
    assert state(hass, "sensor.test_home_autopilot") == "off"
    await jump(hass, freezer, ist(22, 0))
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "turn_on", "autopilot")
    assert len(actions(mock_config_entry, "Heater")) == 3


async def test_protected_window_is_never_touched(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "time", "set_value", "time.heater_protected_window_start", time="17:00:00")
    await call(hass, "time", "set_value", "time.heater_protected_window_end", time="19:00:00")
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater_protected_window")
    assert state(hass, "time.heater_protected_window_start") == "17:00:00"
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "on"
    left = hass.states.get("sensor.test_home_autopilot").attributes["left_alone"]
    assert {
        "appliance": "Heater",
        "appliance_id": "01JTESTHEATER000000000000",
        "reason": "protected",
        "until": ist(19).isoformat(),
    } in left
    await jump(hass, freezer, ist(19, 0))  # the window closes inside the peak
    assert state(hass, "switch.heater") == "off"
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.heater") == "on"


@pytest.mark.parametrize("kill_at", [ist(19), ist(23)], ids=["during", "after"])
async def test_restart_in_the_middle_of_a_period_restores_exactly_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    kill_at: Any,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    freezer.move_to(kill_at)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    expected = "off" if kill_at == ist(19) else "on"
    assert state(hass, "switch.heater") == expected
    await jump(hass, freezer, ist(22, 0))
    await jump(hass, freezer, ist(23, 30))
    assert state(hass, "switch.heater") == "on"
    assert [a for a in actions(mock_config_entry, "Heater") if a[2] == "autopilot"] == [
        ("Heater", "turn_off", "autopilot"),
        ("Heater", "turn_on", "autopilot"),
    ]


@pytest.mark.parametrize("home_options", [{"notify": True}])
async def test_notifications_list_the_appliances(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    for name in ("heater", "washer"):
        await call(hass, "switch", SERVICE_TURN_ON, f"switch.{name}")
    await jump(hass, freezer, ist(18, 0))
    shown = async_notifications(hass)
    acted = shown["voltwise_01JTESTHOME00000000000000_autopilot_acted"]
    assert "Heater and Washer" in acted["message"]
    await jump(hass, freezer, ist(18, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=user(hass_admin_user))
    override = async_notifications(hass)["voltwise_01JTESTHOME00000000000000_autopilot_override"]
    assert "Washer" in override["message"]
    await jump(hass, freezer, ist(22, 0))
    restored = async_notifications(hass)["voltwise_01JTESTHOME00000000000000_autopilot_restored"]
    assert restored["message"] == "Back as you left them: Heater."


async def test_delay_start_resumes_at_the_best_start_shown_on_the_calendar(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(
        hass, "select", "select_option", "select.washer_autopilot_action", option="delay_start"
    )
    # Started at 17:50, its hour would run 50 minutes into the peak: the smart start waits.
    await jump(hass, freezer, ist(17, 50))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.washer") == "off"
    held = hass.states.get("sensor.test_home_autopilot").attributes["held"]
    (washer,) = [item for item in held if item["appliance"] == "Washer"]
    assert washer["action"] == "delay_start"
    resume_at = datetime.fromisoformat(washer["resume_at"])
    assert ist(22) <= resume_at <= ist(2, day=3) - timedelta(hours=1)  # done within 8 h
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": "calendar.test_home_appliance_schedules", "duration": {"hours": 12}},
        blocking=True,
        return_response=True,
    )
    runs = events["calendar.test_home_appliance_schedules"]["events"]
    assert [(run["summary"], run["start"]) for run in runs] == [
        ("Washer (autopilot)", resume_at.astimezone(ZoneInfo("Asia/Kolkata")).isoformat())
    ]
    await jump(hass, freezer, resume_at - timedelta(minutes=1))
    assert state(hass, "switch.washer") == "off"
    await jump(hass, freezer, resume_at)
    assert state(hass, "switch.washer") == "on"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_on", "autopilot")


async def test_limit_power_models_a_lower_power_and_restores_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    select = "select.heater_autopilot_action"
    assert "limit_power" in hass.states.get(select).attributes["options"]
    await call(hass, "select", "select_option", select, option="limit_power")
    await call(hass, "number", "set_value", "number.heater_autopilot_power_limit", value=40)
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    assert float(state(hass, "sensor.heater_power")) == 1000.0
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "on"
    assert float(state(hass, "sensor.heater_power")) == 400.0
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "set_level", "autopilot")
    await jump(hass, freezer, ist(22, 0))
    assert float(state(hass, "sensor.heater_power")) == 1000.0
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "set_level", "autopilot")
