"""Plant plans: validation, edits, resolution with priorities and overrides, DST, storage."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, note, strategies as st

from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.plant.codec import (
    parse_segment,
    plan_from_dict,
    plan_to_dict,
)
from custom_components.voltwise.engine.plant.edits import (
    activate_collection,
    assign_daily_plan,
    clear_override,
    create_collection,
    create_daily_plan,
    daily_plan_days,
    delete_collection,
    delete_daily_plan,
    duplicate_daily_plan,
    expire_override,
    new_plan,
    parse_days,
    rename_collection,
    rename_daily_plan,
    replace_segments,
    replace_week,
    set_bounds,
    set_defaults,
    set_override,
    unassign_daily_plan,
)
from custom_components.voltwise.engine.plant.model import (
    Assignment,
    Bounds,
    DailyPlan,
    Override,
    OverrideMode,
    PlantDefaults,
    PlantPlan,
    Segment,
    Source,
    validate_plan,
)
from custom_components.voltwise.engine.plant.resolve import resolve

BERLIN = ZoneInfo("Europe/Berlin")
KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # DST shifts the clock by 30 minutes
DEFAULTS = PlantDefaults(peak_shaving_w=0, grid_charging_allowed=False)


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def seg(start: str, end: str, watts: int, grid: bool = False) -> Segment:
    return Segment(hm(start), hm(end), watts, grid)


def local(tz: tzinfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)  # type: ignore[misc]


def code_of(call: Callable[[], object]) -> str:
    with pytest.raises(EngineError) as info:
        call()
    return info.value.code


@pytest.fixture
def workweek() -> tuple[PlantPlan, str, str]:
    """Work (06-09, 17-22) on Mon-Fri at priority 1, Boost (07-08) on Wed at priority 5."""
    plan = new_plan(DEFAULTS)
    plan, work = create_daily_plan(
        plan, "Work", [seg("17:00", "22:00", 2000), seg("06:00", "09:00", 3000, True)]
    )
    plan = assign_daily_plan(plan, work.id, parse_days("mon-fri"), priority=1)
    plan, boost = create_daily_plan(plan, "Boost", [seg("07:00", "08:00", 5000, True)])
    plan = assign_daily_plan(plan, boost.id, parse_days("wed"), priority=5)
    return plan, work.id, boost.id


# -- the model and its edits -------------------------------------------------------------------


def test_a_new_plan_has_one_active_default_collection_and_applies_defaults_everywhere() -> None:
    plan = new_plan(PlantDefaults(1500, True))
    assert [c.name for c in plan.collections] == ["Default"]
    assert plan.active_collection.name == "Default"
    result = resolve(plan, datetime(2025, 6, 1, 12, tzinfo=UTC), BERLIN)
    assert (result.peak_shaving_w, result.grid_charging_allowed) == (1500, True)
    assert result.source is Source.DEFAULTS
    assert result.segment is None
    assert result.next_change is None


def test_segments_are_stored_sorted(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, work, _ = workweek
    schedule = plan.active_collection.daily_plan(work)
    assert schedule is not None
    assert [s.label() for s in schedule.segments] == ["06:00-09:00", "17:00-22:00"]


@pytest.mark.parametrize(
    ("segments", "code"),
    [
        ([seg("09:00", "09:00", 100)], "segment_empty"),
        ([seg("10:00", "09:00", 100)], "segment_empty"),
        ([seg("09:10", "10:00", 100)], "segment_unaligned"),
        ([seg("09:00", "10:05", 100)], "segment_unaligned"),
        ([Segment(-15, 60, 100, False)], "segment_outside_day"),
        ([Segment(1425, 1455, 100, False)], "segment_outside_day"),
        ([seg("09:00", "11:00", 100), seg("10:45", "12:00", 100)], "segment_overlap"),
        ([seg("00:00", "24:00", 100), seg("10:00", "10:15", 100)], "segment_overlap"),
        ([seg("09:00", "10:00", 150)], "peak_shaving_step"),
        ([seg("09:00", "10:00", 10_100)], "peak_shaving_out_of_bounds"),
        ([seg("09:00", "10:00", -100)], "peak_shaving_out_of_bounds"),
        ([Segment(0, 60, 100, 1)], "plan_corrupt"),  # type: ignore[arg-type]
    ],
)
def test_invalid_segments_are_refused_and_nothing_is_stored(
    workweek: tuple[PlantPlan, str, str], segments: list[Segment], code: str
) -> None:
    plan, work, _ = workweek
    before = plan_to_dict(plan)
    assert code_of(lambda: replace_segments(plan, work, segments)) == code
    assert code_of(lambda: create_daily_plan(plan, "New", segments)) == code
    assert plan_to_dict(plan) == before


def test_adjacent_segments_and_a_whole_day_are_valid(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, _ = workweek
    plan = replace_segments(
        plan, work, [seg("00:00", "12:00", 0), seg("12:00", "24:00", 10_000, True)]
    )
    validate_plan(plan)


def test_error_placeholders_name_the_problem(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, work, _ = workweek
    with pytest.raises(EngineError) as info:
        replace_segments(plan, work, [seg("09:00", "11:00", 100), seg("10:45", "12:00", 100)])
    assert info.value.placeholders == {
        "schedule": "Work",
        "first": "09:00-11:00",
        "second": "10:45-12:00",
    }
    with pytest.raises(EngineError) as info:
        replace_segments(plan, work, [seg("09:00", "10:00", 10_100)])
    assert info.value.placeholders == {"value": "10100", "minimum": "0", "maximum": "10000"}


def test_names_must_be_present_short_and_unique_per_collection(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, _ = workweek
    assert code_of(lambda: create_daily_plan(plan, "  ")) == "plan_name_empty"
    assert code_of(lambda: create_daily_plan(plan, "x" * 51)) == "plan_name_too_long"
    assert code_of(lambda: create_daily_plan(plan, " work ")) == "schedule_name_taken"
    assert code_of(lambda: rename_daily_plan(plan, work, "BOOST")) == "schedule_name_taken"
    assert code_of(lambda: create_collection(plan, "default")) == "collection_name_taken"
    # The same schedule name is fine in another collection.
    plan, holiday = create_collection(plan, "Holiday")
    plan, copy = create_daily_plan(plan, "Work", collection_id=holiday.id)
    assert copy.name == "Work"
    renamed = rename_daily_plan(plan, work, "  Office  ")
    assert renamed.active_collection.daily_plan(work).name == "Office"  # type: ignore[union-attr]


def test_duplicate_copies_segments_under_a_new_id_without_assignments(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, _ = workweek
    plan, copy = duplicate_daily_plan(plan, work, "Work copy")
    original = plan.active_collection.daily_plan(work)
    assert original is not None
    assert copy.id not in {work}
    assert copy.segments == original.segments
    assert daily_plan_days(plan, copy.id) == ()
    assert code_of(lambda: duplicate_daily_plan(plan, work, "Work")) == "schedule_name_taken"


def test_deleting_an_assigned_schedule_reports_and_unassigns_its_days(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, boost = workweek
    assert daily_plan_days(plan, work) == (0, 1, 2, 3, 4)
    plan, unassigned = delete_daily_plan(plan, work)
    assert unassigned == (0, 1, 2, 3, 4)
    assert plan.active_collection.daily_plan(work) is None
    assert all(item.plan_id != work for day in plan.active_collection.week.days for item in day)
    # Wednesday keeps Boost; its gaps now fall back to the defaults.
    assert [i.plan_id for i in plan.active_collection.week.on(2)] == [boost]
    wed_0630 = local(BERLIN, 2025, 3, 26, 6, 30)
    assert resolve(plan, wed_0630, BERLIN).source is Source.DEFAULTS
    plan, unassigned = delete_daily_plan(plan, boost)
    assert unassigned == (2,)
    assert code_of(lambda: delete_daily_plan(plan, boost)) == "unknown_schedule"


def test_ids_are_never_reused_after_a_delete() -> None:
    plan = new_plan(DEFAULTS)
    plan, first = create_daily_plan(plan, "A")
    plan, _ = delete_daily_plan(plan, first.id)
    plan, second = create_daily_plan(plan, "B")
    assert second.id != first.id


def test_priorities_are_explicit_and_unique_per_day(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, boost = workweek
    with pytest.raises(EngineError) as info:
        assign_daily_plan(plan, boost, [0], priority=1)
    assert info.value.code == "priority_taken"
    assert info.value.placeholders == {"day": "mon", "priority": "1", "schedule": "Work"}
    assert code_of(lambda: assign_daily_plan(plan, boost, [0], priority=-1)) == "invalid_priority"
    assert code_of(lambda: assign_daily_plan(plan, boost, [0], priority=1001)) == "invalid_priority"
    assert code_of(lambda: assign_daily_plan(plan, "nope", [0], 3)) == "unknown_schedule"
    assert code_of(lambda: assign_daily_plan(plan, boost, [7], 3)) == "invalid_days"
    assert code_of(lambda: assign_daily_plan(plan, boost, [], 3)) == "invalid_days"
    # Without a priority a schedule goes on top of every day it joins.
    plan, extra = create_daily_plan(plan, "Extra")
    plan = assign_daily_plan(plan, extra.id, parse_days("tue-wed"))
    assert plan.active_collection.week.on(2)[0] == Assignment(extra.id, 6)
    assert plan.active_collection.week.on(1)[0] == Assignment(extra.id, 6)
    # Reassigning moves a schedule to the new priority instead of adding it twice.
    plan = assign_daily_plan(plan, work, [2], priority=9)
    assert plan.active_collection.week.on(2) == (
        Assignment(work, 9),
        Assignment(extra.id, 6),
        Assignment(boost, 5),
    )
    plan = unassign_daily_plan(plan, work, parse_days("mon-wed"))
    assert daily_plan_days(plan, work) == (3, 4)


def test_a_schedule_can_only_be_assigned_within_its_collection(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, _ = workweek
    plan, holiday = create_collection(plan, "Holiday")
    bad_week: list[list[Assignment]] = [[Assignment(work, 1)], [], [], [], [], [], []]
    assert (
        code_of(lambda: replace_week(plan, bad_week, collection_id=holiday.id))
        == "unknown_schedule"
    )
    twice = [[Assignment(work, 1), Assignment(work, 2)], [], [], [], [], [], []]
    assert code_of(lambda: replace_week(plan, twice)) == "schedule_assigned_twice"
    assert code_of(lambda: replace_week(plan, [[]] * 6)) == "plan_corrupt"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("Sat,Sun", (5, 6)),
        ("fri-mon", (0, 4, 5, 6)),
        ("monday, wed - thu", (0, 2, 3)),
        ("all", (0, 1, 2, 3, 4, 5, 6)),
        ("sun", (6,)),
    ],
)
def test_parse_days_understands_ranges_and_lists(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "mon-", "funday", "mon-tue-wed"])
def test_parse_days_rejects_nonsense(text: str) -> None:
    assert code_of(lambda: parse_days(text)) == "invalid_days"


def test_collections_can_be_created_renamed_activated_and_deleted(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, _, _ = workweek
    plan, holiday = create_collection(plan, "Holiday")
    plan, lazy = create_daily_plan(
        plan, "Lazy", [seg("00:00", "24:00", 700)], collection_id=holiday.id
    )
    plan = assign_daily_plan(plan, lazy.id, range(7), priority=0)
    wed_0710 = local(BERLIN, 2025, 3, 26, 7, 10)
    assert resolve(plan, wed_0710, BERLIN).daily_plan_name == "Boost"
    plan = activate_collection(plan, holiday.id)
    assert resolve(plan, wed_0710, BERLIN).peak_shaving_w == 700
    assert code_of(lambda: delete_collection(plan, holiday.id)) == "collection_active"
    plan = rename_collection(plan, holiday.id, "Vacation")
    assert plan.active_collection.name == "Vacation"
    default_id = plan.collections[0].id
    plan = delete_collection(plan, default_id)
    assert [c.name for c in plan.collections] == ["Vacation"]
    assert code_of(lambda: activate_collection(plan, default_id)) == "unknown_collection"


def test_defaults_and_bounds_are_validated(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, _, _ = workweek
    assert code_of(lambda: set_defaults(plan, PlantDefaults(50, False))) == "peak_shaving_step"
    assert code_of(lambda: set_bounds(plan, Bounds(0, 4000))) == "peak_shaving_out_of_bounds"
    assert code_of(lambda: set_bounds(plan, Bounds(500, 100))) == "invalid_bounds"
    assert code_of(lambda: set_bounds(plan, Bounds(0, 10_050))) == "invalid_bounds"
    wider = set_bounds(plan, Bounds(0, 20_000))
    assert set_defaults(wider, PlantDefaults(15_000, True)).defaults.peak_shaving_w == 15_000


def test_parse_segment_accepts_clock_times_and_minutes() -> None:
    spec = {
        "start": "06:00",
        "end": "24:00",
        "peak_shaving_w": 300.0,
        "grid_charging_allowed": True,
    }
    assert parse_segment(spec) == Segment(360, 1440, 300, True)
    assert parse_segment({**spec, "start": 15, "end": "00:30:00"}).end == 30
    assert code_of(lambda: parse_segment({**spec, "start": "6h"})) == "invalid_time"
    assert code_of(lambda: parse_segment({"start": "06:00"})) == "plan_corrupt"


# -- resolution: worked examples ---------------------------------------------------------------


def test_higher_priority_overlays_and_lower_fills_its_gaps(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, work, boost = workweek
    wed = 2025, 3, 26
    expectations = [
        ((5, 0), 0, Source.DEFAULTS, None, (6, 0)),
        ((6, 30), 3000, Source.SEGMENT, work, (7, 0)),
        ((7, 10), 5000, Source.SEGMENT, boost, (8, 0)),
        ((8, 0), 3000, Source.SEGMENT, work, (9, 0)),
        ((9, 0), 0, Source.DEFAULTS, None, (17, 0)),
        ((21, 59), 2000, Source.SEGMENT, work, (22, 0)),
    ]
    for (hour, minute), watts, source, schedule, (next_h, next_m) in expectations:
        result = resolve(plan, local(BERLIN, *wed, hour, minute), BERLIN)
        assert (result.peak_shaving_w, result.source, result.daily_plan_id) == (
            watts,
            source,
            schedule,
        )
        assert result.next_change == local(BERLIN, *wed, next_h, next_m)
    # Thursday has no Boost; Saturday has nothing and the next change is Monday 06:00.
    assert resolve(plan, local(BERLIN, 2025, 3, 27, 7, 10), BERLIN).daily_plan_id == work
    saturday = resolve(plan, local(BERLIN, 2025, 3, 29, 12, 0), BERLIN)
    assert saturday.source is Source.DEFAULTS
    assert saturday.next_change == local(BERLIN, 2025, 3, 31, 6, 0)


def test_spring_forward_skips_the_missing_hour() -> None:
    """Berlin, 2025-03-30: 02:00 local does not exist, the clock jumps to 03:00."""
    plan = new_plan(DEFAULTS)
    plan, night = create_daily_plan(plan, "Night", [seg("01:00", "02:30", 800)])
    plan, gap = create_daily_plan(plan, "Gap", [seg("02:00", "02:30", 900)])
    plan = assign_daily_plan(plan, night.id, [6], priority=1)
    plan = assign_daily_plan(plan, gap.id, [6], priority=2)
    result = resolve(plan, local(BERLIN, 2025, 3, 30, 1, 30), BERLIN)
    assert result.peak_shaving_w == 800
    # 01:59:59 CET is followed by 03:00 CEST (01:00 UTC): Night ends, Gap never runs.
    assert result.next_change == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)
    after = resolve(plan, datetime(2025, 3, 30, 1, 0, tzinfo=UTC), BERLIN)
    assert after.source is Source.DEFAULTS
    # Nothing runs until Night next Sunday (the week after no gap remains).
    assert after.next_change == local(BERLIN, 2025, 4, 6, 1, 0)


def test_a_segment_lost_in_the_dst_gap_is_found_the_week_after() -> None:
    """The only segment sits in the hour that 2025-03-30 skips: the next change is 13 days on."""
    plan = new_plan(DEFAULTS)
    plan, gap = create_daily_plan(plan, "Gap", [seg("02:00", "02:30", 900)])
    plan = assign_daily_plan(plan, gap.id, [6], priority=1)
    monday = resolve(plan, local(BERLIN, 2025, 3, 24, 12, 0), BERLIN)
    assert monday.next_change == local(BERLIN, 2025, 4, 6, 2, 0)


def test_fall_back_runs_a_segment_in_both_repeated_hours() -> None:
    """Berlin, 2025-10-26: 02:00-03:00 local happens twice."""
    plan = new_plan(DEFAULTS)
    plan, night = create_daily_plan(plan, "Night", [seg("02:00", "02:30", 600, True)])
    plan = assign_daily_plan(plan, night.id, [6], priority=1)
    first = resolve(plan, local(BERLIN, 2025, 10, 26, 2, 10, fold=0), BERLIN)
    assert first.peak_shaving_w == 600
    assert first.next_change == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    between = resolve(plan, first.next_change, BERLIN)  # type: ignore[arg-type]
    assert between.source is Source.DEFAULTS
    assert between.next_change == datetime(2025, 10, 26, 1, 0, tzinfo=UTC)
    second = resolve(plan, local(BERLIN, 2025, 10, 26, 2, 10, fold=1), BERLIN)
    assert second.peak_shaving_w == 600
    assert second.next_change == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_half_hour_offsets_are_exact_in_kolkata() -> None:
    plan = new_plan(DEFAULTS)
    plan, early = create_daily_plan(plan, "Early", [seg("06:00", "06:15", 1200)])
    plan = assign_daily_plan(plan, early.id, range(7), priority=1)
    result = resolve(plan, datetime(2025, 1, 1, 0, 0, tzinfo=UTC), KOLKATA)  # 05:30 IST
    assert result.source is Source.DEFAULTS
    assert result.next_change == datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    during = resolve(plan, datetime(2025, 1, 1, 0, 40, tzinfo=UTC), KOLKATA)
    assert during.peak_shaving_w == 1200
    assert during.next_change == datetime(2025, 1, 1, 0, 45, tzinfo=UTC)


# -- overrides ---------------------------------------------------------------------------------


def test_override_until_next_boundary_ends_when_the_plan_next_changes(
    workweek: tuple[PlantPlan, str, str],
) -> None:
    plan, _, boost = workweek
    now = local(BERLIN, 2025, 3, 26, 6, 40)
    plan = set_override(
        plan, now, BERLIN, mode=OverrideMode.UNTIL_NEXT_BOUNDARY, peak_shaving_w=100
    )
    assert plan.override is not None
    assert plan.override.ends_at == local(BERLIN, 2025, 3, 26, 7, 0)
    result = resolve(plan, now, BERLIN)
    assert result.source is Source.OVERRIDE
    assert result.base_source is Source.SEGMENT
    # Only the limit is overridden: grid charging still follows the segment.
    assert (result.peak_shaving_w, result.grid_charging_allowed) == (100, True)
    assert result.next_change == plan.override.ends_at
    at_end = resolve(plan, local(BERLIN, 2025, 3, 26, 7, 0), BERLIN)
    assert at_end.source is Source.SEGMENT
    assert at_end.daily_plan_id == boost
    assert at_end.override is None
    assert at_end.override_expired
    assert expire_override(plan, local(BERLIN, 2025, 3, 26, 7, 0)).override is None
    assert expire_override(plan, now) is plan


def test_override_until_time_and_until_cleared(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, _, _ = workweek
    now = local(BERLIN, 2025, 3, 26, 6, 40)
    until = local(BERLIN, 2025, 3, 26, 12, 5, 30)
    timed = set_override(
        plan, now, BERLIN, mode="until_time", grid_charging_allowed=False, until=until
    )
    result = resolve(timed, local(BERLIN, 2025, 3, 26, 9, 30), BERLIN)
    assert (result.grid_charging_allowed, result.source) == (False, Source.OVERRIDE)
    assert result.next_change == until
    assert resolve(timed, until, BERLIN).source is Source.DEFAULTS
    held = set_override(plan, now, BERLIN, mode="until_cleared", peak_shaving_w=9000)
    far = resolve(held, now + timedelta(days=40), BERLIN)
    assert far.peak_shaving_w == 9000
    assert not far.override_expired
    assert resolve(clear_override(held), now, BERLIN).source is Source.SEGMENT


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"mode": "until_time", "peak_shaving_w": 100}, "override_until_required"),
        (
            {
                "mode": "until_time",
                "peak_shaving_w": 100,
                "until": datetime(2025, 1, 1, tzinfo=UTC),
            },
            "override_until_past",
        ),
        ({"mode": "until_cleared"}, "override_empty"),
        ({"mode": "forever", "peak_shaving_w": 100}, "override_invalid_mode"),
        ({"mode": "until_cleared", "peak_shaving_w": 120}, "peak_shaving_step"),
        ({"mode": "until_cleared", "peak_shaving_w": 12_000}, "peak_shaving_out_of_bounds"),
    ],
)
def test_invalid_overrides_are_refused(
    workweek: tuple[PlantPlan, str, str], kwargs: dict[str, Any], code: str
) -> None:
    plan, _, _ = workweek
    now = local(BERLIN, 2025, 3, 26, 6, 40)
    assert code_of(lambda: set_override(plan, now, BERLIN, **kwargs)) == code


# -- storage -----------------------------------------------------------------------------------


def test_the_stored_form_is_json_and_round_trips(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, _, _ = workweek
    now = local(BERLIN, 2025, 3, 26, 6, 40)
    plan = set_override(plan, now, BERLIN, mode="until_next_boundary", grid_charging_allowed=False)
    text = json.dumps(plan_to_dict(plan))
    assert plan_from_dict(json.loads(text)) == plan
    assert json.loads(text)["collections"][0]["week"]["wed"] == [
        {"schedule": "s3", "priority": 5},
        {"schedule": "s2", "priority": 1},
    ]


def test_damaged_stored_plans_are_refused(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, _, _ = workweek
    data = plan_to_dict(plan)
    assert code_of(lambda: plan_from_dict({**data, "collections": None})) == "plan_corrupt"
    assert code_of(lambda: plan_from_dict({**data, "active_collection": "c9"})) == (
        "unknown_collection"
    )
    broken = json.loads(json.dumps(data))
    broken["collections"][0]["schedules"][0]["segments"][0]["start"] = "06:10"
    assert code_of(lambda: plan_from_dict(broken)) == "segment_unaligned"
    naive = json.loads(json.dumps(data))
    naive["override"] = {
        "mode": "until_cleared",
        "starts_at": "2025-01-01T00:00:00",
        "ends_at": None,
        "peak_shaving_w": 100,
        "grid_charging_allowed": None,
    }
    assert code_of(lambda: plan_from_dict(naive)) == "plan_corrupt"


# -- properties against a brute-force reference ------------------------------------------------


@dataclass(frozen=True)
class RefState:
    peak_shaving_w: int
    grid_charging_allowed: bool
    source: Source
    base_source: Source
    schedule_id: str | None
    segment: Segment | None
    override_active: bool


def reference_state(plan: PlantPlan, when: datetime, tz: tzinfo) -> RefState:
    """The definition, read literally: highest priority with a segment, else defaults."""
    wall = when.astimezone(tz)
    minute = wall.hour * 60 + wall.minute
    collection = next(c for c in plan.collections if c.id == plan.active_collection_id)
    peak, grid = plan.defaults.peak_shaving_w, plan.defaults.grid_charging_allowed
    base_source, schedule_id, segment = Source.DEFAULTS, None, None
    for item in sorted(collection.week.days[wall.weekday()], key=lambda a: -a.priority):
        schedule = next(s for s in collection.library if s.id == item.plan_id)
        hit = [s for s in schedule.segments if s.start <= minute < s.end]
        if hit:
            segment = hit[0]
            peak, grid = segment.peak_shaving_w, segment.grid_charging_allowed
            base_source, schedule_id = Source.SEGMENT, schedule.id
            break
    override = plan.override
    active = (
        override is not None
        and override.starts_at <= when
        and (override.ends_at is None or when < override.ends_at)
    )
    if active:
        assert override is not None
        if override.peak_shaving_w is not None:
            peak = override.peak_shaving_w
        if override.grid_charging_allowed is not None:
            grid = override.grid_charging_allowed
    source = Source.OVERRIDE if active else base_source
    return RefState(peak, grid, source, base_source, schedule_id, segment, active)


def candidate_instants(plan: PlantPlan, now: datetime, horizon: timedelta) -> Iterator[datetime]:
    """Every whole UTC minute after ``now``, plus the override's own start and end, in order."""
    extra = sorted(
        moment
        for moment in ((plan.override.starts_at, plan.override.ends_at) if plan.override else ())
        if moment is not None and moment > now
    )
    minute = now.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    end = now + horizon
    while minute <= end:
        while extra and extra[0] <= minute:
            yield extra.pop(0)
        yield minute
        minute += timedelta(minutes=1)
    yield from (moment for moment in extra if moment <= end)


