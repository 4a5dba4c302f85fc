"""Schedule recurrence: repeat kinds, DST rules, smart windows, catch-up plans and validation."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.carbon import profile_for_region
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.horizon import CarbonInput, build_horizon
from custom_components.voltwise.engine.penalty import Strategy, weights_for
from custom_components.voltwise.engine.recurrence import (
    Action,
    CatchUpPlan,
    Occurrence,
    is_finished,
    local_instant,
    next_occurrence,
    next_occurrences,
    next_smart_windows,
    occurrences_between,
    plan_catch_up,
    require_future,
    runs_between,
    should_carry_out,
    smart_window,
)
from custom_components.voltwise.engine.schedule_spec import Repeat, ScheduleSpec, parse_days
from custom_components.voltwise.engine.tariff import presets
from custom_components.voltwise.engine.windows import Cycle, find_best_window

from .reference import reference_occurrences, wall_to_instant

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
H = timedelta(hours=1)
DAY = timedelta(days=1)
MIN = timedelta(minutes=1)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(tz: ZoneInfo, *fields: int) -> datetime:
    """A wall-clock reading in ``tz`` (year, month, day[, hour[, minute]])."""
    return utc(*fields).replace(tzinfo=tz)


def walls(occurrences: list[Occurrence], tz: ZoneInfo) -> list[tuple[str, str]]:
    """(key, local wall clock with offset) for readable assertions."""
    return [(o.key, o.at.astimezone(tz).strftime("%m-%d %H:%M%z")) for o in occurrences]


# -- repeat kinds --------------------------------------------------------------------------------


def test_daily_with_an_end_time_turns_on_and_off_every_day() -> None:
    spec = ScheduleSpec("wash", time(10), end=time(11, 30), repeat=Repeat.DAILY)
    found = next_occurrences(spec, local(KOLKATA, 2026, 3, 2, 12), KOLKATA, limit=4)
    assert walls(found, KOLKATA) == [
        ("wash:2026-03-03:on", "03-03 10:00+0530"),
        ("wash:2026-03-03:off", "03-03 11:30+0530"),
        ("wash:2026-03-04:on", "03-04 10:00+0530"),
        ("wash:2026-03-04:off", "03-04 11:30+0530"),
    ]
    assert [o.action for o in found] == [Action.TURN_ON, Action.TURN_OFF] * 2
    assert all(o.at.tzinfo is UTC for o in found)


def test_weekdays_skip_the_weekend() -> None:
    spec = ScheduleSpec("geyser", time(6), repeat=Repeat.WEEKDAYS)  # turn on only
    found = next_occurrences(spec, local(KOLKATA, 2026, 3, 5, 7), KOLKATA, limit=3)  # Thursday
    assert [o.key for o in found] == [
        "geyser:2026-03-06:on",  # Friday
        "geyser:2026-03-09:on",  # Monday
        "geyser:2026-03-10:on",
    ]


def test_weekends_run_on_saturday_and_sunday_only() -> None:
    spec = ScheduleSpec("pump", time(9), duration=timedelta(minutes=45), repeat=Repeat.WEEKENDS)
    found = next_occurrences(spec, local(KOLKATA, 2026, 3, 2, 0), KOLKATA, limit=6)
    assert [o.day.weekday() for o in found] == [5, 5, 6, 6, 5, 5]
    assert found[1].at - found[0].at == timedelta(minutes=45)


def test_chosen_days_of_the_week() -> None:
    days = parse_days(["mon", "Wednesday", 4])
    assert days == {0, 2, 4}
    spec = ScheduleSpec("ac", time(14), repeat=Repeat.DAYS, days=days)
    found = next_occurrences(spec, local(KOLKATA, 2026, 3, 2, 14), KOLKATA, limit=4)  # Mon 14:00
    # Strictly after: Monday 14:00 itself is not "next".
    assert [o.day.isoformat() for o in found] == [
        "2026-03-04",
        "2026-03-06",
        "2026-03-09",
        "2026-03-11",
    ]


def test_a_one_off_runs_once_and_is_then_finished() -> None:
    spec = ScheduleSpec("ev", time(23), duration=2 * H, run_date=date(2026, 3, 2))
    before = local(KOLKATA, 2026, 3, 2, 12)
    assert walls(next_occurrences(spec, before, KOLKATA, limit=5), KOLKATA) == [
        ("ev:2026-03-02:on", "03-02 23:00+0530"),
        ("ev:2026-03-02:off", "03-03 01:00+0530"),
    ]
    assert not is_finished(spec, before, KOLKATA)
    during = local(KOLKATA, 2026, 3, 2, 23, 30)
    assert [o.key for o in next_occurrences(spec, during, KOLKATA, limit=5)] == [
        "ev:2026-03-02:off"
    ]
    after = local(KOLKATA, 2026, 3, 3, 1)
    assert next_occurrence(spec, after, KOLKATA) is None
    assert is_finished(spec, after, KOLKATA)


def test_a_one_off_in_the_past_is_refused_by_the_helper() -> None:
    spec = ScheduleSpec("ev", time(9), run_date=date(2026, 3, 2))
    require_future(spec, local(KOLKATA, 2026, 3, 2, 8, 59), KOLKATA)
    with pytest.raises(EngineError) as err:
        require_future(spec, local(KOLKATA, 2026, 3, 2, 9), KOLKATA)
    assert err.value.code == "schedule_in_past"
    assert err.value.placeholders == {"start": "2026-03-02 09:00"}
    daily = ScheduleSpec("daily", time(9), repeat=Repeat.DAILY)
    require_future(daily, local(KOLKATA, 2030, 1, 1), KOLKATA)
    assert not is_finished(daily, local(KOLKATA, 2030, 1, 1), KOLKATA)


def test_an_end_before_the_start_is_the_next_morning_and_keeps_the_start_date() -> None:
    spec = ScheduleSpec("heater", time(22), end=time(6), repeat=Repeat.DAILY)
    found = next_occurrences(spec, local(KOLKATA, 2026, 3, 2, 12), KOLKATA, limit=3)
    assert walls(found, KOLKATA) == [
        ("heater:2026-03-02:on", "03-02 22:00+0530"),
        ("heater:2026-03-02:off", "03-03 06:00+0530"),
        ("heater:2026-03-03:on", "03-03 22:00+0530"),
    ]


def test_a_one_off_past_midnight_needs_an_end_date() -> None:
    spec = ScheduleSpec(
        "heater", time(22), end=time(6), run_date=date(2026, 3, 2), end_date=date(2026, 3, 3)
    )
    found = next_occurrences(spec, local(KOLKATA, 2026, 3, 2), KOLKATA, limit=3)
    assert walls(found, KOLKATA) == [
        ("heater:2026-03-02:on", "03-02 22:00+0530"),
        ("heater:2026-03-02:off", "03-03 06:00+0530"),
    ]
    with pytest.raises(EngineError) as err:
        ScheduleSpec("heater", time(22), end=time(6), run_date=date(2026, 3, 2))
    assert err.value.code == "schedule_end_before_start"


def test_keys_use_the_local_date_not_the_utc_date() -> None:
    # 02:30 in Kolkata is 21:00 UTC the evening before.
    spec = ScheduleSpec("pump", time(2, 30), repeat=Repeat.DAILY)
    found = next_occurrence(spec, utc(2026, 2, 28, 12), KOLKATA)
    assert found is not None
    assert found.at == utc(2026, 2, 28, 21)
    assert found.key == "pump:2026-03-01:on"


# -- DST ----------------------------------------------------------------------------------------


def test_a_start_in_the_spring_gap_runs_once_at_the_end_of_the_gap() -> None:
    # Berlin skips 02:00-03:00 on 2026-03-29.
    spec = ScheduleSpec("pump", time(2, 30), repeat=Repeat.DAILY)
    found = next_occurrences(spec, local(BERLIN, 2026, 3, 28, 12), BERLIN, limit=3)
    assert walls(found, BERLIN) == [
        ("pump:2026-03-29:on", "03-29 03:00+0200"),
        ("pump:2026-03-30:on", "03-30 02:30+0200"),
        ("pump:2026-03-31:on", "03-31 02:30+0200"),
    ]
    # New York skips 02:00-03:00 on 2026-03-08.
    assert local_instant(date(2026, 3, 8), time(2, 30), NEW_YORK) == utc(2026, 3, 8, 7)


def test_a_start_in_the_autumn_fold_runs_once_at_the_first_instant() -> None:
    # Berlin repeats 02:00-03:00 on 2026-10-25: 02:30 CEST (00:30 UTC), then 02:30 CET.
    spec = ScheduleSpec("pump", time(2, 30), repeat=Repeat.DAILY)
    found = next_occurrences(spec, local(BERLIN, 2026, 10, 24, 12), BERLIN, limit=2)
    assert walls(found, BERLIN) == [
        ("pump:2026-10-25:on", "10-25 02:30+0200"),
        ("pump:2026-10-26:on", "10-26 02:30+0100"),
    ]
    # Asking from between the two 02:30s does not produce the second one.
    between = utc(2026, 10, 25, 0, 45)
    assert next_occurrence(spec, between, BERLIN).key == "pump:2026-10-26:on"  # type: ignore[union-attr]
    # New York repeats 01:00-02:00 on 2026-11-01.
    assert local_instant(date(2026, 11, 1), time(1, 30), NEW_YORK) == utc(2026, 11, 1, 5, 30)


def test_durations_are_elapsed_time_across_a_dst_change() -> None:
    spec = ScheduleSpec("dryer", time(1, 30), duration=2 * H, repeat=Repeat.DAILY)
    spring = next_occurrences(spec, local(BERLIN, 2026, 3, 28, 12), BERLIN, limit=2)
    assert walls(spring, BERLIN) == [
        ("dryer:2026-03-29:on", "03-29 01:30+0100"),
        ("dryer:2026-03-29:off", "03-29 04:30+0200"),  # 2 hours later; the clock says 3
    ]
    autumn = next_occurrences(spec, local(NEW_YORK, 2026, 10, 31, 12), NEW_YORK, limit=2)
    assert autumn[1].at - autumn[0].at == 2 * H
    assert walls(autumn, NEW_YORK)[1] == ("dryer:2026-11-01:off", "11-01 02:30-0500")


def test_end_times_are_wall_clock_across_a_dst_change() -> None:
    overnight = ScheduleSpec("heater", time(22), end=time(6), repeat=Repeat.DAILY)
    spring = next_occurrences(overnight, local(BERLIN, 2026, 3, 28, 12), BERLIN, limit=2)
    assert spring[1].at - spring[0].at == 7 * H
    autumn = next_occurrences(overnight, local(BERLIN, 2026, 10, 24, 12), BERLIN, limit=2)
    assert autumn[1].at - autumn[0].at == 9 * H
    assert walls(autumn, BERLIN)[1] == ("heater:2026-10-24:off", "10-25 06:00+0100")
    short = ScheduleSpec("pump", time(1), end=time(3), run_date=date(2026, 3, 29))
    found = next_occurrences(short, local(BERLIN, 2026, 3, 29), BERLIN, limit=2)
    assert found[1].at - found[0].at == H  # 01:00 CET to 03:00 CEST


def test_a_run_entirely_inside_the_gap_keeps_its_length() -> None:
    spec = ScheduleSpec("pump", time(2, 10), end=time(2, 40), repeat=Repeat.DAILY)
    found = next_occurrences(spec, local(BERLIN, 2026, 3, 28, 12), BERLIN, limit=2)
    assert walls(found, BERLIN) == [
        ("pump:2026-03-29:on", "03-29 03:00+0200"),
        ("pump:2026-03-29:off", "03-29 03:30+0200"),
    ]


def test_kolkata_has_no_dst_so_every_day_is_24_hours_apart() -> None:
    spec = ScheduleSpec("pump", time(2, 30), repeat=Repeat.DAILY)
    found = next_occurrences(spec, local(KOLKATA, 2026, 1, 1), KOLKATA, limit=365)
    assert {b.at - a.at for a, b in itertools.pairwise(found)} == {timedelta(days=1)}


def test_a_run_longer_than_a_short_day_continues_into_the_next_run() -> None:
    # 10:00 + 23.5 h would end at 10:30 CEST on the 23-hour day, after the next 10:00 start.
    spec = ScheduleSpec(
        "fan", time(10), duration=timedelta(hours=23, minutes=30), repeat=Repeat.DAILY
    )
    found = next_occurrences(spec, local(BERLIN, 2026, 3, 28, 9, 45), BERLIN, limit=4)
    assert walls(found, BERLIN) == [
        ("fan:2026-03-28:on", "03-28 10:00+0100"),
        ("fan:2026-03-29:on", "03-29 10:00+0200"),
        ("fan:2026-03-29:off", "03-30 09:30+0200"),
        ("fan:2026-03-30:on", "03-30 10:00+0200"),
    ]
    # The one auto-off ends both runs: either turn_on having run is reason to turn off.
    assert found[2].on_keys == ("fan:2026-03-28:on", "fan:2026-03-29:on")
    assert should_carry_out(found[2], {"fan:2026-03-28:on"})
    runs = runs_between(spec, local(BERLIN, 2026, 3, 28), local(BERLIN, 2026, 3, 30), BERLIN)
    assert [(run.day.day, run.continues, run.end is None) for run in runs] == [
        (27, False, False),
        (28, True, True),
        (29, False, False),
    ]


# -- calendar -----------------------------------------------------------------------------------


def test_occurrences_and_runs_between_two_instants() -> None:
    spec = ScheduleSpec("heater", time(22), end=time(6), repeat=Repeat.DAILY)
    start, end = local(KOLKATA, 2026, 3, 2, 5), local(KOLKATA, 2026, 3, 4, 6)
    found = occurrences_between(spec, start, end, KOLKATA)
    # Half-open: the 06:00 auto-off at the end is excluded.
    assert [o.key for o in found] == [
        "heater:2026-03-01:off",
        "heater:2026-03-02:on",
        "heater:2026-03-02:off",
        "heater:2026-03-03:on",
    ]
    runs = runs_between(spec, start, end, KOLKATA)
    assert [run.day.isoformat() for run in runs] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert runs[0].start < start < runs[0].end  # type: ignore[operator]
    assert occurrences_between(spec, end, start, KOLKATA) == []


# -- smart schedules -----------------------------------------------------------------------------


def smart_spec(**changes: Any) -> ScheduleSpec:
    values: dict[str, Any] = {
        "schedule_id": "ev",
        "start": time(22),
        "end": time(6),
        "duration": 3 * H,
        "repeat": Repeat.DAILY,
        "smart": True,
    }
    return ScheduleSpec(**(values | changes))


def test_a_smart_window_gives_bounds_and_a_resolve_instant() -> None:
    spec = smart_spec()
    window = smart_window(spec, date(2026, 3, 2), KOLKATA)
    assert window.earliest == local(KOLKATA, 2026, 3, 2, 22)
    assert window.deadline == local(KOLKATA, 2026, 3, 3, 6)
    assert window.resolve_at == local(KOLKATA, 2026, 3, 2, 21)
    assert window.latest_start == local(KOLKATA, 2026, 3, 3, 3)
    assert window.on_key == "ev:2026-03-02:on"
    assert window.bounds(local(KOLKATA, 2026, 3, 2, 20)) == (window.earliest, window.deadline)
    assert window.bounds(local(KOLKATA, 2026, 3, 3, 1)) == (
        local(KOLKATA, 2026, 3, 3, 1),
        window.deadline,
    )
    assert window.bounds(local(KOLKATA, 2026, 3, 3, 3, 1)) is None  # no longer fits
    assert window.clamp(local(KOLKATA, 2026, 3, 2, 12)) == window.earliest
    assert window.clamp(local(KOLKATA, 2026, 3, 3, 5)) == window.latest_start
    with pytest.raises(ValueError):
        smart_window(ScheduleSpec("x", time(1), repeat=Repeat.DAILY), date(2026, 3, 2), KOLKATA)


def test_next_smart_windows_include_the_open_one() -> None:
    spec = smart_spec(repeat=Repeat.WEEKENDS)
    found = next_smart_windows(spec, local(KOLKATA, 2026, 3, 8, 1), KOLKATA, limit=2)
    assert [w.day.isoformat() for w in found] == ["2026-03-07", "2026-03-08"]  # Sat, Sun
    assert found[0].resolve_at <= local(KOLKATA, 2026, 3, 8, 1) < found[0].deadline


def test_a_chosen_start_moves_the_run_but_not_its_keys() -> None:
    spec = smart_spec()
    now = local(KOLKATA, 2026, 3, 2, 12)
    unresolved = next_occurrences(spec, now, KOLKATA, limit=2)
    assert unresolved[0].at == local(KOLKATA, 2026, 3, 2, 22)  # until resolved: window opens
    chosen = {date(2026, 3, 2): local(KOLKATA, 2026, 3, 3, 1, 15)}
    resolved = next_occurrences(spec, now, KOLKATA, limit=2, starts=chosen)
    assert [o.key for o in resolved] == [o.key for o in unresolved]
    assert walls(resolved, KOLKATA) == [
        ("ev:2026-03-02:on", "03-03 01:15+0530"),
        ("ev:2026-03-02:off", "03-03 04:15+0530"),
    ]
    # A stale choice outside the window is pulled back in.
    late = {date(2026, 3, 2): local(KOLKATA, 2026, 3, 3, 5)}
    assert next_occurrence(spec, now, KOLKATA, starts=late).at == local(KOLKATA, 2026, 3, 3, 3)  # type: ignore[union-attr]


def test_a_smart_window_shortened_by_dst_still_fits_the_run() -> None:
    # 01:00-04:00 on the spring-forward day is only 2 real hours; a 3-hour run ends at 05:00.
    spec = smart_spec(start=time(1), end=time(4), duration=3 * H)
    window = smart_window(spec, date(2026, 3, 29), BERLIN)
    assert window.deadline - window.earliest == 3 * H
    assert window.latest_start == window.earliest


def test_the_window_is_what_find_best_window_needs() -> None:
    spec = smart_spec(start=time(8), end=time(20), duration=2 * H)
    now = local(KOLKATA, 2026, 3, 2, 6)
    window = next_smart_windows(spec, now, KOLKATA)[0]
    bounds = window.bounds(now)
    assert bounds is not None
    tariff = presets()["india_tod_domestic"].build(8.0, "INR")
    horizon = build_horizon(tariff, CarbonInput(profile_for_region("IN-WE")), KOLKATA, now)
    cycle = Cycle.constant(120, 2000, horizon.grid.step_minutes)
    plan = find_best_window(horizon, weights_for(Strategy.MAX_SAVINGS), cycle, *bounds)
    on, off = next_occurrences(spec, now, KOLKATA, limit=2, starts={window.day: plan.start})
    assert on.at == plan.start
    assert off.at == plan.end
    assert window.earliest <= on.at
    assert off.at <= window.deadline
    assert on.at.astimezone(KOLKATA).hour == 9  # solar hours, not the 08:00 opening


# -- catching up after a restart -----------------------------------------------------------------

WASH = ScheduleSpec("wash", time(10), end=time(12), repeat=Repeat.DAILY)
ON = "wash:2026-03-02:on"
OFF = "wash:2026-03-02:off"


def catch_up(since: datetime, now: datetime, executed: set[str], **kwargs: Any) -> CatchUpPlan:
    return plan_catch_up(WASH, KOLKATA, since=since, now=now, executed=executed, **kwargs)


def keys(items: tuple[Occurrence, ...]) -> list[str]:
    return [item.key for item in items]


def test_a_turn_on_missed_within_grace_runs_once() -> None:
    down, up = local(KOLKATA, 2026, 3, 2, 9, 50), local(KOLKATA, 2026, 3, 2, 10, 10)
    plan = catch_up(down, up, set())
    assert keys(plan.run) == [ON]
    assert not plan.missed
    # Carried out (key saved first), then another crash: nothing runs twice.
    again = catch_up(down, up + MIN, {ON})
    assert again.empty


def test_a_turn_on_missed_beyond_grace_is_reported_and_its_off_skipped() -> None:
    down, up = local(KOLKATA, 2026, 3, 2, 9), local(KOLKATA, 2026, 3, 2, 10, 16)
    plan = catch_up(down, up, set())
    assert keys(plan.missed) == [ON]
    assert not plan.run
    assert catch_up(down, up, set(), grace=timedelta(minutes=20)).run[0].key == ON
    # The schedule never turned the appliance on, so its auto-off has nothing to undo.
    off = next_occurrence(WASH, up, KOLKATA)
    assert off is not None
    assert off.key == OFF
    assert not should_carry_out(off, {*()})
    # Reported once: planning again after another crash does not report it again.
    assert catch_up(down, up + MIN, set(), reported={ON}).empty


def test_a_missed_auto_off_is_always_applied() -> None:
    # The turn_on ran before the crash; HA stays down past the end and the grace period.
    down, up = local(KOLKATA, 2026, 3, 2, 11), local(KOLKATA, 2026, 3, 2, 18)
    plan = catch_up(down, up, {ON})
    assert keys(plan.run) == [OFF]
    assert catch_up(down, up, {ON, OFF}).empty


def test_a_run_that_ended_while_down_is_missed_even_within_grace() -> None:
    short = ScheduleSpec("wash", time(10), duration=timedelta(minutes=5), repeat=Repeat.DAILY)
    down, up = local(KOLKATA, 2026, 3, 2, 9, 58), local(KOLKATA, 2026, 3, 2, 10, 7)
    plan = plan_catch_up(short, KOLKATA, since=down, now=up, executed=set())
    assert keys(plan.missed) == [ON]
    assert keys(plan.skipped) == [OFF]
    assert not plan.run


def test_a_long_outage_reports_every_missed_run_and_runs_none() -> None:
    down, up = local(KOLKATA, 2026, 3, 2, 9), local(KOLKATA, 2026, 3, 5, 10, 5)
    plan = catch_up(down, up, set())
    assert keys(plan.missed) == [f"wash:2026-03-0{day}:on" for day in (2, 3, 4)]
    assert keys(plan.skipped) == [f"wash:2026-03-0{day}:off" for day in (2, 3, 4)]
    assert keys(plan.run) == ["wash:2026-03-05:on"]  # 5 minutes late: within grace


def test_catch_up_refuses_a_negative_grace() -> None:
    with pytest.raises(EngineError) as err:
        catch_up(local(KOLKATA, 2026, 3, 2), local(KOLKATA, 2026, 3, 3), set(), grace=-MIN)
    assert err.value.code == "invalid_grace"
    assert catch_up(local(KOLKATA, 2026, 3, 3), local(KOLKATA, 2026, 3, 2), set()).empty


# -- validation ----------------------------------------------------------------------------------


REPEATING: dict[str, Any] = {"repeat": Repeat.DAILY, "run_date": None}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"schedule_id": ""}, "schedule_invalid_id"),
        ({"schedule_id": "a:b"}, "schedule_invalid_id"),
        ({"repeat": "hourly"}, "unknown_repeat"),
        ({"start": time(10, 0, 30)}, "invalid_time"),
        ({"start": time(10, tzinfo=UTC)}, "invalid_time"),
        ({"start": "10:00"}, "invalid_time"),
        ({"end": time(12, 0, 1)}, "invalid_time"),
        ({"duration": timedelta(0)}, "invalid_duration"),
        ({"duration": -H}, "invalid_duration"),
        ({"duration": timedelta(seconds=1.5)}, "schedule_duration_fraction"),
        ({"duration": H, "end": time(12)}, "schedule_end_and_duration"),
        ({**REPEATING, "duration": timedelta(days=1)}, "schedule_duration_too_long"),
        ({**REPEATING, "repeat": "weekends", "duration": 25 * H}, "schedule_duration_too_long"),
        (
            {**REPEATING, "repeat": "days", "days": frozenset({0, 3}), "duration": 3 * DAY},
            "schedule_duration_too_long",
        ),
        ({"duration": timedelta(days=7)}, "schedule_duration_too_long"),
        (
            {"end": time(10), "end_date": date(2026, 3, 9)},  # exactly a week
            "schedule_duration_too_long",
        ),
        ({"run_date": None}, "schedule_needs_date"),
        ({"run_date": datetime(2026, 3, 2, tzinfo=UTC)}, "schedule_invalid_date"),
        ({"end_date": date(2026, 3, 3)}, "schedule_end_date_without_end"),
        ({"repeat": Repeat.DAILY}, "schedule_date_only_once"),
        ({"end": time(9)}, "schedule_end_before_start"),
        ({"end": time(10)}, "schedule_end_equals_start"),  # the same key as a repeat's
        ({"end": time(10), "end_date": date(2026, 3, 2)}, "schedule_end_equals_start"),
        ({"end": time(12), "end_date": date(2026, 3, 1)}, "schedule_end_before_start"),
        ({"run_date": date(1, 1, 1)}, "date_out_of_range"),  # its instants overflow
        ({"run_date": date(9999, 12, 31)}, "date_out_of_range"),
        ({"end": time(9), "end_date": date(9999, 12, 31)}, "date_out_of_range"),
        ({**REPEATING, "end": time(10)}, "schedule_end_equals_start"),
        ({**REPEATING, "repeat": Repeat.DAYS}, "schedule_no_days"),
        ({**REPEATING, "repeat": Repeat.DAYS, "days": {7}}, "schedule_unknown_day"),
        ({**REPEATING, "repeat": Repeat.DAYS, "days": {"mon"}}, "schedule_unknown_day"),
        ({**REPEATING, "days": {1}}, "schedule_days_only_chosen"),
        ({"smart": True, "end": time(12)}, "schedule_smart_incomplete"),
        ({"smart": True, "duration": H}, "schedule_smart_incomplete"),
        ({"smart": True, "end": time(11), "duration": 2 * H}, "schedule_window_too_short"),
        (
            {"smart": True, "end": time(11), "end_date": date(2026, 3, 3), "duration": H},
            "schedule_window_too_long",
        ),
    ],
)
def test_bad_schedules_are_refused_with_a_code(changes: dict[str, Any], code: str) -> None:
    values: dict[str, Any] = {"schedule_id": "s", "start": time(10), "run_date": date(2026, 3, 2)}
    with pytest.raises(EngineError) as err:
        ScheduleSpec(**(values | changes))
    assert err.value.code == code


def test_duration_limit_message_names_both_lengths() -> None:
    with pytest.raises(EngineError) as err:
        ScheduleSpec("s", time(10), duration=25 * H, repeat=Repeat.DAILY)
    assert err.value.placeholders == {"duration": "1500", "maximum": "1440"}


def test_the_longest_allowed_runs_are_accepted() -> None:
    daily = ScheduleSpec(
        "s", time(10), duration=timedelta(hours=23, minutes=59), repeat=Repeat.DAILY
    )
    assert daily.period == timedelta(days=1)
    weekly = ScheduleSpec(
        "s", time(10), duration=timedelta(days=6), repeat=Repeat.DAYS, days=frozenset({2})
    )
    assert weekly.period == timedelta(days=7)
    assert weekly.days == frozenset({2})


@pytest.mark.parametrize("value", ["funday", "", 7, -1, True, "mo"])
def test_unknown_days_are_refused(value: Any) -> None:
    with pytest.raises(EngineError) as err:
        parse_days([value])
    assert err.value.code == "schedule_unknown_day"


# -- serialisation -------------------------------------------------------------------------------


def test_a_spec_round_trips_through_a_json_dict() -> None:
    spec = ScheduleSpec("ac", time(14, 5), end=time(1), repeat=Repeat.DAYS, days=frozenset({6, 0}))
    data = spec.as_dict()
    assert data == {
        "id": "ac",
        "repeat": "days",
        "start": "14:05",
        "end": "01:00",
        "duration": None,
        "date": None,
        "end_date": None,
        "days": ["mon", "sun"],
        "smart": False,
    }
    assert ScheduleSpec.from_dict(data) == spec


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"start": "10:00"}, "schedule_invalid_data"),
        ({"id": "x", "start": 10}, "schedule_invalid_data"),
        ({"id": "x", "start": "10:00", "duration": "1h"}, "schedule_invalid_data"),
        ({"id": "x", "start": "10:00", "date": 20260302}, "schedule_invalid_data"),
        ({"id": "x", "start": "10:00", "date": "2026-02-30"}, "schedule_invalid_date"),
        ({"id": "x", "start": "25:00", "date": "2026-03-02"}, "invalid_time"),
        ({"id": "x", "start": "10:00:30", "date": "2026-03-02"}, "invalid_time"),
        ({"id": "x", "start": "10:00", "repeat": "days", "days": "mon"}, "schedule_invalid_data"),
        ({"id": "x", "start": "10:00", "repeat": "days", "days": ["xyz"]}, "schedule_unknown_day"),
        # Beyond any calendar: refused, not an OverflowError when the spec is built.
        (
            {"id": "x", "start": "10:00", "repeat": "daily", "duration": 1e20},
            "schedule_invalid_data",
        ),
        (
            {"id": "x", "start": "10:00", "repeat": "daily", "duration": math.inf},
            "schedule_invalid_data",
        ),
        (
            {"id": "x", "start": "10:00", "repeat": "daily", "duration": math.nan},
            "schedule_invalid_data",
        ),
        ({"id": "x", "start": "10:00", "date": "9999-12-31"}, "date_out_of_range"),
    ],
)
def test_bad_stored_schedules_are_refused(data: dict[str, Any], code: str) -> None:
    with pytest.raises(EngineError) as err:
        ScheduleSpec.from_dict(data)
    assert err.value.code == code


def test_occurrences_round_trip_through_a_json_dict() -> None:
    spec = ScheduleSpec(
        "fan", time(10), duration=timedelta(hours=23, minutes=30), repeat=Repeat.DAILY
    )
    for occurrence in next_occurrences(spec, local(BERLIN, 2026, 3, 28, 9), BERLIN, limit=4):
        assert Occurrence.from_dict(occurrence.as_dict()) == occurrence
    with pytest.raises(EngineError):
        Occurrence.from_dict({"schedule_id": "fan", "day": "x"})


# -- properties against a brute-force reference --------------------------------------------------

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # 30-minute DST
    "America/Santiago",  # changes at midnight
    "America/Havana",  # changes at midnight
    "Antarctica/Troll",  # 2-hour DST
    "Pacific/Chatham",
    "Europe/London",
)
TRICKY_TIMES = [time(h, m) for h, m in ((0, 0), (0, 30), (1, 0), (1, 30), (1, 59), (2, 0))]
TRICKY_TIMES += [time(h, m) for h, m in ((2, 15), (2, 30), (2, 59), (3, 0), (23, 0), (23, 59))]
wall_times = st.sampled_from(TRICKY_TIMES) | st.builds(time, st.integers(0, 23), st.integers(0, 59))


@cache
def transitions(name: str) -> tuple[datetime, ...]:
    """Instants (to the hour) near which ``name`` changes offset, 2025-2027; anchors otherwise."""
    tz = ZoneInfo(name)
    found: list[datetime] = []
    moment = utc(2025, 1, 1)
    previous = moment.astimezone(tz).utcoffset()
    while moment < utc(2028, 1, 1):
        moment += H
        offset = moment.astimezone(tz).utcoffset()
        if offset != previous:
            found.append(moment)
            previous = offset
    return tuple(found) or (utc(2026, 3, 1), utc(2026, 10, 25))


def times_near(change: datetime, tz: ZoneInfo) -> list[time]:
    """Wall-clock times in, at the edges of and around the gap or fold of a change."""
    before = (change - MIN).astimezone(tz).replace(tzinfo=None) + MIN  # old offset's reading
    after = change.astimezone(tz).replace(tzinfo=None)  # new offset's reading
    low, size = min(before, after), abs(after - before) // MIN
    steps = [size // 2, 0, size - 1, 1, -1, size, size + 1, -60, size + 60]
    return [(low + step * MIN).time() for step in steps]


def period_minutes(repeat: Repeat, days: frozenset[int]) -> int:
    """The repeat period, computed independently of the engine."""
    if repeat is Repeat.ONCE:
        return 7 * 1440
    if repeat is Repeat.DAYS:
        ordered = sorted(days)
        gaps = [(b - a) % 7 or 7 for a, b in zip(ordered, ordered[1:] + ordered[:1], strict=True)]
        return min(gaps) * 1440
    return 1440


@dataclass(frozen=True)
class Case:
    spec: ScheduleSpec
    tz: ZoneInfo
    after: datetime
    starts: dict[date, datetime]

    @property
    def day(self) -> date:
        return self.after.astimezone(self.tz).date()


@st.composite
def cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(name)
    change = draw(st.sampled_from(transitions(name)))
    # Mostly a little before a change, so the runs compared next cross it. (Lists, not ranges:
    # hypothesis favours a range's ends, and either end of this one is dull.)
    lead = st.sampled_from([1440, 90, 2 * 1440, 5, 4000, 600])
    after = change - MIN * draw(st.one_of(lead, lead, lead, st.integers(-8 * 1440, 8 * 1440)))
    day = after.astimezone(tz).date()
    times = st.one_of(*[st.sampled_from(times_near(change, tz))] * 3, wall_times)
    repeat = draw(st.sampled_from(list(Repeat)))
    days = None
    if repeat is Repeat.DAYS:
        change_weekday = change.astimezone(tz).weekday()
        days = draw(st.frozensets(st.integers(0, 6), min_size=1))
        days |= draw(st.sampled_from([{change_weekday}, {change_weekday}, set()]))
    run_date = None
    if repeat is Repeat.ONCE:
        change_day = change.astimezone(tz).date()
        run_date = change_day + timedelta(days=draw(st.sampled_from([0, -1, 1])))
    start = draw(times)
    smart = draw(st.sampled_from([False, False, True]))
    mode = "window" if smart else draw(st.sampled_from(["none", "end", "duration"]))
    end = end_date = duration = None
    if mode in {"end", "window"}:
        end = draw(times.filter(lambda t: t != start))
        if run_date is not None:
            extra = 0 if end > start else 1
            if mode == "end":
                extra += draw(st.integers(0, 2))
            if extra or draw(st.booleans()):
                end_date = run_date + timedelta(days=extra)
    if mode == "duration":
        most = period_minutes(repeat, days or frozenset()) - 1
        minutes = draw(st.integers(1, min(240, most)) | st.integers(max(1, most - 90), most))
        duration = timedelta(minutes=minutes)
    if mode == "window":
        assert end is not None
        first = run_date or day
        span = datetime.combine(end_date or first, end) - datetime.combine(first, start)
        span = span % DAY or DAY
        minutes = int(span.total_seconds() // 60)
        duration = timedelta(minutes=draw(st.integers(1, minutes) | st.just(minutes)))
    spec = ScheduleSpec(
        "s",
        start,
        end=end,
        duration=duration,
        repeat=repeat,
        run_date=run_date,
        end_date=end_date,
        days=days or frozenset(),
        smart=smart,
    )
    starts: dict[date, datetime] = {}
    if smart:
        offsets = draw(st.lists(st.none() | st.integers(-60, 25 * 60), max_size=40))
        for index, offset in enumerate(offsets):
            if offset is not None:
                chosen_day = day - timedelta(days=12 - index)
                starts[chosen_day] = datetime.combine(chosen_day, start, tzinfo=tz) + offset * MIN
    return Case(spec, tz, after, starts)


def expected(
    case: Case, until: datetime | None = None
) -> list[tuple[str, str, datetime, tuple[date, ...]]]:
    """Brute-force occurrences from 12 days before the case's instant, sorted by time.

    They reach at least 7 occurrences past the instant (and past ``until``): the last run of
    the range cannot know whether it merges into the next, so it is never one that is compared.
    """
    first, last = case.day - timedelta(days=12), case.day + timedelta(days=7)
    if case.spec.run_date is not None:
        last = max(last, case.spec.run_date)
    while True:
        found = sorted(
            reference_occurrences(case.spec, case.tz, first, last, case.starts),
            key=lambda item: item[2],
        )
        later = [item for item in found if item[2] > max(case.after, until or case.after)]
        if len(later) >= 7 or case.spec.repeat is Repeat.ONCE:
            return found
        last += timedelta(days=14)


def as_tuples(found: list[Occurrence]) -> list[tuple[str, str, datetime, tuple[date, ...]]]:
    return [(o.key, o.action.value, o.at, o.run_days) for o in found]


@given(cases())
def test_next_occurrences_equal_the_brute_force(case: Case) -> None:
    reference = [item for item in expected(case) if item[2] > case.after][:6]
    found = next_occurrences(case.spec, case.after, case.tz, limit=6, starts=case.starts)
    assert as_tuples(found) == reference
    # Strictly increasing, so none is duplicated or out of order; keys are unique.
    instants = [item[2] for item in reference]
    assert all(a < b for a, b in itertools.pairwise(instants))
    assert len({item[0] for item in reference}) == len(reference)
    # Every turn_on is the first instant whose wall clock reads the start time or later.
    for occurrence in found:
        if occurrence.action is Action.TURN_ON and not case.spec.smart:
            wall = datetime.combine(occurrence.day, case.spec.start)
            assert occurrence.at == wall_to_instant(wall, case.tz)


@given(cases())
def test_stepping_one_by_one_skips_and_repeats_nothing(case: Case) -> None:
    many = next_occurrences(case.spec, case.after, case.tz, limit=5, starts=case.starts)
    stepped: list[Occurrence] = []
    after = case.after
    while len(stepped) < 5 and (
        found := next_occurrence(case.spec, after, case.tz, starts=case.starts)
    ):
        stepped.append(found)
        after = found.at
    assert stepped == many


@given(cases(), st.integers(0, 4 * 1440))
def test_occurrences_between_equal_the_brute_force(case: Case, minutes: int) -> None:
    end = case.after + minutes * MIN
    reference = [item for item in expected(case, end) if case.after <= item[2] < end]
    found = occurrences_between(case.spec, case.after, end, case.tz, starts=case.starts)
    assert as_tuples(found) == reference
    # The runs are those that overlap the range (a run ending exactly at its start does not).
    runs = runs_between(case.spec, case.after, end, case.tz, starts=case.starts)
    assert all(run.start < end for run in runs)
    assert all(run.start >= case.after or (run.end or run.start) > case.after for run in runs)
    from_runs = [o for run in runs for o in run.occurrences() if case.after <= o.at < end]
    assert from_runs == [o for o in found if o.at > case.after or o.action is Action.TURN_ON]


@given(cases(), st.integers(0, 3 * 1440), st.sampled_from([0, 15, 60]), st.data())
def test_catch_up_never_runs_a_key_twice_and_always_applies_auto_off(
    case: Case, downtime: int, grace_minutes: int, data: st.DataObject
) -> None:
    since, now = case.after, case.after + downtime * MIN
    grace = grace_minutes * MIN
    history = occurrences_between(
        case.spec, since - timedelta(days=10), now + MIN, case.tz, starts=case.starts
    )
    history = [o for o in history if o.at <= now]
    flags = data.draw(st.lists(st.sampled_from(["", "", "x", "r"]), min_size=len(history)))
    executed = {o.key for o, flag in zip(history, flags, strict=False) if flag == "x"}
    reported = {o.key for o, flag in zip(history, flags, strict=False) if flag == "r"}
    plan = plan_catch_up(
        case.spec,
        case.tz,
        since=since,
        now=now,
        executed=executed,
        reported=reported,
        grace=grace,
        starts=case.starts,
    )
    ran, missed, skipped = keys(plan.run), keys(plan.missed), keys(plan.skipped)
    handled = ran + missed + skipped
    assert len(set(handled)) == len(handled)
    assert not set(handled) & (executed | reported)
    due = [o for o in history if since < o.at and o.key not in executed | reported]
    assert sorted(handled) == sorted(o.key for o in due)
    assert [o.at for o in plan.run] == sorted(o.at for o in plan.run)
    ends = {
        (run.day, "end"): run.end
        for run in runs_between(
            case.spec, since - timedelta(days=10), now + MIN, case.tz, starts=case.starts
        )
    }
    for occurrence in due:
        if occurrence.action is Action.TURN_ON:
            own_end = ends.get((occurrence.day, "end"))
            on_time = now - occurrence.at <= grace and (own_end is None or own_end > now)
            assert (occurrence.key in ran) == on_time
        else:
            answered = any(key in executed or key in ran for key in occurrence.on_keys)
            assert (occurrence.key in ran) == answered
            assert (occurrence.key in skipped) == (not answered)
    # After carrying out the plan and remembering its reports, there is nothing left to do.
    again = plan_catch_up(
        case.spec,
        case.tz,
        since=since,
        now=now,
        executed=executed | set(ran),
        reported=reported | set(missed) | set(skipped),
        grace=grace,
        starts=case.starts,
    )
    assert again.empty


@given(cases())
def test_specs_round_trip_through_json_dicts(case: Case) -> None:
    assert ScheduleSpec.from_dict(case.spec.as_dict()) == case.spec
