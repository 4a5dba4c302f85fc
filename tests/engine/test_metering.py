"""Energy, cost and CO2 accounting from meter readings, including meters that misbehave."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.metering import (
    MeterReading,
    MeterState,
    Price,
    advance,
    next_local_midnight,
    start_of_local_day,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)  # 10:00 in Kolkata
PRICE = Price(rate=8.0, intensity=700.0)
MAX_W = 3680.0


def feed(
    readings: list[MeterReading],
    *,
    has_counter: bool,
    price: Price = PRICE,
    tz: ZoneInfo = KOLKATA,
    state: MeterState | None = None,
) -> MeterState:
    state = state or MeterState()
    for reading in readings:
        state = advance(state, reading, price, tz, max_power_w=MAX_W, has_counter=has_counter)
    return state


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_power_is_integrated_when_there_is_no_counter() -> None:
    state = feed(
        [
            MeterReading(at(0), power_w=1000),
            MeterReading(at(30), power_w=2000),
            MeterReading(at(60)),
        ],
        has_counter=False,
    )
    assert state.total_kwh == pytest.approx(0.5 + 1.0)
    assert state.today_kwh == pytest.approx(1.5)
    assert state.today_cost == pytest.approx(1.5 * 8.0)
    assert state.today_co2_kg == pytest.approx(1.5 * 0.7)


def test_counter_and_power_in_separate_messages_are_not_counted_twice() -> None:
    # An MQTT node sends power and energy on separate topics, interleaved.
    readings = []
    for minute in range(0, 61, 5):
        readings.append(MeterReading(at(minute), power_w=1200))
        readings.append(MeterReading(at(minute + 1), counter_kwh=10 + minute * 0.02))
    state = feed(readings, has_counter=True)
    # The first counter reading is a baseline (plus the power held for a minute before it).
    assert state.total_kwh == pytest.approx(0.02 + 60 * 0.02)
    assert state.counter_resets == 0


def test_a_counter_that_goes_backwards_is_bridged_with_power() -> None:
    readings = [
        MeterReading(at(0), power_w=600, counter_kwh=5.0),
        MeterReading(at(30), power_w=600, counter_kwh=5.3),
        MeterReading(at(60), power_w=600, counter_kwh=0.01),  # the plug rebooted
        MeterReading(at(90), power_w=600, counter_kwh=0.31),
    ]
    state = feed(readings, has_counter=True)
    assert state.counter_resets == 1
    assert state.total_kwh == pytest.approx(0.3 + 0.3 + 0.3)  # the reset half hour from 600 W


def test_an_impossible_counter_jump_is_not_believed() -> None:
    readings = [
        MeterReading(at(0), power_w=100, counter_kwh=1.0),
        MeterReading(at(10), power_w=100, counter_kwh=500.0),  # 499 kWh in 10 minutes
    ]
    state = feed(readings, has_counter=True)
    assert state.counter_jumps == 1
    assert state.total_kwh == pytest.approx(100 * 10 / 60 / 1000)


def test_out_of_order_readings_change_nothing() -> None:
    state = feed(
        [MeterReading(at(0), power_w=1000), MeterReading(at(60), power_w=0)], has_counter=False
    )
    assert feed([MeterReading(at(30), power_w=5000)], has_counter=False, state=state) == state


def test_today_restarts_at_local_midnight_with_only_the_part_after_it() -> None:
    # 23:30 to 00:30 Kolkata at 1 kW: half an hour belongs to each day.
    before = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    state = feed(
        [
            MeterReading(before, power_w=1000),
            MeterReading(before + timedelta(hours=1), power_w=1000),
        ],
        has_counter=False,
    )
    assert state.day.isoformat() == "2026-03-03"
    assert state.total_kwh == pytest.approx(1.0)
    assert state.today_kwh == pytest.approx(0.5)
    assert state.today_cost == pytest.approx(0.5 * 8.0)


def test_a_tick_at_midnight_closes_the_day_exactly() -> None:
    midnight = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)  # 00:00 Kolkata
    state = feed(
        [MeterReading(midnight - timedelta(hours=2), power_w=500), MeterReading(midnight)],
        has_counter=False,
    )
    assert state.total_kwh == pytest.approx(1.0)
    assert state.today_kwh == 0.0
    state = feed([MeterReading(midnight + timedelta(hours=1))], has_counter=False, state=state)
    assert state.today_kwh == pytest.approx(0.5)


def test_local_day_bounds_follow_dst() -> None:
    # Berlin springs forward on 2026-03-29: that day is 23 hours long.
    noon = datetime(2026, 3, 29, 11, 0, tzinfo=UTC)
    start, end = start_of_local_day(noon, BERLIN), next_local_midnight(noon, BERLIN)
    assert end - start == timedelta(hours=23)
    assert start.astimezone(UTC) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)


def test_round_trip_and_broken_records() -> None:
    state = feed(
        [MeterReading(at(0), power_w=700, counter_kwh=3.0), MeterReading(at(10), counter_kwh=3.1)],
        has_counter=True,
    )
    assert MeterState.from_dict(state.as_dict()) == state
    assert MeterState.from_dict({"total_kwh": "lots"}) == MeterState()
    assert MeterState.from_dict({"last_at": "2026-03-02T10:00:00"}) == MeterState()  # naive


def test_a_damaged_record_loses_only_the_fields_that_cannot_be_read() -> None:
    good = feed(
        [MeterReading(at(0), power_w=700, counter_kwh=3.0), MeterReading(at(60), counter_kwh=3.7)],
        has_counter=True,
    ).as_dict()
    damaged = {
        **good,
        "today_cost": None,  # what an infinite cost became in the JSON file
        "today_co2_kg": float("inf"),
        "last_power_w": float("nan"),
        "counter_jumps": "many",
        "last_counter_at": "2026-03-02T10:00:00",  # naive
    }
    state, unreadable = MeterState.restore(damaged)
    assert unreadable == (
        "today_cost",
        "today_co2_kg",
        "last_power_w",
        "last_counter_at",
        "counter_jumps",
    )
    assert state.total_kwh == pytest.approx(0.7)
    assert state.today_kwh == pytest.approx(0.7)
    assert (state.today_cost, state.today_co2_kg) == (0.0, 0.0)
    assert state.last_counter_kwh == 3.7
    assert (state.last_power_w, state.last_counter_at, state.counter_jumps) == (None, None, 0)
    assert MeterState.restore(good) == (MeterState.from_dict(good), ())
    assert MeterState.restore({}) == (MeterState(), ())  # a new appliance: nothing missing
    assert MeterState.restore({"total_kwh": -3})[1] == ("total_kwh",)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0])
def test_readings_that_cannot_be_true_change_no_total(bad: float) -> None:
    """The runtime's gate drops them first; the meter refuses them anyway."""
    state = feed(
        [
            MeterReading(at(0), power_w=1000, counter_kwh=5.0),
            MeterReading(at(30), power_w=bad),
            MeterReading(at(60), power_w=1000, counter_kwh=bad),
            MeterReading(at(90)),
        ],
        has_counter=False,
    )
    assert state.total_kwh == pytest.approx(1.5)
    counted = feed(
        [
            MeterReading(at(0), power_w=1000, counter_kwh=5.0),
            MeterReading(at(30), counter_kwh=bad),
            MeterReading(at(60), counter_kwh=6.0),
        ],
        has_counter=True,
    )
    assert counted.total_kwh == pytest.approx(1.0)
    assert counted.counter_resets == counted.counter_jumps == 0


