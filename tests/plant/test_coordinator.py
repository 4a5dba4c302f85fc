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


async def test_a_day_of_schedule_costs_two_requests_per_changed_value(
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
    # 10000 -> 5000 only; nothing verified was stored: read, write, read back.
    assert solis_server.count() == 3
    assert controls(solis_server) == ("5000", "0")

    # (local time, peak W, grid, requests): a write and a read back per changed value, with
    # the value last read back as yuanzhi; grid charging was never read, so it is read once.
    expected = [
        ("00:00", "0", "1", 2 + 3),
        ("05:00", "2000", "0", 2 + 2),
        ("07:00", "3000", "0", 2),
        ("10:00", "8000", "1", 2 + 2),
        ("16:00", "8000", "0", 2),
        ("18:00", "1000", "0", 2),
        ("22:00", "5000", "0", 2),
    ]
    before = solis_server.count()
    for clock, peak, grid, requests in expected:
        hours, minutes = (int(part) for part in clock.split(":"))
        boundary = MONDAY + timedelta(hours=hours, minutes=minutes)
        # The sensor announced this boundary, and nothing happens a moment before it.
        assert hass.states.get(NEXT).state == boundary.isoformat()
        await advance_to(hass, freezer, boundary - timedelta(seconds=1))
        assert solis_server.count() == before
        await advance_to(hass, freezer, boundary)
        assert solis_server.count() - before == requests, clock
        before = solis_server.count()
        assert controls(solis_server) == (peak, grid), clock
        assert len(voltwise_timers(hass)) == 2  # the home's transition and the plant's one
    assert solis_server.count() == 3 + 1 + 2 * 10
    assert solis_server.codes().count("0") == solis_server.count()  # no refusal, no throttle
    assert [event.data["result"] for event in plant_events] == ["success"] * 8
    rate_limited = [r for r in solis_server.requests if r.code == "R0000"]
    assert rate_limited == []


async def test_a_restart_keeps_the_verified_values_so_the_next_change_reads_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    seed_plan(hass_storage, day_plan())
    freezer.move_to(MONDAY + timedelta(hours=9))  # 07:00-10:00: 3000 W, no grid charging
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 4  # read, write, read back 5035; read 43110 (already 0)
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert solis_server.count() == 4

    # 10:00: 8000 W with grid charging; both values are known from before the restart.
    await advance_to(hass, freezer, MONDAY + timedelta(hours=10))
    assert [(r.path, r.body["cid"]) for r in solis_server.requests[4:]] == [
        ("/v2/api/control", 5035),
        ("/v2/api/atRead", 5035),
        ("/v2/api/control", 43110),
        ("/v2/api/atRead", 43110),
    ]
    assert solis_server.inverters[SERIAL].writes[-2:] == [
        (5035, "8000", "3000"),
        (43110, "1", "0"),
    ]

    # A value verified more than a day ago is read again before it is written.
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[f"voltwise.{mock_config_entry.entry_id}.plant.01JTESTPLANT0000000000000"]
    assert stored["data"]["applied"]["verified"]["5035"]["value"] == "8000"
    freezer.move_to(MONDAY + timedelta(days=1, hours=16))  # Tuesday 16:00: 8000 W, no grid
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert [(r.path, r.body["cid"]) for r in solis_server.requests[8:]] == [
        ("/v2/api/atRead", 43110),  # "1" was verified 30 hours ago
        ("/v2/api/control", 43110),
        ("/v2/api/atRead", 43110),
    ]
    assert controls(solis_server) == ("8000", "0")


@pytest.mark.parametrize("checks_yuanzhi", [True, False], ids=["checks_yuanzhi", "no_check"])
async def test_a_value_changed_in_the_solis_app_is_corrected_at_the_next_apply(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
    plant_events: list[Event],
    checks_yuanzhi: bool,
) -> None:
    seed_plan(hass_storage, day_plan())
    inverter = solis_server.inverters[SERIAL]
    if checks_yuanzhi:
        inverter.needs_yuanzhi.add(5035)  # B0218 unless yuanzhi is the value it holds
    freezer.move_to(MONDAY + timedelta(hours=9))  # 07:00-10:00: 3000 W
    await setup_home(hass, mock_config_entry)
    assert controls(solis_server) == ("3000", "0")
    before = solis_server.count()

    # Someone sets 7000 W in the SolisCloud app: VoltWise still believes 3000 W (no polling).
    await advance_to(hass, freezer, MONDAY + timedelta(hours=9, minutes=30))
    inverter.controls[5035] = "7000"
    assert solis_server.count() == before

    # 10:00: the plan wants 8000 W with grid charging; the inverter ends there either way.
    await advance_to(hass, freezer, MONDAY + timedelta(hours=10))
    assert controls(solis_server) == ("8000", "1")
    peak_writes = [write for write in inverter.writes if write[0] == 5035]
    if checks_yuanzhi:
        # Refused as stale, read (7000), written again with what was read, read back.
        assert peak_writes[-2:] == [(5035, "8000", "3000"), (5035, "8000", "7000")]
        assert solis_server.count() - before == 4 + 2
    else:
        assert peak_writes[-1] == (5035, "8000", "3000")
        assert solis_server.count() - before == 2 + 2
    assert hass.states.get(APPLIED).state == "8000"
    assert plant_events[-1].data["result"] == "success"
    assert plant_events[-1].data["trigger"] == "schedule"


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
