"""Closed bills as the long-term statistic ``voltwise:bill_<entry id>``, on the real recorder.

One row per closed cycle, its sum running on; restarts add no row twice, a bill the statistic
lacks (one closed before it existed) joins it, and removing the home deletes it.
"""

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

from custom_components.voltwise.billing.statistics import bill_statistic_id
from tests.billing.test_bill import BILLING, FIRST_HOUR, LAST, NOW
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

AUGUST = datetime(2026, 8, 1, 6, 0, 45, tzinfo=UTC)  # 11:30 IST on 1 August
BILL_ID = bill_statistic_id("01JTESTHOME00000000000000")


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER, "billing": BILLING}


async def rows(hass: HomeAssistant, period: str = "hour") -> list[dict[str, Any]]:
    """The bill statistic's rows (hourly: state and sum; monthly: change)."""
    await async_wait_recording_done(hass)
    found = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
        {BILL_ID},
        period,
        None,
        {"state", "sum"} if period == "hour" else {"change"},
    )
    return [
        {
            "start": datetime.fromtimestamp(row["start"], UTC),
            **{key: row[key] for key in ("state", "sum", "change") if key in row},
        }
        for row in found.get(BILL_ID, [])
    ]


async def test_each_closed_cycle_is_one_row_of_the_bill_statistic_through_restarts(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    await hass.config.async_update(time_zone="Asia/Kolkata")  # the dashboard's months
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    hours = int((AUGUST.replace(minute=0, second=0) - FIRST_HOUR) / timedelta(hours=1))
    await import_hours(hass, METER, FIRST_HOUR, [1.0] * hours)
    await start_home(hass, mock_config_entry)

    # June's bill: one row at the first hour of its cycle (00:30 IST on 1 June).
    june = float(hass.states.get(LAST).state)
    assert await rows(hass) == [
        {"start": datetime(2026, 5, 31, 19, tzinfo=UTC), "state": june, "sum": june}
    ]

    # July closes at the reading day's midnight: its row sums on.
    freezer.move_to(AUGUST)
    async_fire_time_changed(hass)
    await settle(hass)
    july = float(hass.states.get(LAST).state)
    assert hass.states.get(LAST).attributes["start_date"] == "2026-07-01"
    expected = [
        {"start": datetime(2026, 5, 31, 19, tzinfo=UTC), "state": june, "sum": june},
        {"start": datetime(2026, 6, 30, 19, tzinfo=UTC), "state": july, "sum": june + july},
    ]
    assert await rows(hass) == expected

    # A restart adds nothing twice.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert await rows(hass) == expected

    # A statistics graph of the monthly change shows one bill a month.
    monthly = await rows(hass, "month")
    assert [(row["start"].month, row["change"]) for row in monthly] == [
        (5, pytest.approx(june)),  # the month starting 1 June IST begins on 31 May in UTC
        (6, pytest.approx(july)),
    ]

    # Bills closed before the statistic existed join it at the next start.
    get_instance(hass).async_clear_statistics([BILL_ID])
    await async_wait_recording_done(hass)
    assert await rows(hass) == []
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert await rows(hass) == expected

    # Removing the home removes its bills' statistic.
    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await settle(hass)
    assert await rows(hass) == []


async def test_a_home_set_up_mid_cycle_has_no_bill_statistic_yet(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = datetime(2026, 7, 1, 0, tzinfo=UTC)  # 05:30 IST on 1 July: June has no reading
    hours = int((NOW.replace(minute=0, second=0) - first) / timedelta(hours=1))
    await import_hours(hass, METER, first, [1.0] * hours)
    await start_home(hass, mock_config_entry)
    assert hass.states.get(LAST).state == "unknown"
    assert await rows(hass) == []
