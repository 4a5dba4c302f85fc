"""The incentive's basis: stored day-ahead forecasts against the actual use, hour by hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from custom_components.voltwise.engine.billing.bill import (
    BillSettings,
    compute_bill,
    incentive_of_difference,
)
from custom_components.voltwise.engine.billing.cycle import cycle_containing
from custom_components.voltwise.engine.billing.energy import EnergySeries, price_series
from custom_components.voltwise.engine.billing.incentive import (
    compare_with_forecast,
    hourly_forecast_on,
)
from custom_components.voltwise.engine.tariff import presets
from custom_components.voltwise.engine.timegrid import TimeGrid

KOLKATA = ZoneInfo("Asia/Kolkata")
LONDON = ZoneInfo("Europe/London")
INDIA = presets()["india_tod_domestic"].build(8.0, "INR")
JUNE = cycle_containing(datetime(2025, 6, 10, tzinfo=KOLKATA), 1, KOLKATA)  # 30 days
# The recorder's hours: the one holding 00:00 IST on 1 June starts at 23:30 IST on 31 May.
FIRST = datetime(2025, 5, 31, 18, 0, tzinfo=UTC)
HOURS = 30 * 24 + 1


def pattern(normal: float, solar: float, peak: float) -> list[float]:
    """A local day's 24 hours (from 00:00 IST) using ``normal``/``solar``/``peak`` kWh a day."""
    hours = []
    for hour in range(24):
        if 9 <= hour < 17:
            hours.append(solar / 8)
        elif 18 <= hour < 22:
            hours.append(peak / 4)
        else:
            hours.append(normal / 12)
    return hours


def test_the_readme_example_from_stored_forecasts_gives_its_24_00_reward() -> None:
    """Every June day had its forecast stored at its start: 330 kWh forecast, 300 used."""
    actual = EnergySeries.of(JUNE.start, 60, pattern(5, 3, 2) * 30)
    stored = [(JUNE.start + timedelta(days=day), pattern(6, 3, 2)) for day in range(30)]
    comparison = compare_with_forecast(
        actual, hourly_forecast_on(actual.grid, stored), INDIA, KOLKATA,
        start=JUNE.start, end=JUNE.end,
    )  # fmt: skip
    assert comparison.hours == 720
    assert comparison.forecast.kwh == pytest.approx(330)
    assert comparison.forecast.cost == pytest.approx(2580.00)
    assert comparison.actual.cost == pytest.approx(2340.00)
    assert comparison.difference == pytest.approx(240.00)

    use = price_series(actual, INDIA, KOLKATA, start=JUNE.start, end=JUNE.end)
    settings = BillSettings(fixed_charge=120.0, duty_percent=16.0)
    bill = compute_bill(settings, JUNE, use, comparison=comparison)
    assert bill.incentive == pytest.approx(24.00)
    assert bill.total == pytest.approx(2829.60)
    assert bill.cost_difference == pytest.approx(240.00)

    # The README's variant: the first 10 days had no stored forecast; 20 x 8.00 = 160.00 counts.
    later = compare_with_forecast(
        actual, hourly_forecast_on(actual.grid, stored[10:]), INDIA, KOLKATA,
        start=JUNE.start, end=JUNE.end,
    )  # fmt: skip
    assert later.forecast.cost == pytest.approx(20 * 86.00)
    assert later.actual.cost == pytest.approx(20 * 78.00)
    variant = compute_bill(settings, JUNE, use, comparison=later)
    assert variant.incentive == pytest.approx(16.00)
    assert variant.total == pytest.approx(2837.60)


def test_days_without_a_stored_forecast_and_unrecorded_hours_count_zero_difference() -> None:
    """Only 10 June had a forecast (2 kWh an hour against 1 used); 11 June has no readings."""
    kwh = [1.0] * HOURS
    tenth = 9 * 24  # the recorder hour holding 00:00 IST on 10 June
    eleventh = tenth + 24
    kwh[eleventh : eleventh + 24] = [float("nan")] * 24
    actual = EnergySeries.of(FIRST, 60, kwh)
    stored = [
        (FIRST + timedelta(hours=tenth), [2.0] * 24),
        (FIRST + timedelta(hours=eleventh), [5.0] * 24),  # nothing to compare it with
    ]
    comparison = compare_with_forecast(
        actual, hourly_forecast_on(actual.grid, stored), INDIA, KOLKATA,
        start=JUNE.start, end=JUNE.end,
    )  # fmt: skip
    assert comparison.hours == 24
    assert comparison.actual.kwh == pytest.approx(24)
    assert comparison.forecast.kwh == pytest.approx(48)
    # One day at 1 kWh an hour costs 185.60 (12 h normal, 8 h solar, 4 h peak), up to the
    # half-hour shift: the day's hours are priced where they fall, forecast and actual alike.
    assert comparison.difference == pytest.approx(comparison.actual.cost)
    assert comparison.actual.cost == pytest.approx(185.6, abs=1.0)

    use = price_series(actual, INDIA, KOLKATA, start=JUNE.start, end=JUNE.end)
    bill = compute_bill(BillSettings(), JUNE, use, comparison=comparison)
    assert bill.incentive == pytest.approx(0.1 * comparison.difference)
    assert bill.forecast_hours == 24
    assert bill.compared_kwh == pytest.approx(24)


