"""Optimal run windows equal the exhaustive optimum; plans report cost, CO2 and savings."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.carbon import profile_for_region
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.horizon import CarbonInput, Horizon, build_horizon
from custom_components.voltwise.engine.penalty import Strategy, weights_for
from custom_components.voltwise.engine.tariff import presets
from custom_components.voltwise.engine.timegrid import TimeGrid
from custom_components.voltwise.engine.windows import (
    Cycle,
    RunSchedule,
    best_contiguous,
    best_contiguous_many,
    best_split,
    find_best_window,
    schedule_score,
)

from .reference import blocks_ok, contiguous_optimum, split_optimum, window_optimum

KOLKATA = ZoneInfo("Asia/Kolkata")

penalties = st.lists(
    st.sampled_from([0.1, 0.25, 0.3, 0.5, 0.55, 0.7, 0.85, 1.0]) | st.floats(0, 1, allow_nan=False),
    min_size=1,
    max_size=60,
)


@st.composite
def contiguous_instances(draw: st.DrawFn) -> tuple[list[float], list[float], int, int]:
    penalty = draw(penalties)
    steps = draw(st.integers(1, len(penalty)))
    power = draw(
        st.lists(
            st.sampled_from([0.5, 1.0, 2.0]) | st.floats(0, 3, allow_nan=False),
            min_size=steps,
            max_size=steps,
        )
    )
    earliest = draw(st.integers(0, len(penalty) - steps))
    deadline = draw(st.integers(earliest + steps, len(penalty)))
    return penalty, power, earliest, deadline


@given(contiguous_instances())
def test_contiguous_window_equals_the_exhaustive_optimum(
    instance: tuple[list[float], list[float], int, int],
) -> None:
    penalty, power, earliest, deadline = instance
    schedule = best_contiguous(np.array(penalty), power, earliest, deadline)
    assert earliest <= schedule.start
    assert schedule.end <= deadline
    assert schedule.end - schedule.start == len(power)
    cost = schedule_score(np.array(penalty), power, schedule)
    assert cost == contiguous_optimum(penalty, power, earliest, deadline)


@st.composite
def split_instances(draw: st.DrawFn) -> tuple[list[float], list[float], int, int, int]:
    penalty = draw(
        st.lists(st.sampled_from([0.1, 0.3, 0.5, 0.9]) | st.floats(0, 1), min_size=1, max_size=12)
    )
    steps = draw(st.integers(1, min(len(penalty), 6)))
    power = draw(
        st.lists(st.sampled_from([1.0, 2.0]) | st.floats(0, 3), min_size=steps, max_size=steps)
    )
    earliest = draw(st.integers(0, len(penalty) - steps))
    deadline = draw(st.integers(earliest + steps, len(penalty)))
    min_block = draw(st.integers(1, 4))
    return penalty, power, earliest, deadline, min_block


@given(split_instances())
def test_split_run_equals_the_exhaustive_optimum(
    instance: tuple[list[float], list[float], int, int, int],
) -> None:
    penalty, power, earliest, deadline, min_block = instance
    schedule = best_split(np.array(penalty), power, earliest, deadline, min_block)
    indices = schedule.indices()
    assert len(indices) == len(power)
    assert all(earliest <= i < deadline for i in indices)
    assert indices == sorted(set(indices))
    assert blocks_ok(indices, min(min_block, len(power)))
    cost = schedule_score(np.array(penalty), power, schedule)
    assert cost == split_optimum(penalty, power, earliest, deadline, min_block)


def test_split_never_costs_more_than_contiguous() -> None:
    penalty = np.array([0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.9])
    power = [1.0] * 4
    contiguous = best_contiguous(penalty, power, 0, 8)
    split = best_split(penalty, power, 0, 8, 2)
    assert split.blocks == ((1, 3), (5, 7))
    assert schedule_score(penalty, power, split) < schedule_score(penalty, power, contiguous)


def test_ties_go_to_the_earliest_start() -> None:
    schedule = best_contiguous(np.array([0.5, 0.2, 0.2, 0.5, 0.2, 0.2]), [1.0, 1.0], 0, 6)
    assert schedule == RunSchedule(((1, 3),))


@pytest.mark.parametrize(
    ("earliest", "deadline", "code"),
    [
        (0, 2, "window_too_short"),
        (-1, 5, "window_beyond_horizon"),
        (0, 99, "window_beyond_horizon"),
    ],
)
def test_impossible_windows_are_input_errors(earliest: int, deadline: int, code: str) -> None:
    with pytest.raises(EngineError) as err:
        best_contiguous(np.zeros(10), [1.0, 1.0, 1.0], earliest, deadline)
    assert err.value.code == code
    with pytest.raises(EngineError) as err:
        best_split(np.zeros(10), [1.0, 1.0, 1.0], earliest, deadline, 1)
    assert err.value.code == code


def test_split_rejects_a_zero_block() -> None:
    with pytest.raises(EngineError) as err:
        best_split(np.zeros(10), [1.0], 0, 10, 0)
    assert err.value.code == "invalid_min_block"


# -- cycles ----------------------------------------------------------------------------------


def test_constant_cycle_rounds_up_to_whole_steps() -> None:
    cycle = Cycle.constant(duration_minutes=62, power_w=2000, step_minutes=5)
    assert cycle.steps == 13
    assert set(cycle.power_kw) == {2.0}


def test_profile_is_resampled_conserving_energy() -> None:
    # A washing machine: 15-minute phases of heating, washing, spinning.
    profile = [2.0, 0.3, 0.3, 0.8]
    cycle = Cycle.from_profile(profile, profile_step_minutes=15, step_minutes=5)
    assert cycle.steps == 12
    assert cycle.power_kw[:3] == (2.0, 2.0, 2.0)
    assert math.isclose(sum(cycle.power_kw) * 5, sum(profile) * 15)
    odd = Cycle.from_profile([1.0, 3.0], profile_step_minutes=7, step_minutes=5)
    assert math.isclose(sum(odd.power_kw) * 5, 4.0 * 7)
    assert odd.steps == 3


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: Cycle(()), "cycle_empty"),
        (lambda: Cycle((1.0, -1.0)), "cycle_negative_power"),
        (lambda: Cycle.constant(0, 1000, 5), "invalid_duration"),
        (lambda: Cycle.constant(30, -5, 5), "cycle_negative_power"),
        (lambda: Cycle.from_profile([], 15, 5), "cycle_empty"),
        (lambda: Cycle.from_profile([1.0], 0, 5), "invalid_duration"),
        (lambda: Cycle.from_profile([1.0, float("nan")], 15, 5), "cycle_negative_power"),
    ],
)
def test_bad_cycles_are_input_errors(build, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EngineError) as err:
        build()
    assert err.value.code == code


# -- plans on a real home ---------------------------------------------------------------------


def home_horizon(now: datetime):  # type: ignore[no-untyped-def]
    tariff = presets()["india_tod_domestic"].build(8.0, "INR")
    return build_horizon(tariff, CarbonInput(profile_for_region("IN-WE")), KOLKATA, now)


def test_max_savings_moves_an_evening_run_into_solar_hours() -> None:
    now = datetime(2026, 3, 2, 18, 0, tzinfo=KOLKATA)  # peak starts
    horizon = home_horizon(now)
    plan = find_best_window(
        horizon,
        weights_for(Strategy.MAX_SAVINGS),
        Cycle.constant(120, 2000, 5),
        earliest=now,
        deadline=now + timedelta(hours=24),
    )
    local = plan.start.astimezone(KOLKATA)
    assert (local.hour, local.minute) == (9, 0)  # next morning's solar hours
    assert plan.end - plan.start == timedelta(hours=2)
    assert plan.energy_kwh == pytest.approx(4.0)
    assert plan.cost == pytest.approx(4.0 * 6.8)
    assert plan.cost_now == pytest.approx(4.0 * 8.8)
    assert plan.saving == pytest.approx(4.0 * 2.0)
    assert plan.co2_saving_kg > 0


def test_eco_mode_prefers_the_cleanest_hours_even_when_dearer() -> None:
    tariff = presets()["flat"].build(8.0, "INR")
    hourly = [600.0] * 24
    hourly[2] = hourly[3] = 300.0
    from custom_components.voltwise.engine.carbon import profile_from_values  # noqa: PLC0415

    now = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)
    horizon = build_horizon(tariff, CarbonInput(profile_from_values("x", hourly)), KOLKATA, now)
    plan = find_best_window(
        horizon,
        weights_for(Strategy.ECO_MODE),
        Cycle.constant(60, 1000, 5),
        now,
        now + timedelta(hours=24),
    )
    assert plan.start.astimezone(KOLKATA).hour == 2
    assert plan.co2_kg == pytest.approx(0.3)


def test_running_now_starts_exactly_now_not_at_the_step() -> None:
    now = datetime(2026, 3, 2, 9, 2, 30, tzinfo=KOLKATA)
    horizon = home_horizon(now)
    plan = find_best_window(
        horizon,
        weights_for(Strategy.MAX_SAVINGS),
        Cycle.constant(30, 1000, 5),
        now,
        now + timedelta(hours=3),
    )
    assert plan.start == now
    assert plan.end == now + timedelta(minutes=30)
    assert plan.saving == 0


def test_split_plan_reports_its_blocks() -> None:
    now = datetime(2026, 3, 2, 16, 0, tzinfo=KOLKATA)
    horizon = home_horizon(now)
    plan = find_best_window(
        horizon,
        weights_for(Strategy.MAX_SAVINGS),
        Cycle.constant(120, 1000, 5),
        now,
        now + timedelta(hours=20),
        min_block_minutes=30,
    )
    assert all(end - start >= timedelta(minutes=30) for start, end in plan.blocks)
    assert sum(((end - start) for start, end in plan.blocks), timedelta()) == timedelta(hours=2)
    # One solar hour left today (16-17) plus the next morning's solar hours at the same price.
    assert plan.cost == pytest.approx(2 * 6.8)


@pytest.mark.parametrize(
    ("earliest_h", "deadline_h", "code"),
    [
        (0, 0, "deadline_before_start"),
        (0, 1, "window_too_short"),
        (-1, 5, "window_beyond_horizon"),
        (0, 60, "window_beyond_horizon"),
    ],
)
def test_plan_rejects_impossible_requests(earliest_h: int, deadline_h: int, code: str) -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)
    horizon = home_horizon(now)
    with pytest.raises(EngineError) as err:
        find_best_window(
            horizon,
            weights_for(Strategy.BALANCED),
            Cycle.constant(120, 1000, 5),
            now + timedelta(hours=earliest_h),
            now + timedelta(hours=deadline_h),
        )
    assert err.value.code == code


def test_dst_day_plans_in_real_durations() -> None:
    london = ZoneInfo("Europe/London")
    now = datetime(2026, 3, 28, 22, 0, tzinfo=london)  # the night clocks go forward
    tariff = presets()["flat"].build(1.0, "GBP")
    horizon = build_horizon(tariff, CarbonInput(profile_for_region("IN")), london, now)
    plan = find_best_window(
        horizon,
        weights_for(Strategy.BALANCED),
        Cycle.constant(180, 1000, 5),
        now,
        now + timedelta(hours=12),
    )
    assert (plan.end - plan.start) == timedelta(hours=3)
    assert plan.start.tzinfo is not None
    assert plan.start.astimezone(UTC) >= now.astimezone(UTC)


@given(st.lists(contiguous_instances(), min_size=1, max_size=6), penalties)
def test_batched_search_equals_one_at_a_time(
    instances: list[tuple[list[float], list[float], int, int]], shared: list[float]
) -> None:
    """Many loads planned together get exactly what each would get alone (on one penalty)."""
    jobs = [
        (power, min(earliest, len(shared) - len(power)), len(shared))
        for _, power, earliest, _ in instances
        if len(power) <= len(shared)
    ]
    penalty = np.array(shared)
    batched = best_contiguous_many(penalty, jobs)
    alone = [
        best_contiguous(penalty, power, earliest, deadline) for power, earliest, deadline in jobs
    ]
    assert [schedule_score(penalty, p, s) for (p, _, _), s in zip(jobs, batched, strict=True)] == [
        schedule_score(penalty, p, s) for (p, _, _), s in zip(jobs, alone, strict=True)
    ]
    for (power, earliest, deadline), schedule in zip(jobs, batched, strict=True):
        assert schedule_score(penalty, power, schedule) == contiguous_optimum(
            shared, power, earliest, deadline
        )


# -- runs lie inside their bounds, to the second ----------------------------------------------


def test_a_run_that_cannot_fit_before_the_deadline_is_too_short() -> None:
    """116 minutes between 12:59 and 14:55 cannot hold a 2-hour run (it was put at 12:59-14:59)."""
    now = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)
    with pytest.raises(EngineError) as err:
        find_best_window(
            home_horizon(now),
            weights_for(Strategy.BALANCED),
            Cycle.constant(120, 1000, 5),
            now.replace(minute=59),
            now.replace(hour=14, minute=55),
        )
    assert err.value.code == "window_too_short"


def test_a_run_that_just_fits_starts_at_once_and_ends_on_the_deadline() -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)
    earliest = now.replace(minute=59, second=30)
    plan = find_best_window(
        home_horizon(now),
        weights_for(Strategy.BALANCED),
        Cycle.constant(120, 1000, 5),
        earliest,
        earliest + timedelta(hours=2),
    )
    assert (plan.start, plan.end) == (earliest, earliest + timedelta(hours=2))


def random_horizon(step_minutes: int, values: list[tuple[float, float]]) -> Horizon:
    """A horizon with arbitrary rates and intensities at every step (no tariff's plateaus)."""
    start = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
    rates = np.array([rate for rate, _ in values])
    intensities = np.array([intensity for _, intensity in values])
    size = len(values)
    return Horizon(
        now=start,
        tz=KOLKATA,
        grid=TimeGrid(start, step_minutes, size),
        rates=rates,
        kinds=np.zeros(size, dtype=np.int64),
        intensities=intensities,
        day_min_rates=np.full(size, rates.min()),
        day_max_rates=np.full(size, rates.max()),
        day_mean_rates=np.full(size, rates.mean()),
        day_min_intensities=np.full(size, intensities.min()),
        day_max_intensities=np.full(size, intensities.max()),
        day_mean_intensities=np.full(size, intensities.mean()),
    )


@st.composite
def cycles(draw: st.DrawFn, step_minutes: int, most_steps: int) -> Cycle:
    """A plain duration (any number of seconds), a resampled profile, or per-step powers."""
    kind = draw(st.sampled_from(["constant", "profile", "steps"]))
    if kind == "constant":
        seconds = draw(st.integers(1, most_steps * step_minutes * 60))
        watts = draw(st.sampled_from([500.0, 2000.0]) | st.floats(0, 5000))
        return Cycle.constant(seconds / 60, watts, step_minutes)
    if kind == "profile":
        phase = draw(st.sampled_from([1.0, 7.0, 15.0]))
        phases = draw(st.integers(1, max(1, int(most_steps * step_minutes // phase))))
        profile = draw(st.lists(st.floats(0, 3), min_size=phases, max_size=phases))
        return Cycle.from_profile(profile, phase, step_minutes)
    power = st.sampled_from([1.0, 2.0]) | st.floats(0, 3)
    return Cycle(tuple(draw(st.lists(power, min_size=1, max_size=most_steps))))


@st.composite
def window_requests(
    draw: st.DrawFn,
) -> tuple[Horizon, Cycle, datetime, datetime, int | None]:
    """A horizon, a cycle, bounds at any second inside the horizon, and maybe a minimum block."""
    step_minutes = draw(st.sampled_from([5, 15]))
    split = draw(st.booleans())
    size = draw(st.integers(1, 12 if split else 40))
    value = st.sampled_from([1.0, 2.0, 5.0]) | st.floats(0, 10)
    horizon = random_horizon(
        step_minutes, draw(st.lists(st.tuples(value, value), min_size=size, max_size=size))
    )
    cycle = draw(cycles(step_minutes, min(size, 6) if split else size))
    grid = horizon.grid
    span = int((grid.end - grid.start).total_seconds())
    earliest = grid.start + timedelta(seconds=draw(st.integers(0, span - 1)))
    room = int((grid.end - earliest).total_seconds())
    # Often just around the run's own length, where whole-step checks go wrong.
    length = cycle.steps * step_minutes * 60
    highest = min(room, length + 600)
    near = st.integers(min(max(1, length - 600), highest), highest)
    deadline = earliest + timedelta(seconds=min(room, draw(near | st.integers(1, room))))
    min_block = draw(st.integers(1, 4)) if split else None
    return horizon, cycle, earliest, deadline, min_block


@given(window_requests(), st.sampled_from(list(Strategy)))
def test_every_run_lies_inside_its_bounds_and_is_optimal(
    request: tuple[Horizon, Cycle, datetime, datetime, int | None], strategy: Strategy
) -> None:
    """Whatever the seconds of the bounds: inside them exactly, least cost, or too short."""
    horizon, cycle, earliest, deadline, min_block = request
    grid = horizon.grid
    weights = weights_for(strategy)
    penalty = [float(value) for value in horizon.penalties(weights)]
    power = cycle.power_kw
    optimum = window_optimum(penalty, power, grid.at, earliest, deadline, min_block=min_block)
    minutes = None if min_block is None else min_block * grid.step_minutes
    if optimum is None:
        with pytest.raises(EngineError) as err:
            find_best_window(horizon, weights, cycle, earliest, deadline, min_block_minutes=minutes)
        assert err.value.code == "window_too_short"
        return
    plan = find_best_window(horizon, weights, cycle, earliest, deadline, min_block_minutes=minutes)
    step = timedelta(minutes=grid.step_minutes)
    assert earliest <= plan.start == plan.blocks[0][0]
    assert plan.blocks[-1][1] == plan.end <= deadline
    indices: list[int] = []
    previous_end = earliest
    for start, end in plan.blocks:
        assert previous_end <= start < end
        assert (end - start) % step == timedelta(0)
        previous_end = end
        first = grid.index_of(start)
        indices.extend(range(first, first + (end - start) // step))
    assert len(indices) == cycle.steps
    if min_block is None:
        assert len(plan.blocks) == 1
    else:
        assert blocks_ok(indices, min(min_block, cycle.steps))
    cost = math.fsum(p * penalty[i] for p, i in zip(power, indices, strict=True))
    assert cost == optimum
