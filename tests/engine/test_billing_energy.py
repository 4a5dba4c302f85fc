"""Energy series priced at the rate in force, per slot kind, across half-hour zones and DST."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.energy import (
    EnergySeries,
    EnergyUse,
    KindUse,
    price_series,
    span_grid,
)
from custom_components.voltwise.engine.tariff import SlotKind, TariffPlan, parse_day, presets

KOLKATA = ZoneInfo("Asia/Kolkata")
BERLIN = ZoneInfo("Europe/Berlin")
# The India time-of-day preset at a normal rate of 8.00: solar 09-17 at 6.80, peak 18-22 at 8.80.
INDIA = presets()["india_tod_domestic"].build(8.0, "INR")
LOCAL_MIDNIGHT = datetime(2025, 6, 1, tzinfo=KOLKATA)


def day_of_local_hours(per_hour: list[float], days: int = 1) -> EnergySeries:
    return EnergySeries.of(LOCAL_MIDNIGHT, 60, per_hour * days)


def test_energy_is_priced_at_the_rate_of_its_slot() -> None:
    # 1 kWh in every local hour: 12 normal, 8 solar and 4 peak hours.
    use = price_series(day_of_local_hours([1.0] * 24), INDIA, KOLKATA)
    assert use.by_kind[SlotKind.NORMAL].kwh == pytest.approx(12)
    assert use.by_kind[SlotKind.SOLAR].kwh == pytest.approx(8)
    assert use.by_kind[SlotKind.PEAK].kwh == pytest.approx(4)
    assert use.by_kind[SlotKind.OFF_PEAK] == KindUse(0.0, 0.0)
    assert use.by_kind[SlotKind.NORMAL].cost == pytest.approx(12 * 8.0)
    assert use.by_kind[SlotKind.SOLAR].cost == pytest.approx(8 * 6.8)
    assert use.by_kind[SlotKind.PEAK].cost == pytest.approx(4 * 8.8)
    assert use.kwh == pytest.approx(24)
    assert use.cost == pytest.approx(96 + 54.4 + 35.2)


def test_an_hour_that_straddles_a_slot_boundary_is_priced_in_parts() -> None:
    # UTC 12:00-13:00 is 17:30-18:30 in Kolkata: half normal (8.00), half peak (8.80).
    series = EnergySeries.of(datetime(2025, 6, 2, 12, tzinfo=UTC), 60, [1.0])
    use = price_series(series, INDIA, KOLKATA)
    assert use.by_kind[SlotKind.NORMAL].kwh == pytest.approx(0.5)
    assert use.by_kind[SlotKind.PEAK].kwh == pytest.approx(0.5)
    assert use.cost == pytest.approx(8.4)


def test_five_minute_and_hourly_series_of_the_same_use_cost_the_same() -> None:
    hourly = day_of_local_hours([float(hour % 5) for hour in range(24)])
    fine = EnergySeries.of(
        LOCAL_MIDNIGHT, 5, [float(hour % 5) / 12 for hour in range(24) for _ in range(12)]
    )
    assert price_series(fine, INDIA, KOLKATA).cost == pytest.approx(
        price_series(hourly, INDIA, KOLKATA).cost
    )


def test_gaps_count_as_no_use() -> None:
    series = day_of_local_hours([1.0, math.nan] * 12)
    assert price_series(series, INDIA, KOLKATA).kwh == pytest.approx(12)


def test_only_the_span_asked_for_is_priced() -> None:
    series = day_of_local_hours([1.0] * 24)
    start = LOCAL_MIDNIGHT + timedelta(hours=2, minutes=30)
    end = LOCAL_MIDNIGHT + timedelta(hours=5)
    assert price_series(series, INDIA, KOLKATA, start=start, end=end).kwh == pytest.approx(2.5)
    assert price_series(series, INDIA, KOLKATA, start=end, end=start).kwh == 0


def test_a_23_hour_dst_day_is_priced_hour_by_hour() -> None:
    night = parse_day(
        [
            {"start": "00:00", "end": "06:00", "kind": "off_peak", "rate": 0.2},
            {"start": "06:00", "end": "24:00", "kind": "normal", "rate": 0.4},
        ]
    )
    plan = TariffPlan("custom", "EUR", night, night)
    # Sunday 29 March 2026 has 23 hours in Berlin; 02:00-03:00 does not exist, so the night
    # slot (00:00-06:00) holds only 5 of them.
    sunday = EnergySeries.of(datetime(2026, 3, 29, tzinfo=BERLIN), 60, [1.0] * 23)
    use = price_series(sunday, plan, BERLIN)
    assert use.by_kind[SlotKind.OFF_PEAK].kwh == pytest.approx(5)
    assert use.by_kind[SlotKind.NORMAL].kwh == pytest.approx(18)
    assert use.cost == pytest.approx(5 * 0.2 + 18 * 0.4)


@pytest.mark.parametrize("value", [-0.1, math.inf, -math.inf])
def test_negative_or_infinite_energy_is_a_bug_in_the_caller(value: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        EnergySeries.of(LOCAL_MIDNIGHT, 60, [1.0, value])


def test_a_series_needs_one_value_per_step() -> None:
    with pytest.raises(ValueError, match="values"):
        EnergySeries(span_grid(LOCAL_MIDNIGHT, LOCAL_MIDNIGHT + timedelta(hours=1)), np.ones(3))


def test_uses_accumulate_increment_by_increment() -> None:
    use = EnergyUse().plus(SlotKind.PEAK, 1.5, 8.8).plus(SlotKind.PEAK, 0.5, 8.8)
    use = use.plus(SlotKind.SOLAR, 2.0, 6.8)
    assert use.by_kind[SlotKind.PEAK] == KindUse(2.0, pytest.approx(17.6))  # type: ignore[arg-type]
    assert use.kwh == pytest.approx(4.0)
    both = use + use
    assert both.cost == pytest.approx(2 * use.cost)
    with pytest.raises(ValueError, match="not a use"):
        use.plus(SlotKind.PEAK, -1.0, 8.8)
    with pytest.raises(ValueError, match="not a use"):
        use.plus(SlotKind.PEAK, 1.0, math.nan)


def test_a_use_survives_the_store_and_garbage_does_not() -> None:
    use = EnergyUse().plus(SlotKind.NORMAL, 3.0, 8.0).plus(SlotKind.OFF_PEAK, 1.0, 6.0)
    assert EnergyUse.from_dict(use.as_dict()) == use
    assert EnergyUse.from_dict({}) == EnergyUse()  # kinds missing: nothing used in them
    for garbage in (
        None,
        [],
        {"peak": 3},
        {"peak": {"kwh": "1", "cost": 1}},
        {"peak": {"kwh": -1, "cost": 1}},
        {"peak": {"kwh": math.nan, "cost": 1}},
        {"peak": {"kwh": True, "cost": 1}},
    ):
        assert EnergyUse.from_dict(garbage) is None


values = st.lists(
    st.one_of(st.floats(0, 50, allow_nan=False), st.just(math.nan)), min_size=1, max_size=96
)


@given(
    kwh=values,
    step=st.sampled_from([5, 15, 30, 60]),
    offset=st.integers(0, 7 * 24 * 4),
    cut=st.floats(0, 1),
)
def test_pricing_conserves_energy_and_splits_additively(
    kwh: list[float], step: int, offset: int, cut: float
) -> None:
    start = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(minutes=15 * offset)
    series = EnergySeries.of(start, step, kwh)
    whole = price_series(series, INDIA, KOLKATA)
    assert whole.kwh == pytest.approx(float(np.nansum(kwh)), abs=1e-9)
    assert 6.8 * whole.kwh - 1e-9 <= whole.cost <= 8.8 * whole.kwh + 1e-9
    middle = start + (series.grid.end - start) * cut
    before = price_series(series, INDIA, KOLKATA, end=middle)
    after = price_series(series, INDIA, KOLKATA, start=middle)
    assert (before + after).kwh == pytest.approx(whole.kwh, abs=1e-9)
    assert (before + after).cost == pytest.approx(whole.cost, abs=1e-9)


def test_an_empty_series_costs_nothing() -> None:
    assert price_series(EnergySeries.of(LOCAL_MIDNIGHT, 60, []), INDIA, KOLKATA) == EnergyUse()
