"""Appliances in a running home: switching through the pipeline, energy, cost and CO2, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.const import DOMAIN, EVENT_APPLIANCE_ACTION
from custom_components.voltwise.engine.carbon import profile_for_region
from tests.homes import appliance_subentry

HEATER = "01JTESTHEATER000000000000"
WASHER = "01JTESTWASHER000000000000"
FRIDGE = "01JTESTFRIDGE000000000000"
IN_WE = profile_for_region("IN-WE")


def ist(hour: int, minute: int = 0, day: int = 2) -> datetime:
    """A Kolkata wall-clock time on Monday 2026-03-02 (or another March day), as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) - timedelta(hours=5, minutes=30)


def intensity_at(hour: int) -> float:
    return IN_WE.hourly[hour]


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=1000.0, eco_w=400.0),
        appliance_subentry(WASHER, "Washer", nameplate_w=2000.0, cycle_minutes=60),
        appliance_subentry(FRIDGE, "Fridge", nameplate_w=150.0, category="essential"),
    ]


async def start_at(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry, when: datetime
) -> None:
    freezer.move_to(when)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def advance_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Move time minute by minute, as the meters' ticks would see it."""
    now = datetime.now(UTC)
    while now < when:
        now = min(now + timedelta(minutes=1), when)
        freezer.move_to(now)
        async_fire_time_changed(hass, now)
        await hass.async_block_till_done()


async def switch(hass: HomeAssistant, service: str, entity_id: str, **kwargs: Any) -> None:
    await hass.services.async_call(
        "switch", service, {ATTR_ENTITY_ID: entity_id}, blocking=True, **kwargs
    )


def number(hass: HomeAssistant, entity_id: str) -> float:
    return float(hass.states.get(entity_id).state)


async def test_a_virtual_appliance_switches_and_accounts_its_energy(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))  # solar hours: 6.8 INR/kWh
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    assert hass.states.get("switch.heater").state == "off"
    assert hass.states.get("sensor.heater_status").state == "off"
    assert number(hass, "sensor.heater_power") == 0

    user = Context(user_id=hass_admin_user.id)
    await switch(hass, SERVICE_TURN_ON, "switch.heater", context=user)
    assert hass.states.get("switch.heater").state == "on"
    assert hass.states.get("sensor.heater_status").state == "on"
    assert number(hass, "sensor.heater_power") == 1000
    assert [(e.data["appliance"], e.data["action"], e.data["source"]) for e in events] == [
        ("Heater", "turn_on", "user")
    ]
    assert events[0].data["entity_id"] == "switch.heater"
    assert events[0].context is user

    await advance_to(hass, freezer, ist(11))
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.0)
    assert number(hass, "sensor.heater_cost_today") == pytest.approx(6.8)
    assert number(hass, "sensor.heater_co2_today") == pytest.approx(intensity_at(10) / 1000)
    assert hass.states.get("sensor.heater_cost_today").attributes["unit_of_measurement"] == "INR"
    assert number(hass, "sensor.test_home_total_power") == 1000
    assert number(hass, "sensor.test_home_energy_today") == pytest.approx(1.0)
    assert number(hass, "sensor.test_home_cost_today") == pytest.approx(6.8)

    # Eco mode: 400 W from now on, through the entity service.
    await hass.services.async_call(
        DOMAIN, "set_eco_mode", {ATTR_ENTITY_ID: "switch.heater", "enabled": True}, blocking=True
    )
    assert hass.states.get("switch.heater_eco_mode").state == "on"
    assert hass.states.get("sensor.heater_status").state == "eco"
    assert number(hass, "sensor.heater_power") == 400
    await advance_to(hass, freezer, ist(11, 30))
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.2)
    assert events[-1].data["action"] == "eco_on"
    assert events[-1].data["source"] == "automation"  # no user in the call's context

    await switch(hass, SERVICE_TURN_OFF, "switch.heater")
    assert number(hass, "sensor.heater_power") == 0
    await advance_to(hass, freezer, ist(12, 30))
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.2)