def reference_next_change(
    plan: PlantPlan, now: datetime, tz: tzinfo, horizon: timedelta = timedelta(days=16)
) -> datetime | None:
    current = reference_state(plan, now, tz)
    for when in candidate_instants(plan, now, horizon):
        if reference_state(plan, when, tz) != current:
            return when
    return None


def state_of(plan: PlantPlan, when: datetime, tz: tzinfo) -> RefState:
    result = resolve(plan, when, tz)
    return RefState(
        result.peak_shaving_w,
        result.grid_charging_allowed,
        result.source,
        result.base_source,
        result.daily_plan_id,
        result.segment,
        result.override is not None,
    )


# Instants near each zone's DST changes (or any date for zones without DST).
ANCHORS: dict[str, list[datetime]] = {
    "Europe/Berlin": [
        datetime(2025, 3, 30, 1, tzinfo=UTC),
        datetime(2025, 10, 26, 1, tzinfo=UTC),
        datetime(2025, 7, 1, tzinfo=UTC),
    ],
    "America/New_York": [datetime(2025, 3, 9, 7, tzinfo=UTC), datetime(2025, 11, 2, 6, tzinfo=UTC)],
    "Australia/Lord_Howe": [
        datetime(2025, 4, 5, 15, tzinfo=UTC),
        datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
    ],
    "Asia/Kolkata": [datetime(2025, 3, 30, tzinfo=UTC)],
    "Asia/Kathmandu": [datetime(2025, 3, 30, tzinfo=UTC)],
    "UTC": [datetime(2025, 3, 30, tzinfo=UTC)],
}
WATTS = st.sampled_from([0, 100, 2500, 10_000])


