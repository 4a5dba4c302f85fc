"""Grid protection: events reported by a service (and, from the home's sensors, in
test_grid_sensors.py) switch delegated appliances, announce themselves, and end."""

from __future__ import annotations

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.voltwise.const import DOMAIN

from .conftest import actions, call, ist, jump, start_at, state

ENTRY = "01JTESTHOME00000000000000"


async def report(hass: HomeAssistant, **data: object) -> dict[str, object]:
    response = await hass.services.async_call(
        DOMAIN,
        "report_grid_event",
        {"config_entry_id": ENTRY, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return response


async def test_a_critical_event_turns_delegated_appliances_off_until_it_ends(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.test_home_grid_protection")
    for name in ("heater", "washer", "fridge"):
        await call(hass, "switch", SERVICE_TURN_ON, f"switch.{name}")
    # A protected window does not hold against critical grid protection.
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer_protected_window")
    await call(hass, "time", "set_value", "time.washer_protected_window_start", time="09:00:00")
    await call(hass, "time", "set_value", "time.washer_protected_window_end", time="12:00:00")
    started = async_capture_events(hass, "voltwise_grid_event_started")
    ended = async_capture_events(hass, "voltwise_grid_event_ended")

    response = await report(
        hass,
        type="load_shedding",
        severity="critical",
        message="Feeder 12 shed for 30 minutes",
        end=ist(10, 30).isoformat(),
        affected_areas=["Pune East"],
    )
    assert state(hass, "switch.heater") == "off"
    assert state(hass, "switch.washer") == "off"
    assert state(hass, "switch.fridge") == "on"  # essential
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "turn_off", "grid_protection")
    assert state(hass, "sensor.test_home_grid_status") == "critical"
    assert state(hass, "sensor.test_home_autopilot") == "grid_protection"
    events = hass.states.get("sensor.test_home_grid_status").attributes["events"]
    assert [event["id"] for event in events] == [response["event_id"]]
    assert len(started) == 1
    assert started[0].data["type"] == "load_shedding"
    assert started[0].data["severity"] == "critical"
    assert started[0].data["message"] == "Feeder 12 shed for 30 minutes"

    await jump(hass, freezer, ist(10, 30))
    assert state(hass, "switch.heater") == "on"
    assert state(hass, "switch.washer") == "on"
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "turn_on", "grid_protection")
    assert state(hass, "sensor.test_home_grid_status") == "normal"
    assert len(ended) == 1
    assert ended[0].data["id"] == response["event_id"]


async def test_without_grid_protection_an_event_is_only_shown(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await report(hass, type="frequency_drop", severity="critical")
    assert state(hass, "switch.heater") == "on"
    assert state(hass, "sensor.test_home_grid_status") == "critical"


async def test_a_warning_applies_the_preferred_action_and_an_update_ends_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.test_home_grid_protection")
    await call(hass, "select", "select_option", "select.heater_autopilot_action", option="eco_mode")
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await report(hass, type="peak_alert", severity="warning", event_id="discom-1")
    assert state(hass, "switch.heater_eco_mode") == "on"
    await jump(hass, freezer, ist(10, 20))
    await report(
        hass,
        type="peak_alert",
        severity="warning",
        event_id="discom-1",
        end=ist(10, 25).isoformat(),
    )
    await jump(hass, freezer, ist(10, 25))
    assert state(hass, "switch.heater_eco_mode") == "off"
    assert state(hass, "sensor.test_home_grid_status") == "normal"


async def test_events_survive_a_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.test_home_grid_protection")
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await report(hass, type="load_shedding", severity="critical", end=ist(11).isoformat())
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert state(hass, "sensor.test_home_grid_status") == "critical"
    assert state(hass, "switch.heater") == "off"
    await jump(hass, freezer, ist(11))
    assert state(hass, "switch.heater") == "on"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            {"start": ist(11).isoformat(), "end": ist(10, 30).isoformat()},
            "grid_event_end_before_start",
        ),
        ({"start": ist(9).isoformat(), "end": ist(9, 30).isoformat()}, "grid_event_over"),
        ({"message": "x" * 501}, "grid_event_message_too_long"),
        ({"affected_areas": ["a"] * 51}, "grid_event_too_many_areas"),
        ({"severity": "apocalyptic"}, "unknown_option"),
    ],
)
async def test_bad_reports_are_refused(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    data: dict[str, object],
    key: str,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    with pytest.raises(ServiceValidationError) as raised:
        await report(hass, **{"type": "peak_alert", "severity": "warning", **data})
    assert raised.value.translation_key == key
    assert mock_config_entry.runtime_data.autopilot.reported.items == {}


async def test_preview_says_what_it_would_do_and_save(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    response = await hass.services.async_call(
        DOMAIN,
        "preview_autopilot",
        {"config_entry_id": ENTRY, "hours": 6},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["actions"][:2] == [
        {
            "at": ist(18).isoformat(),
            "appliance": "Heater",
            "appliance_id": "01JTESTHEATER000000000000",
            "action": "turn_off",
            "source": "autopilot",
            "reason": "peak",
        },
        {
            "at": ist(22).isoformat(),
            "appliance": "Heater",
            "appliance_id": "01JTESTHEATER000000000000",
            "action": "turn_on",
            "source": "autopilot",
            "reason": "period_ended",
        },
    ]
    assert response["cost_saving"] > 0
    assert response["co2_saving_kg"] > 0
    assert response["currency"] == "INR"
    # A preview changes nothing.
    assert state(hass, "switch.heater") == "on"
