"""Setting up, reloading and unloading a home, and its exact-time transitions."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util.async_ import get_scheduled_timer_handles
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.voltwise.const import DOMAIN, EVENT_APPLIANCE_ACTION
from custom_components.voltwise.engine import carbon, tariff
from custom_components.voltwise.plant.manager import PlantManager
from tests.homes import appliance_subentry

RATE = "sensor.test_home_tariff_rate"


def voltwise_timers(hass: HomeAssistant) -> list[str]:
    """Pending event-loop timers that would call into VoltWise."""
    return [
        repr(handle)
        for handle in get_scheduled_timer_handles(hass.loop)
        if not handle.cancelled() and "voltwise" in repr(handle).lower()
    ]


@pytest.mark.usefixtures("init_integration")
async def test_home_device_and_rate_sensor(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    state = hass.states.get(RATE)
    assert state is not None
    assert state.attributes["unit_of_measurement"] == "INR/kWh"
    assert state.attributes["state_class"] == "measurement"
    entity = entity_registry.async_get(RATE)
    assert entity is not None
    assert entity.unique_id == f"{mock_config_entry.entry_id}_home_tariff_rate"
    assert entity.translation_key == "tariff_rate"
    device = device_registry.async_get(entity.device_id)
    assert device is not None
    assert device.name == "Test Home"
    assert device.entry_type is dr.DeviceEntryType.SERVICE


async def test_rate_follows_the_tariff_at_the_exact_boundary(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    # 17:59:59 in Kolkata: the normal slot before the 18:00 evening peak.
    freezer.move_to(datetime(2026, 3, 2, 12, 29, 59, tzinfo=UTC))
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(RATE).state == "8.0"

    freezer.move_to(datetime(2026, 3, 2, 12, 29, 59, 900000, tzinfo=UTC))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(RATE).state == "8.0"  # not a moment early

    boundary = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)
    freezer.move_to(boundary)
    async_fire_time_changed(hass, boundary)
    await hass.async_block_till_done()
    state = hass.states.get(RATE)
    assert state.state == "8.8"
    assert state.last_changed - boundary < timedelta(seconds=1)

    # Nothing in the home changes again until 22:00 local; no refresh happens before it.
    freezer.tick(timedelta(hours=3, minutes=59))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(RATE).last_changed == state.last_changed


async def test_unload_and_reload_leave_nothing_behind(
    hass: HomeAssistant, init_integration: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    entry = init_integration
    assert entry.state is ConfigEntryState.LOADED
    assert len(voltwise_timers(hass)) == 1  # the next transition, nothing else

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert len(voltwise_timers(hass)) == 1
    assert (
        len(er.async_entries_for_config_entry(entity_registry, entry.entry_id)) == 21
    )  # the autopilot: its switch, grid protection, its sensor, grid status

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert voltwise_timers(hass) == []
    assert hass.states.get(RATE).state == "unavailable"


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ({"time_zone": "Mars/Olympus"}, "invalid_time_zone"),
        ({"tariff": "retired_tariff"}, "unknown_tariff"),
        ({"region": "XX"}, "unknown_region"),
    ],
)
async def test_stored_config_that_no_longer_makes_sense_fails_setup_clearly(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, broken: dict[str, str], reason: str
) -> None:
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, **broken}
    )
    assert not await hass.config_entries.async_setup(mock_config_entry.entry_id)
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    assert mock_config_entry.error_reason_translation_key == reason
    assert voltwise_timers(hass) == []


async def test_setup_reads_data_files_off_the_event_loop(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's data files are read in an executor thread, never in the event loop."""
    reader_threads: list[str] = []
    original_files = resources.files

    def spying_files(package: str) -> Traversable:
        reader_threads.append(threading.current_thread().name)
        return original_files(package)

    tariff.presets.cache_clear()
    carbon.regional_profiles.cache_clear()
    monkeypatch.setattr(resources, "files", spying_files)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert len(reader_threads) == 2
    assert threading.main_thread().name not in reader_threads


HEATER_ID = "01JTESTHEATER000000000000"


@pytest.mark.parametrize("home_subentries", [[appliance_subentry(HEATER_ID, "Heater")]])
async def test_a_setup_that_fails_after_the_parts_started_leaves_nothing_armed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Appliances, their meters and schedules started; then a later step failed."""
    freezer.move_to(datetime(2026, 3, 2, 4, 30, tzinfo=UTC))  # 10:00 in Kolkata
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.heater"}, blocking=True
    )
    await hass.services.async_call(
        DOMAIN,
        "schedule_appliance",
        {"appliance": "switch.heater", "start": "10:30", "end": "11:00", "repeat": "daily"},
        blocking=True,
        return_response=True,
    )
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    saved_schedules = hass_storage[f"voltwise.{mock_config_entry.entry_id}.schedules"]["data"]

    async def fail(_self: PlantManager) -> None:
        raise RuntimeError("a later setup step failed")

    monkeypatch.setattr(PlantManager, "async_setup", fail)
    freezer.tick(timedelta(minutes=5))
    assert not await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    assert voltwise_timers(hass) == []
    # Nothing acts later: the schedule's start comes and goes without the heater switching.
    actions: list[Event] = []
    hass.bus.async_listen(EVENT_APPLIANCE_ACTION, actions.append)
    for minutes in (30, 60, 24 * 60):
        when = datetime(2026, 3, 2, 4, 30, tzinfo=UTC) + timedelta(minutes=minutes)
        freezer.move_to(when)
        async_fire_time_changed(hass, when)
        await hass.async_block_till_done()
    assert actions == []
    # What was loaded was saved again, not lost: the schedule, and the heater's meter and state.
    stored = hass_storage[f"voltwise.{mock_config_entry.entry_id}.schedules"]["data"]
    assert stored["schedules"].keys() == saved_schedules["schedules"].keys()
    appliances = hass_storage[f"voltwise.{mock_config_entry.entry_id}.appliances"]["data"]
    heater = appliances["appliances"][HEATER_ID]
    assert heater["is_on"] is True
    assert heater["meter"]["total_kwh"] > 0
