"""Previews beside the best window: a run at a start the user picks, and the next cheaper start.

Source document 000's schedule picker shows "run now", "cheapest" and "next cheaper" with the
cost of each, and prices any time the user picks. The best window comes from ``windows.py``;
these price one contiguous run at a given start on the same horizon, and find the first tariff
change after the earliest start from which the run costs less than starting at once (so the
user need not wait for the very best window to save).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .errors import EngineError
from .horizon import Horizon
from .windows import Cycle

# A start is cheaper only by more than float noise (relative to the cost at once).
_CHEAPER_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class RunCost:
    """One contiguous run: when, and what it costs in money and carbon."""

    start: datetime
    end: datetime
    cost: float
    co2_kg: float


def _energy(horizon: Horizon, cycle: Cycle) -> np.ndarray:
    return np.asarray(cycle.power_kw, dtype=np.float64) * (horizon.grid.step_minutes / 60)


def run_at(horizon: Horizon, cycle: Cycle, start: datetime) -> RunCost:
    """The run started at ``start`` (inside a step: costed on that step and the ones after)."""
    grid = horizon.grid
    first = grid.index_of(start)
    if first < 0 or first + cycle.steps > grid.steps:
        hours = grid.steps * grid.step_minutes // 60
        raise EngineError("start_beyond_horizon", hours=str(hours))
    energy = _energy(horizon, cycle)
    steps = np.arange(first, first + cycle.steps)
    return RunCost(
        start=start,
        end=start + timedelta(minutes=grid.step_minutes * cycle.steps),
        cost=float(energy @ horizon.rates[steps]),
        co2_kg=float(energy @ horizon.intensities[steps]) / 1000,
    )


def next_cheaper(
    horizon: Horizon, cycle: Cycle, earliest: datetime, deadline: datetime
) -> RunCost | None:
    """The first later start, at a change of the tariff rate, that costs less than at once.

    Only starts where the rate changes are candidates: the picker's "next cheaper" is the next
    slot worth waiting for (a peak's end), not a start a few minutes later whose run merely
    reaches a little further into that slot. Runs end by ``deadline``; None when no later
    start is cheaper.
    """
    grid = horizon.grid
    at_once = run_at(horizon, cycle, earliest)
    first = grid.index_of(earliest) + 1
    last = min(grid.index_of(deadline), grid.steps)  # runs end by the step holding the deadline
    if first + cycle.steps > last:
        return None
    energy = _energy(horizon, cycle)
    rates = horizon.rates
    # costs[i]: the run starting at step first + i.
    costs = np.correlate(rates[first:last], energy, mode="valid")
    changes = rates[first : first + len(costs)] != rates[first - 1 : first - 1 + len(costs)]
    margin = _CHEAPER_TOLERANCE * max(1.0, abs(at_once.cost))
    cheaper = np.flatnonzero(changes & (costs < at_once.cost - margin))
    if not len(cheaper):
        return None
    return run_at(horizon, cycle, grid.at(first + int(cheaper[0])))
