"""The autopilot's decision: a pure function from the home's situation to actions and memory.

For every appliance the autopilot keeps at most one hold with two layers: the strategy's
preferred action (during a high-penalty period, a peak slot or a grid warning) and grid
protection at critical severity. Each call works out which layers should be engaged, derives the
target state from the state remembered before the first action, and returns only the difference
from what it last commanded, so repeated calls never send anything twice. Priority, highest
first: a person's own action (override), grid protection at critical severity, the protected
window, the strategy. Essential, undelegated and paused appliances are given back and left alone.

A protected window that opens while the strategy holds an appliance gives it back at once (a
delayed start resumes): the window is when the user wants the appliance as they left it.
Critical grid protection keeps holding through a window.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from ..errors import EngineError
from ..horizon import Horizon
from ..timegrid import require_aware
from ..windows import find_best_window
from .conditions import Conditions, Period, analyse, idle, would_act
from .edges import LocalClock
from .layers import (
    RESTORABLE,
    Context,
    Work,
    critical_layer,
    engage_strategy,
    latest_give_back,
    release_strategy,
    resume_of,
)
from .memory import Hold, Memory, Override
from .model import (
    GRID_REASONS,
    PERSON_SOURCES,
    Action,
    ActionKind,
    ActionReason,
    ActionSource,
    ApplianceStatus,
    ApplianceView,
    AutopilotSettings,
    AutopilotStatus,
    GridEvent,
    GridStatus,
    HoldReason,
    PreferredAction,
    Suggestion,
)
from .planning import PlanRequest, plan_starts
from .state import (
    changed_by_other,
    difference,
    exclusion,
    off_since,
    restore_all,
    snapshot,
    source_of,
    target_state,
)

# A delayed start without a typical cycle is planned as one hour at constant power.
_DEFAULT_CYCLE_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do now, what to remember, and when to ask again.

    The shell saves ``memory`` before it carries out ``actions`` (in order), publishes the
    statuses, and arms one timer at ``next_check`` (None: nothing changes without new input).
    """

    actions: tuple[Action, ...]
    memory: Memory
    appliances: tuple[ApplianceStatus, ...]
    status: AutopilotStatus
    grid: GridStatus
    next_check: datetime | None
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(slots=True)
class _Outcome:
    status: ApplianceStatus
    actions: list[Action] = field(default_factory=list)
    hold: Hold | None = None
    override: Override | None = None
    settled: datetime | None = None
    checks: list[datetime] = field(default_factory=list)
    suggestion: Suggestion | None = None


def decide(
    now: datetime,
    horizon: Horizon,
    settings: AutopilotSettings,
    appliances: Sequence[ApplianceView],
    memory: Memory,
    *,
    events: Sequence[GridEvent] = (),
) -> Decision:
    """Decide for every appliance at ``now`` (which must lie on ``horizon``).

    ``appliances`` must list every appliance of the home: memory of any other is dropped.
    """
    require_aware(now)
    now = now.astimezone(UTC)  # instant arithmetic (now + max delay) must ignore DST
    cond = analyse(now, horizon, settings, events)
    if len({view.id for view in appliances}) != len(appliances):
        raise ValueError("an appliance id appears twice")
    scores = horizon.run_scores(settings.weights)
    requests = [
        request
        for view in appliances
        if (request := _plan_request(view, memory, now, horizon)) is not None
    ]
    ctx = Context(
        now=now,
        horizon=horizon,
        settings=settings,
        cond=cond,
        delay_since=_since(memory.delay_since, cond.delay_or_critical, now),
        restorable_since=_since(memory.restorable_since, cond.restorable_or_critical, now),
        plans=plan_starts(horizon, scores, cond.index, requests),
        clock=LocalClock.at(now, horizon.tz),
    )
    outcomes = [_decide_one(view, memory, ctx) for view in appliances]
    holds = {view.id: o.hold for view, o in zip(appliances, outcomes, strict=True) if o.hold}
    checks = [o for outcome in outcomes for o in outcome.checks]
    if cond.next_change is not None:
        checks.append(cond.next_change)
    return Decision(
        actions=tuple(action for outcome in outcomes for action in outcome.actions),
        memory=Memory(
            holds=holds,
            overrides={
                view.id: o.override
                for view, o in zip(appliances, outcomes, strict=True)
                if o.override
            },
            settled={
                view.id: o.settled
                for view, o in zip(appliances, outcomes, strict=True)
                if o.settled
            },
            delay_since=ctx.delay_since,
            restorable_since=ctx.restorable_since,
        ),
        appliances=tuple(outcome.status for outcome in outcomes),
        status=_home_status(settings, holds.values()),
        grid=cond.grid,
        next_check=min((when for when in checks if when > now), default=None),
        suggestions=tuple(o.suggestion for o in outcomes if o.suggestion is not None),
    )


