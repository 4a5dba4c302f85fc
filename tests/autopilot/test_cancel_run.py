"""Cancelling an autopilot run: from the schedules calendar or voltwise.cancel_autopilot_run."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.voltwise.const import DOMAIN

from .conftest import actions, call, ist, jump, start_at, state

CALENDAR = "calendar.test_home_appliance_schedules"


async def runs(hass: HomeAssistant) -> list[dict[str, Any]]:
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": CALENDAR, "duration": {"hours": 12}},
        blocking=True,
        return_response=True,
    )
    return list(events[CALENDAR]["events"])


async def delay_the_washer(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    """At 18:00 the autopilot turns the washer off and plans its run after the peak."""
    await start_at(hass, freezer, entry, ist(17, 30))
    await call(
        hass, "select", "select_option", "select.washer_autopilot_action", option="delay_start"
    )
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.washer") == "off"


async def test_deleting_the_run_from_the_calendar_leaves_the_appliance_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    client = await hass_ws_client(hass)  # signed in before time is moved back to 2026-03-02
    await delay_the_washer(hass, freezer, mock_config_entry)
    (run,) = await runs(hass)
    assert run["summary"] == "Washer (autopilot)"
    # A schedule's run or anything else is refused.
    await client.send_json_auto_id(
        {"type": "calendar/event/delete", "entity_id": CALENDAR, "uid": "somebody_else"}
    )
    refused = await client.receive_json()
    assert not refused["success"]
    assert "Only the autopilot's runs" in refused["error"]["message"]
    held = hass.states.get("sensor.test_home_autopilot").attributes["held"]
    assert [item["appliance"] for item in held] == ["Washer"]
    ((_, start, _),) = mock_config_entry.runtime_data.autopilot.planned_resumes()
    uid = f"autopilot_01JTESTWASHER000000000000_{start.isoformat()}"
    await client.send_json_auto_id(
        {"type": "calendar/event/delete", "entity_id": CALENDAR, "uid": uid}
    )
    assert (await client.receive_json())["success"]
    await hass.async_block_till_done()
    assert await runs(hass) == []
    assert hass.states.get("sensor.test_home_autopilot").attributes["held"] == []
    # The peak ends, the planned start passes: the washer stays off until someone acts.
    for when in (ist(22, 0), ist(23, 30), ist(3, day=3)):
        await jump(hass, freezer, when)
        assert state(hass, "switch.washer") == "off"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_off", "autopilot")


async def test_the_service_cancels_a_run_and_refuses_when_there_is_none(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await delay_the_washer(hass, freezer, mock_config_entry)
    with pytest.raises(ServiceValidationError) as refused:
        await hass.services.async_call(
            DOMAIN, "cancel_autopilot_run", {"appliance": "switch.heater"}, blocking=True
        )
    assert refused.value.translation_key == "no_autopilot_run"
    assert refused.value.translation_placeholders == {"appliance": "Heater"}
    await hass.services.async_call(
        DOMAIN, "cancel_autopilot_run", {"appliance": "switch.washer"}, blocking=True
    )
    assert await runs(hass) == []
    await jump(hass, freezer, ist(3, day=3))
    assert state(hass, "switch.washer") == "off"
    # Someone turns it on in the cheap solar hours: it runs (at 03:00 the smart start would
    # rightly wait for them).
    await jump(hass, freezer, ist(10, day=3))
    assert state(hass, "switch.washer") == "off"
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer")
    assert state(hass, "switch.washer") == "on"
