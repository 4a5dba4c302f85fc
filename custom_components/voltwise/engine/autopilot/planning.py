"""Where a delayed start should resume: the best start before the latest finish, for all at once.

Every delayed appliance (and every one that might be delayed now) is planned in one matrix
product on the strategy's per-step run scores (``Horizon.run_scores``, proportional to cost and
CO2 across days, unlike the penalty; ``windows.best_contiguous_many``). A planned start only moves
when the latest forecast makes another start strictly better (exactly rounded sums), so repeated
decisions on the same inputs keep the same start.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from ..horizon import Horizon
from ..timegrid import FloatArray
from ..windows import RunSchedule, best_contiguous_many, schedule_score
from .model import ResumeWindow

# "Strictly better" means better by more than float noise.
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """One run to place: its power per step, latest finish and the start planned so far."""

    appliance_id: str
    power_kw: tuple[float, ...]
    finish_by: datetime
    current_start: datetime | None = None


@dataclass(frozen=True, slots=True)
class PlannedStart:
    """The best start found (steps ``start``-``end``); ``now``: the run should start at once.

    ``gain`` is the share of the run's score (cost, CO2 or the strategy's blend) that the best
    start saves against starting now (0 when now is best).
    """

    horizon: Horizon
    start: int
    end: int
    finish_by: datetime
    now: bool
    better_than_current: bool
    gain: float = 0.0

    @property
    def window(self) -> ResumeWindow:
        """The planned run as instants (built only when a plan is used)."""
        grid = self.horizon.grid
        return ResumeWindow(grid.at(self.start), grid.at(self.end), self.finish_by)


def plan_starts(
    horizon: Horizon,
    scores: FloatArray,
    first: int,
    requests: Sequence[PlanRequest],
) -> dict[str, PlannedStart | None]:
    """The best start of each request from step ``first`` on; None when no run fits any more.

    ``scores`` is the value of running at each step of the horizon (lower is better).
    """
    grid = horizon.grid
    feasible: list[tuple[PlanRequest, int]] = []
    result: dict[str, PlannedStart | None] = {}
    for request in requests:
        deadline = min(grid.index_of(request.finish_by), grid.steps)
        if deadline - first >= len(request.power_kw):
            feasible.append((request, deadline))
        else:
            result[request.appliance_id] = None
    if not feasible:
        return result
    # Only the steps up to the latest deadline matter: plan on that slice, from ``first``.
    span = scores[first : max(deadline for _, deadline in feasible)]
    # Appliances of one kind delayed together share a cycle and a deadline: plan each once.
    jobs = list(
        dict.fromkeys((request.power_kw, deadline - first) for request, deadline in feasible)
    )
    found = dict(
        zip(jobs, best_contiguous_many(span, [(power, 0, end) for power, end in jobs]), strict=True)
    )
    for request, deadline in feasible:
        schedule = found[request.power_kw, deadline - first]
        start = schedule.start + first
        result[request.appliance_id] = PlannedStart(
            horizon=horizon,
            start=start,
            end=schedule.end + first,
            finish_by=request.finish_by,
            now=start == first,
            # Only a run not yet delayed compares with starting now.
            gain=(
                _gain(span, request.power_kw, schedule.start)
                if request.current_start is None
                else 0.0
            ),
            better_than_current=_better(
                span, request, schedule, horizon=horizon, first=first, deadline=deadline
            ),
        )
    return result


def _gain(span: FloatArray, power: tuple[float, ...], best: int) -> float:
    """The share of starting now's score that starting at ``best`` saves (0 if now is best)."""
    if best == 0:
        return 0.0
    weights = np.asarray(power)
    now = float(span[: len(power)] @ weights)
    later = float(span[best : best + len(power)] @ weights)
    return (now - later) / now if now > 0 else 0.0


def _better(
    span: FloatArray,
    request: PlanRequest,
    best: RunSchedule,
    *,
    horizon: Horizon,
    first: int,
    deadline: int,
) -> bool:
    """Whether ``best`` (on ``span``, from step ``first``) beats the start planned so far.

    Always, if that start no longer fits; never, if it is the same start.
    """
    if request.current_start is None:
        return True
    current = horizon.grid.index_of(request.current_start) - first
    length = len(request.power_kw)
    if current < 0 or current + first + length > deadline:
        return True
    if current == best.start:
        return False
    old = schedule_score(span, request.power_kw, RunSchedule(((current, current + length),)))
    new = schedule_score(span, request.power_kw, best)
    return new < old - _TOLERANCE * max(1.0, math.fabs(old))
