"""Hourly statistics of a whole-home meter, imported into the real recorder as it keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

METER = "sensor.house_meter"
METER_ATTRIBUTES = {
    "unit_of_measurement": "kWh",
    "device_class": "energy",
    "state_class": "total_increasing",
}


async def import_hours(
    hass: HomeAssistant, statistic_id: str, first: datetime, kwh: Sequence[float]
) -> None:
    """Hourly rows from ``first``: each hour's energy, summed as the recorder sums a meter."""
    total = 0.0
    rows = []
    for index, value in enumerate(kwh):
        total += value
        rows.append({"start": first + timedelta(hours=index), "state": total, "sum": total})
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.NONE,
            "has_sum": True,
            "name": None,
            "source": "recorder",
            "statistic_id": statistic_id,
            "unit_class": "energy",
            "unit_of_measurement": "kWh",
        },
        rows,
    )
    await async_wait_recording_done(hass)


async def start_home(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the home up and wait for its first insight computation."""
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries()}:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await settle(hass)


async def settle(hass: HomeAssistant) -> None:
    """Let background work (reading statistics, forecasting) finish."""
    await hass.async_block_till_done(wait_background_tasks=True)
    if "recorder" in hass.config.components:
        await async_wait_recording_done(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
