"""The time grid: construction, indexing and local fields across DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.timegrid import TimeGrid, floor_to_step, local_calendar

LONDON = ZoneInfo("Europe/London")


def test_covering_floors_to_the_step_and_spans_the_hours() -> None:
    grid = TimeGrid.covering(datetime(2026, 5, 1, 10, 7, 30, tzinfo=UTC), hours=48, step_minutes=5)
    assert grid.start == datetime(2026, 5, 1, 10, 5, tzinfo=UTC)
    assert grid.steps == 576
    assert grid.end == grid.start + timedelta(hours=48)
    assert grid.index_of(datetime(2026, 5, 1, 10, 9, 59, tzinfo=UTC)) == 0
    assert grid.index_of(datetime(2026, 5, 1, 10, 10, tzinfo=UTC)) == 1


def test_floor_to_step_works_in_any_zone() -> None:
    local = datetime(2026, 5, 1, 15, 44, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert floor_to_step(local, 15) == datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def test_a_spring_forward_day_has_23_hours_of_steps() -> None:
    # Europe/London skips 01:00-02:00 on 2026-03-29.
    grid = TimeGrid(datetime(2026, 3, 29, 0, 0, tzinfo=UTC), 60, 4)
    _, minutes = grid.local_fields(LONDON)
    assert list(minutes // 60) == [0, 2, 3, 4]


def test_a_fall_back_day_repeats_an_hour() -> None:
    grid = TimeGrid(datetime(2026, 10, 24, 23, 0, tzinfo=UTC), 60, 4)
    weekdays, minutes = grid.local_fields(LONDON)
    assert list(minutes // 60) == [0, 1, 1, 2]
    assert set(weekdays) == {6}  # all on Sunday


@pytest.mark.parametrize(
    ("start", "step", "steps"),
    [
        (datetime(2026, 1, 1), 5, 1),  # noqa: DTZ001 - naive on purpose
        (datetime(2026, 1, 1, tzinfo=UTC), 7, 1),
        (datetime(2026, 1, 1, tzinfo=UTC), 5, -1),
    ],
)
def test_invalid_grids_are_refused(start: datetime, step: int, steps: int) -> None:
    with pytest.raises(ValueError):
        TimeGrid(start, step, steps)


@given(
    st.sampled_from(
        ["Europe/London", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]
    ),
    st.integers(0, 24 * 365 * 3),
    st.integers(1, 24 * 40),
)
def test_local_calendar_matches_converting_every_hour(
    zone: str, offset_hours: int, count: int
) -> None:
    tz = ZoneInfo(zone)
    first = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=offset_hours)
    days, hours = local_calendar(first, count, tz)
    expected = [(first + timedelta(hours=i)).astimezone(tz) for i in range(count)]
    assert days.tolist() == [local.toordinal() for local in expected]
    assert hours.tolist() == [local.hour for local in expected]
