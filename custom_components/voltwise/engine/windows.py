"""Optimal run windows: when to run a deferrable appliance so that its total penalty is least.

A cycle is the appliance's power at every grid step of one run (constant for a plain duration,
or a profile such as a washing machine's). Two problems are solved exactly:

- contiguous: the start s in [earliest, deadline - L] minimising sum_k power[k] * penalty[s + k];
- split: the cycle's steps, in order, may pause between blocks of at least ``min_block`` steps;
  a dynamic programme over (time, steps done, current block length) finds the optimum.

Near-ties are settled by re-evaluating candidates with exactly rounded sums (math.fsum), so the
chosen window's cost equals the exhaustive optimum, not just approximately.

In time (``find_best_window``), a run lies wholly inside ``[earliest, deadline]``, to the second.
A block starts on a grid step, or at ``earliest`` itself when that falls inside a step (a load
may start at once; the block is then costed on that step and the ones after it). Every start is
at or after ``earliest``, so when a run started at ``earliest`` ends after the deadline, no run
fits: ``window_too_short``. Otherwise the step-index bounds hold exactly the runs that fit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain

import numpy as np

from .errors import EngineError
from .horizon import Horizon
from .penalty import Weights
from .timegrid import FloatArray, IntArray

# Relative slack for "equally good" candidates before exact re-evaluation.
_TIE_TOLERANCE = 1e-9
# OpenBLAS runs a matrix product on several threads above about 2**18 multiply-adds; its threads
# spin for a core, and on a busy two-core host that made the search up to 20x slower than on one
# thread. Products are cut into pieces below that size, which OpenBLAS runs on the calling thread.
_SINGLE_THREAD_PRODUCT = 2**18


@dataclass(frozen=True, slots=True)
class Cycle:
    """Power (kW) at each grid step of one run."""

    power_kw: tuple[float, ...]

    def __post_init__(self) -> None:
        """A cycle must take time and draw no negative power."""
        if not self.power_kw:
            raise EngineError("cycle_empty")
        if any(not math.isfinite(value) or value < 0 for value in self.power_kw):
            raise EngineError("cycle_negative_power")

    @property
    def steps(self) -> int:
        """Length in grid steps."""
        return len(self.power_kw)

    @classmethod
    def constant(cls, duration_minutes: float, power_w: float, step_minutes: int) -> Cycle:
        """A run of ``duration_minutes`` at ``power_w``, rounded up to whole steps."""
        if not math.isfinite(duration_minutes) or duration_minutes <= 0:
            raise EngineError("invalid_duration", value=str(duration_minutes))
        if not math.isfinite(power_w) or power_w < 0:
            raise EngineError("cycle_negative_power")
        steps = math.ceil(duration_minutes / step_minutes - 1e-9)
        return cls((power_w / 1000,) * steps)

    @classmethod
    def typical(
        cls,
        step_minutes: int,
        power_w: float,
        *,
        minutes: float | None,
        profile_kw: Sequence[float] | None,
        profile_step_minutes: float | None,
    ) -> Cycle | None:
        """An appliance's usual run: its profile, else ``minutes`` at ``power_w``, else None."""
        if profile_kw and profile_step_minutes is not None:
            return cls.from_profile(profile_kw, profile_step_minutes, step_minutes)
        if minutes:
            return cls.constant(minutes, power_w, step_minutes)
        return None

    @classmethod
    def from_profile(
        cls, profile_kw: Sequence[float], profile_step_minutes: float, step_minutes: int
    ) -> Cycle:
        """Resample a piecewise-constant power profile onto the grid, conserving energy."""
        if not profile_kw:
            raise EngineError("cycle_empty")
        if not math.isfinite(profile_step_minutes) or profile_step_minutes <= 0:
            raise EngineError("invalid_duration", value=str(profile_step_minutes))
        values = np.asarray(profile_kw, dtype=np.float64)
        if not np.all(np.isfinite(values)) or np.any(values < 0):
            raise EngineError("cycle_negative_power")
        duration = len(values) * profile_step_minutes
        steps = math.ceil(duration / step_minutes - 1e-9)
        # Cumulative energy (kW*min) at the profile's edges, sampled at the grid's edges.
        edges = np.arange(len(values) + 1) * profile_step_minutes
        energy = np.concatenate(([0.0], np.cumsum(values * profile_step_minutes)))
        grid_edges = np.minimum(np.arange(steps + 1) * step_minutes, duration)
        per_step = np.diff(np.interp(grid_edges, edges, energy)) / step_minutes
        return cls(tuple(float(value) for value in per_step))