@st.composite
def segment_lists(draw: st.DrawFn) -> list[Segment]:
    """Non-overlapping aligned segments, some adjacent, with gaps between others."""
    cuts = sorted(draw(st.lists(st.integers(0, 96), max_size=7, unique=True)))
    segments = []
    for start, end in itertools.pairwise(cuts):
        if draw(st.booleans()):
            segments.append(Segment(start * 15, end * 15, draw(WATTS), draw(st.booleans())))
    return segments


@st.composite
def plans(draw: st.DrawFn) -> PlantPlan:
    """Valid plans built through the edit API: priorities, gaps, a second collection."""
    plan = new_plan(PlantDefaults(draw(WATTS), draw(st.booleans())))
    if draw(st.booleans()):
        plan, other = create_collection(plan, "Other")
        plan, spare = create_daily_plan(
            plan, "Spare", draw(segment_lists()), collection_id=other.id
        )
        plan = assign_daily_plan(plan, spare.id, [0], priority=1)
        if draw(st.booleans()):
            plan = activate_collection(plan, other.id)
    ids = []
    for number in range(draw(st.integers(1, 4))):
        plan, schedule = create_daily_plan(plan, f"S{number}", draw(segment_lists()))
        ids.append(schedule.id)
    week = []
    for _ in range(7):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        priorities = draw(
            st.lists(st.integers(0, 6), unique=True, min_size=len(chosen), max_size=len(chosen))
        )
        week.append([Assignment(s, p) for s, p in zip(chosen, priorities, strict=True)])
    return replace_week(plan, week)


