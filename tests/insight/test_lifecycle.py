"""Stored day-ahead forecasts across restarts, and every home ranked together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.engine import simulation
from tests.homes import HOME_DATA
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)
HOUR_NOW = NOW.replace(second=0)
YESTERDAY = "sensor.test_home_efficiency_yesterday"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER}


def hours(days: int, seed: int, tz: ZoneInfo = KOLKATA, end: datetime = HOUR_NOW) -> list[float]:
    return list(simulation.hourly_energy_kwh(end - timedelta(days=days), days * 24, tz, seed))


async def test_a_stored_forecast_survives_a_restart_and_never_learns_from_its_day(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    kwh = hours(30, 5)
    first = HOUR_NOW - timedelta(days=30)
    await import_hours(hass, METER, first, kwh)
    await start_home(hass, mock_config_entry)
    before = hass.states.get(YESTERDAY).attributes

    # Yesterday's statistics are corrected upwards (a meter re-read); the home restarts.
    doubled = [*kwh[:-36], *(2 * value for value in kwh[-36:-12]), *kwh[-12:]]
    await import_hours(hass, METER, first, doubled)
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)

    after = hass.states.get(YESTERDAY).attributes
    assert after["expected_kwh"] == before["expected_kwh"]  # made before the day, kept
    assert after["actual_kwh"] == pytest.approx(2 * before["actual_kwh"], rel=1e-3)
    assert after["summary"].startswith("used")


async def test_every_home_on_this_home_assistant_is_ranked(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    first = HOUR_NOW - timedelta(days=30)
    # A steady home, and one that used twice its usual since Saturday: it ranks second.
    steady = [1.0] * (30 * 24)
    heavy = [1.0] * (28 * 24) + [2.0] * (2 * 24)
    for entity_id, kwh in ((METER, steady), ("sensor.other_meter", heavy)):
        hass.states.async_set(entity_id, "100", METER_ATTRIBUTES)
        await import_hours(hass, entity_id, first, kwh)
    other = MockConfigEntry(
        domain=DOMAIN,
        title="Other Home",
        unique_id="other_home",
        entry_id="01JOTHERHOME0000000000000",
        data={**HOME_DATA, "name": "Other Home"},
        options={"consumption_source": "meter", "consumption_sensor": "sensor.other_meter"},
    )
    await start_home(hass, mock_config_entry)
    await start_home(hass, other)

    mine = hass.states.get("sensor.test_home_leaderboard_rank")
    theirs = hass.states.get("sensor.other_home_leaderboard_rank")
    assert (mine.state, theirs.state) == ("1", "2")
    top = mine.attributes["boards"]["yesterday"]["top"]
    assert [row["home"] for row in top] == ["Test Home", "Other Home"]
    assert mine.attributes["total"] == 2

    # An unloaded home leaves the board.
    assert await hass.config_entries.async_unload(other.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.test_home_leaderboard_rank").attributes["total"] == 1