@dataclass(frozen=True, slots=True)
class RunSchedule:
    """Which grid steps a run occupies: half-open index blocks, in order."""

    blocks: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        """First step of the run."""
        return self.blocks[0][0]

    @property
    def end(self) -> int:
        """One past the last step of the run."""
        return self.blocks[-1][1]

    def indices(self) -> list[int]:
        """Every occupied step, in order."""
        return [index for start, end in self.blocks for index in range(start, end)]


def schedule_score(values: FloatArray, power: Sequence[float], schedule: RunSchedule) -> float:
    """Exactly rounded sum of power[k] * values[t_k] over the schedule's steps."""
    return math.fsum(
        p * float(values[index]) for p, index in zip(power, schedule.indices(), strict=True)
    )


def _check_bounds(length: int, cycle_steps: int, earliest: int, deadline: int) -> None:
    if earliest < 0 or deadline > length:
        raise EngineError("window_beyond_horizon")
    if deadline - earliest < cycle_steps:
        raise EngineError("window_too_short")


def best_contiguous(
    penalty: FloatArray, power: Sequence[float], earliest: int, deadline: int
) -> RunSchedule:
    """The contiguous run in ``[earliest, deadline)`` with the least weighted penalty."""
    return best_contiguous_many(penalty, [(power, earliest, deadline)])[0]


def _exact_best_start(penalty: FloatArray, power: Sequence[float], candidates: IntArray) -> int:
    """The earliest start with the least exactly rounded score among near-equal candidates.

    Starts whose penalty windows hold the same values score the same, so each distinct window
    is summed exactly once (tariffs and carbon profiles are piecewise constant: many repeat).
    """
    length = len(power)
    distinct: dict[bytes, int] = {}
    for start in candidates.tolist():
        distinct.setdefault(penalty[start : start + length].tobytes(), start)
    return min(
        (schedule_score(penalty, power, RunSchedule(((start, start + length),))), start)
        for start in distinct.values()
    )[1]


def best_contiguous_many(
    penalty: FloatArray, jobs: Sequence[tuple[Sequence[float], int, int]]
) -> list[RunSchedule]:
    """Best contiguous runs for many loads on one penalty vector, in one matrix product.

    Each job is (power per step, earliest start index, deadline index). Every start of every
    job is scored at once (sliding windows times the stacked power profiles); starts outside a
    job's window are masked. Ties go to the earliest start. Where candidates are equal only
    within float noise, they are compared again with exactly rounded sums, once per distinct
    window.
    """
    if not jobs:
        return []
    size = len(penalty)
    length_list = [len(power) for power, _, _ in jobs]
    for (_, first, last), length in zip(jobs, length_list, strict=True):
        _check_bounds(size, length, first, last)
    lengths = np.array(length_list)
    earliest = np.array([job[1] for job in jobs])
    latest = np.array([job[2] for job in jobs]) - lengths
    longest = max(length_list)
    # Every profile padded to the longest, converted in one go (not one array per job).
    profiles = np.zeros((len(jobs), longest))
    profiles[np.arange(longest) < lengths[:, None]] = list(
        chain.from_iterable(power for power, _, _ in jobs)
    )
    padded = np.concatenate((penalty, np.zeros(longest - 1)))
    windows = np.ascontiguousarray(np.lib.stride_tricks.sliding_window_view(padded, longest))
    scores = _window_products(profiles, windows)  # scores[job, start]
    starts = np.arange(size)
    scores[(starts < earliest[:, None]) | (starts > latest[:, None])] = np.inf
    best_starts = scores.argmin(axis=1)
    best = scores[np.arange(len(jobs)), best_starts][:, None]
    near = scores <= best + _TIE_TOLERANCE * np.maximum(1.0, np.abs(best))
    uncertain = np.flatnonzero((near & (scores != best)).any(axis=1))
    for job in uncertain:
        power = jobs[job][0]
        best_starts[job] = _exact_best_start(penalty, power, np.flatnonzero(near[job]))
    return [
        RunSchedule(((start, start + length),))
        for start, length in zip(best_starts.tolist(), length_list, strict=True)
    ]