@st.composite
def situations(draw: st.DrawFn) -> tuple[PlantPlan, datetime, ZoneInfo]:
    """A plan, an instant near a DST change (to the microsecond) and the plant's zone."""
    zone = draw(st.sampled_from(sorted(ANCHORS)))
    anchor = draw(st.sampled_from(ANCHORS[zone]))
    now = anchor + timedelta(
        seconds=draw(st.integers(-4 * 86400, 4 * 86400)),
        microseconds=draw(st.integers(0, 999_999)),
    )
    plan = draw(plans())
    if draw(st.booleans()):
        starts = now + timedelta(seconds=draw(st.integers(-2 * 86400, 3600)))
        mode = draw(st.sampled_from(list(OverrideMode)))
        ends = None
        if mode is not OverrideMode.UNTIL_CLEARED and (
            mode is OverrideMode.UNTIL_TIME or draw(st.booleans())
        ):
            ends = starts + timedelta(seconds=draw(st.integers(1, 2 * 86400)))
        peak = draw(st.none() | WATTS)
        grid = draw(st.booleans()) if peak is None else draw(st.none() | st.booleans())
        plan = replace(plan, override=Override(mode, starts, ends, peak, grid))
        validate_plan(plan)
    return plan, now, ZoneInfo(zone)


@given(situations())
def test_resolution_matches_the_definition_and_next_change_is_exact(
    situation: tuple[PlantPlan, datetime, ZoneInfo],
) -> None:
    plan, now, tz = situation
    note(f"now={now.isoformat()} tz={tz.key}")
    assert state_of(plan, now, tz) == reference_state(plan, now, tz)
    result = resolve(plan, now, tz)
    assert result.next_change == reference_next_change(plan, now, tz)
    if result.next_change is not None:
        # Something changes at next_change, and the new state is what resolve says there.
        assert state_of(plan, result.next_change, tz) != state_of(plan, now, tz)
        assert state_of(plan, result.next_change, tz) == reference_state(
            plan, result.next_change, tz
        )


