"""The simulated household: a meter the recorder keeps statistics of, and a year imported."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

NOW = datetime(2026, 3, 2, 6, 0, 12, tzinfo=UTC)  # Monday 11:30 in Kolkata
ENERGY = "sensor.test_home_simulated_household_energy"
POWER = "sensor.test_home_simulated_household_power"
TODAY = "sensor.test_home_consumption_forecast_today"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "simulated"}


async def start(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_wait_recording_done(hass)


async def test_a_year_is_imported_once_and_the_insight_entities_have_values_at_once(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    freezer.move_to(NOW)
    await start(hass, mock_config_entry)

    meter = float(hass.states.get(ENERGY).state)
    assert meter > 1000  # a year of a household's use
    assert float(hass.states.get(POWER).state) > 0
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        NOW - timedelta(days=400),
        NOW,
        {ENERGY},
        "hour",
        None,
        {"sum"},
    )
    assert 366 * 24 - 24 <= len(rows[ENERGY]) <= 367 * 24
    assert rows[ENERGY][-1]["sum"] == pytest.approx(meter, rel=1e-3)

    today = hass.states.get(TODAY)
    assert float(today.state) > 0
    assert len(today.attributes["forecast"]) == 24
    assert "reason" not in today.attributes
    for key in ("efficiency_today", "efficiency_yesterday", "efficiency_this_week"):
        state = hass.states.get(f"sensor.test_home_{key}")
        assert state.state not in ("unknown", "unavailable"), key
    yesterday = hass.states.get("sensor.test_home_efficiency_yesterday")
    assert yesterday.attributes["summary"].startswith(("saved", "used", "as forecast"))
    assert yesterday.attributes["currency"] == "INR"

    # The meter follows the clock: a minute later it has counted that minute's energy.
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert float(hass.states.get(ENERGY).state) > meter

    # A restart imports nothing again: the store remembers; without it, the recorder's rows do.
    insight_store = hass_storage[f"voltwise.{mock_config_entry.entry_id}.insight"]
    assert insight_store["data"]["simulated_statistics_imported"] is True
    for forget in (False, True):
        if forget:
            store = mock_config_entry.runtime_data.insight.store
            await store.async_set("simulated_statistics_imported", False)
        assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)
        await async_wait_recording_done(hass)
        again = await get_instance(hass).async_add_executor_job(
            statistics_during_period,
            hass,
            NOW - timedelta(days=400),
            NOW,
            {ENERGY},
            "hour",
            None,
            {"sum"},
        )
        assert len(again[ENERGY]) == len(rows[ENERGY])
        assert float(hass.states.get(ENERGY).state) > meter  # same reference: no reset
