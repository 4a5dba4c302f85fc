"""The bounds on what people may ask for, and how numbers appear in messages."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.limits import (
    FIRST_PLANNABLE_DATE,
    LAST_PLANNABLE_DATE,
    check_date,
    duration_text,
    minutes_text,
    number_text,
    supported_dates,
    whole_number,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (-30.0, "-30"),  # not "-30.0"
        (16666666.6667, "16666666.67"),  # not "1.66667e+07"
        (1e12, "1000000000000"),
        (100000, "100000"),
        (2.5, "2.5"),
        (0.01, "0.01"),
        (1 / 3, "0.333333"),
        (-0.0, "0"),
        (1e-9, "1e-09"),  # too small for six decimals: still not shown as 0
        (1e300, "1e+300"),  # an absurd number someone typed
        (math.inf, "inf"),
        (math.nan, "nan"),
    ],
)
def test_numbers_are_written_for_people(value: float, text: str) -> None:
    assert number_text(value) == text


@given(st.floats(min_value=-1e14, max_value=1e14))
def test_ordinary_numbers_never_show_an_exponent_or_a_bare_zero_fraction(value: float) -> None:
    text = number_text(value)
    assert "e" not in text or abs(value) < 1e-6
    assert not text.endswith(".0")


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(hours=144), "6 days"),
        (timedelta(hours=400), "16 days 16 hours"),
        (timedelta(hours=2, minutes=30), "2 hours 30 minutes"),
        (timedelta(minutes=-30), "-30 minutes"),
        (timedelta(days=1, seconds=1), "1 day 1 second"),
        (timedelta(seconds=90.5), "1 minute 30.5 seconds"),
        (timedelta(0), "0 seconds"),
    ],
)
def test_durations_are_written_in_words(span: timedelta, text: str) -> None:
    assert duration_text(span) == text


def test_minutes_for_messages_that_count_minutes() -> None:
    assert minutes_text(timedelta(minutes=-30)) == "-30"
    assert minutes_text(timedelta(seconds=30)) == "0.5"


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 3, 2), date(2026, 3, 1), date(2036, 3, 2)),
        (date(2028, 2, 29), date(2028, 2, 28), date(2038, 2, 28)),
        (date(1, 1, 1), FIRST_PLANNABLE_DATE, date(11, 1, 1)),
        (date(9995, 6, 1), date(9995, 5, 31), LAST_PLANNABLE_DATE),
    ],
)
def test_supported_dates_run_from_yesterday_to_ten_years_ahead(
    today: date, first: date, last: date
) -> None:
    assert supported_dates(today) == (first, last)


def test_a_date_outside_the_range_names_the_range() -> None:
    first, last = supported_dates(date(2026, 3, 2))
    assert check_date(last, first, last, "code") == last
    with pytest.raises(EngineError) as err:
        check_date(date(9999, 12, 31), first, last, "date_out_of_range")
    assert err.value.code == "date_out_of_range"
    assert err.value.placeholders == {
        "value": "9999-12-31",
        "earliest": "2026-03-01",
        "latest": "2036-03-02",
    }


@pytest.mark.parametrize(
    ("value", "whole"),
    [
        (5000, 5000),
        (5000.0, 5000),
        ("5000", 5000),
        (" -100 ", -100),
        (2.5, None),
        (True, None),
        (float("nan"), None),
        (float("inf"), None),
        ("12a", None),
        (None, None),
        ([1], None),
    ],
)
def test_whole_numbers_are_ints_and_nothing_else_is(value: object, whole: int | None) -> None:
    assert whole_number(value) == whole