@given(situations())
def test_override_until_next_boundary_ends_at_the_first_change_of_the_plan(
    situation: tuple[PlantPlan, datetime, ZoneInfo],
) -> None:
    plan, now, tz = situation
    base = clear_override(plan)
    updated = set_override(base, now, tz, mode="until_next_boundary", peak_shaving_w=100)
    assert updated.override is not None
    assert updated.override.ends_at == reference_next_change(base, now, tz)
    assert resolve(updated, now, tz).source is Source.OVERRIDE


@given(plans())
def test_every_valid_plan_round_trips_through_json(plan: PlantPlan) -> None:
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


NAMES = st.sampled_from(["A", "b", "B", "Work", "", "x" * 51, " Holiday "])
IDS = st.sampled_from(["c1", "c2", "s2", "s3", "s4", "s5", "nope"])
DAY_SETS = st.lists(st.integers(-1, 7), max_size=3)
PRIORITY = st.none() | st.integers(-1, 4)


def edits() -> st.SearchStrategy[tuple[str, Callable[[PlantPlan], object]]]:
    """Edits with arguments that are often invalid (unknown ids, bad values, clashes)."""
    segs = segment_lists() | st.just([Segment(0, 10, 100, False)])
    now = datetime(2025, 3, 26, 6, 40, tzinfo=UTC)
    return st.one_of(
        st.builds(lambda n: ("create", lambda p: create_daily_plan(p, n, ())), NAMES),
        st.builds(lambda i, n: ("duplicate", lambda p: duplicate_daily_plan(p, i, n)), IDS, NAMES),
        st.builds(lambda i, n: ("rename", lambda p: rename_daily_plan(p, i, n)), IDS, NAMES),
        st.builds(lambda i: ("delete", lambda p: delete_daily_plan(p, i)), IDS),
        st.builds(lambda i, s: ("segments", lambda p: replace_segments(p, i, s)), IDS, segs),
        st.builds(
            lambda i, d, pr: ("assign", lambda p: assign_daily_plan(p, i, d, pr)),
            IDS,
            DAY_SETS,
            PRIORITY,
        ),
        st.builds(lambda i, d: ("unassign", lambda p: unassign_daily_plan(p, i, d)), IDS, DAY_SETS),
        st.builds(lambda n: ("collection", lambda p: create_collection(p, n)), NAMES),
        st.builds(lambda i: ("activate", lambda p: activate_collection(p, i)), IDS),
        st.builds(lambda i: ("drop", lambda p: delete_collection(p, i)), IDS),
        st.builds(
            lambda w, g: ("defaults", lambda p: set_defaults(p, PlantDefaults(w, g))),
            st.sampled_from([0, 50, 100, 10_000, 10_100]),
            st.booleans(),
        ),
        st.builds(
            lambda w: (
                "override",
                lambda p: set_override(
                    p, now, BERLIN, mode="until_next_boundary", peak_shaving_w=w
                ),
            ),
            st.sampled_from([None, 100, 150]),
        ),
    )


@given(st.lists(edits(), max_size=25))
def test_every_edit_either_yields_a_valid_plan_or_changes_nothing(
    steps: list[tuple[str, Callable[[PlantPlan], object]]],
) -> None:
    plan = new_plan(DEFAULTS)
    for name, edit in steps:
        before = plan_to_dict(plan)
        try:
            outcome = edit(plan)
        except EngineError:
            assert plan_to_dict(plan) == before, name
            continue
        plan = outcome[0] if isinstance(outcome, tuple) else outcome  # type: ignore[assignment]
        assert isinstance(plan, PlantPlan), name
        validate_plan(plan)
        assert plan_from_dict(plan_to_dict(plan)) == plan, name


def test_schedules_of_a_plan_are_immutable_values(workweek: tuple[PlantPlan, str, str]) -> None:
    plan, work, _ = workweek
    schedule = plan.active_collection.daily_plan(work)
    assert isinstance(schedule, DailyPlan)
    with pytest.raises(AttributeError):
        schedule.name = "changed"  # type: ignore[misc]
    assert replace(schedule, name="changed") != schedule
