"""Small pure rules about one appliance's state, shared by the decision and its tests."""

from __future__ import annotations

from datetime import datetime

from .memory import Hold, Snapshot
from .model import (
    GRID_REASONS,
    OWN_SOURCES,
    Action,
    ActionKind,
    ActionReason,
    ActionSource,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    HoldReason,
    PreferredAction,
)


def exclusion(view: ApplianceView, now: datetime) -> HoldReason | None:
    """Why the autopilot must not touch the appliance at all, if it must not."""
    if view.essential:
        return HoldReason.ESSENTIAL
    if not view.delegated:
        return HoldReason.NOT_DELEGATED
    if view.pause is not None and view.pause.active(now):
        return HoldReason.PAUSED
    return None


def snapshot(state: ApplianceState) -> Snapshot:
    """The parts of the state the autopilot changes."""
    return Snapshot(state.on, state.eco, state.level)


def off_since(state: ApplianceState, since: datetime) -> bool:
    """Whether someone else switched the appliance off after ``since`` (its run is over).

    The autopilot's own switching off (grid protection) does not end a run or an override.
    """
    return (
        not state.on
        and state.changed_at is not None
        and state.changed_at > since
        and state.changed_by not in OWN_SOURCES
    )


def changed_by_other(state: ApplianceState, after: datetime) -> bool:
    """Whether someone other than the autopilot changed the appliance after ``after``."""
    return (
        state.changed_by is not None
        and state.changed_by not in OWN_SOURCES
        and state.changed_at is not None
        and state.changed_at > after
    )


def meaningful(view: ApplianceView, base: Snapshot) -> bool:
    """Whether the preferred action would change anything on an appliance in ``base``."""
    if not base.on:
        return False
    if view.action is PreferredAction.ECO_MODE:
        return not base.eco
    if view.action is PreferredAction.LIMIT_POWER:
        reduces = view.limit_step is not None or view.limit_percent < 100
        return base.level is not None and base.level > 0 and reduces
    return view.action is not None


def limited_level(level: float, view: ApplianceView) -> float:
    """The level limit_power allows: fewer points (``limit_step``), or a share of ``level``."""
    if view.limit_step is not None:
        return max(level - view.limit_step, 0.0)
    return level * view.limit_percent / 100


def target_state(
    base: Snapshot, strategy: PreferredAction | None, critical: bool, view: ApplianceView
) -> Snapshot:
    """The state the engaged layers ask for, starting from the state before any action."""
    on, eco, level = base.on, base.eco, base.level
    if strategy in (PreferredAction.TURN_OFF, PreferredAction.DELAY_START):
        on = False
    elif strategy is PreferredAction.ECO_MODE:
        eco = True
    elif strategy is PreferredAction.LIMIT_POWER and level is not None:
        level = round(limited_level(level, view), 3)
    if critical:
        on = False
    return Snapshot(on, eco, level)


def difference(
    applied: Snapshot, target: Snapshot, before: Snapshot
) -> list[tuple[ActionKind, float | None]]:
    """Commands from ``applied`` to ``target``: on first, off last, so no mode change is lost."""
    kinds: list[tuple[ActionKind, float | None]] = []
    if target.on and not applied.on:
        kinds.append((ActionKind.TURN_ON, None))
    if target.eco != applied.eco:
        kinds.append((ActionKind.ECO_ON if target.eco else ActionKind.ECO_OFF, None))
    if target.level != applied.level and target.level is not None:
        restoring = target.level == before.level
        kinds.append(
            (ActionKind.RESTORE_LEVEL if restoring else ActionKind.SET_LEVEL, target.level)
        )
    if applied.on and not target.on:
        kinds.append((ActionKind.TURN_OFF, None))
    return kinds


def restore_all(appliance_id: str, hold: Hold | None, reason: ActionReason) -> list[Action]:
    """Give back everything a hold changed (the appliance leaves the autopilot's hands)."""
    if hold is None:
        return []
    source = source_of(hold.reason)
    actions = [
        Action(appliance_id, kind, source, reason, level)
        for kind, level in difference(hold.applied, hold.before, hold.before)
    ]
    if hold.resume_at is not None:
        actions.append(Action(appliance_id, ActionKind.CANCEL_RESUME, source, reason))
    return actions


def source_of(reason: HoldReason) -> ActionSource:
    """Grid reasons act as grid protection, the rest as the autopilot."""
    return ActionSource.GRID_PROTECTION if reason in GRID_REASONS else ActionSource.AUTOPILOT


def release_reason(
    held_for: HoldReason | None, settings: AutopilotSettings, in_window: bool
) -> ActionReason:
    """Why a strategy layer is given back."""
    if held_for in GRID_REASONS and not settings.grid_protection:
        return ActionReason.GRID_PROTECTION_OFF
    if held_for not in GRID_REASONS and not settings.enabled:
        return ActionReason.AUTOPILOT_OFF
    if in_window:
        return ActionReason.PROTECTED_WINDOW
    return ActionReason.PERIOD_ENDED
