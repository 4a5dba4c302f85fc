"""Bills: the README's worked example, parts that add up, the incentive rule, status, history."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.bill import (
    Bill,
    BillRecord,
    BillSettings,
    BillStatus,
    add_to_history,
    close_cycle,
    compute_bill,
    history_from_store,
    history_to_store,
    incentive,
    mark_paid,
)
from custom_components.voltwise.engine.billing.cycle import BillingCycle, cycle_containing
from custom_components.voltwise.engine.billing.energy import EnergySeries, EnergyUse, price_series
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.tariff import SlotKind, presets

KOLKATA = ZoneInfo("Asia/Kolkata")
INDIA = presets()["india_tod_domestic"].build(8.0, "INR")
JUNE = cycle_containing(datetime(2025, 6, 10, tzinfo=KOLKATA), 1, KOLKATA)  # 1-30 June, 30 days


def daily_pattern(normal: float, solar: float, peak: float, days: int) -> EnergySeries:
    """A use of ``normal``/``solar``/``peak`` kWh a day, spread evenly over each slot's hours."""
    per_hour = []
    for hour in range(24):
        if 9 <= hour < 17:
            per_hour.append(solar / 8)
        elif 18 <= hour < 22:
            per_hour.append(peak / 4)
        else:
            per_hour.append(normal / 12)
    return EnergySeries.of(JUNE.start, 60, per_hour * days)


def test_the_readme_worked_example() -> None:
    """A 30-day cycle in Kolkata: 300 kWh, fixed 120.00, duty 16 %, forecast 330 kWh."""
    assert JUNE.days == 30
    actual = price_series(daily_pattern(5, 3, 2, 30), INDIA, KOLKATA, end=JUNE.end)
    forecast = price_series(daily_pattern(6, 3, 2, 30), INDIA, KOLKATA, end=JUNE.end)
    assert actual.by_kind[SlotKind.NORMAL].kwh == pytest.approx(150)
    assert actual.by_kind[SlotKind.NORMAL].cost == pytest.approx(1200.00)
    assert actual.by_kind[SlotKind.SOLAR].kwh == pytest.approx(90)
    assert actual.by_kind[SlotKind.SOLAR].cost == pytest.approx(612.00)
    assert actual.by_kind[SlotKind.PEAK].kwh == pytest.approx(60)
    assert actual.by_kind[SlotKind.PEAK].cost == pytest.approx(528.00)
    assert forecast.kwh == pytest.approx(330)
    assert forecast.cost == pytest.approx(2580.00)

    settings = BillSettings(fixed_charge=120.0, duty_percent=16.0)
    bill = compute_bill(settings, JUNE, actual, forecast)
    assert bill.kwh == pytest.approx(300)
    assert bill.energy == pytest.approx(2340.00)
    assert bill.fixed == 120.00
    assert bill.duty == pytest.approx(393.60)  # 16 % of (2,340.00 + 120.00)
    assert bill.incentive == pytest.approx(24.00)  # 10 % of (2,580.00 - 2,340.00)
    assert bill.total == pytest.approx(2829.60)  # 120 + 2,340 + 393.60 - 24.00
    peak = bill.as_dict()["by_kind"]["peak"]
    assert peak == {"kwh": pytest.approx(60), "cost": pytest.approx(528)}


def test_incentive_examples_from_its_docstring() -> None:
    assert incentive(2580.0, 2340.0) == pytest.approx(24.0)
    assert incentive(2000.0, 2900.0) == pytest.approx(-90.0)
    # A forecast far above the actual earns at most 20 % of the energy charge.
    assert incentive(10_000.0, 1000.0) == pytest.approx(200.0)
    assert incentive(0.0, 1000.0, share_percent=50) == pytest.approx(-200.0)
    assert incentive(1000.0, 1000.0) == 0


def test_without_a_forecast_there_is_no_incentive() -> None:
    use = EnergyUse().plus(SlotKind.NORMAL, 100, 8.0)
    bill = compute_bill(BillSettings(fixed_charge=50), JUNE, use)
    assert bill.incentive == 0
    assert bill.forecast_kwh is None
    assert bill.total == pytest.approx(850.0)


