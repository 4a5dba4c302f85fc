"""The layers of one appliance's hold: engaging and releasing them in one decision.

A hold has two layers: the strategy's preferred action and critical grid protection.

``decide`` builds a ``Work`` for an appliance that is held or might be, then asks, in order:
what to give back (a period over, a protected window open, a delayed start due or moved),
what to engage (the preferred action in a period, a smart start), and whether grid protection
at critical severity holds it. What is commanded follows from the result (decide.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..horizon import Horizon
from .conditions import Conditions, Period
from .edges import LocalClock
from .memory import Hold, Snapshot
from .model import (
    GRID_REASONS,
    SMART_START_MARGIN,
    ActionKind,
    ActionReason,
    ApplianceView,
    AutopilotSettings,
    HoldReason,
    PreferredAction,
    ResumeWindow,
)
from .planning import PlannedStart
from .state import meaningful, release_reason, target_state

RESTORABLE = frozenset(
    {PreferredAction.TURN_OFF, PreferredAction.ECO_MODE, PreferredAction.LIMIT_POWER}
)
# Releases after which the decision engages or places the appliance as the next call would.
_ENGAGE_AFTER = frozenset({None, ActionReason.PERIOD_ENDED, ActionReason.PROTECTED_WINDOW})


@dataclass(frozen=True, slots=True)
class Context:
    """What one decision knows about the home, shared by every appliance in it."""

    now: datetime
    horizon: Horizon
    settings: AutopilotSettings
    cond: Conditions
    delay_since: datetime | None
    restorable_since: datetime | None
    plans: Mapping[str, PlannedStart | None]
    clock: LocalClock


@dataclass(slots=True)
class Work:
    """One appliance's layers while they are worked out (mutable, local to one decision)."""

    view: ApplianceView
    base: Snapshot
    applied: Snapshot
    strategy: PreferredAction | None
    critical: bool
    held_for: HoldReason | None
    resume: ResumeWindow | None
    settled: datetime | None
    in_window: bool
    reason: HoldReason | None
    period: Period
    would_act: bool
    since: datetime
    engaged: HoldReason | None = None
    released: ActionReason | None = None
    calendar: list[ActionKind] = field(default_factory=list)


def resume_of(hold: Hold | None) -> ResumeWindow | None:
    """The run a delayed start was given, if the hold is one."""
    if hold is None or hold.resume_at is None or hold.run_end is None or hold.finish_by is None:
        return None
    return ResumeWindow(hold.resume_at, hold.run_end, hold.finish_by)


def latest_give_back(view: ApplianceView, since: datetime, step_minutes: int) -> datetime:
    """When a turned-off appliance taken at ``since`` must be given back to finish in time.

    Its latest finish (``max_delay`` after it was taken) less its typical cycle, if known: a
    geyser held through a long dear period still heats the water before it is needed.
    """
    cycle = view.cycle.steps * step_minutes if view.cycle is not None else 0
    return since + view.max_delay - timedelta(minutes=cycle)


def release_strategy(work: Work, ctx: Context, critical_wanted: bool) -> None:
    """Give back a strategy layer whose time is over; move or resume a delayed start.

    A turned-off appliance whose latest give-back has come is given back while the period
    lasts, and left to run until it goes off or the period ends (settled).
    """
    view, now = work.view, ctx.now
    if work.strategy in RESTORABLE:
        if work.reason is None or work.in_window or work.strategy is not view.action:
            work.released = release_reason(work.held_for, ctx.settings, work.in_window)
            work.strategy = None
        elif (
            work.strategy is PreferredAction.TURN_OFF
            and latest_give_back(view, work.since, ctx.horizon.grid.step_minutes) <= now
        ):
            work.released = ActionReason.LATEST_FINISH
            work.strategy, work.settled = None, now
        return
    if work.strategy is not PreferredAction.DELAY_START or work.resume is None:
        return
    held_for = work.held_for
    switched_off = held_for is not None and (
        not ctx.settings.grid_protection if held_for in GRID_REASONS else not ctx.settings.enabled
    )
    if work.in_window or switched_off or view.action is not PreferredAction.DELAY_START:
        work.released = release_reason(held_for, ctx.settings, work.in_window)
        work.strategy, work.resume = None, None
        work.calendar.append(ActionKind.CANCEL_RESUME)
        return
    if critical_wanted:
        return  # nothing resumes while the grid is in a critical state
    plan = ctx.plans.get(view.id)
    due = work.resume.start <= now
    if plan is None or (plan.now and (due or plan.better_than_current)):
        work.released = ActionReason.RESUME
        work.strategy, work.resume = None, None
        if not due:
            work.calendar.append(ActionKind.CANCEL_RESUME)
        work.settled = now
    elif due or plan.better_than_current:
        work.resume = plan.window
        work.released = ActionReason.REPLANNED
        work.calendar.append(ActionKind.SCHEDULE_RESUME)


def engage_strategy(work: Work, ctx: Context) -> None:
    """Apply the preferred action to an appliance that is on during a period.

    A delayed start is also a smart start outside any period: a run that starts (or is on,
    not yet placed) waits for its best start when that saves at least ``SMART_START_MARGIN``
    of the run's score; otherwise, or in its protected window, it is placed where it is.
    """
    view = work.view
    smart = (
        work.reason is None and ctx.settings.enabled and view.action is PreferredAction.DELAY_START
    )
    if (
        work.strategy is not None
        or (work.reason is None and not smart)
        or work.settled is not None
        or work.released not in _ENGAGE_AFTER
        or not meaningful(view, work.base)
    ):
        return
    if work.in_window:
        if smart:
            work.settled = ctx.now  # the user's run, started in its protected window
        return
    if view.action is not PreferredAction.DELAY_START:
        step = ctx.horizon.grid.step_minutes
        if (
            view.action is PreferredAction.TURN_OFF
            and latest_give_back(view, work.since, step) <= ctx.now
        ):
            work.settled = ctx.now  # no time left to wait (its cycle needs it all): let it run
            return
        work.strategy, work.engaged = view.action, work.reason
        return
    plan = ctx.plans.get(view.id)
    if plan is None or plan.now or (smart and plan.gain < SMART_START_MARGIN):
        work.settled = ctx.now  # the best start (or close enough) is now: let it run
        return
    work.strategy, work.resume = view.action, plan.window
    work.engaged = work.reason or HoldReason.SMART_START
    work.calendar.append(ActionKind.SCHEDULE_RESUME)


def critical_layer(work: Work, settings: AutopilotSettings, critical_wanted: bool) -> None:
    """Switch off for a critical grid event; give back when it ends."""
    if work.critical and not critical_wanted:
        work.critical = False
        work.released = work.released or (
            ActionReason.GRID_EVENT_ENDED
            if settings.grid_protection
            else ActionReason.GRID_PROTECTION_OFF
        )
    elif (
        not work.critical
        and critical_wanted
        and target_state(work.base, work.strategy, False, work.view).on
    ):
        work.critical, work.engaged = True, HoldReason.GRID_CRITICAL
