"""Prepaid balance: use at the rate in force plus duty, top-ups, low and exhausted alerts."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.prepaid import (
    PrepaidAlertKind,
    PrepaidState,
    average_daily_cost,
    consume,
    consumption_charge,
    low_balance_threshold,
    prepaid_alerts,
    run_out_at,
    set_balance,
    top_up,
)
from custom_components.voltwise.engine.errors import EngineError

NOW = datetime(2025, 6, 10, 6, tzinfo=UTC)
DAILY = 80.0  # the home's average daily cost
THRESHOLD = 240.0  # three days of it


def alerts_for(state: PrepaidState) -> tuple[PrepaidState, list[PrepaidAlertKind]]:
    state, alerts = prepaid_alerts(state, THRESHOLD, NOW, DAILY)
    return state, [alert.kind for alert in alerts]


def test_each_kwh_costs_the_rate_in_force_plus_duty() -> None:
    assert consumption_charge(2.0, 8.8, 16.0) == pytest.approx(2 * 8.8 * 1.16)
    state = consume(PrepaidState(balance=500.0), consumption_charge(10, 8.0, 5.0))
    assert state.balance == pytest.approx(500 - 84)
    with pytest.raises(ValueError, match="finite"):
        consumption_charge(-1, 8.0, 0)
    with pytest.raises(ValueError, match="not a use"):
        consume(state, math.nan)


def test_the_default_threshold_is_three_days_of_average_use() -> None:
    average = average_daily_cost([70.0, 90.0, math.nan, -3.0, 80.0])
    assert average == pytest.approx(80.0)
    assert low_balance_threshold(average) == pytest.approx(240.0)
    assert low_balance_threshold(average, days=5) == pytest.approx(400.0)
    assert low_balance_threshold(average, amount=150.0) == 150.0
    assert low_balance_threshold(None) is None  # no history yet
    assert average_daily_cost([]) is None
    with pytest.raises(EngineError) as err:
        low_balance_threshold(average, days=-1)
    assert err.value.code == "billing_days_invalid"


def test_the_expected_run_out_follows_the_average_use() -> None:
    assert run_out_at(240.0, 80.0, NOW) == NOW + timedelta(days=3)
    assert run_out_at(0.0, 80.0, NOW) == NOW
    assert run_out_at(-5.0, None, NOW) == NOW
    assert run_out_at(100.0, 0.0, NOW) is None
    assert run_out_at(100.0, None, NOW) is None
    assert run_out_at(1e12, 1e-6, NOW) is None  # never, in any sense worth showing


def test_low_alert_once_until_topped_up_above_the_threshold() -> None:
    state = PrepaidState(balance=300.0)
    state, kinds = alerts_for(state)
    assert kinds == []
    state, kinds = alerts_for(consume(state, 70.0))  # 230: low
    assert kinds == [PrepaidAlertKind.LOW]
    state, kinds = alerts_for(consume(state, 30.0))  # 200: still low, already said
    assert kinds == []
    state, kinds = alerts_for(top_up(state, 20.0, NOW))  # 220: a top-up, but still low
    assert kinds == []
    state, kinds = alerts_for(consume(state, 10.0))
    assert kinds == []
    state, kinds = alerts_for(top_up(state, 500.0, NOW))  # 710: re-armed
    assert kinds == []
    state, kinds = alerts_for(consume(state, 480.0))  # 230: low again
    assert kinds == [PrepaidAlertKind.LOW]


def test_low_alert_carries_the_balance_threshold_and_run_out() -> None:
    _, alerts = prepaid_alerts(PrepaidState(balance=160.0), THRESHOLD, NOW, DAILY)
    (alert,) = alerts
    assert (alert.balance, alert.threshold) == (160.0, THRESHOLD)
    assert alert.run_out_at == NOW + timedelta(days=2)


def test_exhausted_alert_once_and_not_low_as_well() -> None:
    state = PrepaidState(balance=300.0)
    state, kinds = alerts_for(consume(state, 301.0))  # straight past the threshold to zero
    assert kinds == [PrepaidAlertKind.EXHAUSTED]
    state, kinds = alerts_for(consume(state, 5.0))  # arrears grow: nothing new
    assert kinds == []
    assert state.balance == pytest.approx(-6.0)
    state, kinds = alerts_for(top_up(state, 100.0, NOW))  # 94: above zero, still low
    assert kinds == []
    state, kinds = alerts_for(consume(state, 94.0))  # exhausted again after a top-up
    assert kinds == [PrepaidAlertKind.EXHAUSTED]


def test_without_a_threshold_only_exhaustion_is_alerted() -> None:
    state, alerts = prepaid_alerts(PrepaidState(balance=1.0), None, NOW, None)
    assert alerts == ()
    state, alerts = prepaid_alerts(consume(state, 1.0), None, NOW, None)
    assert [alert.kind for alert in alerts] == [PrepaidAlertKind.EXHAUSTED]
    assert alerts[0].run_out_at == NOW


def test_entering_the_meters_balance_counts_as_a_top_up() -> None:
    state, kinds = alerts_for(PrepaidState(balance=100.0))
    assert kinds == [PrepaidAlertKind.LOW]
    state = set_balance(state, 1000.0, NOW)
    state, kinds = alerts_for(state)
    state, kinds = alerts_for(consume(state, 800.0))
    assert kinds == [PrepaidAlertKind.LOW]
    assert state.last_top_up_at == NOW


@pytest.mark.parametrize("amount", [0, -10, math.nan, math.inf, "100", True, 2e9])
def test_a_top_up_must_be_a_real_amount_above_zero(amount: Any) -> None:
    with pytest.raises(EngineError) as err:
        top_up(PrepaidState(), amount, NOW)
    assert err.value.code == "billing_amount_invalid"


def test_the_balance_survives_a_restart() -> None:
    state, _ = alerts_for(consume(top_up(PrepaidState(), 300.0, NOW), 100.0))
    restored = PrepaidState.from_dict(state.as_dict())
    assert restored == state
    assert alerts_for(restored)[1] == []  # the low alert is not repeated after the restart


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        [],
        {},
        {"balance": "5", "top_ups": 0},
        {"balance": math.nan, "top_ups": 0},
        {"balance": True, "top_ups": 0},
        {"balance": 5.0, "top_ups": -1},
        {"balance": 5.0, "top_ups": 1.5},
        {"balance": 5.0, "top_ups": 1, "low_alerted_at_top_up": "1"},
        {"balance": 5.0, "top_ups": 1, "last_top_up_at": "yesterday"},
        {"balance": 5.0, "top_ups": 1, "last_top_up_at": "2025-06-10T06:00:00"},
        {"balance": 5.0, "top_ups": 1, "last_top_up_at": 17},
    ],
)
def test_a_damaged_balance_record_is_not_trusted(garbage: Any) -> None:
    assert PrepaidState.from_dict(garbage) is None


events = st.lists(
    st.one_of(
        st.tuples(st.just("use"), st.floats(0, 500)),
        st.tuples(st.just("top_up"), st.floats(1, 2000)),
        st.tuples(st.just("check"), st.floats(0, 1000)),  # with a changing threshold
    ),
    max_size=40,
)


@given(start=st.floats(-100, 2000), events=events)
def test_the_balance_never_rises_without_a_top_up_and_alerts_never_repeat_unarmed(
    start: float, events: list[tuple[str, float]]
) -> None:
    state = PrepaidState(balance=start)
    low_since_top_up = exhausted_since_top_up = 0
    for kind, value in events:
        before = state.balance
        if kind == "use":
            state = consume(state, value)
            assert state.balance <= before
        elif kind == "top_up":
            state = top_up(state, value, NOW)
            low_since_top_up = exhausted_since_top_up = 0
        else:
            state, alerts = prepaid_alerts(state, value, NOW, DAILY)
            assert state.balance == before
            for alert in alerts:
                if alert.kind is PrepaidAlertKind.LOW:
                    low_since_top_up += 1
                    assert 0 < alert.balance <= value
                else:
                    exhausted_since_top_up += 1
                    assert alert.balance <= 0
            # Without a top-up in between, neither alert fires twice.
            assert low_since_top_up <= 1
            assert exhausted_since_top_up <= 1
