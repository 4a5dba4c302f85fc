"""Helpers for the autopilot tests: synthetic horizons, random homes, and a shell-like simulator.

The simulator does what the shell will do: at every input change and at every ``next_check`` it
calls ``decide`` with the appliances' current states, saves the memory and carries out the
actions (the appliances then report them with source autopilot / grid_protection). Every call is
recorded so that properties can be checked call by call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import strategies as st

from custom_components.voltwise.engine.autopilot import (
    Action,
    ActionKind,
    ApplianceState,
    ApplianceStatus,
    ApplianceView,
    AutopilotSettings,
    ChangeSource,
    Decision,
    GridEvent,
    GridEventType,
    Memory,
    Pause,
    PreferredAction,
    Severity,
    decide,
)
from custom_components.voltwise.engine.carbon import profile_for_region
from custom_components.voltwise.engine.horizon import CarbonInput, Horizon, build_horizon
from custom_components.voltwise.engine.penalty import ProtectedWindow, Strategy
from custom_components.voltwise.engine.tariff import SLOT_KINDS, presets
from custom_components.voltwise.engine.timegrid import TimeGrid, floor_to_step
from custom_components.voltwise.engine.windows import Cycle

PEAK = SLOT_KINDS.index("peak")
NORMAL = SLOT_KINDS.index("normal")
KOLKATA = ZoneInfo("Asia/Kolkata")
# India's domestic time-of-day tariff (peak 18:00-22:00, solar hours cheaper) and carbon profile.
TARIFF = presets()["india_tod_domestic"].build(8.0, "INR")
PROFILE = profile_for_region("IN")


def at(hour: int, minute: int = 0, day: int = 2) -> datetime:
    """Local time in Kolkata on a Monday (2 June 2025) or a later day."""
    return datetime(2025, 6, day, hour, minute, tzinfo=KOLKATA)


def india(when: datetime) -> Horizon:
    """The 48 h horizon of the Indian home from ``when``."""
    return build_horizon(TARIFF, CarbonInput(PROFILE), KOLKATA, when)


BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# After the random part, a calm tail long enough for every delayed start to finish.
CALM_HOURS = 14
TAKING = frozenset({ActionKind.TURN_OFF, ActionKind.ECO_ON, ActionKind.SET_LEVEL})
GIVING_BACK = frozenset({ActionKind.TURN_ON, ActionKind.ECO_OFF, ActionKind.RESTORE_LEVEL})


def synthetic_horizon(
    start: datetime,
    tz: tzinfo,
    step: int,
    blocks: Sequence[tuple[int, float, bool]],
    calm_steps: int = 0,
) -> Horizon:
    """A horizon whose penalty is exactly each block's value (any strategy), peak as given.

    Rates and intensities both equal the penalty and every day's range is 0 to 1, so
    ``penalties(weights)`` is the block value whatever the weights.
    """
    values = [value for length, value, _ in blocks for _ in range(length)] + [0.0] * calm_steps
    peaks = [peak for length, _, peak in blocks for _ in range(length)] + [False] * calm_steps
    steps = len(values)
    grid = TimeGrid(floor_to_step(start, step), step, steps)
    rates = np.array(values, dtype=np.float64)
    ones = np.ones(steps)
    return Horizon(
        now=start,
        tz=tz,
        grid=grid,
        rates=rates,
        kinds=np.where(np.array(peaks, dtype=np.bool_), PEAK, NORMAL).astype(np.int64),
        intensities=rates.copy(),
        day_min_rates=np.zeros(steps),
        day_max_rates=ones,
        day_mean_rates=ones * 0.5,
        day_min_intensities=np.zeros(steps),
        day_max_intensities=ones.copy(),
        day_mean_intensities=ones * 0.5,
    )


@dataclass(frozen=True, slots=True)
class Change:
    """An input that changes at ``at``: someone sets an appliance, or its settings change."""

    at: datetime
    appliance: int
    kind: str  # "set", "pause", "unpause", "resume", "undelegate", "delegate"
    source: ChangeSource = ChangeSource.USER
    on: bool = False
    eco: bool = False
    level: float | None = None
    pause_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventPlan:
    """A grid event; an open one is reported with no end until ``end`` is reached."""

    event: GridEvent
    open_until_reported: bool

    def seen_at(self, when: datetime) -> GridEvent:
        """The event as the shell reports it at ``when``."""
        if self.open_until_reported and self.event.end is not None and when < self.event.end:
            return replace(self.event, end=None)
        return self.event


@dataclass(frozen=True, slots=True)
class Scenario:
    """A random home over a synthetic horizon with a calm tail."""

    horizon: Horizon
    settings: AutopilotSettings
    appliances: tuple[ApplianceView, ...]
    changes: tuple[Change, ...]
    events: tuple[EventPlan, ...]
    active_until: datetime

    def events_at(self, when: datetime) -> list[GridEvent]:
        """The grid events the shell passes at ``when``."""
        return [plan.seen_at(when) for plan in self.events]

    def input_changes(self) -> list[datetime]:
        """Instants at which an input changes (the shell calls then)."""
        instants = [change.at for change in self.changes]
        instants += [
            plan.event.end
            for plan in self.events
            if plan.open_until_reported and plan.event.end is not None
        ]
        return sorted(instants)


@dataclass(frozen=True, slots=True)
class Call:
    """One decision as the simulator made it."""

    at: datetime
    views: tuple[ApplianceView, ...]
    memory: Memory
    events: tuple[GridEvent, ...]
    decision: Decision
    after: tuple[ApplianceView, ...]
    next_input: datetime | None


@dataclass(slots=True)
class Run:
    """Every call of a simulation, and each appliance's state as people left it."""

    calls: list[Call] = field(default_factory=list)
    intended: dict[str, ApplianceState] = field(default_factory=dict)
    final: tuple[ApplianceView, ...] = ()


