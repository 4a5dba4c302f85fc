"""Weekdays and times of day: one reading of the text people type, for every feature."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.calendar import (
    WEEKDAYS,
    format_minute,
    format_weekday_ranges,
    parse_minute,
    parse_time,
    parse_weekday_ranges,
    parse_weekdays,
    weekday_number,
)
from custom_components.voltwise.engine.errors import EngineError


@pytest.mark.parametrize(
    ("text", "minute"),
    [("00:00", 0), ("09:15", 555), ("24:00", 1440), ("23:45:00", 1425), (" 07:30 ", 450)],
)
def test_parse_minute_accepts_clock_times(text: str, minute: int) -> None:
    assert parse_minute(text) == minute


@pytest.mark.parametrize("text", ["", "7", "7:60", "25:00", "24:15", "ab:cd", "12:00:30", "-1:00"])
def test_parse_minute_rejects_nonsense(text: str) -> None:
    with pytest.raises(EngineError) as err:
        parse_minute(text)
    assert err.value.code == "invalid_time"


@given(st.integers(0, 1440))
def test_minutes_read_back_what_was_written(minute: int) -> None:
    assert parse_minute(format_minute(minute)) == minute


@pytest.mark.parametrize(
    ("text", "wall"), [("06:30", time(6, 30)), ("23:59:00", time(23, 59)), ("0:05", time(0, 5))]
)
def test_parse_time_reads_wall_clock_times(text: str, wall: time) -> None:
    assert parse_time(text) == wall


@pytest.mark.parametrize("text", ["24:00", "006:00", "10:00:30", "10", "ten:00", "12:60"])
def test_parse_time_refuses_what_is_no_time_of_day(text: str) -> None:
    with pytest.raises(EngineError) as err:
        parse_time(text)
    assert err.value.code == "invalid_time"


@pytest.mark.parametrize(
    ("name", "day"), [("mon", 0), ("Wednesday", 2), (" SUN ", 6), ("mo", None), ("", None)]
)
def test_weekday_names_short_or_full_in_any_case(name: str, day: int | None) -> None:
    assert weekday_number(name) == day


def test_parse_weekdays_takes_names_and_numbers() -> None:
    assert parse_weekdays(["mon", "Wednesday", 4], "bad") == frozenset({0, 2, 4})


@pytest.mark.parametrize("value", ["funday", "", 7, -1, True, "mo"])
def test_parse_weekdays_refuses_with_the_callers_code(value: Any) -> None:
    with pytest.raises(EngineError) as err:
        parse_weekdays([value], "my_code")
    assert err.value.code == "my_code"
    assert err.value.placeholders == {"value": str(value)}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("Sat,Sun", (5, 6)),
        ("fri-mon", (0, 4, 5, 6)),
        ("monday, wed - thu", (0, 2, 3)),
        ("all", (0, 1, 2, 3, 4, 5, 6)),
        ("Every Day", (0, 1, 2, 3, 4, 5, 6)),
        ("sun", (6,)),
    ],
)
def test_weekday_ranges_are_understood(text: str, days: tuple[int, ...]) -> None:
    assert parse_weekday_ranges(text, "bad") == days


@pytest.mark.parametrize("text", ["", "mon-", "funday", "mon-tue-wed", ",mon"])
def test_weekday_ranges_refuse_nonsense_with_the_callers_code(text: str) -> None:
    with pytest.raises(EngineError) as err:
        parse_weekday_ranges(text, "my_code")
    assert err.value.code == "my_code"
    assert err.value.placeholders == {"days": text}


@given(st.sets(st.integers(0, 6), min_size=1))
def test_weekday_ranges_read_back_what_was_written(days: set[int]) -> None:
    assert set(parse_weekday_ranges(format_weekday_ranges(days), "bad")) == days


@pytest.mark.parametrize(
    ("days", "text"),
    [
        ({0, 1, 2, 3, 4}, "mon-fri"),
        ({5, 6}, "sat,sun"),
        ({0, 2, 3, 4}, "mon,wed-fri"),
        (set(range(7)), "all"),
        ({6}, "sun"),
    ],
)
def test_days_are_written_as_short_ranges(days: set[int], text: str) -> None:
    assert format_weekday_ranges(days) == text


def test_weekday_names_are_home_assistants() -> None:
    assert WEEKDAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