def test_the_fixed_charge_is_charged_whole_in_short_and_long_cycles() -> None:
    settings = BillSettings(reading_day=31, fixed_charge=120)
    february = cycle_containing(datetime(2025, 2, 10, tzinfo=KOLKATA), 31, KOLKATA)
    assert (february.days, february.following().days) == (28, 31)  # 31 Jan-27 Feb, 28 Feb-30 Mar
    for cycle in (february, february.following()):
        assert compute_bill(settings, cycle, EnergyUse()).fixed == 120


amounts = st.floats(0, 1e6, allow_nan=False)
percents = st.floats(0, 100, allow_nan=False)


@given(forecast=amounts, actual=amounts, share=percents, cap=percents)
def test_incentive_rewards_saving_penalises_excess_and_is_capped(
    forecast: float, actual: float, share: float, cap: float
) -> None:
    value = incentive(forecast, actual, share, cap)
    assert abs(value) <= cap / 100 * actual + 1e-9
    assert abs(value) <= share / 100 * abs(forecast - actual) + 1e-9
    if forecast < actual:
        assert value <= 0  # used more than forecast: a penalty (or nothing)
    elif forecast > actual:
        assert value >= 0  # used less: a reward (or nothing)


@given(
    kwh=st.lists(st.floats(0, 1000, allow_nan=False), min_size=4, max_size=4),
    forecast_kwh=st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)),
    fixed=amounts,
    duty=percents,
    share=percents,
    cap=percents,
)
def test_bill_parts_add_up(
    *,
    kwh: list[float],
    forecast_kwh: float | None,
    fixed: float,
    duty: float,
    share: float,
    cap: float,
) -> None:
    use = EnergyUse()
    for kind, amount, rate in zip(SlotKind, kwh, (8.8, 8.0, 6.4, 6.8), strict=True):
        use = use.plus(kind, amount, rate)
    forecast = None if forecast_kwh is None else EnergyUse().plus(SlotKind.NORMAL, forecast_kwh, 8)
    settings = BillSettings(
        fixed_charge=fixed,
        duty_percent=duty,
        incentive_share_percent=share,
        incentive_cap_percent=cap,
    )
    bill = compute_bill(settings, JUNE, use, forecast)
    assert bill.total == pytest.approx(bill.fixed + bill.energy + bill.duty - bill.incentive)
    assert bill.duty == pytest.approx(duty / 100 * (fixed + bill.energy))
    assert bill.energy == pytest.approx(sum(part.cost for part in use.by_kind.values()))
    assert bill.total >= -1e-6  # the incentive never exceeds the energy charge
    assert Bill.from_dict(bill.as_dict()) == bill


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"reading_day": 0}, "billing_day_invalid"),
        ({"reading_day": 32}, "billing_day_invalid"),
        ({"fixed_charge": -1}, "billing_amount_invalid"),
        ({"fixed_charge": math.inf}, "billing_amount_invalid"),
        ({"fixed_charge": "120"}, "billing_amount_invalid"),
        ({"duty_percent": 101}, "billing_percent_invalid"),
        ({"duty_percent": math.nan}, "billing_percent_invalid"),
        ({"due_days": -1}, "billing_days_invalid"),
        ({"due_days": 1.5}, "billing_days_invalid"),
        ({"due_days": 400}, "billing_days_invalid"),
        ({"incentive_share_percent": -5}, "billing_percent_invalid"),
        ({"incentive_cap_percent": 150}, "billing_percent_invalid"),
    ],
)
def test_bad_bill_options_are_refused_with_their_code(options: dict[str, Any], code: str) -> None:
    with pytest.raises(EngineError) as err:
        BillSettings(**options)
    assert err.value.code == code


def test_options_are_normalised() -> None:
    settings = BillSettings(reading_day=5.0, fixed_charge=120, due_days=15.0)  # type: ignore[arg-type]
    assert settings.reading_day == 5
    assert isinstance(settings.reading_day, int)
    assert isinstance(settings.fixed_charge, float)
    assert isinstance(settings.due_days, int)


def closed(cycle: BillingCycle, kwh: float = 100.0, due_days: int = 15) -> BillRecord:
    use = EnergyUse().plus(SlotKind.NORMAL, kwh, 8.0)
    return close_cycle(BillSettings(reading_day=1, due_days=due_days), cycle, use)