def _since(remembered: datetime | None, period: Period, now: datetime) -> datetime | None:
    """When the period in force began (as far as the autopilot saw it); None when none is."""
    if not period.active:
        return None
    return remembered if remembered is not None and remembered <= now else now


def _plan_request(
    view: ApplianceView, memory: Memory, now: datetime, horizon: Horizon
) -> PlanRequest | None:
    """A planning request for an appliance that is, or might now be, a delayed start.

    A run already placed (settled) and not held is never planned again.
    """
    hold = memory.holds.get(view.id)
    delayed = hold is not None and hold.strategy is PreferredAction.DELAY_START
    if not delayed and not (
        view.action is PreferredAction.DELAY_START
        and view.delegated
        and not view.essential
        and (hold is not None or (view.state.on and view.id not in memory.settled))
    ):
        return None
    step = horizon.grid.step_minutes
    power = (
        view.cycle.power_kw
        if view.cycle is not None
        else (1.0,) * math.ceil(_DEFAULT_CYCLE_MINUTES / step)
    )
    if hold is not None and delayed and hold.finish_by is not None:
        return PlanRequest(view.id, power, hold.finish_by, hold.resume_at)
    return PlanRequest(view.id, power, view.finish_by or now + view.max_delay)


def _decide_one(view: ApplianceView, memory: Memory, ctx: Context) -> _Outcome:
    """The outcome for one appliance: actions, its new memory, its status and its checks."""
    now, cond, state = ctx.now, ctx.cond, view.state
    hold = memory.holds.get(view.id)
    if (
        hold is None
        and not state.on
        and view.protected_window is None
        and view.id not in memory.overrides
        and view.id not in memory.settled
    ):
        # Off, not held, nothing remembered: nothing can happen to it (hot path).
        reason = exclusion(view, now)
        until = view.pause.until if reason is HoldReason.PAUSED and view.pause else None
        return _Outcome(
            ApplianceStatus(view.id, False, reason, until), checks=[until] if until else []
        )
    period = _override_period(view, cond)
    override, settled = _still_valid(view, memory, period)
    actions: list[Action] = []
    suggestion = None
    if hold is not None and changed_by_other(state, hold.commanded_at):
        # Someone else changed what the autopilot holds: theirs now, never restored over.
        if hold.resume_at is not None:
            source = source_of(hold.reason)
            cancel = Action(view.id, ActionKind.CANCEL_RESUME, source, ActionReason.OVERRIDE)
            actions.append(cancel)
        hold, settled = None, None
        changed_at, changed_by = state.changed_at, state.changed_by
        if (
            period.active
            and changed_at is not None
            and changed_by is not None
            and not _resumed_since(view, changed_at)
        ):
            override = Override(changed_at, changed_by, period.until)
        elif view.action is PreferredAction.DELAY_START and state.on:
            settled = changed_at or now  # their run, started between periods: let it finish
    elif hold is None and override is None:
        override = _switched_on_by_person(view, ctx, period)
        suggestion = _suggest(view, ctx) if override is not None else None
    if override is not None:
        override = replace(override, until=period.until)

    excluded = exclusion(view, now)
    if excluded is not None:
        # Overrides and settled runs outlive a pause: they end with the period or the run.
        # The same status as the hot path's: only a pause has an end to show.
        pause = view.pause if excluded is HoldReason.PAUSED else None
        until = pause.until if pause is not None else None
        return _Outcome(
            status=ApplianceStatus(view.id, False, excluded, until),
            actions=actions + restore_all(view.id, hold, ActionReason(excluded.value)),
            override=override,
            settled=settled,
            checks=[until] if until is not None else [],
        )
    if override is not None:
        critical_applies = cond.critical.active and view.can_switch
        if override.by_person or (hold is None and not critical_applies):
            return _Outcome(
                status=ApplianceStatus(view.id, False, HoldReason.OVERRIDE, override.until),
                actions=actions,
                override=override,
                settled=settled,
                suggestion=suggestion,
            )
    if (
        hold is None
        and override is None
        and idle(view, settled, ctx.cond, enabled=ctx.settings.enabled)
    ):
        # Not held, no period of its kind, nothing critical, no run to place: nothing to do.
        return _Outcome(
            ApplianceStatus(view.id, False, None, None),
            actions,
            settled=settled,
            suggestion=suggestion,
        )
    outcome = _layers(view, hold, override, settled, ctx)
    outcome.actions[:0] = actions
    outcome.suggestion = suggestion
    return outcome


