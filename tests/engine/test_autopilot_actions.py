"""Each preferred action on an Indian time-of-day tariff (peak 18:00-22:00), step by step."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from custom_components.voltwise.engine.autopilot import (
    ActionKind,
    ActionReason,
    ActionSource,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    AutopilotStatus,
    ChangeSource,
    HoldReason,
    PreferredAction,
)
from custom_components.voltwise.engine.horizon import CarbonInput, Horizon, build_horizon
from custom_components.voltwise.engine.penalty import ProtectedWindow, Strategy
from custom_components.voltwise.engine.windows import Cycle

from .autopilot_support import KOLKATA, PROFILE, TARIFF, Home, at, india, kinds, synthetic_horizon

SAVINGS = AutopilotSettings(strategy=Strategy.MAX_SAVINGS)
ECO = AutopilotSettings(strategy=Strategy.ECO_MODE)


def appliance(
    appliance_id: str, action: PreferredAction, *, on: bool = True, **config: object
) -> ApplianceView:
    return ApplianceView(
        id=appliance_id,
        name=appliance_id.title(),
        state=ApplianceState(on=on, level=config.pop("level", None)),  # type: ignore[arg-type]
        preferred_action=action,
        **config,  # type: ignore[arg-type]
    )


def test_turn_off_switches_off_when_the_peak_begins_and_back_on_when_it_ends() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    before = home.decide(at(17, 30))
    assert before.actions == ()
    assert before.next_check == at(18)
    assert before.status is AutopilotStatus.WATCHING

    entering = home.decide(at(18))
    [action] = entering.actions
    assert (action.kind, action.source, action.reason) == (
        ActionKind.TURN_OFF,
        ActionSource.AUTOPILOT,
        ActionReason.PEAK,
    )
    assert home.status("geyser").held
    assert home.status("geyser").until == at(22)
    assert entering.status is AutopilotStatus.ACTING
    assert entering.next_check == at(22)
    assert not home.state("geyser").on

    leaving = home.decide(at(22))
    assert kinds(leaving) == [ActionKind.TURN_ON]
    assert leaving.actions[0].reason is ActionReason.PERIOD_ENDED
    assert home.state("geyser").on
    assert leaving.memory.holds == {}


def test_eco_mode_is_set_for_the_peak_and_cleared_after() -> None:
    home = Home(india, SAVINGS, appliance("ac", PreferredAction.ECO_MODE, can_eco=True))
    assert kinds(home.decide(at(18))) == [ActionKind.ECO_ON]
    assert home.state("ac").on
    assert home.state("ac").eco
    assert kinds(home.decide(at(22))) == [ActionKind.ECO_OFF]
    assert not home.state("ac").eco


def test_eco_mode_does_nothing_to_an_appliance_already_in_eco() -> None:
    ac = appliance("ac", PreferredAction.ECO_MODE, can_eco=True)
    home = Home(india, SAVINGS, ac)
    home.set("ac", at(17), ChangeSource.USER, eco=True)
    assert home.decide(at(18)).actions == ()
    assert not home.status("ac").held


def test_limit_power_reduces_to_a_share_of_the_current_level_and_restores_it() -> None:
    ac = appliance(
        "ac", PreferredAction.LIMIT_POWER, can_limit=True, limit_percent=60.0, level=80.0
    )
    home = Home(india, SAVINGS, ac)
    [limit] = home.decide(at(18)).actions
    assert (limit.kind, limit.level) == (ActionKind.SET_LEVEL, 48.0)
    assert home.state("ac").on
    [restore] = home.decide(at(22)).actions
    assert (restore.kind, restore.level) == (ActionKind.RESTORE_LEVEL, 80.0)


def test_limit_power_by_steps_takes_points_off_the_level_and_restores_it() -> None:
    """A climate target moved by degrees: a fixed number of level points, never below 0."""
    ac = appliance("ac", PreferredAction.LIMIT_POWER, can_limit=True, limit_step=15.0, level=40.0)
    home = Home(india, SAVINGS, ac)
    [limit] = home.decide(at(18)).actions
    assert (limit.kind, limit.level) == (ActionKind.SET_LEVEL, 25.0)
    [restore] = home.decide(at(22)).actions
    assert (restore.kind, restore.level) == (ActionKind.RESTORE_LEVEL, 40.0)
    near_the_end = appliance(
        "ac", PreferredAction.LIMIT_POWER, can_limit=True, limit_step=15.0, level=10.0
    )
    [limit] = Home(india, SAVINGS, near_the_end).decide(at(18)).actions
    assert limit.level == 0.0


def test_a_limit_step_must_be_positive() -> None:
    for step in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="limit step"):
            appliance("ac", PreferredAction.LIMIT_POWER, can_limit=True, limit_step=step)


def test_delay_start_switches_off_and_resumes_at_the_cheapest_start_before_the_latest_finish() -> (
    None
):
    washer = appliance(
        "washer",
        PreferredAction.DELAY_START,
        on=False,
        cycle=Cycle.constant(120, 500, 5),
        max_delay=timedelta(hours=8),
    )
    home = Home(india, SAVINGS, washer)
    home.decide(at(17, 30))
    home.set("washer", at(18, 10), ChangeSource.AUTOMATION, on=True)
    delayed = home.decide(at(18, 10))
    assert kinds(delayed) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    window = delayed.actions[1].window
    assert window is not None
    # Normal rate again from 22:00; the latest finish is 02:10, the earliest best start wins.
    assert (window.start, window.end, window.finish_by) == (at(22), at(0, day=3), at(2, 10, day=3))
    status = home.status("washer")
    assert (status.held, status.action, status.resume_at) == (
        True,
        PreferredAction.DELAY_START,
        at(22),
    )
    assert delayed.next_check == at(22)

    # The peak ends at the same moment; the resume, not the period's end, brings it back.
    resumed = home.decide(at(22))
    assert kinds(resumed) == [ActionKind.TURN_ON]
    assert resumed.actions[0].reason is ActionReason.RESUME
    # The normal rate after the peak sits at the threshold (0.6 of the day's range), not above
    # it: the resumed run is left alone, nothing flaps.
    assert home.decide(at(22, 5)).actions == ()
    assert home.decide(at(23)).actions == ()


def test_delay_start_lets_a_run_start_at_once_when_now_is_the_best_start() -> None:
    washer = appliance("washer", PreferredAction.DELAY_START, cycle=Cycle.constant(90, 500, 5))
    home = Home(india, SAVINGS, washer)
    # Solar hours: nothing cheaper is coming before the latest finish.
    assert home.decide(at(10)).actions == ()
    assert not home.status("washer").held
    assert home.decide(at(10, 30)).actions == ()


def test_delay_start_replans_when_the_live_carbon_reading_changes() -> None:
    live: dict[datetime, float] = {}

    def horizon(when: datetime) -> Horizon:
        hour = when.astimezone(KOLKATA).replace(minute=0, second=0, microsecond=0)
        return build_horizon(TARIFF, CarbonInput(PROFILE, live.get(hour)), KOLKATA, when)

    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(120, 500, 5)
    )
    home = Home(horizon, ECO, washer)
    home.decide(at(17))
    home.set("washer", at(18, 10), ChangeSource.AUTOMATION, on=True)
    delayed = home.decide(at(18, 10))
    window = delayed.actions[1].window
    assert window is not None
    assert window.start == at(0, day=3)  # the cleanest two hours before 02:10 by the profile

    # At 22:00 the live reading is far cleaner than the profile: running now is now best.
    live[at(22)] = 600.0
    replanned = home.decide(at(22))
    assert kinds(replanned) == [ActionKind.TURN_ON, ActionKind.CANCEL_RESUME]
    assert replanned.actions[0].reason is ActionReason.RESUME


def test_a_due_resume_moves_later_when_the_live_reading_is_dirtier_than_forecast() -> None:
    live: dict[datetime, float] = {}

    def horizon(when: datetime) -> Horizon:
        hour = when.astimezone(KOLKATA).replace(minute=0, second=0, microsecond=0)
        return build_horizon(TARIFF, CarbonInput(PROFILE, live.get(hour)), KOLKATA, when)

    washer = appliance(
        "washer",
        PreferredAction.DELAY_START,
        on=False,
        cycle=Cycle.constant(120, 500, 5),
        max_delay=timedelta(hours=10),
    )
    home = Home(horizon, ECO, washer)
    home.decide(at(18))
    home.set("washer", at(18, 10), ChangeSource.AUTOMATION, on=True)
    first = home.decide(at(18, 10)).actions[1].window
    assert first is not None
    assert first.start == at(0, day=3)
    # The same forecast an hour later changes nothing.
    assert home.decide(at(19)).actions == ()
    # Midnight comes with a reading far above the profile, a deviation that fades over the
    # next hours (the profile is flat until 06:00): the latest start is the best.
    live[at(0, day=3)] = 900.0
    moved = home.decide(at(0, day=3))
    assert kinds(moved) == [ActionKind.SCHEDULE_RESUME]
    assert moved.actions[0].reason is ActionReason.REPLANNED
    window = moved.actions[0].window
    assert window is not None
    assert (window.start, window.finish_by) == (at(2, 10, day=3), at(4, 10, day=3))
    assert not home.state("washer").on
    assert home.decide(at(1, day=3)).actions == ()
    assert kinds(home.decide(at(2, 10, day=3))) == [ActionKind.TURN_ON]


def endless_high(_when: datetime) -> Horizon:
    """48 h from Monday 00:00 whose penalty never falls to 0.6: 0.9, but 0.7 from 09:00 to 17:00."""
    return synthetic_horizon(
        at(0), KOLKATA, 5, [(9 * 12, 0.9, False), (8 * 12, 0.7, False), (31 * 12, 0.9, False)]
    )


def test_a_high_penalty_without_end_switches_nothing_off_but_still_delays_starts() -> None:
    geyser = appliance("geyser", PreferredAction.TURN_OFF)
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    home = Home(endless_high, SAVINGS, geyser, washer)
    assert home.decide(at(7)).actions == ()
    assert home.status("geyser").reason is None
    home.set("washer", at(7, 5), ChangeSource.AUTOMATION, on=True)
    delayed = home.decide(at(7, 5))
    assert kinds(delayed, "washer") == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    assert delayed.actions[0].reason is ActionReason.HIGH_PENALTY
    assert home.status("washer").resume_at == at(9)  # the dip begins


def test_on_indias_tariff_only_the_upper_part_of_the_days_range_is_a_high_penalty() -> None:
    # Max savings: solar hours score 0, the normal rate 0.6 (not above the threshold), the peak
    # 1. Before the penalty was measured on the day's range, every moment scored above 0.6.
    geyser = appliance("geyser", PreferredAction.TURN_OFF, on=False)
    home = Home(india, SAVINGS, geyser)
    home.set("geyser", at(7, 5), ChangeSource.AUTOMATION, on=True)
    assert home.decide(at(7, 5)).actions == ()
    assert home.state("geyser").on
    assert not home.status("geyser").held


def test_a_finite_high_penalty_period_acts_and_restores_at_its_end() -> None:
    start = datetime(2025, 1, 6, 12, tzinfo=UTC)
    horizon = synthetic_horizon(start, UTC, 5, [(12, 0.3, False), (24, 0.9, False)], 24)
    home = Home(
        lambda _: horizon, AutopilotSettings(), appliance("heater", PreferredAction.TURN_OFF)
    )
    assert home.decide(start).next_check == start + timedelta(hours=1)
    entering = home.decide(start + timedelta(hours=1))
    assert kinds(entering) == [ActionKind.TURN_OFF]
    assert entering.actions[0].reason is ActionReason.HIGH_PENALTY
    assert home.status("heater").until == start + timedelta(hours=3)
    assert kinds(home.decide(start + timedelta(hours=3))) == [ActionKind.TURN_ON]


def test_inside_its_protected_window_an_appliance_is_left_alone() -> None:
    geyser = appliance(
        "geyser", PreferredAction.TURN_OFF, protected_window=ProtectedWindow(time(17, 30), time(19))
    )
    home = Home(india, SAVINGS, geyser)
    inside = home.decide(at(18))
    assert inside.actions == ()
    status = home.status("geyser")
    assert (status.held, status.reason, status.until) == (False, HoldReason.PROTECTED, at(19))
    assert inside.next_check == at(19)
    assert kinds(home.decide(at(19))) == [ActionKind.TURN_OFF]


def test_a_window_that_opens_while_held_gives_the_appliance_back_until_it_closes() -> None:
    geyser = appliance(
        "geyser", PreferredAction.TURN_OFF, protected_window=ProtectedWindow(time(20), time(21))
    )
    home = Home(india, SAVINGS, geyser)
    off = home.decide(at(18))
    assert kinds(off) == [ActionKind.TURN_OFF]
    assert home.status("geyser").until == at(20)
    assert off.next_check == at(20)
    given_back = home.decide(at(20))
    assert kinds(given_back) == [ActionKind.TURN_ON]
    assert given_back.actions[0].reason is ActionReason.PROTECTED_WINDOW
    assert home.status("geyser").reason is HoldReason.PROTECTED
    assert kinds(home.decide(at(21))) == [ActionKind.TURN_OFF]
    assert kinds(home.decide(at(22))) == [ActionKind.TURN_ON]


def test_a_window_opening_while_a_start_is_delayed_resumes_it() -> None:
    washer = appliance(
        "washer",
        PreferredAction.DELAY_START,
        on=False,
        cycle=Cycle.constant(60, 500, 5),
        protected_window=ProtectedWindow(time(21), time(23, 30)),
    )
    home = Home(india, SAVINGS, washer)
    home.decide(at(18))
    home.set("washer", at(19), ChangeSource.AUTOMATION, on=True)
    assert home.decide(at(19)).next_check == at(21)  # before the planned 22:00 resume
    opened = home.decide(at(21))
    assert kinds(opened) == [ActionKind.TURN_ON, ActionKind.CANCEL_RESUME]
    assert opened.actions[0].reason is ActionReason.PROTECTED_WINDOW


def test_a_window_wrapping_midnight_protects_both_sides_of_it() -> None:
    ac = appliance(
        "ac",
        PreferredAction.LIMIT_POWER,
        can_limit=True,
        level=100.0,
        protected_window=ProtectedWindow(time(21, 30), time(6)),
    )
    home = Home(india, SAVINGS, ac)
    assert kinds(home.decide(at(18))) == [ActionKind.SET_LEVEL]
    assert home.status("ac").until == at(21, 30)
    assert kinds(home.decide(at(21, 30))) == [ActionKind.RESTORE_LEVEL]
    assert home.decide(at(22)).actions == ()


def test_a_resumed_run_is_not_stopped_by_a_later_high_penalty_period() -> None:
    # 00:00-00:30 high, 00:30-01:00 low, 01:00-01:30 high again, then calm: a one-hour run due
    # by 02:00 resumes at 00:30 (its best start) and must be left to finish by then, although
    # from 01:00 a fresh plan would wait for the calm.
    start = datetime(2025, 1, 6, 0, tzinfo=UTC)
    horizon = synthetic_horizon(
        start, UTC, 5, [(6, 0.9, False), (6, 0.5, False), (6, 0.7, False), (6, 0.95, False)], 200
    )
    washer = appliance(
        "washer",
        PreferredAction.DELAY_START,
        on=False,
        cycle=Cycle.constant(60, 500, 5),
        max_delay=timedelta(hours=2),
    )
    home = Home(lambda _: horizon, AutopilotSettings(), washer)
    home.set("washer", start, ChangeSource.AUTOMATION, on=True)
    delayed = home.decide(start)
    assert kinds(delayed) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    resumed = home.decide(start + timedelta(minutes=30))
    assert kinds(resumed) == [ActionKind.TURN_ON]
    assert home.decide(start + timedelta(hours=1)).actions == ()
    assert home.state("washer").on
    assert not home.status("washer").held
    # Once the run is over (the washer switches itself off), the next run counts afresh.
    home.set("washer", start + timedelta(minutes=90), ChangeSource.AUTOMATION, on=False)
    assert home.decide(start + timedelta(minutes=90)).actions == ()
    assert "washer" not in home.memory.settled


def test_a_run_a_person_started_is_not_stopped_by_the_next_period() -> None:
    # High until 00:30, low until 01:00, high again until 01:30, then calm.
    start = datetime(2025, 1, 6, 0, tzinfo=UTC)
    horizon = synthetic_horizon(
        start, UTC, 5, [(6, 0.9, False), (6, 0.3, False), (6, 0.9, False)], 200
    )
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(90, 500, 5)
    )
    home = Home(lambda _: horizon, AutopilotSettings(), washer)
    home.set("washer", start + timedelta(minutes=10), ChangeSource.USER, on=True)
    assert home.decide(start + timedelta(minutes=10)).actions == ()
    assert home.status("washer").reason is HoldReason.OVERRIDE
    assert home.decide(start + timedelta(minutes=30)).actions == ()
    # The override ended with its period; the run it protected goes on through the next one.
    assert home.decide(start + timedelta(hours=1)).actions == ()
    assert home.state("washer").on


def test_a_delayed_start_someone_starts_between_periods_runs_to_its_end() -> None:
    # High until 00:30, low until 01:00, high again until 01:30, then calm: the washer is
    # delayed at 00:00, someone starts it at 00:40 (no period then), and it keeps running.
    start = datetime(2025, 1, 6, 0, tzinfo=UTC)
    horizon = synthetic_horizon(
        start, UTC, 5, [(6, 0.9, False), (6, 0.3, False), (6, 0.9, False)], 200
    )
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(90, 500, 5)
    )
    home = Home(lambda _: horizon, AutopilotSettings(), washer)
    home.set("washer", start, ChangeSource.AUTOMATION, on=True)
    assert kinds(home.decide(start)) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    home.set("washer", start + timedelta(minutes=40), ChangeSource.USER, on=True)
    assert kinds(home.decide(start + timedelta(minutes=40))) == [ActionKind.CANCEL_RESUME]
    assert home.decide(start + timedelta(hours=1)).actions == ()
    assert home.state("washer").on
