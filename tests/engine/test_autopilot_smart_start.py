"""The delay_start smart start: a run waits for a clearly better start even when the penalty is
not above the threshold, like a dishwasher's or an EV charger's smart start.

Examples on India's time-of-day tariff, then properties over random instants, strategies,
cycles, deadlines and live carbon readings.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import numpy as np
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.autopilot import (
    SMART_START_MARGIN,
    ActionKind,
    ActionReason,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    ChangeSource,
    HoldReason,
    Memory,
    PreferredAction,
    decide,
)
from custom_components.voltwise.engine.horizon import CarbonInput, Horizon, build_horizon
from custom_components.voltwise.engine.penalty import ProtectedWindow, Strategy
from custom_components.voltwise.engine.windows import Cycle

from .autopilot_support import KOLKATA, PROFILE, TARIFF, Home, apply_actions, at, india, kinds

SAVINGS = AutopilotSettings(strategy=Strategy.MAX_SAVINGS)


def washer(minutes: int = 60, **config: object) -> ApplianceView:
    return ApplianceView(
        id="washer",
        name="Washer",
        state=ApplianceState(on=False),
        preferred_action=PreferredAction.DELAY_START,
        cycle=Cycle.constant(minutes, 500, 5),
        **config,  # type: ignore[arg-type]
    )


def test_a_run_at_the_normal_rate_waits_for_the_cheaper_solar_hours() -> None:
    # 07:05 at the normal rate scores exactly 0.6, not above the threshold; the solar hours
    # from 09:00 are 15 % cheaper, so the smart start waits for them.
    home = Home(india, SAVINGS, washer())
    home.set("washer", at(7, 5), ChangeSource.AUTOMATION, on=True)
    delayed = home.decide(at(7, 5))
    assert kinds(delayed) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    assert delayed.actions[0].reason is ActionReason.SMART_START
    status = home.status("washer")
    assert (status.held, status.reason, status.resume_at) == (True, HoldReason.SMART_START, at(9))
    assert delayed.next_check == at(9)
    assert home.decide(at(8)).actions == ()
    resumed = home.decide(at(9))
    assert kinds(resumed) == [ActionKind.TURN_ON]
    assert resumed.actions[0].reason is ActionReason.RESUME
    assert home.decide(at(9, 30)).actions == ()


def test_a_small_saving_is_not_worth_waiting_for() -> None:
    # At 08:55 only five minutes are at the normal rate: starting at 09:00 would save 1.4 %.
    home = Home(india, SAVINGS, washer())
    home.set("washer", at(8, 55), ChangeSource.AUTOMATION, on=True)
    assert home.decide(at(8, 55)).actions == ()
    assert home.state("washer").on
    assert not home.status("washer").held


def test_a_placed_run_is_not_stopped_when_the_peak_begins() -> None:
    # Started at 16:10, the two-hour run reaches 10 minutes into the peak, still cheaper than
    # waiting for 22:00: it is placed, and the peak does not cut it in two.
    home = Home(india, SAVINGS, washer(120))
    home.set("washer", at(16, 10), ChangeSource.AUTOMATION, on=True)
    assert home.decide(at(16, 10)).actions == ()
    assert home.decide(at(18)).actions == ()
    assert home.state("washer").on


def test_a_person_starting_a_smart_delayed_run_keeps_it_running() -> None:
    home = Home(india, SAVINGS, washer())
    home.set("washer", at(7, 5), ChangeSource.AUTOMATION, on=True)
    home.decide(at(7, 5))
    home.set("washer", at(7, 20), ChangeSource.USER, on=True)
    again = home.decide(at(7, 20))
    assert kinds(again) == [ActionKind.CANCEL_RESUME]
    assert home.decide(at(7, 30)).actions == ()
    assert home.state("washer").on


def test_a_smart_start_given_back_for_its_protected_window_is_placed_at_once() -> None:
    # The washer waits at 07:05 for the solar hours; its protected window opens at 07:30 and it
    # runs from there. That run is placed by the decision that gives it back, so a later call
    # before the window ends (nothing new) finds the same memory, not a run placed only then.
    window = ProtectedWindow(time(7, 30), time(8, 30))
    home = Home(india, SAVINGS, washer(protected_window=window))
    home.set("washer", at(7, 5), ChangeSource.AUTOMATION, on=True)
    assert kinds(home.decide(at(7, 5))) == [ActionKind.TURN_OFF, ActionKind.SCHEDULE_RESUME]
    given_back = home.decide(at(7, 30))
    assert kinds(given_back) == [ActionKind.TURN_ON, ActionKind.CANCEL_RESUME]
    later = decide(at(7, 40), india(at(7, 40)), SAVINGS, list(home.views.values()), home.memory)
    assert later.actions == ()
    assert later.memory == given_back.memory
    assert later.appliances == given_back.appliances
    # After the window the placed run is left to finish: no smart start stops it halfway.
    assert home.decide(at(8, 30)).actions == ()
    assert home.state("washer").on


def test_nothing_waits_while_the_autopilot_is_off() -> None:
    home = Home(india, AutopilotSettings(enabled=False, strategy=Strategy.MAX_SAVINGS), washer())
    home.set("washer", at(7, 5), ChangeSource.AUTOMATION, on=True)
    assert home.decide(at(7, 5)).actions == ()


@st.composite
def smart_cases(draw: st.DrawFn) -> tuple[datetime, Horizon, AutopilotSettings, ApplianceView]:
    """A delay_start appliance switched on at a random instant of a random day."""
    day = draw(st.integers(2, 8))
    minute = draw(st.integers(0, 24 * 12 - 1)) * 5
    now = at(0, day=day) + timedelta(minutes=minute)
    hour = now.replace(minute=0)
    live = draw(st.none() | st.floats(300.0, 1100.0))
    horizon = build_horizon(TARIFF, CarbonInput(PROFILE, live), KOLKATA, hour)
    strategy = draw(st.sampled_from(list(Strategy)))
    settings = AutopilotSettings(strategy=strategy, threshold=draw(st.sampled_from([0.6, 0.9])))
    power = tuple(draw(st.lists(st.floats(0.05, 3.0), min_size=3, max_size=36)))
    view = ApplianceView(
        id="washer",
        name="Washer",
        state=ApplianceState(on=True, changed_at=now, changed_by=ChangeSource.AUTOMATION),
        preferred_action=PreferredAction.DELAY_START,
        cycle=Cycle(power),
        max_delay=timedelta(minutes=draw(st.integers(4, 120)) * 5),
    )
    return now, horizon, settings, view


def _run_score(
    horizon: Horizon, settings: AutopilotSettings, power: tuple[float, ...], start: datetime
) -> float:
    scores = horizon.run_scores(settings.weights)
    first = horizon.grid.index_of(start)
    return float(scores[first : first + len(power)] @ np.asarray(power))


@given(smart_cases())
def test_a_smart_start_is_never_late_never_worse_and_stable(
    case: tuple[datetime, Horizon, AutopilotSettings, ApplianceView],
) -> None:
    now, horizon, settings, view = case
    assert view.cycle is not None
    power = view.cycle.power_kw
    decision = decide(now, horizon, settings, [view], Memory())
    resume = [a for a in decision.actions if a.kind is ActionKind.SCHEDULE_RESUME]
    fits = now + len(power) * timedelta(minutes=5) <= now + view.max_delay
    if resume:
        window = resume[0].window
        assert window is not None
        assert now < window.start < window.end <= window.finish_by <= now + view.max_delay
        later = _run_score(horizon, settings, power, window.start)
        here = _run_score(horizon, settings, power, now)
        assert later <= here  # never worse than starting now
        if decision.appliances[0].reason is HoldReason.SMART_START:
            assert later <= here * (1 - SMART_START_MARGIN) + 1e-9
    else:
        assert decision.actions == ()
        assert "washer" in decision.memory.settled or not fits
    # The same inputs again, before and after the shell carried it out: nothing new.
    after = apply_actions([view], decision.actions, now)
    for views in ([view], after):
        again = decide(now, horizon, settings, views, decision.memory)
        assert again.actions == ()
        assert again.memory == decision.memory
    # A restart in the middle (memory through JSON) before the run is due decides exactly as
    # the running home does, and nothing changes without new input.
    stored = Memory.from_dict(json.loads(json.dumps(decision.memory.as_dict())))
    due = decision.next_check or now + timedelta(hours=1)
    middle = now + max(timedelta(0), (due - now) / 2 // timedelta(minutes=5) * timedelta(minutes=5))
    kept = decide(middle, horizon, settings, after, decision.memory)
    assert decide(middle, horizon, settings, after, stored) == kept
    assert kept.actions == ()