def apply_action(state: ApplianceState, action: Action, when: datetime) -> ApplianceState:
    """The appliance once the shell carried out ``action`` (it reports the action's source)."""
    on, eco, level = state.on, state.eco, state.level
    if action.kind in (ActionKind.TURN_ON, ActionKind.TURN_OFF):
        on = action.kind is ActionKind.TURN_ON
    elif action.kind in (ActionKind.ECO_ON, ActionKind.ECO_OFF):
        eco = action.kind is ActionKind.ECO_ON
    elif action.kind in (ActionKind.SET_LEVEL, ActionKind.RESTORE_LEVEL):
        level = action.level
    else:
        return state
    return ApplianceState(on, eco, level, when, ChangeSource(action.source.value))


def apply_actions(
    views: Sequence[ApplianceView], actions: Sequence[Action], when: datetime
) -> tuple[ApplianceView, ...]:
    """All views after the shell carried out ``actions``."""
    states = {view.id: view.state for view in views}
    for action in actions:
        states[action.appliance_id] = apply_action(states[action.appliance_id], action, when)
    return tuple(replace(view, state=states[view.id]) for view in views)


def _apply_change(view: ApplianceView, change: Change) -> ApplianceView:
    if change.kind == "set":
        state = ApplianceState(change.on, change.eco, change.level, change.at, change.source)
        if (state.on, state.eco, state.level) == (view.state.on, view.state.eco, view.state.level):
            return view  # nothing observable happened
        return replace(view, state=state)
    if change.kind == "pause":
        return replace(view, pause=Pause(change.pause_until))
    if change.kind == "unpause":
        return replace(view, pause=None)
    if change.kind == "resume":
        return replace(view, pause=None, resumed_at=change.at)
    return replace(view, delegated=change.kind == "delegate")


def simulate(scenario: Scenario, max_calls: int = 2000) -> Run:
    """Run the shell's loop over the whole horizon."""
    horizon = scenario.horizon
    views = scenario.appliances
    run = Run(intended={view.id: view.state for view in views})
    memory = Memory()
    pending = sorted(scenario.changes, key=lambda change: change.at)
    inputs = scenario.input_changes()
    when: datetime | None = horizon.now
    end = horizon.grid.end
    for _ in range(max_calls):
        if when is None or when >= end:
            break
        while pending and pending[0].at <= when:
            change = pending.pop(0)
            index = change.appliance
            changed = _apply_change(views[index], change)
            if changed.state is not views[index].state:
                run.intended[changed.id] = changed.state
            views = (*views[:index], changed, *views[index + 1 :])
        events = tuple(scenario.events_at(when))
        decision = decide(when, horizon, scenario.settings, views, memory, events=events)
        after = apply_actions(views, decision.actions, when)
        next_input = next((instant for instant in inputs if instant > when), None)
        run.calls.append(Call(when, views, memory, events, decision, after, next_input))
        views, memory = after, decision.memory
        candidates = [c for c in (decision.next_check, next_input) if c is not None]
        when = min(candidates, default=None)
    else:
        raise AssertionError("the simulation did not settle")
    run.final = views
    return run


