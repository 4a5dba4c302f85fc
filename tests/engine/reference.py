"""Brute-force references the optimised engine is proven against."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from itertools import combinations, pairwise
from typing import Any


def contiguous_optimum(
    penalty: Sequence[float], power: Sequence[float], earliest: int, deadline: int
) -> float:
    """Least exactly-summed cost over every contiguous start."""
    steps = len(power)
    return min(
        math.fsum(power[k] * penalty[start + k] for k in range(steps))
        for start in range(earliest, deadline - steps + 1)
    )


def blocks_ok(indices: Sequence[int], min_block: int) -> bool:
    """Every maximal run of consecutive indices is at least ``min_block`` long."""
    run = 1
    for previous, current in pairwise(indices):
        if current == previous + 1:
            run += 1
        else:
            if run < min_block:
                return False
            run = 1
    return run >= min_block


def split_optimum(
    penalty: Sequence[float], power: Sequence[float], earliest: int, deadline: int, min_block: int
) -> float:
    """Least exactly-summed cost over every ordered placement with blocks >= min_block."""
    block = min(min_block, len(power))
    return min(
        math.fsum(p * penalty[i] for p, i in zip(power, chosen, strict=True))
        for chosen in combinations(range(earliest, deadline), len(power))
        if blocks_ok(chosen, block)
    )


# -- schedule recurrence ----------------------------------------------------------------------

_WEEKDAYS_OF = {"daily": set(range(7)), "weekdays": set(range(5)), "weekends": {5, 6}}


@cache
def wall_to_instant(naive: datetime, tz: tzinfo) -> datetime:
    """Brute force: the first whole UTC minute whose wall clock in ``tz`` reads ``naive`` or later.

    No fold or gap logic: the scan starts where the wall clock is surely earlier (an hour before
    the largest offset the zone uses within two days, sampled every 3 hours: the test zones
    keep each offset far longer) and walks minute by minute.
    """
    probe = naive.replace(tzinfo=UTC)
    offsets = [(probe + timedelta(hours=h)).astimezone(tz).utcoffset() for h in range(-48, 49, 3)]
    moment = probe - max(offset for offset in offsets if offset is not None) - timedelta(hours=1)
    while moment.astimezone(tz).replace(tzinfo=None) < naive:
        moment += timedelta(minutes=1)
    return moment


@dataclass(frozen=True)
class ReferenceRun:
    """One run as the brute force sees it."""

    day: date
    floor: datetime
    on: datetime
    off: datetime | None
    limit: datetime | None


def reference_run_days(spec: Any, first: date, last: date) -> list[date]:
    """Local days in ``[first, last]`` the schedule runs on, from its fields alone."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    repeat = str(spec.repeat)
    if repeat == "once":
        return [day for day in days if day == spec.run_date]
    wanted = set(spec.days) if repeat == "days" else _WEEKDAYS_OF[repeat]
    return [day for day in days if day.weekday() in wanted]


def reference_run(
    spec: Any, day: date, tz: tzinfo, starts: Mapping[date, datetime]
) -> ReferenceRun:
    """The run on ``day`` by the module's stated rules, on brute-forced instants."""
    floor = wall_to_instant(datetime.combine(day, spec.start), tz)
    end_day: date = day
    if spec.end is not None and str(spec.repeat) == "once":
        end_day = spec.end_date or day
    elif spec.end is not None and spec.end < spec.start:
        end_day = day + timedelta(days=1)
    if spec.smart:
        deadline = max(
            wall_to_instant(datetime.combine(end_day, spec.end), tz), floor + spec.duration
        )
        # In UTC: PEP 495 makes an imaginary local time unequal to every instant of another zone.
        chosen = starts.get(day, floor).astimezone(UTC)
        on = min(max(chosen, floor), deadline - spec.duration)
        return ReferenceRun(day, floor, on, on + spec.duration, deadline)
    off = None
    if spec.duration is not None:
        off = floor + spec.duration
    elif spec.end is not None:
        wall_end = datetime.combine(end_day, spec.end)
        off = wall_to_instant(wall_end, tz)
        if off <= floor:
            off = floor + (wall_end - datetime.combine(day, spec.start))
    return ReferenceRun(day, floor, floor, off, off)


def reference_occurrences(
    spec: Any, tz: tzinfo, first: date, last: date, starts: Mapping[date, datetime]
) -> list[tuple[str, str, datetime, tuple[date, ...]]]:
    """(key, action, instant, run days) of every run on days ``first..last``, in run order.

    Runs on the first days may lack earlier runs that merged into them; compare from later on.
    """
    runs = [reference_run(spec, day, tz, starts) for day in reference_run_days(spec, first, last)]
    found: list[tuple[str, str, datetime, tuple[date, ...]]] = []
    chain: list[date] = []
    for index, run in enumerate(runs):
        following = runs[index + 1] if index + 1 < len(runs) else None
        merges = run.limit is not None and following is not None and run.limit >= following.floor
        found.append((f"{spec.schedule_id}:{run.day}:on", "turn_on", run.on, (run.day,)))
        if run.off is not None and not merges:
            found.append(
                (f"{spec.schedule_id}:{run.day}:off", "turn_off", run.off, (*chain, run.day))
            )
        chain = [*chain, run.day] if merges else []
    return found


# -- run windows in time ----------------------------------------------------------------------


def _block_start(at: Callable[[int], datetime], index: int, earliest: datetime) -> datetime | None:
    """Where a block whose first step is ``index`` begins: at its step, or at ``earliest``
    when that falls inside the step (a run may start at once); None for a step before it."""
    if at(index) >= earliest:
        return at(index)
    return earliest if at(index + 1) > earliest else None


def window_optimum(
    penalty: Sequence[float],
    power: Sequence[float],
    at: Callable[[int], datetime],
    earliest: datetime,
    deadline: datetime,
    *,
    min_block: int | None = None,
) -> float | None:
    """Least exactly-summed cost of a run lying wholly inside ``[earliest, deadline]``.

    Brute force in time, not in step indices: ``at(i)`` is the instant of step ``i``. A run is
    one block of consecutive steps (``min_block`` None) or, in order, blocks of at least
    ``min_block`` steps (all of them for a shorter cycle) with pauses between; each block lasts
    its steps and begins as ``_block_start`` says; blocks must not overlap. Each step is costed
    at the penalty of the grid step it is assigned to. None when no run fits.
    """
    steps = len(power)
    usable = [i for i in range(len(penalty)) if at(i + 1) > earliest and at(i) < deadline]
    block = steps if min_block is None else min(min_block, steps)
    placements: Iterable[Sequence[int]] = (
        combinations(usable, steps)
        if min_block is not None
        else (usable[k : k + steps] for k in range(len(usable) - steps + 1))
    )
    best: float | None = None
    for chosen in placements:
        blocks: list[list[int]] = []
        for index in chosen:
            if blocks and blocks[-1][-1] == index - 1:
                blocks[-1].append(index)
            else:
                blocks.append([index])
        if any(len(run) < block for run in blocks):
            continue
        previous_end = earliest
        fits = True
        for run in blocks:
            start = _block_start(at, run[0], earliest)
            if start is None or start < previous_end:
                fits = False
                break
            previous_end = start + (at(run[-1] + 1) - at(run[0]))
        if not fits or previous_end > deadline:
            continue
        cost = math.fsum(p * penalty[i] for p, i in zip(power, chosen, strict=True))
        best = cost if best is None else min(best, cost)
    return best
