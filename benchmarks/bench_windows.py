"""Best run windows: speed for 100 appliances, speed-up over a plain scan, and exactness.

Prints, measured in one run:
1. the time to plan best windows for 100 appliances over a 48 h, 5-minute horizon (target: at
   most 10 ms in total), both for the search alone and for full plans with cost and CO2;
2. the speed ratio of the engine's search against a straightforward pure-Python scan over the
   same instances (target: at least 50x), timed interleaved (engine, scan, engine, scan, ...;
   the median of each side) so that load from other processes on a shared machine hits both
   alike;
3. the largest cost gap between the engine's answer and the brute-force optimum over 1000 random
   instances, contiguous and split (target: 0).

Run: .venv/bin/python benchmarks/bench_windows.py [--seed N]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "engine"))

from reference import contiguous_optimum, split_optimum  # noqa: E402

from custom_components.voltwise.engine.carbon import profile_for_region  # noqa: E402
from custom_components.voltwise.engine.horizon import CarbonInput, build_horizon  # noqa: E402
from custom_components.voltwise.engine.penalty import Strategy, weights_for  # noqa: E402
from custom_components.voltwise.engine.tariff import presets  # noqa: E402
from custom_components.voltwise.engine.windows import (  # noqa: E402
    Cycle,
    RunSchedule,
    WindowRequest,
    best_contiguous,
    best_contiguous_many,
    best_split,
    find_best_windows,
    schedule_score,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
APPLIANCES = 100
REPEATS = 30


def appliances(rng: random.Random, steps: int) -> list[tuple[list[float], int, int]]:
    """(power per step, earliest, deadline) for a realistic mix of deferrable loads."""
    mix: list[tuple[list[float], int, int]] = []
    for _ in range(APPLIANCES):
        if rng.random() < 0.5:  # plain duration: water heater, EV, pump
            length = rng.randrange(6, 49)  # 30 min to 4 h
            power = [rng.choice([0.5, 1.0, 2.0, 3.3, 7.2])] * length
        else:  # a profile: washing machine, dishwasher, dryer
            phases = [rng.uniform(0.1, 2.5) for _ in range(rng.randrange(3, 9))]
            power = [value for value in phases for _ in range(rng.randrange(2, 7))]
        earliest = rng.randrange(0, steps // 4)
        deadline = rng.randrange(earliest + len(power), steps + 1)
        mix.append((power, earliest, deadline))
    return mix


def plain_scan(
    penalty: Sequence[float], power: Sequence[float], earliest: int, deadline: int
) -> int:
    """What one would write without numpy: try every start, sum every step."""
    best_start, best_cost = earliest, math.inf
    for start in range(earliest, deadline - len(power) + 1):
        cost = 0.0
        for offset, value in enumerate(power):
            cost += value * penalty[start + offset]
        if cost < best_cost:
            best_start, best_cost = start, cost
    return best_start


def timed(function: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median wall time of ``function`` in seconds."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def timed_interleaved(
    first: Callable[[], object], second: Callable[[], object], rounds: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of two functions timed alternately, round after round.

    CPU time counts only this process's work, so other processes on a shared machine barely
    move it; wall time is what a user waits.
    """
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for index, function in enumerate((first, second)):
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            cpus[index].append(time.process_time() - cpu)
            walls[index].append(time.perf_counter() - wall)
    return (
        (statistics.median(walls[0]), statistics.median(cpus[0])),
        (statistics.median(walls[1]), statistics.median(cpus[1])),
    )


