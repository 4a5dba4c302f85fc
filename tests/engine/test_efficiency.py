"""Efficiency scores, their wording, periods and boards."""

from __future__ import annotations

import math
from datetime import date

import pytest

from custom_components.voltwise.engine.efficiency import (
    Period,
    Usage,
    board,
    hourly_usage,
    period_days,
    rank_of,
    total,
    week_start,
    wording,
)


def test_using_less_than_forecast_is_a_positive_score_with_money_saved() -> None:
    usage = hourly_usage([1.0, 2.0, 1.0], [0.5, 2.0, math.nan], [10.0, 5.0, 99.0])
    assert usage == Usage(expected_kwh=3.0, actual_kwh=2.5, expected_cost=20.0, actual_cost=15.0)
    assert usage.efficiency_pct == pytest.approx(100 / 6)
    assert usage.saved_kwh == pytest.approx(0.5)
    assert usage.saved_cost == pytest.approx(5.0)
    assert Usage(expected_kwh=2.0, actual_kwh=3.0).efficiency_pct == pytest.approx(-50.0)
    assert Usage().efficiency_pct is None  # nothing forecast: nothing to score


def test_the_seeds_wording() -> None:
    assert wording(15.5) == "saved 15.5 %"
    assert wording(-8.0) == "used 8 % more"
    assert wording(0.01) == "as forecast"
    assert wording(None) is None


def test_periods_are_local_days_weeks_from_monday_and_months() -> None:
    sunday = date(2026, 3, 1)
    assert period_days(Period.TODAY, sunday) == (sunday, sunday)
    assert period_days(Period.YESTERDAY, sunday) == (date(2026, 2, 28),) * 2
    assert period_days(Period.WEEK, sunday) == (date(2026, 2, 23), sunday)
    assert period_days(Period.MONTH, sunday) == (sunday, sunday)
    assert week_start(sunday) == date(2026, 2, 23)


def test_ranks_and_boards_share_places_on_ties() -> None:
    assert rank_of(5.0, [10.0, 5.0, -3.0]).rank == 2
    assert rank_of(5.0, [10.0, 5.0, -3.0]).total == 4
    rows = board({"A": 4.0, "B": 9.0, "C": None, "D": 4.0}, top=2)
    assert [(row.rank, row.name) for row in rows] == [(1, "B"), (2, "A")]
    assert total([Usage(1, 1, 1, 1), Usage(2, 2, 2, 2)]) == Usage(3, 3, 3, 3)
