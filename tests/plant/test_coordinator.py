"""The plant executor in Home Assistant against a fake SolisCloud: when it calls, and how often."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from tests.plant.plants import MONDAY, SERIAL, controls, day_plan, plant_subentry, seed_plan
from tests.plant.soliscloud.fake_server import FakeSolisCloud, FaultKind
from tests.test_init import voltwise_timers

DESIRED = "sensor.roof_desired_peak_shaving_limit"
APPLIED = "sensor.roof_applied_peak_shaving_limit"
RESULT = "sensor.roof_last_apply_result"
CALLS = "sensor.roof_api_calls_today"
NEXT = "sensor.roof_next_change"


@pytest.fixture
def home_subentries(solis_server: FakeSolisCloud, solis_api_id: str) -> list[dict[str, Any]]:
    return [plant_subentry(solis_api_id)]


async def setup_home(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def advance_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: Any) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done()


async def test_a_new_plant_applies_its_defaults_once_and_then_never_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    plant_events: list[Event],
) -> None:
    freezer.move_to(MONDAY + timedelta(hours=9))
    await setup_home(hass, mock_config_entry)

    # 5000 W differs from the inverter's 10000: read, write, read back. Grid charging is "off"
    # in the plan and nothing was applied yet, so it is checked (a read) but not written.
    assert controls(solis_server) == ("5000", "0")
    assert [r.path for r in solis_server.requests] == [
        "/v2/api/atRead",
        "/v2/api/control",
        "/v2/api/atRead",
        "/v2/api/atRead",
    ]
    assert solis_server.requests[1].body == {
        "inverterSn": SERIAL,
        "cid": 5035,
        "value": "5000",
        "yuanzhi": "10000",
    }
    assert hass.states.get(DESIRED).state == "5000"
    assert hass.states.get(APPLIED).state == "5000"
    assert hass.states.get(RESULT).state == "success"
    assert hass.states.get(CALLS).state == "4"
    assert hass.states.get("binary_sensor.roof_applied_grid_charging").state == "off"
    assert len(plant_events) == 1
    assert plant_events[0].data["result"] == "success"
    assert plant_events[0].data["source"] == "defaults"
    assert plant_events[0].data["trigger"] == "startup"
    assert plant_events[0].data["requests"] == 4
    assert plant_events[0].data["writes"] == 1

    # Nothing in the plan changes: a whole day passes (midnight included) without a request.
    for hours in (3, 9, 16, 24):
        await advance_to(hass, freezer, MONDAY + timedelta(hours=9 + hours))
    assert solis_server.count() == 4
    assert hass.states.get(CALLS).state == "0"  # a new day

    # A restart remembers what was applied: still no request.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert solis_server.count() == 4
    assert len(plant_events) == 1


async def test_a_day_of_schedule_costs_three_requests_per_changed_value(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
    plant_events: list[Event],
) -> None:
    plan = day_plan()
    seed_plan(
        hass_storage,
        plan,
        applied={"peak_shaving_w": 10000, "grid_charging_allowed": False, "at": None},
    )
    solis_server.inverters[SERIAL].controls[43110] = "0"
    freezer.move_to(MONDAY - timedelta(minutes=1))  # Sunday 23:59: defaults, but 5000 W
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 3  # 10000 -> 5000 only
    assert controls(solis_server) == ("5000", "0")

    # (local time, peak W, grid, controls that change)
    expected = [
        ("00:00", "0", "1", 2),
        ("05:00", "2000", "0", 2),
        ("07:00", "3000", "0", 1),
        ("10:00", "8000", "1", 2),
        ("16:00", "8000", "0", 1),
        ("18:00", "1000", "0", 1),
        ("22:00", "5000", "0", 1),
    ]
    before = solis_server.count()
    for clock, peak, grid, changed in expected:
        hours, minutes = (int(part) for part in clock.split(":"))
        boundary = MONDAY + timedelta(hours=hours, minutes=minutes)
        # The sensor announced this boundary, and nothing happens a moment before it.
        assert hass.states.get(NEXT).state == boundary.isoformat()
        await advance_to(hass, freezer, boundary - timedelta(seconds=1))
        assert solis_server.count() == before
        await advance_to(hass, freezer, boundary)
        assert solis_server.count() - before == 3 * changed, clock
        before = solis_server.count()
        assert controls(solis_server) == (peak, grid), clock
        assert len(voltwise_timers(hass)) == 2  # the home's transition and the plant's one
    assert solis_server.count() == 3 + 3 * 10
    assert [event.data["result"] for event in plant_events] == ["success"] * 8
    rate_limited = [r for r in solis_server.requests if r.code == "R0000"]
    assert rate_limited == []


async def test_unload_leaves_no_timer_and_keeps_what_was_applied(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    freezer.move_to(MONDAY + timedelta(hours=9))
    await setup_home(hass, mock_config_entry)
    assert len(voltwise_timers(hass)) == 2
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.NOT_LOADED
    assert voltwise_timers(hass) == []
    stored = hass_storage[f"voltwise.{mock_config_entry.entry_id}.plant.01JTESTPLANT0000000000000"]
    assert stored["data"]["applied"]["peak_shaving_w"] == 5000
    assert stored["data"]["requests"]["count"] == 4
    assert stored["data"]["log"][0]["result"] == "success"


async def test_unloading_during_an_apply_cancels_it_cleanly(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
) -> None:
    solis_server.inject(FaultKind.SLOW, delay=3600, times=None)  # SolisCloud hangs
    freezer.move_to(MONDAY + timedelta(hours=9))
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    for _ in range(20):  # let the first request reach the server
        await asyncio.sleep(0)
    assert hass.states.get(RESULT).state == "unknown"
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.NOT_LOADED
    assert voltwise_timers(hass) == []
    assert controls(solis_server) == ("10000", "0")
