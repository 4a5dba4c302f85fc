"""Schedules as the UI's text: segment lines and week lines read back what they wrote."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.plant.edits import (
    assign_daily_plan,
    create_daily_plan,
    new_plan,
    replace_segments,
    replace_week,
)
from custom_components.voltwise.engine.plant.model import (
    Assignment,
    PlantDefaults,
    PlantPlan,
    Segment,
    WeekPlan,
)
from custom_components.voltwise.plant.text import (
    format_segments,
    format_week,
    parse_grid,
    parse_segments,
    parse_week,
)

WATTS = st.sampled_from([0, 100, 2500, 10_000])


@st.composite
def segment_lists(draw: st.DrawFn) -> list[Segment]:
    """Valid segments: aligned, inside the day, not overlapping."""
    cuts = sorted(draw(st.lists(st.integers(0, 96), max_size=8, unique=True)))
    return [
        Segment(start * 15, end * 15, draw(WATTS), draw(st.booleans()))
        for start, end in itertools.pairwise(cuts)
        if draw(st.booleans())
    ]


@given(segment_lists())
def test_segments_read_back_what_was_written(segments: list[Segment]) -> None:
    plan, schedule = create_daily_plan(new_plan(PlantDefaults(0, False)), "Any", segments)
    assert parse_segments(format_segments(schedule)) == schedule.segments
    assert replace_segments(plan, schedule.id, parse_segments(format_segments(schedule))) == plan


def test_segment_lines_accept_comments_units_and_word_forms() -> None:
    text = "# night\n00:00-05:00 0 on\n\n  05:00 - 07:30 2500W OFF  \n22:00-24:00 100 w yes"
    assert parse_segments(text) == (
        Segment(0, 300, 0, True),
        Segment(300, 450, 2500, False),
        Segment(1320, 1440, 100, True),
    )
    assert parse_segments("  \n# nothing\n") == ()
    assert [parse_grid(word) for word in ("On", "allowed", "NO", "0", "maybe")] == [
        True,
        True,
        False,
        False,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("06:00-09:00 3000", "segment_line_invalid", "1"),
        ("06:00-09:00 3000 off\n06:00-09:00 lots off", "segment_line_invalid", "2"),
        ("06:00-09:00 3000 maybe", "segment_line_invalid", "1"),
        ("6-9 3000 off", "segment_line_invalid", "1"),
        ("06:00-09:00 -3000 off", "segment_line_invalid", "1"),
    ],
)
def test_a_bad_segment_line_is_named(text: str, code: str, line: str) -> None:
    with pytest.raises(EngineError) as info:
        parse_segments(text)
    assert info.value.code == code
    assert info.value.placeholders["line"] == line


def test_an_impossible_time_is_an_invalid_time() -> None:
    with pytest.raises(EngineError) as info:
        parse_segments("06:00-24:30 3000 off")
    assert info.value.code == "invalid_time"


@st.composite
def weeks(draw: st.DrawFn) -> PlantPlan:
    """A plan with up to four schedules spread over the week with unique priorities per day."""
    plan = new_plan(PlantDefaults(0, False))
    ids = []
    for number in range(draw(st.integers(1, 4))):
        plan, schedule = create_daily_plan(plan, f"Schedule {number}", [Segment(0, 60, 0, True)])
        ids.append(schedule.id)
    days = []
    for _ in range(7):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        priorities = draw(
            st.lists(st.integers(0, 1000), unique=True, min_size=len(chosen), max_size=len(chosen))
        )
        days.append([Assignment(s, p) for s, p in zip(chosen, priorities, strict=True)])
    return replace_week(plan, days)


@given(weeks())
def test_a_week_reads_back_what_was_written(plan: PlantPlan) -> None:
    collection = plan.active_collection
    text = format_week(collection)
    assert replace_week(plan, parse_week(text, collection)) == plan


def test_week_lines_name_schedules_in_any_case() -> None:
    plan = new_plan(PlantDefaults(0, False))
    plan, work = create_daily_plan(plan, "Work day")
    plan, boost = create_daily_plan(plan, "Boost")
    plan = assign_daily_plan(plan, work.id, range(5), 10)
    plan = assign_daily_plan(plan, boost.id, [0, 6], 20)
    collection = plan.active_collection
    assert format_week(collection) == "mon,sun 20 Boost\nmon-fri 10 Work day"
    days = parse_week("# weekdays\nmon-fri 10 WORK DAY\nsun,mon 20 boost", collection)
    assert replace_week(plan, days).active_collection.week == collection.week
    assert parse_week("", collection) == [[] for _ in range(7)]
    assert WeekPlan().days == tuple(tuple(day) for day in parse_week("", collection))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mon-fri Work day", "week_line_invalid"),
        ("mon-fri 10", "week_line_invalid"),
        ("mon-fri 10 Holiday", "unknown_schedule_name"),
        ("mon-someday 10 Boost", "invalid_days"),
    ],
)
def test_a_bad_week_line_is_named(text: str, code: str) -> None:
    plan = new_plan(PlantDefaults(0, False))
    plan, _ = create_daily_plan(plan, "Boost")
    plan, _ = create_daily_plan(plan, "Work day")
    with pytest.raises(EngineError) as info:
        parse_week(text, plan.active_collection)
    assert info.value.code == code
