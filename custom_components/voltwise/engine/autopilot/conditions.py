"""The home's conditions at an instant: which dear, dirty or unsafe periods are in force.

Four kinds of period drive the autopilot: high penalty (penalty > threshold) and peak slots from
the horizon, on the horizon's steps; grid warnings and critical events at their exact instants.
Each is a list of half-open intervals; an end of None means "not before the horizon ends" (or,
for an event, "until it is reported over").

A high-penalty period that lasts beyond the horizon has no "after" at which a switched-off
appliance could come back. The penalty places cost and carbon in their day's ranges, so at a
day's cheapest moment it is at most the carbon weight and at its cleanest at most the cost
weight: over a horizon that holds a whole local day (48 h always does), a threshold of 0.5 or
more always ends. A lower threshold, or a synthetic horizon, may not. Such a period still
makes a delayed start look for its best start (which may be now), but it does not make the
autopilot switch off, limit or set eco on anything until it ends: only peaks, warnings and finite
high-penalty periods do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from ..horizon import Horizon
from ..timegrid import BoolArray, require_aware
from .model import (
    ApplianceView,
    AutopilotSettings,
    GridEvent,
    GridStatus,
    HoldReason,
    PreferredAction,
    Severity,
    grid_status,
)

type Interval = tuple[datetime, datetime | None]


@dataclass(frozen=True, slots=True)
class Period:
    """A kind of period at an instant: in force or not, until when, and why.

    ``until`` None while active means "not before the horizon ends" or "until reported over".
    ``reason`` is the strategy's reason (None when only a critical event is in force).
    """

    active: bool = False
    until: datetime | None = None
    reason: HoldReason | None = None


@dataclass(frozen=True, slots=True)
class Conditions:
    """What is in force at ``now`` (step ``index`` of the horizon), per kind of period.

    ``delay``: high penalty, peak or warning, what makes a delayed start look for a better
    start. ``restorable``: peak, warning or a high-penalty period that ends within the horizon,
    what switches off, limits or sets eco until it ends. ``critical``: critical grid events.
    ``delay_or_critical`` / ``restorable_or_critical``: how long an override lasts, for each
    kind of appliance. ``next_change``: the next edge of any period.
    """

    now: datetime
    index: int
    delay: Period
    restorable: Period
    critical: Period
    delay_or_critical: Period
    restorable_or_critical: Period
    next_change: datetime | None
    grid: GridStatus


def analyse(
    now: datetime,
    horizon: Horizon,
    settings: AutopilotSettings,
    events: Sequence[GridEvent],
) -> Conditions:
    """The home's conditions at ``now``, which must lie on the horizon."""
    require_aware(now)
    grid = horizon.grid
    index = grid.index_of(now)
    if not 0 <= index < grid.steps:
        raise ValueError("the horizon does not cover now: build it at or before now")
    if settings.enabled:
        high_mask = horizon.penalties(settings.weights)[index:] > settings.threshold
        peak_mask = horizon.peak[index:]
    else:
        high_mask = peak_mask = np.zeros(grid.steps - index, dtype=np.bool_)
    high = _runs(horizon, index, high_mask)
    peak = _runs(horizon, index, peak_mask)
    guarded = events if settings.grid_protection else ()
    warning = [_event_interval(e) for e in guarded if e.severity is Severity.WARNING]
    critical = [_event_interval(e) for e in guarded if e.severity is Severity.CRITICAL]

    high_now, peak_now, warning_now = (_covers(now, runs) for runs in (high, peak, warning))
    finite_high = high_now and _component_end(now, high) is not None
    if warning_now:
        reason: HoldReason | None = HoldReason.GRID_WARNING
    elif peak_now:
        reason = HoldReason.PEAK
    else:
        reason = HoldReason.HIGH_PENALTY if high_now else None
    restorable_reason = reason if reason is not HoldReason.HIGH_PENALTY or finite_high else None
    delay = [*high, *peak, *warning]
    restorable = [*(high if finite_high else []), *peak, *warning]
    everything = [*delay, *critical]
    edges = [
        instant
        for start, end in everything
        for instant in (start, end)
        if instant is not None and instant > now
    ]
    return Conditions(
        now=now,
        index=index,
        delay=_period(now, delay, reason),
        restorable=_period(now, restorable, restorable_reason),
        critical=_period(now, critical, None),
        delay_or_critical=_period(now, [*delay, *critical], reason),
        restorable_or_critical=_period(now, [*restorable, *critical], restorable_reason),
        next_change=min(edges, default=None),
        grid=grid_status(list(events), now),
    )


def _period(now: datetime, intervals: Sequence[Interval], reason: HoldReason | None) -> Period:
    if not _covers(now, intervals):
        return Period()
    return Period(True, _component_end(now, intervals), reason)


def _runs(horizon: Horizon, first: int, mask: BoolArray) -> list[Interval]:
    """Runs of True in ``mask`` (steps from ``first``) as intervals; open at the horizon's end."""
    if not mask.any():
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    grid = horizon.grid
    last = len(mask)
    intervals: list[Interval] = []
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        intervals.append(
            (grid.at(first + int(start)), None if end == last else grid.at(first + int(end)))
        )
    return intervals


def _event_interval(event: GridEvent) -> Interval:
    return (event.start, event.end)


def _covers(when: datetime, intervals: Iterable[Interval]) -> bool:
    return any(start <= when and (end is None or when < end) for start, end in intervals)


def _component_end(now: datetime, intervals: Sequence[Interval]) -> datetime | None:
    """The first instant from ``now`` (which they cover) covered by none of ``intervals``.

    None when the cover never ends.
    """
    current = now
    while True:
        covering = [
            end for start, end in intervals if start <= current and (end is None or current < end)
        ]
        if not covering:
            return current
        if any(end is None for end in covering):
            return None
        current = max(end for end in covering if end is not None)


def would_act(view: ApplianceView, cond: Conditions) -> bool:
    """Whether the autopilot would act on this appliance now (else nothing is overridden)."""
    if view.action is None:
        return False
    if cond.critical.active:
        return True
    period = cond.delay if view.action is PreferredAction.DELAY_START else cond.restorable
    return period.reason is not None


def idle(view: ApplianceView, settled: datetime | None, cond: Conditions, *, enabled: bool) -> bool:
    """Whether the layers would leave an unheld appliance as it is, with no status or check.

    The same answer as the decision's layers give such an appliance, without building their
    work (the hot path of homes with many appliances).
    """
    action = view.action
    if action is None:
        return not (cond.critical.active and view.can_switch)
    if cond.critical.active and view.can_switch:
        return False
    if action is PreferredAction.DELAY_START:
        if cond.delay.reason is not None:
            return False
        return not (enabled and view.state.on and settled is None)
    return cond.restorable.reason is None