def test_a_price_that_overflows_leaves_the_money_total_as_it_was() -> None:
    state = feed(
        [MeterReading(at(0), power_w=1000), MeterReading(at(60))],
        has_counter=False,
        price=Price(rate=1e308, intensity=1e308),
    )
    assert state.total_kwh == pytest.approx(1.0)
    state = feed([MeterReading(at(120))], has_counter=False, price=Price(1e308, 1e308), state=state)
    assert math.isfinite(state.today_cost)
    assert math.isfinite(state.today_co2_kg)
    assert state.today_kwh == pytest.approx(2.0)


readings_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3 * 3600),  # seconds after the previous reading
        st.one_of(st.none(), st.floats(min_value=0, max_value=MAX_W)),
        st.one_of(st.none(), st.floats(min_value=-5, max_value=5)),  # counter change, may reset
    ),
    max_size=40,
)


@given(readings_strategy, st.booleans())
def test_totals_never_decrease_and_stay_finite(
    steps: list[tuple[int, float | None, float | None]], has_counter: bool
) -> None:
    state, when, counter = MeterState(), T0, 100.0
    for seconds, power, change in steps:
        when += timedelta(seconds=seconds)
        reading_counter = None
        if change is not None:
            counter = max(0.0, counter + change)
            reading_counter = counter
        before = state
        state = advance(
            state,
            MeterReading(when, power_w=power, counter_kwh=reading_counter),
            PRICE,
            KOLKATA,
            max_power_w=MAX_W,
            has_counter=has_counter,
        )
        assert state.total_kwh >= before.total_kwh
        assert 0 <= state.today_kwh <= state.total_kwh + 1e-9
        assert state.today_cost == pytest.approx(state.today_kwh * PRICE.rate)


@given(st.lists(st.floats(min_value=0, max_value=0.1), min_size=1, max_size=30))
def test_a_well_behaved_counter_is_the_truth(increments: list[float]) -> None:
    """Without resets or jumps, energy is exactly the counter's increase."""
    readings, counter = [MeterReading(at(0), power_w=2000, counter_kwh=50.0)], 50.0
    for index, increment in enumerate(increments, start=1):
        counter += increment
        readings.append(MeterReading(at(index), power_w=2000, counter_kwh=counter))
    state = feed(readings, has_counter=True)
    assert state.total_kwh == pytest.approx(counter - 50.0, abs=1e-9)