def exactness(rng: random.Random, instances: int) -> tuple[float, float]:
    """Largest cost gap (engine minus brute force) for contiguous and split instances."""
    worst_contiguous = worst_split = 0.0
    values = [0.1, 0.25, 0.5, 0.7, 0.85, 1.0]
    for index in range(instances):
        steps = rng.randrange(2, 120) if index % 2 == 0 else rng.randrange(2, 13)
        penalty = [rng.choice(values) if rng.random() < 0.5 else rng.random() for _ in range(steps)]
        length = (
            rng.randrange(1, min(steps, 36) + 1)
            if index % 2 == 0
            else rng.randrange(1, min(steps, 6) + 1)
        )
        power = [
            rng.choice([1.0, 2.0]) if rng.random() < 0.5 else rng.uniform(0, 3)
            for _ in range(length)
        ]
        earliest = rng.randrange(0, steps - length + 1)
        deadline = rng.randrange(earliest + length, steps + 1)
        array = np.array(penalty)
        if index % 2 == 0:
            schedule = best_contiguous(array, power, earliest, deadline)
            gap = schedule_score(array, power, schedule) - contiguous_optimum(
                penalty, power, earliest, deadline
            )
            worst_contiguous = max(worst_contiguous, gap)
        else:
            block = rng.randrange(1, 5)
            schedule = best_split(array, power, earliest, deadline, block)
            gap = schedule_score(array, power, schedule) - split_optimum(
                penalty, power, earliest, deadline, block
            )
            worst_split = max(worst_split, gap)
    return worst_contiguous, worst_split


def main() -> None:
    """Measure and print the three figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--instances", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    now = datetime(2026, 3, 2, 18, 7, tzinfo=KOLKATA)
    tariff = presets()["india_tod_domestic"].build(8.0, "INR")
    carbon = CarbonInput(profile_for_region("IN-WE"))
    weights = weights_for(Strategy.BALANCED)

    horizon_seconds = timed(lambda: build_horizon(tariff, carbon, KOLKATA, now).penalties(weights))
    horizon = build_horizon(tariff, carbon, KOLKATA, now)
    penalty = horizon.penalties(weights)
    mix = appliances(rng, horizon.grid.steps)

    def engine_search() -> list[RunSchedule]:
        return best_contiguous_many(penalty, mix)

    step = timedelta(minutes=horizon.grid.step_minutes)
    grid_start = horizon.grid.start

    requests = [
        WindowRequest(Cycle(tuple(power)), max(grid_start + e * step, now), grid_start + d * step)
        for power, e, d in mix
    ]

    def engine_plans() -> list[object]:
        return find_best_windows(horizon, weights, requests)

    penalty_list = [float(value) for value in penalty]

    def python_scan() -> list[int]:
        return [plain_scan(penalty_list, power, e, d) for power, e, d in mix]

    # Same answers before timing anything.
    for schedule, start, (power, e, d) in zip(engine_search(), python_scan(), mix, strict=True):
        engine_cost = schedule_score(penalty, power, schedule)
        scan_cost = schedule_score(penalty, power, RunSchedule(((start, start + len(power)),)))
        if engine_cost > scan_cost + 1e-12:
            raise SystemExit(f"engine worse than the plain scan for window {e}-{d}")

    search_seconds = timed(engine_search)
    plans_seconds = timed(engine_plans)
    (engine_wall, engine_cpu), (scan_wall, scan_cpu) = timed_interleaved(
        engine_search, python_scan, rounds=15
    )
    worst_contiguous, worst_split = exactness(rng, args.instances)

    steps = horizon.grid.steps
    print(f"horizon: 48 h at {horizon.grid.step_minutes}-minute steps = {steps} steps")
    print(f"building the horizon (rates, carbon, penalty) per home: {horizon_seconds * 1e3:.2f} ms")
    print(
        f"best windows for {APPLIANCES} appliances: search {search_seconds * 1e3:.2f} ms, "
        f"full plans with cost/CO2/saving {plans_seconds * 1e3:.2f} ms (target <= 10 ms)"
    )
    print(
        f"pure-Python scan of the same {APPLIANCES} instances, timed interleaved with the engine: "
        f"wall {scan_wall * 1e3:.1f} ms vs {engine_wall * 1e3:.2f} ms, speed ratio "
        f"{scan_wall / engine_wall:.0f}x; CPU {scan_cpu * 1e3:.1f} ms vs "
        f"{engine_cpu * 1e3:.2f} ms, "
        f"speed ratio {scan_cpu / engine_cpu:.0f}x (target >= 50x)"
    )
    print(
        f"max cost gap vs brute force over {args.instances} random instances: "
        f"contiguous {worst_contiguous:.3g}, split {worst_split:.3g} (target 0)"
    )


if __name__ == "__main__":
    main()
