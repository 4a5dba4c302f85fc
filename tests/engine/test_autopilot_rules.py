"""Who decides: overrides, grid protection, protected windows, pauses, delegation and switches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from custom_components.voltwise.engine.autopilot import (
    ActionKind,
    ActionReason,
    ActionSource,
    AutopilotSettings,
    AutopilotStatus,
    ChangeSource,
    GridEvent,
    GridEventType,
    GridStatus,
    HoldReason,
    Pause,
    PreferredAction,
    Severity,
)
from custom_components.voltwise.engine.penalty import ProtectedWindow, Strategy
from custom_components.voltwise.engine.windows import Cycle

from .autopilot_support import Home, kinds, synthetic_horizon
from .test_autopilot_actions import SAVINGS, appliance, at, endless_high, india

GUARDED = replace(SAVINGS, grid_protection=True)


def event(severity: Severity, start: datetime, end: datetime | None) -> GridEvent:
    return GridEvent("alert", GridEventType.FREQUENCY_DROP, severity, start, end)


def test_a_person_switching_an_appliance_on_during_the_peak_overrides_until_it_ends() -> None:
    geyser = appliance(
        "geyser", PreferredAction.TURN_OFF, on=False, cycle=Cycle.constant(60, 2000, 5)
    )
    home = Home(india, SAVINGS, geyser)
    home.decide(at(18))
    home.set("geyser", at(19), ChangeSource.USER, on=True)
    decision = home.decide(at(19))
    assert decision.actions == ()
    status = home.status("geyser")
    assert (status.held, status.reason, status.until) == (False, HoldReason.OVERRIDE, at(22))
    [suggestion] = decision.suggestions
    assert suggestion.appliance_id == "geyser"
    assert suggestion.plan.start == at(22)  # "Run at 22:00" for the actionable notification
    assert suggestion.plan.saving > 0
    assert home.decide(at(20)).actions == ()
    assert home.decide(at(20)).suggestions == ()  # suggested once
    # The override ends with the peak; the next peak acts again.
    assert home.decide(at(22)).actions == ()
    assert home.status("geyser").reason is None
    assert kinds(home.decide(at(18, day=3))) == [ActionKind.TURN_OFF]


def test_no_suggestion_when_no_run_fits_before_the_latest_finish() -> None:
    geyser = appliance(
        "geyser",
        PreferredAction.TURN_OFF,
        on=False,
        cycle=Cycle.constant(180, 2000, 5),
        max_delay=timedelta(hours=1),
    )
    home = Home(india, SAVINGS, geyser)
    home.decide(at(18))
    home.set("geyser", at(19), ChangeSource.USER, on=True)
    assert home.decide(at(19)).suggestions == ()
    assert home.status("geyser").reason is HoldReason.OVERRIDE


def test_switching_it_on_before_the_peak_is_not_an_override() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF, on=False))
    home.set("geyser", at(17, 50), ChangeSource.USER, on=True)
    home.decide(at(17, 50))
    assert kinds(home.decide(at(18))) == [ActionKind.TURN_OFF]


def test_a_physical_switch_on_a_held_appliance_is_an_override_that_is_never_restored() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    home.decide(at(18))
    home.set("geyser", at(19), ChangeSource.PHYSICAL, on=True)
    overridden = home.decide(at(19))
    assert overridden.actions == ()
    assert overridden.memory.holds == {}
    assert home.status("geyser").reason is HoldReason.OVERRIDE
    home.set("geyser", at(20), ChangeSource.PHYSICAL, on=False)
    assert home.decide(at(22)).actions == ()  # nothing is switched back on over the person
    assert not home.state("geyser").on


def test_overriding_a_delayed_start_cancels_its_resume() -> None:
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    home = Home(india, SAVINGS, washer)
    home.decide(at(18))
    home.set("washer", at(18, 30), ChangeSource.AUTOMATION, on=True)
    assert kinds(home.decide(at(18, 30))) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    home.set("washer", at(19), ChangeSource.USER, on=True)
    cancelled = home.decide(at(19))
    assert kinds(cancelled) == [ActionKind.CANCEL_RESUME]
    assert cancelled.actions[0].reason is ActionReason.OVERRIDE
    assert home.status("washer").reason is HoldReason.OVERRIDE
    # The run is over when someone switches it off; its next use is the autopilot's again.
    home.set("washer", at(20), ChangeSource.AUTOMATION, on=False)
    assert home.decide(at(20)).memory.overrides == {}
    home.set("washer", at(20, 30), ChangeSource.AUTOMATION, on=True)
    assert kinds(home.decide(at(20, 30))) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]


def test_resuming_the_autopilot_ends_an_override() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    home.decide(at(18))
    home.set("geyser", at(19), ChangeSource.USER, on=True)
    home.decide(at(19))
    home.configure("geyser", resumed_at=at(19, 30))
    assert kinds(home.decide(at(19, 30))) == [ActionKind.TURN_OFF]


def test_critical_grid_protection_switches_off_even_inside_a_protected_window() -> None:
    geyser = appliance(
        "geyser",
        PreferredAction.ECO_MODE,
        can_eco=True,
        protected_window=ProtectedWindow(time(9), time(11)),
    )
    home = Home(india, GUARDED, geyser)
    home.events = [event(Severity.CRITICAL, at(10), at(10, 30))]
    assert home.decide(at(9, 30)).next_check == at(10)
    switched = home.decide(at(10))
    [action] = switched.actions
    assert (action.kind, action.source, action.reason) == (
        ActionKind.TURN_OFF,
        ActionSource.GRID_PROTECTION,
        ActionReason.GRID_CRITICAL,
    )
    assert switched.status is AutopilotStatus.GRID_PROTECTION
    assert switched.grid is GridStatus.CRITICAL
    assert home.status("geyser").until == at(10, 30)
    restored = home.decide(at(10, 30))
    assert kinds(restored) == [ActionKind.TURN_ON]
    assert restored.actions[0].reason is ActionReason.GRID_EVENT_ENDED
    assert restored.grid is GridStatus.NORMAL


def test_an_open_ended_critical_event_holds_until_it_is_reported_over() -> None:
    home = Home(india, GUARDED, appliance("pump", PreferredAction.TURN_OFF))
    home.events = [event(Severity.CRITICAL, at(10), None)]
    assert kinds(home.decide(at(10))) == [ActionKind.TURN_OFF]
    assert home.status("pump").until is None
    assert home.last is not None
    assert home.last.next_check == at(18)  # the peak; the event's end will be reported
    home.events = [event(Severity.CRITICAL, at(10), at(11, 2))]
    assert kinds(home.decide(at(11, 2))) == [ActionKind.TURN_ON]


def test_critical_on_top_of_the_strategy_gives_back_only_what_each_layer_took() -> None:
    ac = appliance("ac", PreferredAction.ECO_MODE, can_eco=True)
    home = Home(india, GUARDED, ac)
    home.events = [event(Severity.CRITICAL, at(19), at(19, 30))]
    assert kinds(home.decide(at(18))) == [ActionKind.ECO_ON]
    assert kinds(home.decide(at(19))) == [ActionKind.TURN_OFF]
    assert kinds(home.decide(at(19, 30))) == [ActionKind.TURN_ON]  # still in eco: the peak goes on
    assert home.state("ac").eco
    assert kinds(home.decide(at(22))) == [ActionKind.ECO_OFF]


def test_a_persons_override_outranks_critical_grid_protection() -> None:
    home = Home(india, GUARDED, appliance("geyser", PreferredAction.TURN_OFF, on=False))
    home.events = [event(Severity.CRITICAL, at(19, 10), at(19, 40))]
    home.decide(at(18))
    home.set("geyser", at(19), ChangeSource.USER, on=True)
    home.decide(at(19))
    assert home.decide(at(19, 10)).actions == ()
    assert home.status("geyser").reason is HoldReason.OVERRIDE


def test_an_automations_change_does_not_outrank_critical_grid_protection() -> None:
    home = Home(india, GUARDED, appliance("geyser", PreferredAction.TURN_OFF))
    home.events = [event(Severity.CRITICAL, at(19, 10), at(19, 40))]
    home.decide(at(18))
    home.set("geyser", at(19), ChangeSource.AUTOMATION, on=True)
    assert home.decide(at(19)).actions == ()
    assert home.status("geyser").reason is HoldReason.OVERRIDE
    critical = home.decide(at(19, 10))
    assert kinds(critical) == [ActionKind.TURN_OFF]
    assert critical.actions[0].source is ActionSource.GRID_PROTECTION
    assert kinds(home.decide(at(19, 40))) == [ActionKind.TURN_ON]
    assert home.decide(at(22)).actions == ()  # the automation's choice is not undone


def test_a_delayed_start_waits_for_a_critical_event_to_end_before_resuming() -> None:
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    home = Home(india, GUARDED, washer)
    home.events = [event(Severity.CRITICAL, at(21, 50), at(22, 30))]
    home.set("washer", at(19), ChangeSource.AUTOMATION, on=True)
    planned = home.decide(at(19)).actions[1].window
    assert planned is not None
    assert planned.start == at(22)
    assert home.decide(at(21, 50)).actions == ()  # already off
    waiting = home.decide(at(22))
    assert waiting.actions == ()
    assert home.status("washer").until == at(22, 30)
    assert waiting.next_check == at(22, 30)
    resumed = home.decide(at(22, 30))
    assert kinds(resumed) == [ActionKind.TURN_ON]
    assert resumed.actions[0].reason is ActionReason.RESUME


def test_switching_a_delayed_start_on_after_its_period_is_no_override() -> None:
    start = datetime(2025, 1, 6, 12, tzinfo=UTC)
    # Dear for an hour, middling for an hour, cheap after: the best start is in two hours.
    horizon = synthetic_horizon(start, UTC, 5, [(12, 0.9, False), (12, 0.5, False)], 96)
    washer = appliance("washer", PreferredAction.DELAY_START, cycle=Cycle.constant(60, 500, 5))
    home = Home(lambda _: horizon, AutopilotSettings(), washer)
    delayed = home.decide(start)
    assert delayed.actions[1].window is not None
    assert delayed.actions[1].window.start == start + timedelta(hours=2)
    home.decide(start + timedelta(hours=1))
    home.set("washer", start + timedelta(minutes=90), ChangeSource.USER, on=True)
    early = home.decide(start + timedelta(minutes=90))
    assert kinds(early) == [ActionKind.CANCEL_RESUME]
    assert early.memory.holds == {}
    assert early.memory.overrides == {}
    assert home.status("washer").reason is None


def test_a_warning_applies_the_preferred_action_as_grid_protection_and_info_only_informs() -> None:
    settings = AutopilotSettings(enabled=False, grid_protection=True)
    home = Home(india, settings, appliance("ac", PreferredAction.ECO_MODE, can_eco=True))
    home.events = [event(Severity.INFO, at(9), at(12))]
    informed = home.decide(at(9))
    assert informed.actions == ()
    assert informed.grid is GridStatus.NORMAL
    assert informed.status is AutopilotStatus.OFF
    home.events.append(event(Severity.WARNING, at(10), at(11)))
    warned = home.decide(at(10))
    [action] = warned.actions
    assert (action.kind, action.source, action.reason) == (
        ActionKind.ECO_ON,
        ActionSource.GRID_PROTECTION,
        ActionReason.GRID_WARNING,
    )
    assert warned.grid is GridStatus.WARNING
    assert warned.status is AutopilotStatus.GRID_PROTECTION
    assert kinds(home.decide(at(11))) == [ActionKind.ECO_OFF]


def test_switching_grid_protection_off_gives_back_what_a_warning_took() -> None:
    home = Home(
        india,
        AutopilotSettings(grid_protection=True),
        appliance("ac", PreferredAction.ECO_MODE, can_eco=True),
    )
    home.events = [event(Severity.WARNING, at(10), at(11))]
    assert kinds(home.decide(at(10))) == [ActionKind.ECO_ON]
    home.settings = AutopilotSettings(grid_protection=False)
    released = home.decide(at(10, 20))
    assert kinds(released) == [ActionKind.ECO_OFF]
    assert released.actions[0].reason is ActionReason.GRID_PROTECTION_OFF
    assert released.actions[0].source is ActionSource.GRID_PROTECTION


def test_a_warning_respects_protected_windows() -> None:
    pump = appliance(
        "pump", PreferredAction.TURN_OFF, protected_window=ProtectedWindow(time(9), time(12))
    )
    home = Home(india, AutopilotSettings(grid_protection=True), pump)
    home.events = [event(Severity.WARNING, at(10), at(11))]
    assert home.decide(at(10)).actions == ()
    assert home.status("pump").reason is HoldReason.PROTECTED


def test_grid_events_are_ignored_while_grid_protection_is_off() -> None:
    home = Home(india, SAVINGS, appliance("pump", PreferredAction.TURN_OFF))
    home.events = [event(Severity.CRITICAL, at(10), at(11))]
    decision = home.decide(at(10))
    assert decision.actions == ()
    assert decision.grid is GridStatus.CRITICAL  # still shown on the grid sensor


def test_pausing_gives_the_appliance_back_until_the_pause_ends() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    home.decide(at(18))
    home.configure("geyser", pause=Pause(at(20)))
    paused = home.decide(at(19))
    assert kinds(paused) == [ActionKind.TURN_ON]
    assert paused.actions[0].reason is ActionReason.PAUSED
    status = home.status("geyser")
    assert (status.reason, status.until) == (HoldReason.PAUSED, at(20))
    assert paused.next_check == at(20)
    assert kinds(home.decide(at(20))) == [ActionKind.TURN_OFF]


def test_an_indefinite_pause_lasts_until_resumed() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    home.configure("geyser", pause=Pause())
    assert home.decide(at(18)).actions == ()
    assert home.status("geyser").until is None
    home.configure("geyser", pause=None, resumed_at=at(19))
    assert kinds(home.decide(at(19))) == [ActionKind.TURN_OFF]


def test_essential_and_undelegated_appliances_are_never_touched() -> None:
    fridge = appliance("fridge", PreferredAction.TURN_OFF, essential=True)
    tv = appliance("tv", PreferredAction.TURN_OFF, delegated=False)
    home = Home(india, GUARDED, fridge, tv)
    home.events = [event(Severity.CRITICAL, at(19), at(20))]
    for hour in (18, 19, 20, 22):
        assert home.decide(at(hour)).actions == ()
    assert home.status("fridge").reason is HoldReason.ESSENTIAL
    assert home.status("tv").reason is HoldReason.NOT_DELEGATED


def test_taking_an_appliance_out_of_the_autopilots_hands_gives_it_back() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    home.decide(at(18))
    home.configure("geyser", delegated=False)
    given_back = home.decide(at(18, 30))
    assert kinds(given_back) == [ActionKind.TURN_ON]
    assert given_back.actions[0].reason is ActionReason.NOT_DELEGATED


def test_switching_the_autopilot_off_gives_back_its_holds_and_grid_protection_its_own() -> None:
    home = Home(
        india,
        GUARDED,
        appliance("geyser", PreferredAction.TURN_OFF),
        appliance(
            "pump", PreferredAction.TURN_OFF, protected_window=ProtectedWindow(time(17), time(23))
        ),
    )
    home.events = [event(Severity.CRITICAL, at(19), None)]
    home.decide(at(18))
    assert kinds(home.decide(at(19)), "pump") == [ActionKind.TURN_OFF]
    home.settings = replace(GUARDED, enabled=False)
    autopilot_off = home.decide(at(19, 5))
    assert autopilot_off.actions == ()  # the geyser is still held by critical protection
    assert home.status("geyser").reason is HoldReason.GRID_CRITICAL
    home.settings = replace(GUARDED, enabled=False, grid_protection=False)
    both_off = home.decide(at(19, 10))
    assert kinds(both_off) == [ActionKind.TURN_ON, ActionKind.TURN_ON]
    assert {action.reason for action in both_off.actions} == {ActionReason.GRID_PROTECTION_OFF}
    assert both_off.status is AutopilotStatus.OFF


def test_switching_the_autopilot_off_releases_a_delayed_start() -> None:
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    home = Home(india, SAVINGS, washer)
    home.set("washer", at(18, 30), ChangeSource.AUTOMATION, on=True)
    home.decide(at(18, 30))
    home.settings = replace(SAVINGS, enabled=False)
    released = home.decide(at(19))
    assert kinds(released) == [ActionKind.TURN_ON, ActionKind.CANCEL_RESUME]
    assert released.actions[0].reason is ActionReason.AUTOPILOT_OFF


def test_a_delayed_start_whose_cycle_no_longer_fits_its_plan_is_planned_again() -> None:
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    home = Home(india, SAVINGS, washer)
    home.set("washer", at(18, 30), ChangeSource.AUTOMATION, on=True)
    first = home.decide(at(18, 30)).actions[1].window
    assert first is not None
    assert first.start == at(22)
    # Its latest finish is 02:30; a five-hour run no longer fits from 22:00. The least peak
    # time is then from 21:30.
    home.configure("washer", cycle=Cycle.constant(300, 500, 5))
    moved = home.decide(at(19))
    assert kinds(moved) == [ActionKind.SCHEDULE_RESUME]
    assert moved.actions[0].window is not None
    assert moved.actions[0].window.start == at(21, 30)


def test_an_action_the_appliance_cannot_do_falls_back_to_switching_off() -> None:
    home = Home(india, SAVINGS, appliance("heater", PreferredAction.ECO_MODE, can_eco=False))
    assert kinds(home.decide(at(18))) == [ActionKind.TURN_OFF]
    cannot_switch = appliance("dial", PreferredAction.ECO_MODE, can_switch=False)
    assert cannot_switch.action is None


def test_changing_the_preferred_action_while_held_swaps_the_actions() -> None:
    ac = appliance("ac", PreferredAction.ECO_MODE, can_eco=True)
    home = Home(india, SAVINGS, ac)
    home.decide(at(18))
    home.configure("ac", preferred_action=PreferredAction.TURN_OFF)
    assert kinds(home.decide(at(18, 30))) == [ActionKind.ECO_OFF, ActionKind.TURN_OFF]
    assert kinds(home.decide(at(22))) == [ActionKind.TURN_ON]


def test_home_status_follows_the_switches_and_the_holds() -> None:
    settings = AutopilotSettings(enabled=False, strategy=Strategy.MAX_SAVINGS)
    home = Home(india, settings, appliance("geyser", PreferredAction.TURN_OFF))
    assert home.decide(at(18)).status is AutopilotStatus.OFF
    home.settings = SAVINGS
    assert home.decide(at(18, 5)).status is AutopilotStatus.ACTING
    assert home.decide(at(22)).status is AutopilotStatus.WATCHING


def test_the_override_window_of_a_delayed_start_is_its_own_period() -> None:
    # For a delayed start any high penalty counts, even one that never ends, so the override
    # lasts until the run is over.
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    home = Home(endless_high, SAVINGS, washer)
    home.decide(at(9))
    home.set("washer", at(10), ChangeSource.USER, on=True)
    assert home.decide(at(10)).actions == ()
    status = home.status("washer")
    assert (status.reason, status.until) == (HoldReason.OVERRIDE, None)
    assert home.decide(at(10) + timedelta(hours=3)).actions == ()
