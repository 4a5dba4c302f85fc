"""The projected cycle: actual so far plus the forecast, else the same-hour mean, for the rest."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.bill import BillSettings, compute_bill
from custom_components.voltwise.engine.billing.cycle import cycle_containing
from custom_components.voltwise.engine.billing.energy import EnergySeries, EnergyUse
from custom_components.voltwise.engine.billing.projection import (
    ProjectionMethod,
    extend_forecast,
    project_use,
    same_hour_mean_kw,
)
from custom_components.voltwise.engine.tariff import SlotKind, presets

KOLKATA = ZoneInfo("Asia/Kolkata")
BERLIN = ZoneInfo("Europe/Berlin")
INDIA = presets()["india_tod_domestic"].build(8.0, "INR")
FLAT = presets()["flat"].build(10.0, "INR")
JUNE = cycle_containing(datetime(2025, 6, 10, tzinfo=KOLKATA), 1, KOLKATA)
SO_FAR = EnergyUse().plus(SlotKind.NORMAL, 20.0, 8.0)


def hourly(start: datetime, values: list[float]) -> EnergySeries:
    return EnergySeries.of(start, 60, values)


def test_without_history_or_forecast_only_the_actual_use_counts() -> None:
    now = JUNE.start + timedelta(days=2)
    projection = project_use(JUNE, now, SO_FAR, INDIA, KOLKATA)
    assert projection.method is ProjectionMethod.ACTUAL_ONLY
    assert projection.total == SO_FAR


def test_history_from_before_the_cycle_is_no_mean_for_it() -> None:
    history = hourly(JUNE.start - timedelta(days=1), [3.0] * 24)
    projection = project_use(
        JUNE, JUNE.start + timedelta(hours=5), SO_FAR, INDIA, KOLKATA, history=history
    )
    assert projection.method is ProjectionMethod.ACTUAL_ONLY
    assert projection.rest == EnergyUse()


def test_after_the_cycle_nothing_remains() -> None:
    history = hourly(JUNE.start, [1.0] * 24)
    projection = project_use(JUNE, JUNE.end, SO_FAR, INDIA, KOLKATA, history=history)
    assert projection.method is ProjectionMethod.ACTUAL_ONLY
    assert projection.rest == EnergyUse()


def test_the_same_hour_mean_of_the_cycle_so_far_fills_the_rest() -> None:
    # Two days observed: hour h of the day used h/10 kWh, then h/10 + 0.2 kWh.
    pattern = [hour / 10 for hour in range(24)]
    history = hourly(JUNE.start, pattern + [value + 0.2 for value in pattern])
    now = JUNE.start + timedelta(days=2)
    means, overall = same_hour_mean_kw(history, KOLKATA, JUNE.start, now)
    assert means[0] == pytest.approx(0.1)
    assert means[23] == pytest.approx(2.4)
    assert overall == pytest.approx(sum(pattern) / 24 + 0.1)
    projection = project_use(JUNE, now, SO_FAR, INDIA, KOLKATA, history=history)
    assert projection.method is ProjectionMethod.SAME_HOUR_MEAN
    daily = sum(pattern) + 0.1 * 24
    assert projection.rest.kwh == pytest.approx(28 * daily)
    # Priced hour by hour: the evening peak hours (18-21) carry their own mean at 8.80.
    peak_daily = sum(hour / 10 + 0.1 for hour in range(18, 22))
    assert projection.rest.by_kind[SlotKind.PEAK].kwh == pytest.approx(28 * peak_daily)
    assert projection.rest.by_kind[SlotKind.PEAK].cost == pytest.approx(28 * peak_daily * 8.8)
    assert projection.total.kwh == pytest.approx(20 + 28 * daily)


def test_hours_not_yet_observed_take_the_mean_of_all_observed_hours() -> None:
    # Six hours observed at 1 kWh and 2 kWh alternately: mean 1.5 kW for the other 18 hours.
    history = hourly(JUNE.start, [1.0, 2.0] * 3)
    now = JUNE.start + timedelta(hours=6)
    projection = project_use(JUNE, now, EnergyUse(), FLAT, KOLKATA, history=history)
    remaining_hours = 30 * 24 - 6
    observed = 29 * (1 + 2) * 3  # hours 0-5 on the 29 days to come
    expected = observed + 1.5 * (remaining_hours - 29 * 6)
    assert projection.rest.kwh == pytest.approx(expected)
    assert projection.rest.cost == pytest.approx(expected * 10)


def test_history_outside_the_cycle_or_missing_is_left_out() -> None:
    before = JUNE.start - timedelta(hours=24)
    values = [9.0] * 24 + [1.0, math.nan] * 12  # the previous cycle's day at 9 kWh an hour
    history = hourly(before, values)
    now = JUNE.start + timedelta(days=1)
    means, overall = same_hour_mean_kw(history, KOLKATA, JUNE.start, now)
    assert overall == pytest.approx(1.0)
    assert sum(mean is None for mean in means) == 12
    assert same_hour_mean_kw(history, KOLKATA, now, now + timedelta(hours=1)) == (
        (None,) * 24,
        None,
    )


def test_a_forecast_covering_the_rest_replaces_the_mean() -> None:
    now = JUNE.end - timedelta(hours=10)
    history = hourly(JUNE.start, [5.0] * 24)
    forecast = hourly(now - timedelta(hours=2), [0.5] * 20)
    projection = project_use(JUNE, now, SO_FAR, FLAT, KOLKATA, history=history, forecast=forecast)
    assert projection.method is ProjectionMethod.FORECAST
    assert projection.rest.kwh == pytest.approx(5.0)  # 10 h at 0.5 kWh, none from before now
    assert projection.rest.cost == pytest.approx(50.0)


def test_beyond_the_forecast_the_mean_takes_over() -> None:
    now = JUNE.start + timedelta(days=29)  # 24 hours left
    history = hourly(JUNE.start, [2.0] * (29 * 24))
    forecast = hourly(now, [0.5] * 6 + [math.nan] * 6)  # six hours forecast, six unknown
    projection = project_use(
        JUNE, now, EnergyUse(), FLAT, KOLKATA, history=history, forecast=forecast
    )
    assert projection.method is ProjectionMethod.FORECAST_AND_MEAN
    assert projection.rest.kwh == pytest.approx(6 * 0.5 + 18 * 2.0)


def test_a_forecast_alone_is_used_as_far_as_it_goes() -> None:
    now = JUNE.start + timedelta(days=29)
    forecast = hourly(now, [0.5] * 6)
    projection = project_use(JUNE, now, EnergyUse(), FLAT, KOLKATA, forecast=forecast)
    assert projection.method is ProjectionMethod.FORECAST
    assert projection.rest.kwh == pytest.approx(3.0)


def test_a_rest_that_starts_mid_step_counts_only_its_part() -> None:
    now = JUNE.end - timedelta(hours=2, minutes=7)
    forecast = hourly(JUNE.end - timedelta(hours=3), [1.2] * 3)
    projection = project_use(JUNE, now, EnergyUse(), FLAT, KOLKATA, forecast=forecast)
    assert projection.rest.kwh == pytest.approx(1.2 * (2 + 7 / 60))


def test_the_projected_bill_is_the_bill_of_the_projected_use() -> None:
    history = hourly(JUNE.start, [0.5] * 24)
    now = JUNE.start + timedelta(days=1)
    actual = EnergyUse().plus(SlotKind.NORMAL, 12.0, 10.0)
    projection = project_use(JUNE, now, actual, FLAT, KOLKATA, history=history)
    bill = compute_bill(BillSettings(fixed_charge=100, duty_percent=10), JUNE, projection.total)
    assert bill.kwh == pytest.approx(12 + 29 * 12)
    assert bill.total == pytest.approx((100 + 10 * bill.kwh) * 1.1)


@given(
    power=st.floats(0.05, 10),
    elapsed=st.floats(0.01, 0.99),
    month=st.integers(1, 12),
    tz=st.sampled_from([KOLKATA, BERLIN, ZoneInfo("America/New_York")]),
)
def test_a_steady_home_is_projected_to_stay_steady(
    power: float, elapsed: float, month: int, tz: ZoneInfo
) -> None:
    cycle = cycle_containing(datetime(2025, month, 15, tzinfo=tz), 1, tz)
    now = cycle.start + cycle.duration * elapsed
    hours = math.floor((now - cycle.start) / timedelta(hours=1))
    if hours == 0:
        return
    history = hourly(cycle.start.astimezone(UTC), [power] * hours)
    projection = project_use(cycle, now, EnergyUse(), FLAT, tz, history=history)
    remaining = (cycle.end - now) / timedelta(hours=1)  # DST days included
    assert projection.rest.kwh == pytest.approx(power * remaining, rel=1e-9)


def test_the_forecast_is_carried_to_the_cycles_end_with_its_same_hour_mean() -> None:
    """Today's rest and tomorrow: hour h of the day forecast at h/10, then h/10 + 0.2 kWh."""
    now = JUNE.start + timedelta(days=10, hours=20)  # 20:00 IST on 11 June
    pattern = [hour / 10 for hour in range(24)]
    forecast = hourly(now, pattern[20:] + [value + 0.2 for value in pattern])
    extended = extend_forecast(forecast, JUNE.end, KOLKATA)
    assert extended.grid.start == now
    assert extended.grid.end == JUNE.end
    # Beyond the forecast, hour 21 is the mean of 2.1 (today) and 2.3 (tomorrow); hour 3 is 0.5.
    days_later = extended.kwh[28:].reshape(-1, 24)
    assert days_later[:, 21 - 20 - 4 + 24].tolist() == pytest.approx([2.2] * len(days_later))
    assert days_later[:, 3 - 20 - 4 + 24].tolist() == pytest.approx([0.5] * len(days_later))
    projection = project_use(JUNE, now, EnergyUse(), FLAT, KOLKATA, forecast=extended)
    assert projection.method is ProjectionMethod.FORECAST
    assert projection.rest.kwh == pytest.approx(float(extended.kwh.sum()))


def test_an_empty_forecast_or_one_reaching_the_end_is_not_extended() -> None:
    now = JUNE.end - timedelta(hours=3)
    reaching = hourly(now, [1.0] * 5)
    assert extend_forecast(reaching, JUNE.end, KOLKATA) is reaching
    unknown = hourly(now - timedelta(days=3), [math.nan] * 5)
    assert extend_forecast(unknown, JUNE.end, KOLKATA) is unknown
    # Its two hours of day keep their values; an hour of day it never held takes their mean.
    short = hourly(now - timedelta(days=3), [1.0, 3.0])
    extended = extend_forecast(short, JUNE.end, KOLKATA)
    expected = [{0: 1.0, 1: 3.0}.get(index % 24, 2.0) for index in range(extended.grid.steps)]
    assert extended.kwh.tolist() == pytest.approx(expected)
