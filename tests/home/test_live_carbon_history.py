"""A live carbon sensor's recorded history becomes the forecast's hourly profile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from tests.home.test_live_carbon import INTENSITY, NOW, SOURCE, UNIT, setup_home


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_db_url: str, enable_custom_integrations: None) -> None:
    """The recorder's database must be chosen before Home Assistant starts."""


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"carbon_sensor": SOURCE, "best_window_minutes": 60}


async def test_history_is_learnt_into_the_forecast(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    # Four days of hourly means: 300 g at 02:00 local (20:30 UTC the day before), 700 otherwise.
    start = NOW - timedelta(days=4)
    statistics = []
    for hour in range(4 * 24):
        when = start + timedelta(hours=hour)
        local_hour = (when + timedelta(hours=5, minutes=30)).hour
        statistics.append({"start": when, "mean": 300.0 if local_hour == 2 else 700.0})
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.ARITHMETIC,
            "has_sum": False,
            "name": None,
            "source": "recorder",
            "statistic_id": SOURCE,
            "unit_class": None,
            "unit_of_measurement": "gCO2eq/kWh",
        },
        statistics,
    )
    await async_wait_recording_done(hass)
    hass.states.async_set(SOURCE, "650", UNIT)
    await setup_home(hass, mock_config_entry)

    state = hass.states.get(INTENSITY)
    assert state.attributes["profile"] == "learnt"
    timeline = hass.states.get("sensor.test_home_penalty_score").attributes["timeline"]
    by_start = {point["start"]: point["intensity"] for point in timeline}

    # The learnt 02:00 dip shows in the forecast (not the region's flat early-morning value),
    # with what is left 15 and 16 hours later of the reading's deviation (650 of 700 at 11:30;
    # the timeline rounds to 0.1).
    def faded(hours: int) -> float:
        return 1 + (650 / 700 - 1) * 2 ** (-hours / 3)

    assert by_start["2026-03-02T20:30:00+00:00"] == pytest.approx(300.0 * faded(15), abs=0.05)
    assert by_start["2026-03-02T21:30:00+00:00"] == pytest.approx(700.0 * faded(16), abs=0.05)
    # Carbon alone decides under eco mode (balanced would take the cheaper solar hours).
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.test_home_strategy", "option": "eco_mode"},
        blocking=True,
    )
    window = hass.states.get("sensor.test_home_next_best_window")
    assert window.state == "2026-03-02T20:30:00+00:00"

    # Relearnt daily: a day later the history is still there, so still learnt.
    freezer.tick(timedelta(hours=24))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(INTENSITY).attributes["profile"] == "learnt"
