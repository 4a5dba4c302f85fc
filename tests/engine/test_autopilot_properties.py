"""Properties of the autopilot's decision over random homes, horizons, grid events and people.

Each example simulates the shell over a random horizon (a random part, then a calm tail), with
random appliances, people and automations changing them, settings changing and grid events
starting and ending, and checks every call.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from hypothesis import given

from custom_components.voltwise.engine.autopilot import (
    ActionSource,
    ApplianceView,
    Memory,
    PreferredAction,
    Severity,
    decide,
)
from custom_components.voltwise.engine.autopilot.model import PERSON_SOURCES

from .autopilot_support import (
    TAKING,
    Call,
    Scenario,
    penalty_flags,
    scenarios,
    severities_at,
    simulate,
)


@given(scenarios())
def test_every_action_is_given_back_once_everything_is_calm(scenario: Scenario) -> None:
    run = simulate(scenario)
    last = run.calls[-1]
    assert last.decision.memory.holds == {}
    for view in run.final:
        intended = run.intended[view.id]
        assert (view.state.on, view.state.eco, view.state.level) == (
            intended.on,
            intended.eco,
            intended.level,
        ), view.id


@given(scenarios())
def test_essential_appliances_and_protected_windows_below_critical_are_never_touched(
    scenario: Scenario,
) -> None:
    guarded = scenario.settings.grid_protection
    for call in simulate(scenario).calls:
        views = {view.id: view for view in call.views}
        critical = Severity.CRITICAL in severities_at(call, guarded)
        for action in call.decision.actions:
            view = views[action.appliance_id]
            assert not view.essential
            window = view.protected_window
            if window is None or not window.contains(call.at, scenario.horizon.tz):
                continue
            if action.kind in TAKING:
                assert critical, action
                assert action.source is ActionSource.GRID_PROTECTION, action


def _period_active(scenario: Scenario, call: Call) -> bool:
    """Any period in force (every high-penalty run ends in these horizons, before the tail)."""
    high, peak = penalty_flags(scenario, call.at)
    severities = severities_at(call, scenario.settings.grid_protection)
    return high or peak or bool(severities & {Severity.WARNING, Severity.CRITICAL})


def _excluded(view: ApplianceView, when: datetime) -> bool:
    return (
        view.essential or not view.delegated or (view.pause is not None and view.pause.active(when))
    )


@given(scenarios())
def test_a_persons_action_outranks_grid_protection_which_outranks_the_rest(
    scenario: Scenario,
) -> None:
    """Priority 1: after a person's change, nothing is taken away until the period ends, the
    run is over or the user resumes the autopilot for it. Priority 2: otherwise a critical
    event leaves every delegated appliance off."""
    protected: dict[str, datetime] = {}
    previous: dict[str, ApplianceView] = {}
    guarded = scenario.settings.grid_protection
    for call in simulate(scenario).calls:
        period = _period_active(scenario, call)
        for view in call.views:
            state, before = view.state, previous.get(view.id)
            changed = before is not None and state != before.state
            if changed and state.changed_by in PERSON_SOURCES and state.changed_at is not None:
                held = view.id in call.memory.holds
                if held or (state.on and period):
                    protected[view.id] = state.changed_at
                else:
                    protected.pop(view.id, None)
            since = protected.get(view.id)
            if since is None:
                continue
            went_off = changed and not state.on
            resumed = view.resumed_at is not None and view.resumed_at >= since
            if not period or went_off or resumed:
                protected.pop(view.id)
        for action in call.decision.actions:
            if action.appliance_id in protected:
                assert action.kind not in TAKING, action
        if Severity.CRITICAL in severities_at(call, guarded):
            for view in call.after:
                if view.id in protected or _excluded(view, call.at) or not view.can_switch:
                    continue
                assert not view.state.on, view.id
        previous = {view.id: view for view in call.after}


@given(scenarios())
def test_repeating_a_decision_with_the_same_inputs_sends_nothing_new(scenario: Scenario) -> None:
    for call in simulate(scenario).calls:
        decision = call.decision
        for views in (call.views, call.after):  # before and after the shell carried it out
            again = decide(
                call.at,
                scenario.horizon,
                scenario.settings,
                views,
                decision.memory,
                events=call.events,
            )
            assert again.actions == ()
            assert again.memory == decision.memory
            assert again.appliances == decision.appliances


@given(scenarios())
def test_a_restart_with_memory_from_json_decides_exactly_the_same(scenario: Scenario) -> None:
    for call in simulate(scenario).calls:
        stored = json.loads(json.dumps(call.memory.as_dict()))
        restarted = decide(
            call.at,
            scenario.horizon,
            scenario.settings,
            call.views,
            Memory.from_dict(stored),
            events=call.events,
        )
        assert restarted == call.decision


@given(scenarios())
def test_nothing_changes_before_next_check_without_new_input(scenario: Scenario) -> None:
    """Within a penalty step, and up to next_check, a decision stays as it was."""
    horizon_end = scenario.horizon.grid.end
    for call in simulate(scenario).calls:
        decision = call.decision
        limits = [horizon_end, decision.next_check, call.next_input]
        end = min(limit for limit in limits if limit is not None)
        if end - call.at <= timedelta(seconds=2):
            continue
        for later in (call.at + (end - call.at) / 2, end - timedelta(seconds=1)):
            again = decide(
                later,
                scenario.horizon,
                scenario.settings,
                call.after,
                decision.memory,
                events=scenario.events_at(later),
            )
            assert again.actions == (), later
            assert again.appliances == decision.appliances
            assert again.memory == decision.memory
            assert again.next_check == decision.next_check


@given(scenarios())
def test_delayed_starts_resume_by_their_latest_finish(scenario: Scenario) -> None:
    """A delayed start resumes early enough to finish its typical cycle by its latest finish,
    unless a critical grid event keeps it off."""
    for call in simulate(scenario).calls:
        for action in call.decision.actions:
            window = action.window
            if window is None:
                continue
            assert window.end <= window.finish_by
            assert call.at <= window.start < window.end
        for appliance_id, hold in call.decision.memory.holds.items():
            if hold.strategy is PreferredAction.DELAY_START:
                assert hold.resume_at is not None
                assert hold.finish_by is not None
                assert hold.run_end is not None
                assert hold.run_end <= hold.finish_by, appliance_id


@given(scenarios())
def test_turned_off_appliances_are_given_back_by_their_latest_finish(scenario: Scenario) -> None:
    """Held off by the strategy, an appliance is back in time to run its typical cycle before
    its longest delay (from when it was taken) is over, and a check is armed for that."""
    step = scenario.horizon.grid.step_minutes
    for call in simulate(scenario).calls:
        views = {view.id: view for view in call.views}
        for appliance_id, hold in call.decision.memory.holds.items():
            if hold.strategy is not PreferredAction.TURN_OFF:
                continue
            view = views[appliance_id]
            cycle = view.cycle.steps * step if view.cycle is not None else 0
            give_back = hold.since + view.max_delay - timedelta(minutes=cycle)
            assert call.at < give_back, appliance_id
            assert call.decision.next_check is not None
            assert call.decision.next_check <= give_back