def test_the_cap_is_a_share_of_the_whole_energy_charge() -> None:
    """A forecast ten times the use of one day: the reward stops at 20 % of the cycle's charge."""
    actual = EnergySeries.of(FIRST, 60, [1.0] * HOURS)
    forecast = hourly_forecast_on(actual.grid, [(FIRST, [100.0] * 24)])
    comparison = compare_with_forecast(
        actual, forecast, INDIA, KOLKATA, start=JUNE.start, end=JUNE.end
    )
    use = price_series(actual, INDIA, KOLKATA, start=JUNE.start, end=JUNE.end)
    bill = compute_bill(BillSettings(), JUNE, use, comparison=comparison)
    assert 0.1 * comparison.difference > 0.2 * use.cost
    assert bill.incentive == pytest.approx(0.2 * use.cost)
    penalty = compare_with_forecast(
        actual,
        hourly_forecast_on(actual.grid, [(FIRST, [0.0] * 24)]),
        INDIA,
        KOLKATA,
        start=JUNE.start,
        end=JUNE.end,
    )
    assert compute_bill(BillSettings(), JUNE, use, comparison=penalty).incentive < 0


def test_a_dst_day_of_23_hours_is_compared_hour_by_hour() -> None:
    """London's 29 March 2026 has 23 hours: its stored forecast has 23 values."""
    cycle = cycle_containing(datetime(2026, 3, 10, tzinfo=LONDON), 1, LONDON)
    start = cycle.start  # 00:00 GMT on 1 March, an hour of the recorder's
    actual = EnergySeries.of(start, 60, [1.0] * int(cycle.duration / timedelta(hours=1)))
    day = datetime(2026, 3, 29, tzinfo=LONDON).astimezone(UTC)
    forecast = hourly_forecast_on(actual.grid, [(day, [1.5] * 23)])
    comparison = compare_with_forecast(
        actual, forecast, INDIA, LONDON, start=cycle.start, end=cycle.end
    )
    assert cycle.duration == timedelta(days=31, hours=-1)
    assert comparison.hours == 23
    assert comparison.forecast.kwh == pytest.approx(34.5)
    assert comparison.actual.kwh == pytest.approx(23)


def test_bad_forecasts_are_refused_or_skipped() -> None:
    grid = TimeGrid(FIRST, 60, 4)
    values = hourly_forecast_on(
        grid, [(FIRST - timedelta(hours=1), [9.0, 1.0, float("nan"), -1.0, 2.0, 3.0, 4.0])]
    )
    # The hour before the grid, the NaN and the negative value are left out; 4.0 is beyond it.
    assert values.tolist()[0] == 1.0
    assert np.isnan(values[1])
    assert np.isnan(values[2])
    assert values.tolist()[3] == 2.0
    with pytest.raises(ValueError, match="hourly"):
        hourly_forecast_on(TimeGrid(FIRST, 15, 4), [])
    actual = EnergySeries.of(FIRST, 60, [1.0] * 4)
    with pytest.raises(ValueError, match="grid"):
        compare_with_forecast(actual, np.ones(3), INDIA, KOLKATA, start=FIRST, end=grid.end)
    with pytest.raises(ValueError, match="not both"):
        compute_bill(
            BillSettings(),
            JUNE,
            price_series(actual, INDIA, KOLKATA),
            price_series(actual, INDIA, KOLKATA),
            comparison=compare_with_forecast(
                actual, np.ones(4), INDIA, KOLKATA, start=FIRST, end=grid.end
            ),
        )


@pytest.mark.parametrize(
    ("difference", "energy"), [(float("nan"), 10.0), (1.0, float("inf")), (1.0, -1.0)]
)
def test_an_incentive_of_no_money_is_refused(difference: float, energy: float) -> None:
    with pytest.raises(ValueError, match="must"):
        incentive_of_difference(difference, energy)
