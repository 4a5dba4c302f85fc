"""A home whose consumption is a whole-home meter: forecasts and scores from its statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voltwise.engine import simulation
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)  # Monday 11:30 in Kolkata
HOUR_NOW = NOW.replace(second=0)
TODAY = "sensor.test_home_consumption_forecast_today"
TOMORROW = "sensor.test_home_consumption_forecast_tomorrow"
THIS_HOUR = "sensor.test_home_forecast_this_hour"
YESTERDAY = "sensor.test_home_efficiency_yesterday"
WEEK = "sensor.test_home_efficiency_this_week"
RANK = "sensor.test_home_leaderboard_rank"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER}


def simulated(days: int, end: datetime = HOUR_NOW, seed: int = 5) -> tuple[datetime, np.ndarray]:
    first = end - timedelta(days=days)
    return first, simulation.hourly_energy_kwh(first, days * 24, KOLKATA, seed)


async def test_before_a_week_of_history_the_forecast_says_why_it_is_unknown(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    await import_hours(hass, METER, *simulated(5))
    await start_home(hass, mock_config_entry)

    for entity_id in (TODAY, TOMORROW, THIS_HOUR, YESTERDAY, WEEK):
        state = hass.states.get(entity_id)
        assert state.state == "unknown", entity_id
        assert state.attributes["reason"] == "not_enough_history"
        assert state.attributes["history_hours"] == 5 * 24
    assert hass.states.get(RANK).state == "unknown"


async def test_forecasts_and_scores_come_from_the_meters_statistics_and_refresh_hourly(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first, kwh = simulated(60)
    await import_hours(hass, METER, first, kwh)
    await start_home(hass, mock_config_entry)

    today = hass.states.get(TODAY)
    forecast = today.attributes["forecast"]
    assert len(forecast) == 24
    # Kolkata's day starts at 18:30 UTC; the recorder's hours at the top of UTC hours.
    assert forecast[0]["start"] == "2026-03-01T18:00:00+00:00"
    assert all(hour["lower"] <= hour["expected"] <= hour["upper"] for hour in forecast)
    assert float(today.state) == pytest.approx(sum(hour["expected"] for hour in forecast), 0.01)
    assert len(hass.states.get(TOMORROW).attributes["forecast"]) == 24
    this_hour = hass.states.get(THIS_HOUR)
    assert this_hour.attributes["start"] == "2026-03-02T06:00:00+00:00"

    yesterday = hass.states.get(YESTERDAY)
    actual = float(kwh[-24 - 12 : -12].sum())  # yesterday: 18:00 UTC two days ago to 18:00
    assert yesterday.attributes["actual_kwh"] == pytest.approx(actual, abs=0.01)
    expected = yesterday.attributes["expected_kwh"]
    score = (expected - actual) / expected * 100
    assert float(yesterday.state) == pytest.approx(score, abs=0.1)
    word = "saved" if score > 0 else "used"
    assert yesterday.attributes["summary"].startswith(word)
    assert yesterday.attributes["own_periods"] > 20  # 26 weeks of replayed days to rank against
    assert hass.states.get(RANK).state == "1"
    assert hass.states.get(RANK).attributes["total"] == 1

    # At the next hour: the hour that ended is in the statistics, the forecasts move on.
    next_kwh = simulation.hourly_energy_kwh(HOUR_NOW, 1, KOLKATA, 5)
    await import_hours(hass, METER, first, [*kwh, *next_kwh])
    freezer.move_to(NOW + timedelta(hours=1) - timedelta(seconds=10))
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get(THIS_HOUR).attributes["start"] == "2026-03-02T07:00:00+00:00"
    # Today's forecast was made before today: it does not move when today is seen.
    assert hass.states.get(TODAY).attributes["forecast"] == forecast
