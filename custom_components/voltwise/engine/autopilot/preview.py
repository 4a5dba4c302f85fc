"""What the autopilot would do over the next hours with today's states, and what it would save.

The preview steps the real decision function from ``now`` to each ``next_check``, applying its
actions to the appliances as the shell would, and costs both timelines on the horizon's rates
and forecast intensity. "Without the autopilot" means every appliance as it was before the
autopilot touched it (held appliances at their remembered state) and left so. An appliance with
a typical cycle runs that cycle once while it is on (from now, or when it is resumed); one
without draws its power (eco power in eco mode, scaled by its level) whenever it is on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import numpy as np

from ..horizon import Horizon
from ..timegrid import require_aware
from .decide import decide
from .memory import Hold, Memory
from .model import (
    Action,
    ActionKind,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    ChangeSource,
    GridEvent,
)

DEFAULT_PREVIEW_HOURS = 24
# A day holds a few dozen transitions; this only stops a runaway loop.
_MAX_DECISIONS = 10_000


@dataclass(frozen=True, slots=True)
class PreviewEntry:
    """One action the autopilot would take, and when."""

    at: datetime
    action: Action


@dataclass(frozen=True, slots=True)
class Preview:
    """The autopilot's expected actions from ``start`` to ``end`` and their effect."""

    start: datetime
    end: datetime
    entries: tuple[PreviewEntry, ...]
    cost: float
    cost_without: float
    co2_kg: float
    co2_without_kg: float

    @property
    def cost_saving(self) -> float:
        """Money saved against not acting."""
        return self.cost_without - self.cost

    @property
    def co2_saving_kg(self) -> float:
        """Carbon avoided against not acting."""
        return self.co2_without_kg - self.co2_kg


def preview(
    now: datetime,
    horizon: Horizon,
    settings: AutopilotSettings,
    appliances: Sequence[ApplianceView],
    memory: Memory,
    *,
    events: Sequence[GridEvent] = (),
    hours: float = DEFAULT_PREVIEW_HOURS,
) -> Preview:
    """Simulate the autopilot from ``now`` for ``hours`` (at most to the horizon's end)."""
    require_aware(now)
    now = now.astimezone(UTC)
    end = min(now + timedelta(hours=hours), horizon.grid.end)
    views = list(appliances)
    natural = {view.id: _natural(view.state, memory.holds.get(view.id)) for view in views}
    timeline: list[tuple[datetime, dict[str, ApplianceState]]] = []
    entries: list[PreviewEntry] = []
    states = {view.id: view.state for view in views}
    when: datetime | None = now
    for _ in range(_MAX_DECISIONS):
        if when is None or when >= end:
            break
        decision = decide(
            when,
            horizon,
            settings,
            [replace(view, state=states[view.id]) for view in views],
            memory,
            events=events,
        )
        for action in decision.actions:
            entries.append(PreviewEntry(when, action))
            states[action.appliance_id] = _apply(states[action.appliance_id], action, when)
        timeline.append((when, dict(states)))
        memory, when = decision.memory, decision.next_check
    cost, co2 = _cost(horizon, views, timeline, now, end)
    cost_without, co2_without = _cost(horizon, views, [(now, natural)], now, end)
    return Preview(now, end, tuple(entries), cost, cost_without, co2, co2_without)


def _natural(state: ApplianceState, hold: Hold | None) -> ApplianceState:
    """The appliance as it would be had the autopilot never touched it."""
    if hold is None:
        return state
    return replace(state, on=hold.before.on, eco=hold.before.eco, level=hold.before.level)


def _apply(state: ApplianceState, action: Action, when: datetime) -> ApplianceState:
    """The appliance's state once the shell has carried out ``action``."""
    on, eco, level = state.on, state.eco, state.level
    if action.kind in (ActionKind.TURN_ON, ActionKind.TURN_OFF):
        on = action.kind is ActionKind.TURN_ON
    elif action.kind in (ActionKind.ECO_ON, ActionKind.ECO_OFF):
        eco = action.kind is ActionKind.ECO_ON
    elif action.kind in (ActionKind.SET_LEVEL, ActionKind.RESTORE_LEVEL):
        level = action.level
    else:
        return state  # calendar entries do not change the appliance
    return ApplianceState(on, eco, level, when, ChangeSource(action.source.value))


def _cost(
    horizon: Horizon,
    views: Sequence[ApplianceView],
    timeline: Sequence[tuple[datetime, Mapping[str, ApplianceState]]],
    start: datetime,
    end: datetime,
) -> tuple[float, float]:
    """Cost and kg CO2 of a state timeline, step by step on the horizon."""
    grid = horizon.grid
    hours = grid.step_minutes / 60
    first, last = grid.index_of(start), min(grid.index_of(end), grid.steps)
    progress = {view.id: 0 for view in views}
    power = np.zeros(max(last - first, 0))
    position = 0
    for offset, index in enumerate(range(first, last)):
        instant = max(grid.at(index), start)
        while position + 1 < len(timeline) and timeline[position + 1][0] <= instant:
            position += 1
        states = timeline[position][1]
        for view in views:
            power[offset] += _draw(view, states[view.id], progress)
    energy = power * hours
    rates = horizon.rates[first:last]
    intensities = horizon.intensities[first:last]
    return float(energy @ rates), float(energy @ intensities) / 1000


def _draw(view: ApplianceView, state: ApplianceState, progress: dict[str, int]) -> float:
    """Power (kW) drawn during one step; a cycle advances one step while the appliance is on."""
    if not state.on:
        return 0.0
    scale = 1.0 if state.level is None else state.level / 100
    if state.eco and view.eco_power_w is not None and view.power_w > 0:
        scale *= view.eco_power_w / view.power_w
    if view.cycle is None:
        return view.power_w / 1000 * scale
    done = progress[view.id]
    if done >= view.cycle.steps:
        return 0.0
    progress[view.id] = done + 1
    return view.cycle.power_kw[done] * scale
