"""Cycle boundaries in a real hass: the meter-reading day in 28-, 30- and 31-day months and DST.

Every hour of the meter's statistics holds 1 kWh, so a closed cycle's kWh is its length in hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from tests.billing.test_statistics import rows
from tests.homes import HOME_DATA
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

LAST = "sensor.test_home_last_bill"
SO_FAR = "sensor.test_home_bill_so_far"
CASES = {
    # Reading day 31 reads on 28 February: 31 January to 27 February is 28 days.
    "28_day": ("Asia/Kolkata", 31, datetime(2026, 3, 1, 6, 0, 40, tzinfo=UTC), "2026-01-31",
               "2026-02-27", 28 * 24),
    "30_day": ("Asia/Kolkata", 1, datetime(2026, 7, 2, 6, 0, 40, tzinfo=UTC), "2026-06-01",
               "2026-06-30", 30 * 24),
    "31_day": ("Asia/Kolkata", 15, datetime(2026, 8, 16, 6, 0, 40, tzinfo=UTC), "2026-07-15",
               "2026-08-14", 31 * 24),
    # London's clocks go forward on 29 March and back on 25 October: an hour less, an hour more.
    "dst_spring": ("Europe/London", 1, datetime(2026, 4, 2, 12, 0, 40, tzinfo=UTC), "2026-03-01",
                   "2026-03-31", 31 * 24 - 1),
    "dst_autumn": ("Europe/London", 1, datetime(2026, 11, 2, 12, 0, 40, tzinfo=UTC),
                   "2026-10-01", "2026-10-31", 31 * 24 + 1),
}  # fmt: skip


@pytest.fixture(params=list(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Any, ...]:
    return CASES[request.param]


@pytest.fixture
def home_data(case: tuple[Any, ...]) -> dict[str, Any]:
    return {**HOME_DATA, "time_zone": case[0]}


@pytest.fixture
def home_options(case: tuple[Any, ...]) -> dict[str, Any]:
    return {
        "consumption_source": "meter",
        "consumption_sensor": METER,
        "billing": {"reading_day": case[1]},
    }


async def test_a_cycle_closes_on_its_reading_day_with_every_hour_of_the_month(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    case: tuple[Any, ...],
) -> None:
    tz_name, _, now, start_date, last_date, hours = case
    freezer.move_to(now)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = now.replace(minute=0, second=0) - timedelta(days=70)
    await import_hours(hass, METER, first, [1.0] * (70 * 24))
    await start_home(hass, mock_config_entry)

    last = hass.states.get(LAST)
    assert last.attributes["start_date"] == start_date
    assert last.attributes["last_date"] == last_date
    assert last.attributes["kwh"] == pytest.approx(hours)
    # Every day of the cycle had its day-ahead forecast (replayed from the history before it),
    # hour by hour; in Kolkata the cycle starts and ends on the half hour, so one recorder hour
    # more overlaps it. A steady home uses what was forecast: no reward, no penalty.
    basis = last.attributes["incentive_basis"]
    assert basis["forecast_hours"] == hours + (tz_name == "Asia/Kolkata")
    assert basis["forecast_kwh"] == pytest.approx(hours, rel=1e-3)
    assert last.attributes["incentive"] == pytest.approx(0, abs=0.5)
    assert hass.states.get("sensor.test_home_projected_bill").attributes["method"] == "forecast"
    # Its row of the bill statistic is at the cycle's first hour: local midnight of the reading
    # day (the hour after it in Kolkata, whose midnight is on the half hour), DST or not.
    midnight = datetime.fromisoformat(start_date).replace(tzinfo=ZoneInfo(tz_name))
    first_hour = midnight + timedelta(minutes=30) if tz_name == "Asia/Kolkata" else midnight
    assert await rows(hass) == [
        {"start": first_hour.astimezone(UTC), "state": float(last.state), "sum": float(last.state)}
    ]
    assert (
        hass.states.get(SO_FAR).attributes["start_date"]
        == (datetime.fromisoformat(last_date) + timedelta(days=1)).date().isoformat()
    )


# A zone whose midnight falls on an hour of the recorder's statistics, across both DST changes.
@pytest.mark.parametrize(
    "case", [CASES["dst_spring"], CASES["dst_autumn"]], ids=["dst_spring", "dst_autumn"]
)
async def test_the_cycle_closes_at_the_reading_days_local_midnight(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    case: tuple[Any, ...],
) -> None:
    tz_name, _, _, start_date, last_date, _ = case
    # Just before the reading day's midnight the cycle ending then is still in progress.
    midnight = datetime.fromisoformat(last_date) + timedelta(days=1)
    boundary = midnight.replace(tzinfo=ZoneInfo(tz_name)).astimezone(UTC)
    freezer.move_to(boundary - timedelta(minutes=59, seconds=15))
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = boundary - timedelta(days=70)
    # The hour before midnight is recorded already; it is read once it has ended.
    await import_hours(hass, METER, first, [1.0] * (70 * 24))
    await start_home(hass, mock_config_entry)
    assert hass.states.get(SO_FAR).attributes["start_date"] == start_date

    freezer.move_to(boundary + timedelta(seconds=45))
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get(LAST).attributes["start_date"] == start_date
    assert hass.states.get(SO_FAR).attributes["start_date"] != start_date