async def test_energy_is_priced_at_the_rate_in_force_across_a_tariff_change(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(16, 30))
    await switch(hass, SERVICE_TURN_ON, "switch.washer")
    await advance_to(hass, freezer, ist(17, 30))  # solar hours end at 17:00 (6.8 -> 8.0)
    assert number(hass, "sensor.washer_energy") == pytest.approx(2.0)
    assert number(hass, "sensor.washer_cost_today") == pytest.approx(1.0 * 6.8 + 1.0 * 8.0)
    expected_co2 = (1.0 * intensity_at(16) + 1.0 * intensity_at(17)) / 1000
    assert number(hass, "sensor.washer_co2_today") == pytest.approx(expected_co2)


async def test_today_restarts_at_local_midnight(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(23, 30))
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await advance_to(hass, freezer, ist(0, 0, day=3))
    assert number(hass, "sensor.heater_cost_today") == 0.0
    assert number(hass, "sensor.test_home_energy_today") == 0.0
    state = hass.states.get("sensor.heater_cost_today")
    assert state.attributes["last_reset"] == ist(0, 0, day=3).isoformat()
    await advance_to(hass, freezer, ist(0, 30, day=3))
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.0)
    assert number(hass, "sensor.test_home_energy_today") == pytest.approx(0.5)


async def test_state_energy_and_log_survive_a_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await hass.services.async_call(
        DOMAIN, "set_eco_mode", {ATTR_ENTITY_ID: "switch.heater", "enabled": True}, blocking=True
    )
    await advance_to(hass, freezer, ist(12, 30))
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("switch.heater").state == "on"
    assert hass.states.get("switch.heater_eco_mode").state == "on"
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.0)
    actions = mock_config_entry.runtime_data.appliances.pipeline.actions
    assert [record.action for record in actions] == ["turn_on", "eco_on"]


async def test_turn_off_all_turns_off_shiftable_appliances_only(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_admin_user: MockUser,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(18, 5))
    for entity_id in ("switch.heater", "switch.washer", "switch.fridge"):
        await switch(hass, SERVICE_TURN_ON, entity_id)
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    response = await hass.services.async_call(
        DOMAIN,
        "turn_off_all",
        {"config_entry_id": mock_config_entry.entry_id},
        blocking=True,
        return_response=True,
        context=Context(user_id=hass_admin_user.id),
    )
    assert sorted(item["appliance"] for item in response["turned_off"]) == ["Heater", "Washer"]
    assert response["failed"] == []
    assert hass.states.get("switch.heater").state == "off"
    assert hass.states.get("switch.washer").state == "off"
    assert hass.states.get("switch.fridge").state == "on"  # essential: never switched off
    assert {event.data["source"] for event in events} == {"user"}
    # Nothing left to turn off: an empty answer, not an error.
    response = await hass.services.async_call(
        DOMAIN,
        "turn_off_all",
        {"config_entry_id": mock_config_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert response == {"turned_off": [], "failed": []}


async def test_best_window_for_an_appliance_uses_its_typical_cycle(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(18))
    response = await hass.services.async_call(
        DOMAIN,
        "find_best_window",
        {"appliance": "sensor.washer_power", "strategy": "max_savings"},
        blocking=True,
        return_response=True,
    )
    assert response["appliance"] == "Washer"
    assert response["energy_kwh"] == pytest.approx(2.0)  # 60 minutes at 2000 W
    assert response["start"] == "2026-03-03T09:00:00+05:30"  # tomorrow's solar hours
    assert response["end"] == "2026-03-03T10:00:00+05:30"
    # An appliance without a typical cycle needs a duration...
    response = await hass.services.async_call(
        DOMAIN,
        "find_best_window",
        {"appliance": "switch.heater", "duration": "00:30:00"},
        blocking=True,
        return_response=True,
    )
    assert response["energy_kwh"] == pytest.approx(0.5)  # ... and runs at its own power