def _override_period(view: ApplianceView, cond: Conditions) -> Period:
    """The period an override of this appliance lasts for (its kind's, critical included)."""
    if view.action is PreferredAction.DELAY_START:
        return cond.delay_or_critical
    return cond.restorable_or_critical


def _still_valid(
    view: ApplianceView, memory: Memory, period: Period
) -> tuple[Override | None, datetime | None]:
    """The remembered override (until its period ends) and settled run (until the run ends).

    A settled run outlives its period: a delayed start that began (resumed, or its best start
    was now) was placed before its latest finish, and stopping it for a later period would
    push its finish past that. For the same reason a delayed start a person or an automation
    started during a period, still running when the period ends, becomes a settled run.
    """
    state = view.state
    settled = memory.settled.get(view.id)
    if settled is not None and off_since(state, settled):
        settled = None
    override = memory.overrides.get(view.id)
    if override is not None and (
        off_since(state, override.since) or _resumed_since(view, override.since)
    ):
        override = None
    if not period.active:
        if view.action is not PreferredAction.DELAY_START:
            return None, None  # a turned-off appliance given back to finish: until the period ends
        if override is not None and state.on:
            settled = settled or override.since
        return None, settled
    return override, settled


def _resumed_since(view: ApplianceView, when: datetime) -> bool:
    """Whether the user resumed the autopilot for the appliance at or after ``when``.

    Resuming hands the appliance back to the autopilot: it ends overrides from older changes
    (and from a change at the same instant, whose order is unknown).
    """
    return view.resumed_at is not None and view.resumed_at >= when


def _switched_on_by_person(view: ApplianceView, ctx: Context, period: Period) -> Override | None:
    """The override when a person switched the appliance on during a period it would act in."""
    state = view.state
    restorable_kind = view.action is not PreferredAction.DELAY_START
    since = ctx.restorable_since if restorable_kind else ctx.delay_since
    changed_at, changed_by = state.changed_at, state.changed_by
    if (
        not state.on
        or since is None
        or changed_by not in PERSON_SOURCES
        or changed_at is None
        or changed_at < since
        or _resumed_since(view, changed_at)
        or not would_act(view, ctx.cond)
    ):
        return None
    return Override(changed_at, changed_by, period.until)


def _layers(
    view: ApplianceView,
    hold: Hold | None,
    override: Override | None,
    settled: datetime | None,
    ctx: Context,
) -> _Outcome:
    """Engage or release the strategy and critical layers and command the difference."""
    window = view.protected_window
    period = ctx.cond.delay if view.action is PreferredAction.DELAY_START else ctx.cond.restorable
    base = hold.before if hold is not None else snapshot(view.state)
    work = Work(
        view=view,
        base=base,
        applied=hold.applied if hold is not None else base,
        strategy=hold.strategy if hold is not None else None,
        critical=hold.critical if hold is not None else False,
        held_for=hold.reason if hold is not None else None,
        resume=resume_of(hold),
        settled=settled,
        in_window=window is not None and ctx.clock.inside(window),
        reason=period.reason if view.action is not None else None,
        period=period,
        would_act=would_act(view, ctx.cond),
        since=hold.since if hold is not None else ctx.now,
    )
    critical_wanted = ctx.cond.critical.active and view.can_switch
    release_strategy(work, ctx, critical_wanted)
    if override is None:
        engage_strategy(work, ctx)
    critical_layer(work, ctx.settings, critical_wanted)
    return _command(work, hold, override, ctx)


