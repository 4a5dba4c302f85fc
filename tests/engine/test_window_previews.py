"""A run at a start the user picks, and the next cheaper start: priced like the best window."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.penalty import Strategy, weights_for
from custom_components.voltwise.engine.window_previews import next_cheaper, run_at
from custom_components.voltwise.engine.windows import Cycle, find_best_window

from .test_windows import KOLKATA, home_horizon, random_horizon


def test_a_picked_start_is_priced_at_the_rates_it_runs_through() -> None:
    now = datetime(2026, 3, 2, 18, 0, tzinfo=KOLKATA)  # the evening peak (8.8) begins
    horizon = home_horizon(now)
    cycle = Cycle.constant(120, 2000, 5)
    # 21:00-23:00: an hour of peak, an hour at the normal rate.
    run = run_at(horizon, cycle, datetime(2026, 3, 2, 21, 0, tzinfo=KOLKATA))
    assert run.end - run.start == timedelta(hours=2)
    assert run.cost == pytest.approx(2 * 8.8 + 2 * 8.0)
    assert run.co2_kg > 0
    # Inside a step, the run is costed on that step and the ones after (as "now" is).
    inside = run_at(horizon, cycle, datetime(2026, 3, 2, 21, 2, 30, tzinfo=KOLKATA))
    assert inside.start == datetime(2026, 3, 2, 21, 2, 30, tzinfo=KOLKATA)
    assert inside.cost == pytest.approx(run.cost)


def test_a_start_whose_run_leaves_the_horizon_is_refused() -> None:
    now = datetime(2026, 3, 2, 18, 0, tzinfo=KOLKATA)
    horizon = home_horizon(now)
    with pytest.raises(EngineError) as err:
        run_at(horizon, Cycle.constant(120, 2000, 5), horizon.grid.end - timedelta(hours=1))
    assert err.value.code == "start_beyond_horizon"
    assert err.value.placeholders == {"hours": "48"}
    with pytest.raises(EngineError):
        run_at(horizon, Cycle.constant(120, 2000, 5), now - timedelta(hours=1))


def test_the_next_cheaper_start_is_the_peaks_end_not_the_best_window() -> None:
    now = datetime(2026, 3, 2, 18, 0, tzinfo=KOLKATA)
    horizon = home_horizon(now)
    cycle = Cycle.constant(120, 2000, 5)
    deadline = now + timedelta(hours=24)
    cheaper = next_cheaper(horizon, cycle, now, deadline)
    assert cheaper is not None
    assert cheaper.start == datetime(2026, 3, 2, 22, 0, tzinfo=KOLKATA)
    assert cheaper.cost == pytest.approx(4 * 8.0)
    best = find_best_window(horizon, weights_for(Strategy.MAX_SAVINGS), cycle, now, deadline)
    assert best.start.astimezone(KOLKATA).hour == 9  # the very best is the next morning
    assert best.cost < cheaper.cost < best.cost_now


def test_no_later_start_is_cheaper_in_the_cheapest_slot() -> None:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=KOLKATA)  # solar hours, the cheapest rate
    horizon = home_horizon(now)
    cycle = Cycle.constant(60, 1000, 5)
    assert next_cheaper(horizon, cycle, now, now + timedelta(hours=6)) is None
    # A deadline that leaves no later start.
    assert next_cheaper(horizon, cycle, now, now + timedelta(minutes=62)) is None


def test_the_next_cheaper_start_may_be_tomorrows_cheap_slot() -> None:
    now = datetime(2026, 3, 2, 16, 0, tzinfo=KOLKATA)  # 16-17 solar, 17-18 normal
    horizon = home_horizon(now)
    cheaper = next_cheaper(horizon, Cycle.constant(120, 2000, 5), now, now + timedelta(hours=24))
    assert cheaper is not None
    assert cheaper.start == datetime(2026, 3, 3, 9, 0, tzinfo=KOLKATA)


@settings(max_examples=150, deadline=None)
@given(
    rates=st.lists(st.sampled_from([4.0, 6.8, 8.0, 8.8, 11.0]), min_size=4, max_size=40),
    powers=st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=5),
    offset=st.integers(0, 3),
)
def test_the_next_cheaper_start_is_the_first_rate_change_that_costs_less(
    rates: list[float], powers: list[float], offset: int
) -> None:
    horizon = random_horizon(15, [(rate, 500.0) for rate in rates])
    cycle = Cycle(tuple(powers))
    grid = horizon.grid
    earliest = grid.at(0) + timedelta(minutes=offset)
    deadline = grid.end
    if cycle.steps > grid.steps:
        return
    at_once = run_at(horizon, cycle, earliest).cost

    def cost(start: int) -> float:
        return math.fsum(power * 0.25 * rates[start + k] for k, power in enumerate(cycle.power_kw))

    expected = next(
        (
            start
            for start in range(1, grid.steps - cycle.steps + 1)
            if rates[start] != rates[start - 1]
            and cost(start) < at_once - 1e-9 * max(1.0, abs(at_once))
        ),
        None,
    )
    found = next_cheaper(horizon, cycle, earliest, deadline)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found.start == grid.at(expected)
        assert found.cost == pytest.approx(cost(expected))