def test_a_closed_bill_is_due_15_days_after_the_reading_date() -> None:
    record = closed(JUNE)
    assert record.due_date == date(2025, 7, 16)
    assert record.status(datetime(2025, 7, 1, tzinfo=KOLKATA), KOLKATA) is BillStatus.PENDING
    # Pending all through the due date, local time.
    last_minute = datetime(2025, 7, 16, 23, 59, tzinfo=KOLKATA)
    assert record.status(last_minute, KOLKATA) is BillStatus.PENDING
    assert record.status(last_minute + timedelta(minutes=1), KOLKATA) is BillStatus.OVERDUE
    paid = BillRecord(record.bill, record.due_date, datetime(2025, 7, 20, tzinfo=UTC))
    assert paid.status(last_minute + timedelta(days=30), KOLKATA) is BillStatus.PAID


def test_history_keeps_the_newest_24_cycles_in_order() -> None:
    history: tuple[BillRecord, ...] = ()
    cycle = JUNE
    for _ in range(30):
        history = add_to_history(history, closed(cycle))
        cycle = cycle.following()
    assert len(history) == 24
    starts = [record.bill.start_date for record in history]
    assert starts == sorted(starts)
    assert starts[-1] == cycle.previous().start_date
    assert history_from_store(history_to_store(history)) == history


def test_closing_a_cycle_again_replaces_it_but_keeps_its_payment() -> None:
    history = add_to_history((), closed(JUNE, kwh=100))
    paid_at = datetime(2025, 7, 5, tzinfo=UTC)
    history = mark_paid(history, paid_at)
    history = add_to_history(history, closed(JUNE, kwh=120))
    assert len(history) == 1
    assert history[0].bill.kwh == pytest.approx(120)
    assert history[0].paid_at == paid_at


def test_mark_paid_marks_the_latest_or_the_named_cycle_once() -> None:
    history = add_to_history(add_to_history((), closed(JUNE)), closed(JUNE.following()))
    first = datetime(2025, 8, 1, tzinfo=UTC)
    history = mark_paid(history, first)
    assert [record.paid_at for record in history] == [None, first]
    history = mark_paid(history, first + timedelta(days=1), cycle_key=JUNE.key)
    assert history[0].paid_at == first + timedelta(days=1)
    again = mark_paid(history, first + timedelta(days=9))
    assert again[1].paid_at == first  # the first payment stands
    with pytest.raises(EngineError) as err:
        mark_paid(history, first, cycle_key="2020-01-01")
    assert err.value.code == "bill_not_found"
    with pytest.raises(EngineError):
        mark_paid((), first)


def test_the_store_drops_damaged_records_and_duplicates() -> None:
    good = closed(JUNE)
    stored = good.as_dict()
    tampered = {**stored, "bill": {**stored["bill"], "total": stored["bill"]["total"] + 1}}
    broken: list[Any] = [
        None,
        "bill",
        {},
        {"bill": None},
        {**stored, "due_date": "soon"},
        {**stored, "paid_at": "2025-07-01T10:00:00"},  # naive
        {**stored, "paid_at": 5},
        tampered,  # parts that do not add up
        {**stored, "bill": {**stored["bill"], "start_date": "2025-07-01"}},  # ends before start
        {**stored, "bill": {**stored["bill"], "energy": math.inf}},
        {**stored, "bill": {**stored["bill"], "forecast_kwh": "x"}},
        {**stored, "bill": {**stored["bill"], "by_kind": 3}},
    ]
    assert history_from_store([*broken, stored, stored]) == (good,)
    assert history_from_store(None) == ()
    assert history_from_store("not a list") == ()
    assert history_from_store({"a": 1}) == ()
    assert BillRecord.from_dict({**stored, "paid_at": "2025-07-01T10:00:00+05:30"}) is not None


@pytest.mark.parametrize(("forecast", "actual"), [(-1.0, 10.0), (10.0, math.nan), (math.inf, 1.0)])
def test_incentive_refuses_costs_that_are_no_money(forecast: float, actual: float) -> None:
    with pytest.raises(ValueError, match="finite"):
        incentive(forecast, actual)


def test_a_bill_without_its_dates_is_damaged() -> None:
    stored = closed(JUNE).bill.as_dict()
    for name in ("start_date", "end_date"):
        assert Bill.from_dict({k: v for k, v in stored.items() if k != name}) is None
    assert Bill.from_dict({**stored, "end_date": 20250701}) is None