def _command(work: Work, hold: Hold | None, override: Override | None, ctx: Context) -> _Outcome:
    """The actions from what was applied to the new target, the new hold and the status."""
    view, now = work.view, ctx.now
    if work.critical:
        work.held_for = HoldReason.GRID_CRITICAL
    elif work.strategy in RESTORABLE and work.reason is not None:
        work.held_for = work.reason
    elif work.engaged is not None:
        work.held_for = work.engaged
    target = target_state(work.base, work.strategy, work.critical, view)
    kinds = difference(work.applied, target, work.base)
    if work.engaged is not None:
        why, source = ActionReason(work.engaged.value), source_of(work.engaged)
    else:
        why = work.released or ActionReason.PERIOD_ENDED
        grid = why in {ActionReason.GRID_EVENT_ENDED, ActionReason.GRID_PROTECTION_OFF}
        source = (
            ActionSource.GRID_PROTECTION
            if grid or (hold is not None and hold.reason in GRID_REASONS)
            else ActionSource.AUTOPILOT
        )
    actions = [Action(view.id, kind, source, why, level) for kind, level in kinds]
    actions += [
        Action(view.id, kind, source, why, window=work.resume)
        for kind in work.calendar
        if kind is not ActionKind.SCHEDULE_RESUME or work.resume is not None
    ]
    window = view.protected_window
    checks = []
    # A window's edges matter while the autopilot could act or holds the appliance, not while
    # an override leaves it alone (grid protection at critical severity ignores windows).
    relevant = work.would_act or work.strategy is not None or work.critical
    if window is not None and override is None and relevant:
        checks.append(ctx.clock.next_edge(window))
    if work.held_for is None or (work.strategy is None and not work.critical):
        if override is not None:
            status = ApplianceStatus(view.id, False, HoldReason.OVERRIDE, override.until)
        elif work.in_window and work.would_act:
            status = ApplianceStatus(view.id, False, HoldReason.PROTECTED, _earliest(*checks))
        else:
            status = ApplianceStatus(view.id, False, None, None)
        return _Outcome(status, actions, None, override, work.settled, checks)
    resume = work.resume
    if work.strategy is PreferredAction.TURN_OFF:
        checks.append(latest_give_back(view, work.since, ctx.horizon.grid.step_minutes))
    new_hold = Hold(
        before=work.base,
        applied=target,
        since=hold.since if hold is not None else now,
        commanded_at=now if kinds or hold is None else hold.commanded_at,
        reason=work.held_for,
        strategy=work.strategy,
        critical=work.critical,
        resume_at=resume.start if resume is not None else None,
        run_end=resume.end if resume is not None else None,
        finish_by=resume.finish_by if resume is not None else None,
    )
    if resume is not None:
        checks.append(resume.start)
    if work.critical:
        until = ctx.cond.critical.until
    elif resume is not None:
        # A resume that is due waits for the critical event to end.
        until = resume.start if resume.start > now else ctx.cond.critical.until
    else:
        until = _earliest(work.period.until, *checks)
    status = ApplianceStatus(
        view.id,
        True,
        work.held_for,
        until,
        work.strategy,
        resume.start if resume is not None else None,
    )
    return _Outcome(status, actions, new_hold, override, work.settled, checks)


def _suggest(view: ApplianceView, ctx: Context) -> Suggestion | None:
    """The best run for an appliance a person just started during a dear period."""
    if view.cycle is None:
        return None
    end = min(ctx.now + view.max_delay, ctx.horizon.grid.end)
    try:
        plan = find_best_window(ctx.horizon, ctx.settings.weights, view.cycle, ctx.now, end)
    except EngineError:
        return None
    return Suggestion(view.id, plan)


def _earliest(*instants: datetime | None) -> datetime | None:
    return min((when for when in instants if when is not None), default=None)


def _home_status(settings: AutopilotSettings, holds: Iterable[Hold]) -> AutopilotStatus:
    """The home's autopilot sensor from the holds."""
    reasons = {hold.reason for hold in holds}
    if reasons & GRID_REASONS:
        return AutopilotStatus.GRID_PROTECTION
    if reasons:
        return AutopilotStatus.ACTING
    return AutopilotStatus.WATCHING if settings.enabled else AutopilotStatus.OFF
