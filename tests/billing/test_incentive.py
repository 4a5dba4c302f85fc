"""The incentive in a real hass: the stored day-ahead forecasts priced against the meter's hours.

The home's insight store is seeded with the forecasts "made" at each day's start, so the figures
are known: 8-30 June forecast 1.5 kWh an hour, 1 and 2 July 0.5 kWh an hour, while the meter
reads 1 kWh every hour. 1-7 June have no forecast (the history begins on 1 June and a forecast
needs a week of it): they count zero difference.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.insight.compute import day_start
from tests.billing.test_bill import BILLING, FIRST_HOUR, LAST, NOW, PROJECTED, SO_FAR
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, start_home

KOLKATA = ZoneInfo("Asia/Kolkata")
DAY = 185.6  # a day at 1 kWh an hour: 12 h normal at 8.00, 8 h solar at 6.80, 4 h peak at 8.80


def stored_forecasts() -> dict[str, Any]:
    """Day-ahead forecasts as insight stores them, each from its day's first recorder hour."""
    forecasts = {}
    day = date(2026, 6, 8)
    while day <= date(2026, 7, 2):
        kwh = 1.5 if day.month == 6 else 0.5
        forecasts[day.isoformat()] = {
            "start": day_start(day, KOLKATA).isoformat(),
            "expected": [kwh] * 24,
        }
        day += timedelta(days=1)
    return forecasts


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER, "billing": BILLING}


async def test_the_bills_reward_saving_and_penalise_excess_against_the_stored_forecasts(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    hass_storage[f"voltwise.{mock_config_entry.entry_id}.insight"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"voltwise.{mock_config_entry.entry_id}.insight",
        "data": {"forecasts": stored_forecasts()},
    }
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    hours = int((NOW.replace(minute=0, second=0) - FIRST_HOUR) / timedelta(hours=1))
    await import_hours(hass, METER, FIRST_HOUR, [1.0] * hours)
    await start_home(hass, mock_config_entry)

    # June: 23 days used 0.5 kWh an hour less than forecast (a reward of 23 x 0.5 x 185.60),
    # and 1 July's forecast begins at 23:30 IST on 30 June: its first half hour, 0.25 kWh
    # forecast against 0.5 used at the normal rate, is June's (-2.00). 1-7 June count nothing.
    last = hass.states.get(LAST)
    basis = last.attributes["incentive_basis"]
    assert basis["forecast_hours"] == 23 * 24 + 1
    assert basis["forecast_kwh"] == pytest.approx(23 * 24 * 1.5 + 0.25)
    assert basis["actual_kwh"] == pytest.approx(23 * 24 + 0.5)
    assert basis["cost_difference"] == pytest.approx(23 * 0.5 * DAY - 2.0)
    assert basis["share_percent"] == 10.0
    assert basis["cap"] == pytest.approx(0.2 * 30 * DAY)
    assert last.attributes["incentive"] == pytest.approx(213.24)
    assert float(last.state) == pytest.approx(120.0 + 5568.0 + 910.08 - 213.24)

    # July so far (to 11:30 IST on 2 July): 35.5 kWh used against 17.75 forecast, at the same
    # rates: half the energy charge of 274.60, a penalty of 10 % of 137.30, added to the bill.
    so_far = hass.states.get(SO_FAR)
    assert so_far.attributes["incentive_basis"]["forecast_hours"] == 36
    assert so_far.attributes["incentive_basis"]["forecast_cost"] == pytest.approx(137.3)
    assert so_far.attributes["incentive"] == pytest.approx(-13.73)
    assert float(so_far.state) == pytest.approx(round(1.16 * (274.6 + 120.0) + 13.73, 2))

    # The projection carries the same penalty: its rest is the forecast itself.
    projected = hass.states.get(PROJECTED)
    assert projected.attributes["incentive"] == pytest.approx(-13.73)
    assert projected.attributes["method"] == "forecast"
    # So far 35.5 kWh; today's rest at the stored 0.5 (12 h); tomorrow's forecast of this steady
    # home, 1 kWh an hour; then each hour of the day at the mean of those two days: 0.75 for the
    # 12 hours both forecast, 1.0 for the others (28 days and the last half hour).
    assert projected.attributes["kwh"] == pytest.approx(35.5 + 6 + 24 + 28 * 21 + 0.5, rel=1e-3)
    energy = projected.attributes["energy_charge"]
    assert float(projected.state) == pytest.approx(1.16 * (energy + 120.0) + 13.73, abs=0.02)


@pytest.mark.parametrize(
    "home_options",
    [{"consumption_source": "meter", "consumption_sensor": METER, "billing": BILLING}],
)
async def test_a_home_without_a_week_of_history_has_no_incentive_and_projects_its_mean(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = datetime(2026, 6, 28, 18, 0, tzinfo=UTC)  # four days of history
    hours = int((NOW.replace(minute=0, second=0) - first) / timedelta(hours=1))
    await import_hours(hass, METER, first, [1.0] * hours)
    await start_home(hass, mock_config_entry)

    so_far = hass.states.get(SO_FAR)
    assert so_far.attributes["incentive"] == 0
    assert so_far.attributes["incentive_basis"] is None
    projected = hass.states.get(PROJECTED)
    assert projected.attributes["method"] == "same_hour_mean"
    assert projected.attributes["forecast_until"] is None
    assert float(projected.state) == pytest.approx(round(1.16 * (31 * DAY + 120.0), 2))
