"""An appliance's Runtime today and Cycles today in a running home: midnight and restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.homes import HOME_DATA, appliance_subentry

from .test_appliances import advance_to, ist, number, start_at, switch

HEATER = "01JTESTHEATER000000000000"
RUNTIME = "sensor.heater_runtime_today"
CYCLES = "sensor.heater_cycles_today"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [appliance_subentry(HEATER, "Heater", nameplate_w=1000.0)]


async def test_hours_on_and_starts_are_counted(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    assert number(hass, RUNTIME) == 0
    assert number(hass, CYCLES) == 0
    state = hass.states.get(RUNTIME)
    assert state.attributes["unit_of_measurement"] == "h"
    assert state.attributes["last_reset"] == ist(0).isoformat()
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    assert number(hass, CYCLES) == 1
    await advance_to(hass, freezer, ist(11, 30))
    assert number(hass, RUNTIME) == pytest.approx(1.5, abs=1e-4)  # moves on while it runs
    await switch(hass, SERVICE_TURN_OFF, "switch.heater")
    await advance_to(hass, freezer, ist(13))
    assert number(hass, RUNTIME) == pytest.approx(1.5, abs=1e-4)
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await advance_to(hass, freezer, ist(13, 15))
    assert number(hass, RUNTIME) == pytest.approx(1.75, abs=1e-4)
    assert number(hass, CYCLES) == 2


async def test_both_restart_at_local_midnight(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(23))
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await advance_to(hass, freezer, ist(23, 59))
    assert number(hass, RUNTIME) == pytest.approx(59 / 60, abs=1e-4)
    await advance_to(hass, freezer, ist(0, 0, day=3))
    assert number(hass, RUNTIME) == 0
    assert number(hass, CYCLES) == 0  # the run was started yesterday
    assert hass.states.get(CYCLES).attributes["last_reset"] == ist(0, 0, day=3).isoformat()
    await advance_to(hass, freezer, ist(0, 30, day=3))
    assert number(hass, RUNTIME) == pytest.approx(0.5, abs=1e-4)
    await switch(hass, SERVICE_TURN_OFF, "switch.heater")
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    assert number(hass, CYCLES) == 1


async def test_they_survive_a_restart(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await switch(hass, SERVICE_TURN_OFF, "switch.heater")
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await advance_to(hass, freezer, ist(11))
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    freezer.move_to(ist(11, 30))  # down for half an hour; a virtual heater runs on meanwhile
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert number(hass, CYCLES) == 2  # going on after the restart is no new start
    assert number(hass, RUNTIME) == pytest.approx(1.5, abs=1e-4)
    await advance_to(hass, freezer, ist(12))
    assert number(hass, RUNTIME) == pytest.approx(2.0, abs=1e-4)


async def test_a_restart_after_midnight_starts_a_new_day(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(22))
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await advance_to(hass, freezer, ist(23))
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    freezer.move_to(ist(1, 0, day=3))
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert number(hass, CYCLES) == 0
    assert number(hass, RUNTIME) == pytest.approx(1.0, abs=1e-4)  # since midnight


class TestAClockChange:
    """A home in London, whose Sunday 2026-03-29 lasts 23 hours (01:00 GMT becomes 02:00 BST)."""

    @pytest.fixture
    def home_data(self) -> dict[str, Any]:
        return {**HOME_DATA, "time_zone": "Europe/London"}

    async def test_the_next_day_starts_at_its_midnight(
        self,
        hass: HomeAssistant,
        freezer: FrozenDateTimeFactory,
        mock_config_entry: MockConfigEntry,
    ) -> None:
        midnight = datetime(2026, 3, 29, 0, 0, tzinfo=UTC)  # 00:00 GMT
        next_midnight = datetime(2026, 3, 29, 23, 0, tzinfo=UTC)  # 00:00 BST on the 30th
        await start_at(hass, freezer, mock_config_entry, midnight)
        await switch(hass, SERVICE_TURN_ON, "switch.heater")
        await advance_to(hass, freezer, next_midnight - timedelta(minutes=1))
        assert number(hass, RUNTIME) == pytest.approx(23 - 1 / 60, abs=1e-3)
        await advance_to(hass, freezer, next_midnight)
        assert number(hass, RUNTIME) == 0
        assert hass.states.get(RUNTIME).attributes["last_reset"] == next_midnight.isoformat()
