"""A home on a DST day: its days have the hours its clock has."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.engine import simulation
from tests.homes import HOME_DATA
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, start_home

KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)
HOUR_NOW = NOW.replace(second=0)
YESTERDAY = "sensor.test_home_efficiency_yesterday"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER}


def hours(days: int, seed: int, tz: ZoneInfo = KOLKATA, end: datetime = HOUR_NOW) -> list[float]:
    return list(simulation.hourly_energy_kwh(end - timedelta(days=days), days * 24, tz, seed))


@pytest.fixture
def home_data() -> dict[str, Any]:
    return {**HOME_DATA, "time_zone": "Europe/London"}


async def test_a_dst_day_has_23_hours_and_the_day_after_24(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    london = ZoneInfo("Europe/London")
    now = datetime(2026, 3, 29, 12, 0, 40, tzinfo=UTC)  # clocks went forward at 01:00 UTC
    freezer.move_to(now)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    end = now.replace(second=0)
    await import_hours(hass, METER, end - timedelta(days=30), hours(30, 8, london, end))
    await start_home(hass, mock_config_entry)

    today = hass.states.get("sensor.test_home_consumption_forecast_today").attributes
    tomorrow = hass.states.get("sensor.test_home_consumption_forecast_tomorrow").attributes
    assert len(today["forecast"]) == 23
    assert today["forecast"][0]["start"] == "2026-03-29T00:00:00+00:00"
    assert len(tomorrow["forecast"]) == 24
    assert tomorrow["forecast"][0]["start"] == "2026-03-29T23:00:00+00:00"
