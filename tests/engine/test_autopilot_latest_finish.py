"""A turned-off appliance is given back by its latest finish, even while the period lasts.

The geyser case: held off through a long dear period it would not heat the water in time. Its
longest delay (``max_delay``) after the autopilot took it, less its typical cycle, is when it is
given back; then it is left to run until it goes off or the period ends.
"""

from __future__ import annotations

from datetime import timedelta

from custom_components.voltwise.engine.autopilot import (
    ActionKind,
    ActionReason,
    ActionSource,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    ChangeSource,
    HoldReason,
    PreferredAction,
)
from custom_components.voltwise.engine.penalty import Strategy
from custom_components.voltwise.engine.windows import Cycle

from .autopilot_support import Home, at, india, kinds

SAVINGS = AutopilotSettings(strategy=Strategy.MAX_SAVINGS)


def geyser(**config: object) -> ApplianceView:
    return ApplianceView(
        id="geyser",
        name="Geyser",
        state=ApplianceState(on=True),
        preferred_action=PreferredAction.TURN_OFF,
        **config,  # type: ignore[arg-type]
    )


def test_a_held_geyser_is_given_back_its_cycle_before_its_latest_finish() -> None:
    home = Home(
        india, SAVINGS, geyser(max_delay=timedelta(hours=3), cycle=Cycle.constant(40, 2000, 5))
    )
    taking = home.decide(at(18))
    assert kinds(taking) == [ActionKind.TURN_OFF]
    # Taken at 18:00, done by 21:00 at the latest, a 40-minute run: back on at 20:20.
    assert taking.next_check == at(20, 20)
    assert home.status("geyser").until == at(20, 20)

    assert home.decide(at(20, 15)).actions == ()
    assert not home.state("geyser").on

    giving_back = home.decide(at(20, 20))
    [action] = giving_back.actions
    assert (action.kind, action.source, action.reason) == (
        ActionKind.TURN_ON,
        ActionSource.AUTOPILOT,
        ActionReason.LATEST_FINISH,
    )
    assert home.state("geyser").on
    assert giving_back.memory.holds == {}
    assert not home.status("geyser").held


def test_a_geyser_given_back_runs_on_until_the_period_ends_then_is_taken_the_next_day() -> None:
    home = Home(india, SAVINGS, geyser(max_delay=timedelta(hours=2)))
    home.decide(at(18))
    # No cycle known: given back at the latest finish itself.
    assert kinds(home.decide(at(20))) == [ActionKind.TURN_ON]
    assert home.decide(at(21)).actions == ()
    assert home.decide(at(22)).actions == ()
    assert home.state("geyser").on
    assert home.decide(at(18, day=3)).actions[0].kind is ActionKind.TURN_OFF
    assert home.status("geyser").reason is HoldReason.PEAK


def test_a_geyser_switched_off_and_on_again_after_its_give_back_is_a_new_run() -> None:
    home = Home(india, SAVINGS, geyser(max_delay=timedelta(hours=1)))
    home.decide(at(18))
    home.decide(at(19))
    home.set("geyser", at(19, 30), ChangeSource.AUTOMATION, on=False)
    assert home.decide(at(19, 30)).actions == ()
    home.set("geyser", at(20), ChangeSource.AUTOMATION, on=True)
    taking = home.decide(at(20))
    assert kinds(taking) == [ActionKind.TURN_OFF]
    assert taking.next_check == at(21)


def test_a_geyser_whose_cycle_needs_its_whole_longest_delay_is_never_taken() -> None:
    home = Home(
        india, SAVINGS, geyser(max_delay=timedelta(hours=1), cycle=Cycle.constant(60, 2000, 5))
    )
    assert home.decide(at(18)).actions == ()
    assert home.state("geyser").on
    assert not home.status("geyser").held
    assert home.decide(at(19)).actions == ()


def test_the_period_ending_first_gives_it_back_as_before() -> None:
    home = Home(india, SAVINGS, geyser())  # the default longest delay, 8 h
    home.decide(at(18))
    [action] = home.decide(at(22)).actions
    assert (action.kind, action.reason) == (ActionKind.TURN_ON, ActionReason.PERIOD_ENDED)


def test_eco_mode_and_limit_power_keep_the_appliance_running_and_ignore_the_latest_finish() -> None:
    ac = ApplianceView(
        id="ac",
        name="AC",
        state=ApplianceState(on=True, level=100.0),
        preferred_action=PreferredAction.LIMIT_POWER,
        can_limit=True,
        max_delay=timedelta(hours=1),
    )
    home = Home(india, SAVINGS, ac)
    assert kinds(home.decide(at(18))) == [ActionKind.SET_LEVEL]
    assert home.decide(at(19, 30)).actions == ()
    assert kinds(home.decide(at(22))) == [ActionKind.RESTORE_LEVEL]