def _window_products(profiles: FloatArray, windows: FloatArray) -> FloatArray:
    """``profiles @ windows.T``, computed in pieces small enough to stay on this thread."""
    jobs_per_piece = max(1, _SINGLE_THREAD_PRODUCT // windows.size)
    products = np.empty((len(profiles), len(windows)))
    for first in range(0, len(profiles), jobs_per_piece):
        piece = slice(first, first + jobs_per_piece)
        products[piece] = profiles[piece] @ windows.T
    return products


def best_split(
    penalty: FloatArray,
    power: Sequence[float],
    earliest: int,
    deadline: int,
    min_block: int,
) -> RunSchedule:
    """The run whose steps, in order, may pause between blocks of >= ``min_block`` steps."""
    steps = len(power)
    _check_bounds(len(penalty), steps, earliest, deadline)
    if min_block < 1:
        raise EngineError("invalid_min_block", value=str(min_block))
    block = min(min_block, steps)
    values = penalty[earliest:deadline]
    weights = np.asarray(power, dtype=np.float64)
    span = len(values)
    # cost[k, c]: least cost with k steps done; c = 0 paused, 1..block running (block = ">= block").
    cost = np.full((steps + 1, block + 1), np.inf)
    cost[0, 0] = 0.0
    previous = np.zeros((span, steps + 1, block + 1), dtype=np.int16)
    for time_index in range(span):
        run = weights * values[time_index]
        new = np.full_like(cost, np.inf)
        # Pause: from "not running" or from a finished block.
        from_full = cost[:, block] < cost[:, 0]
        new[:, 0] = np.where(from_full, cost[:, block], cost[:, 0])
        previous[time_index, :, 0] = np.where(from_full, block, 0)
        # Run step k: start a block, extend it, or continue a block already long enough.
        if block == 1:
            from_running = cost[:-1, 1] < cost[:-1, 0]
            new[1:, 1] = np.where(from_running, cost[:-1, 1], cost[:-1, 0]) + run
            previous[time_index, 1:, 1] = np.where(from_running, 1, 0)
        else:
            new[1:, 1] = cost[:-1, 0] + run
            previous[time_index, 1:, 1] = 0
            for length in range(2, block):
                new[1:, length] = cost[:-1, length - 1] + run
                previous[time_index, 1:, length] = length - 1
            from_full_run = cost[:-1, block] < cost[:-1, block - 1]
            new[1:, block] = np.where(from_full_run, cost[:-1, block], cost[:-1, block - 1]) + run
            previous[time_index, 1:, block] = np.where(from_full_run, block, block - 1)
        cost = new
    # The contiguous run is always feasible, so the final cost is finite.
    end_state = block if cost[steps, block] < cost[steps, 0] else 0
    # Walk back through the choices to recover the occupied steps.
    occupied: list[int] = []
    done, state = steps, end_state
    for time_index in range(span - 1, -1, -1):
        before = int(previous[time_index, done, state])
        if state > 0:
            occupied.append(earliest + time_index)
            done -= 1
        state = before
    occupied.reverse()
    return RunSchedule(_blocks_of(occupied))


def _blocks_of(indices: list[int]) -> tuple[tuple[int, int], ...]:
    blocks: list[tuple[int, int]] = []
    for index in indices:
        if blocks and blocks[-1][1] == index:
            blocks[-1] = (blocks[-1][0], index + 1)
        else:
            blocks.append((index, index + 1))
    return tuple(blocks)


@dataclass(frozen=True, slots=True)
class WindowPlan:
    """The best run found, with what it costs and saves against starting at the earliest start."""

    start: datetime
    end: datetime
    blocks: tuple[tuple[datetime, datetime], ...]
    penalty: float
    energy_kwh: float
    cost: float
    co2_kg: float
    cost_now: float
    co2_now_kg: float

    @property
    def saving(self) -> float:
        """Money saved against running at the earliest start."""
        return self.cost_now - self.cost

    @property
    def co2_saving_kg(self) -> float:
        """Carbon avoided against running at the earliest start."""
        return self.co2_now_kg - self.co2_kg


@dataclass(frozen=True, slots=True)
class WindowRequest:
    """One load to plan: its cycle, when it may start and when it must be done."""

    cycle: Cycle
    earliest: datetime
    deadline: datetime
    min_block_minutes: float | None = None


def find_best_window(
    horizon: Horizon,
    weights: Weights,
    cycle: Cycle,
    earliest: datetime,
    deadline: datetime,
    *,
    min_block_minutes: float | None = None,
) -> WindowPlan:
    """Plan ``cycle`` between ``earliest`` and ``deadline`` on ``horizon`` with ``weights``.

    ``min_block_minutes`` set means the load may pause between blocks at least that long.
    """
    request = WindowRequest(cycle, earliest, deadline, min_block_minutes)
    return find_best_windows(horizon, weights, [request])[0]


def find_best_windows(
    horizon: Horizon, weights: Weights, requests: Sequence[WindowRequest]
) -> list[WindowPlan]:
    """Plan many loads on one horizon; contiguous ones share one matrix product."""
    grid = horizon.grid
    penalty = horizon.penalties(weights)
    bounds = [_index_bounds(horizon, request) for request in requests]
    contiguous = [
        position for position, request in enumerate(requests) if request.min_block_minutes is None
    ]
    found = best_contiguous_many(
        penalty, [(requests[i].cycle.power_kw, *bounds[i]) for i in contiguous]
    )
    schedules: dict[int, RunSchedule] = dict(zip(contiguous, found, strict=True))
    for position, request in enumerate(requests):
        minutes = request.min_block_minutes
        if minutes is None:
            continue
        if not math.isfinite(minutes) or minutes <= 0:
            raise EngineError("invalid_min_block", value=f"{minutes:g}")
        block_steps = math.ceil(minutes / grid.step_minutes - 1e-9)
        schedules[position] = best_split(
            penalty, request.cycle.power_kw, *bounds[position], block_steps
        )
    return [
        _plan(horizon, penalty, request, bounds[position][0], schedules[position])
        for position, request in enumerate(requests)
    ]


def _index_bounds(horizon: Horizon, request: WindowRequest) -> tuple[int, int]:
    """Grid indices of a request's earliest start (its step) and deadline (steps before it).

    Checked in time, not in whole steps: a run started at ``earliest`` (inside its step) must
    end by the deadline, else the steps would let it run past the deadline.
    """
    if request.deadline <= request.earliest:
        raise EngineError("deadline_before_start")
    grid = horizon.grid
    first = grid.index_of(request.earliest)
    last = grid.index_of(request.deadline)
    if first < 0 or last > grid.steps:
        raise EngineError("window_beyond_horizon")
    length = timedelta(minutes=grid.step_minutes * request.cycle.steps)
    if request.earliest + length > request.deadline:
        raise EngineError("window_too_short")
    return first, last


def _plan(
    horizon: Horizon,
    penalty: FloatArray,
    request: WindowRequest,
    first: int,
    schedule: RunSchedule,
) -> WindowPlan:
    """Times, cost, CO2 and savings of a schedule (savings against starting at once)."""
    grid = horizon.grid
    power = np.asarray(request.cycle.power_kw)
    energy = power * (grid.step_minutes / 60)
    occupied = np.asarray(schedule.indices())
    at_once = np.arange(first, first + len(power))
    # Starting in the step that contains ``earliest`` means starting at ``earliest`` itself.
    lead = max(request.earliest - grid.at(first), timedelta(0))
    blocks = tuple(
        (
            grid.at(start) + (lead if start == first else timedelta(0)),
            grid.at(end) + (lead if start == first else timedelta(0)),
        )
        for start, end in schedule.blocks
    )
    return WindowPlan(
        start=blocks[0][0],
        end=blocks[-1][1],
        blocks=blocks,
        penalty=float(power @ penalty[occupied]),
        energy_kwh=float(energy.sum()),
        cost=float(energy @ horizon.rates[occupied]),
        co2_kg=float(energy @ horizon.intensities[occupied]) / 1000,
        cost_now=float(energy @ horizon.rates[at_once]),
        co2_now_kg=float(energy @ horizon.intensities[at_once]) / 1000,
    )
