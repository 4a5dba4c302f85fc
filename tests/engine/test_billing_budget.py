"""Budgets: percentages, projected overrun, and alerts at 80 % and 100 % once per cycle."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.budget import (
    BudgetAlertState,
    BudgetMeasure,
    budget_alerts,
    budget_status,
)
from custom_components.voltwise.engine.errors import EngineError

JUNE, JULY = "2025-06-01", "2025-07-01"


def test_budget_used_and_projected_overrun() -> None:
    status = budget_status(3000.0, spent=1200.0, projected=3300.0)
    assert status.used_percent == pytest.approx(40)
    assert status.projected_percent == pytest.approx(110)
    assert status.projected_overrun == pytest.approx(300)
    assert budget_status(3000.0, 100.0, 2900.0).projected_overrun == 0


def test_spent_alerts_fire_once_each_even_when_the_bill_dips_and_rises_again() -> None:
    state = BudgetAlertState()
    fired: list[str] = []
    for spent in (500, 2400, 2300, 2500, 3000, 2900, 3100):
        state, alerts = budget_alerts(budget_status(3000, spent, 0), state, JUNE)
        fired += [alert.key for alert in alerts]
    assert fired == ["spent_80", "spent_100"]


def test_crossing_both_thresholds_at_once_raises_both_lowest_first() -> None:
    state, alerts = budget_alerts(budget_status(1000, 0, 1250), BudgetAlertState(), JUNE)
    assert [(alert.measure, alert.threshold_percent) for alert in alerts] == [
        (BudgetMeasure.PROJECTED, 80),
        (BudgetMeasure.PROJECTED, 100),
    ]
    assert alerts[-1].percent == pytest.approx(125)
    assert state.alerted == {"projected_80", "projected_100"}


def test_a_new_cycle_alerts_again() -> None:
    state, first = budget_alerts(budget_status(1000, 900, 900), BudgetAlertState(), JUNE)
    assert {alert.key for alert in first} == {"spent_80", "projected_80"}
    state, again = budget_alerts(budget_status(1000, 900, 900), state, JUNE)
    assert again == ()
    state, july = budget_alerts(budget_status(1000, 900, 900), state, JULY)
    assert {alert.key for alert in july} == {"spent_80", "projected_80"}
    assert state.cycle_key == JULY


def test_the_alert_state_survives_a_restart_and_garbage_starts_afresh() -> None:
    state, _ = budget_alerts(budget_status(1000, 1000, 1000), BudgetAlertState(), JUNE)
    restored = BudgetAlertState.from_dict(state.as_dict())
    assert restored == state
    assert budget_alerts(budget_status(1000, 1000, 1000), restored, JUNE)[1] == ()
    for garbage in (None, [], {"cycle_key": 5, "alerted": []}, {"cycle_key": JUNE}):
        assert BudgetAlertState.from_dict(garbage) == BudgetAlertState()
    mixed = BudgetAlertState.from_dict({"cycle_key": JUNE, "alerted": ["spent_80", 3]})
    assert mixed.alerted == {"spent_80"}


@pytest.mark.parametrize(
    ("budget", "spent", "projected"),
    [(0, 1, 1), (-5, 1, 1), (float("nan"), 1, 1), (100, -1, 1), (100, 1, float("inf"))],
)
def test_a_budget_must_be_above_zero_and_amounts_real(
    budget: float, spent: float, projected: float
) -> None:
    with pytest.raises(EngineError) as err:
        budget_status(budget, spent, projected)
    assert err.value.code == "billing_amount_invalid"


@given(
    budget=st.floats(1, 10_000),
    amounts=st.lists(
        st.tuples(st.floats(0, 20_000), st.floats(0, 20_000), st.booleans()), max_size=30
    ),
)
def test_alerts_fire_once_per_cycle_exactly_when_a_threshold_was_reached(
    budget: float, amounts: list[tuple[float, float, bool]]
) -> None:
    state = BudgetAlertState()
    cycle = 0
    fired: Counter[tuple[int, str]] = Counter()
    highest: dict[tuple[int, str], float] = {}
    for spent, projected, new_cycle in amounts:
        cycle += new_cycle
        state, alerts = budget_alerts(budget_status(budget, spent, projected), state, str(cycle))
        fired.update((cycle, alert.key) for alert in alerts)
        for measure, amount in (("spent", spent), ("projected", projected)):
            key = (cycle, measure)
            highest[key] = max(highest.get(key, 0.0), amount)
    assert all(count == 1 for count in fired.values())
    for (cycle_number, measure), amount in highest.items():
        for threshold in (80, 100):
            reached = amount >= budget * threshold / 100
            assert fired[(cycle_number, f"{measure}_{threshold}")] == int(reached)