# ---- hypothesis strategies -------------------------------------------------------------------

STARTS = [
    (datetime(2025, 6, 2, 16, 0, tzinfo=KOLKATA), KOLKATA),
    (datetime(2025, 3, 29, 20, 0, tzinfo=BERLIN), BERLIN),  # spring forward in the night
    (datetime(2025, 10, 25, 20, 0, tzinfo=BERLIN), BERLIN),  # fall back in the night
    (datetime(2025, 11, 1, 18, 0, tzinfo=NEW_YORK), NEW_YORK),
    (datetime(2025, 1, 15, 5, 0, tzinfo=UTC), UTC),
]


@st.composite
def windows(draw: st.DrawFn) -> ProtectedWindow | None:
    """No window, or one on quarter hours or any minute, possibly wrapping midnight."""
    if draw(st.booleans()):
        return None
    minutes = st.integers(0, 1439)
    start, end = draw(minutes), draw(minutes)
    if start == end:
        end = (end + 60) % 1440
    return ProtectedWindow(time(start // 60, start % 60), time(end // 60, end % 60))


@st.composite
def appliances(draw: st.DrawFn, index: int, step: int) -> ApplianceView:
    """A random appliance with a consistent configuration and state."""
    action = draw(st.sampled_from(list(PreferredAction)))
    can_eco = draw(st.booleans()) or action is PreferredAction.ECO_MODE
    can_limit = draw(st.booleans()) or action is PreferredAction.LIMIT_POWER
    can_switch = draw(st.booleans()) or draw(st.booleans()) or draw(st.booleans())
    level = draw(st.sampled_from([100.0, 80.0, 35.5])) if can_limit else None
    cycle = None
    if draw(st.booleans()):
        cycle = Cycle.constant(draw(st.integers(10, 180)), 1000, step)
    return ApplianceView(
        id=f"a{index}",
        name=f"Appliance {index}",
        state=ApplianceState(
            on=draw(st.booleans()) or draw(st.booleans()),
            eco=can_eco and draw(st.booleans()),
            level=level,
        ),
        essential=draw(st.integers(0, 5)) == 0,
        delegated=draw(st.integers(0, 5)) != 0,
        preferred_action=action,
        can_switch=can_switch,
        can_eco=can_eco,
        can_limit=can_limit,
        protected_window=draw(windows()),
        limit_percent=draw(st.sampled_from([50.0, 60.0, 75.0])),
        cycle=cycle,
        max_delay=timedelta(hours=draw(st.integers(1, 8))),
    )


@st.composite
def changes(
    draw: st.DrawFn, start: datetime, active_minutes: int, views: Sequence[ApplianceView]
) -> Change:
    """A person or an automation sets an appliance, or its autopilot settings change."""
    at = start + timedelta(minutes=draw(st.integers(1, active_minutes)))
    index = draw(st.integers(0, len(views) - 1))
    view = views[index]
    kind = draw(
        st.sampled_from(["set"] * 6 + ["pause", "unpause", "resume", "undelegate", "delegate"])
    )
    until = None
    if kind == "pause" and draw(st.booleans()):
        until = at + timedelta(minutes=draw(st.integers(5, 300)))
    return Change(
        at=at,
        appliance=index,
        kind=kind,
        source=draw(st.sampled_from([s for s in ChangeSource if s.value not in _OWN])),
        on=draw(st.booleans()),
        eco=view.can_eco and draw(st.booleans()),
        level=draw(st.sampled_from([100.0, 40.0, 90.0])) if view.can_limit else None,
        pause_until=until,
    )


_OWN = {"autopilot", "grid_protection"}


@st.composite
def events(draw: st.DrawFn, start: datetime, active_minutes: int) -> EventPlan:
    """A grid event inside the random part; some are open until reported over."""
    begin = start + timedelta(minutes=draw(st.integers(0, active_minutes)))
    end = begin + timedelta(minutes=draw(st.integers(5, 240)))
    return EventPlan(
        GridEvent(
            id=f"e{draw(st.integers(0, 10**6))}",
            type=draw(st.sampled_from(list(GridEventType))),
            severity=draw(st.sampled_from(list(Severity))),
            start=begin,
            end=end,
        ),
        open_until_reported=draw(st.booleans()),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A random home: horizon blocks, settings, appliances, changes and grid events."""
    local_start, tz = draw(st.sampled_from(STARTS))
    # Instants are UTC: adding minutes to a zoned datetime would be wall-clock arithmetic.
    start = local_start.astimezone(UTC) + timedelta(minutes=draw(st.integers(0, 600)))
    step = draw(st.sampled_from([5, 15]))
    blocks = draw(
        st.lists(
            st.tuples(
                st.integers(1, 36),
                st.sampled_from([0.1, 0.3, 0.5, 0.65, 0.9]) | st.floats(0, 1),
                st.integers(0, 3).map(lambda value: value == 0),
            ),
            min_size=1,
            max_size=12,
        )
    )
    active_steps = sum(length for length, _, _ in blocks)
    horizon = synthetic_horizon(start, tz, step, blocks, CALM_HOURS * 60 // step)
    active_minutes = active_steps * step
    settings = AutopilotSettings(
        enabled=draw(st.booleans()) or draw(st.booleans()),
        grid_protection=draw(st.booleans()),
        strategy=draw(st.sampled_from([s for s in Strategy if s is not Strategy.CUSTOM])),
        threshold=draw(st.sampled_from([0.4, 0.6, 0.8])),
    )
    count = draw(st.integers(1, 4))
    views = tuple(draw(appliances(index, step)) for index in range(count))
    return Scenario(
        horizon=horizon,
        settings=settings,
        appliances=views,
        changes=tuple(draw(st.lists(changes(start, active_minutes, views), max_size=8))),
        events=tuple(draw(st.lists(events(start, active_minutes), max_size=3))),
        active_until=start + timedelta(minutes=active_minutes),
    )


def penalty_flags(scenario: Scenario, when: datetime) -> tuple[bool, bool]:
    """(high, peak) at ``when``, straight from the horizon's arrays (an independent oracle)."""
    horizon = scenario.horizon
    index = horizon.grid.index_of(when)
    penalty = float(horizon.penalties(scenario.settings.weights)[index])
    enabled = scenario.settings.enabled
    return (
        enabled and penalty > scenario.settings.threshold,
        enabled and bool(horizon.kinds[index] == PEAK),
    )


def severities_at(call: Call, guarded: bool) -> set[Severity]:
    """Severities of the events in force at the call (only if grid protection is on)."""
    if not guarded:
        return set()
    return {event.severity for event in call.events if event.active_at(call.at)}


class Home:
    """A home for example tests: call ``decide`` like the shell and carry out its actions."""

    def __init__(
        self,
        horizon_at: Callable[[datetime], Horizon],
        settings: AutopilotSettings,
        *views: ApplianceView,
    ) -> None:
        """``horizon_at`` builds the horizon the shell would have at an instant."""
        self.horizon_at = horizon_at
        self.settings = settings
        self.views = {view.id: view for view in views}
        self.memory = Memory()
        self.events: list[GridEvent] = []
        self.last: Decision | None = None

    def decide(self, when: datetime) -> Decision:
        """Decide at ``when``, save the memory and carry out the actions."""
        decision = decide(
            when,
            self.horizon_at(when),
            self.settings,
            list(self.views.values()),
            self.memory,
            events=self.events,
        )
        views = apply_actions(list(self.views.values()), decision.actions, when)
        self.views = {view.id: view for view in views}
        self.memory, self.last = decision.memory, decision
        return decision

    def set(self, appliance_id: str, when: datetime, by: ChangeSource, **state: Any) -> None:
        """Someone other than the autopilot changes an appliance."""
        view = self.views[appliance_id]
        self.views[appliance_id] = replace(
            view, state=replace(view.state, changed_at=when, changed_by=by, **state)
        )

    def configure(self, appliance_id: str, **settings: Any) -> None:
        """Change an appliance's autopilot settings."""
        self.views[appliance_id] = replace(self.views[appliance_id], **settings)

    def state(self, appliance_id: str) -> ApplianceState:
        """The appliance's state now."""
        return self.views[appliance_id].state

    def status(self, appliance_id: str) -> ApplianceStatus:
        """The appliance's status in the last decision."""
        assert self.last is not None
        return next(s for s in self.last.appliances if s.appliance_id == appliance_id)


def kinds(decision: Decision, appliance_id: str | None = None) -> list[ActionKind]:
    """The kinds of the decision's actions (for one appliance, if given)."""
    return [
        action.kind
        for action in decision.actions
        if appliance_id is None or action.appliance_id == appliance_id
    ]
