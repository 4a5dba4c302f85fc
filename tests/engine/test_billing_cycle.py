"""Billing cycles: the meter-reading day in short and long months, local midnights, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.billing.cycle import (
    BillingCycle,
    cycle_containing,
    local_midnight,
    reading_date,
)
from custom_components.voltwise.engine.errors import EngineError

KOLKATA = ZoneInfo("Asia/Kolkata")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SANTIAGO = ZoneInfo("America/Santiago")  # skips midnight when DST starts
HAVANA = ZoneInfo("America/Havana")  # repeats midnight's hour when DST ends
ZONES = [KOLKATA, BERLIN, NEW_YORK, SANTIAGO, HAVANA, ZoneInfo("Australia/Sydney"), UTC]


def local(tz: ZoneInfo, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=tz)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("year", "month", "day", "expected"),
    [
        (2025, 2, 31, date(2025, 2, 28)),  # 28-day month: read on the last day
        (2024, 2, 31, date(2024, 2, 29)),  # 29-day month
        (2024, 2, 29, date(2024, 2, 29)),
        (2025, 2, 29, date(2025, 2, 28)),
        (2025, 4, 31, date(2025, 4, 30)),  # 30-day month
        (2025, 4, 30, date(2025, 4, 30)),
        (2025, 3, 31, date(2025, 3, 31)),  # 31-day month
        (2025, 3, 1, date(2025, 3, 1)),
    ],
)
def test_the_meter_is_read_on_the_reading_day_or_the_months_last_day(
    year: int, month: int, day: int, expected: date
) -> None:
    assert reading_date(year, month, day) == expected


def test_reading_day_31_gives_cycles_of_every_month_length() -> None:
    cycle = cycle_containing(local(KOLKATA, 2025, 1, 15, 12), 31, KOLKATA)
    seen = []
    for _ in range(5):
        seen.append((cycle.start_date, cycle.end_date, cycle.days))
        cycle = cycle.following()
    assert seen == [
        (date(2024, 12, 31), date(2025, 1, 31), 31),
        (date(2025, 1, 31), date(2025, 2, 28), 28),  # read on 28 February
        (date(2025, 2, 28), date(2025, 3, 31), 31),  # back to the 31st in March
        (date(2025, 3, 31), date(2025, 4, 30), 30),  # 30 April
        (date(2025, 4, 30), date(2025, 5, 31), 31),
    ]


def test_a_leap_february_is_read_on_the_29th() -> None:
    cycle = cycle_containing(local(KOLKATA, 2024, 3, 10), 31, KOLKATA)
    assert (cycle.start_date, cycle.end_date) == (date(2024, 2, 29), date(2024, 3, 31))
    assert cycle.previous().days == 29  # 31 January to 29 February


def test_a_cycle_starts_at_local_midnight_of_the_reading_day() -> None:
    cycle = cycle_containing(local(KOLKATA, 2025, 6, 5, 0, 0), 5, KOLKATA)
    assert cycle.start == datetime(2025, 6, 4, 18, 30, tzinfo=UTC)
    assert cycle.end == datetime(2025, 7, 4, 18, 30, tzinfo=UTC)
    assert cycle.key == "2025-06-05"
    assert cycle.last_date == date(2025, 7, 4)
    # One second before the reading day's midnight still belongs to the previous cycle.
    before = cycle_containing(local(KOLKATA, 2025, 6, 4, 23, 59, 59), 5, KOLKATA)
    assert before.end == cycle.start
    assert before == cycle.previous()


def test_a_cycle_across_spring_forward_is_an_hour_short() -> None:
    cycle = cycle_containing(local(BERLIN, 2025, 3, 20), 15, BERLIN)
    assert cycle.days == 31
    assert cycle.duration == timedelta(days=31, hours=-1)
    assert cycle.start == datetime(2025, 3, 14, 23, tzinfo=UTC)  # CET
    assert cycle.end == datetime(2025, 4, 14, 22, tzinfo=UTC)  # CEST


def test_a_cycle_across_fall_back_is_an_hour_long() -> None:
    cycle = cycle_containing(local(NEW_YORK, 2025, 11, 2, 12), 1, NEW_YORK)
    assert cycle.duration == timedelta(days=30, hours=1)


def test_a_reading_day_on_a_dst_day_starts_at_that_midnight() -> None:
    # New York springs forward at 02:00 on 9 March 2025; midnight exists.
    cycle = cycle_containing(local(NEW_YORK, 2025, 3, 9, 12), 9, NEW_YORK)
    assert cycle.start == datetime(2025, 3, 9, 5, tzinfo=UTC)


def test_where_midnight_is_skipped_the_cycle_starts_when_the_clocks_jump() -> None:
    # Santiago jumps from 00:00 to 01:00 on 8 September 2024 (UTC-4 to UTC-3).
    start = local_midnight(date(2024, 9, 8), SANTIAGO)
    assert start == datetime(2024, 9, 8, 4, tzinfo=UTC)
    assert start.astimezone(SANTIAGO).hour == 1
    cycle = cycle_containing(local(SANTIAGO, 2024, 9, 8, 1, 30), 8, SANTIAGO)
    assert cycle.start == start
    previous = cycle_containing(start - timedelta(seconds=1), 8, SANTIAGO)
    assert previous.end == start


def test_where_midnight_repeats_the_cycle_starts_at_the_first_one() -> None:
    # Havana falls back from 01:00 to 00:00 on 5 November 2023: midnight happens twice.
    first = local_midnight(date(2023, 11, 5), HAVANA)
    assert first == datetime(2023, 11, 5, 4, tzinfo=UTC)  # 00:00 CDT (UTC-4)
    second = datetime(2023, 11, 5, 5, tzinfo=UTC)  # 00:00 CST (UTC-5)
    assert second.astimezone(HAVANA).hour == 0
    assert cycle_containing(first, 5, HAVANA).start == first
    assert cycle_containing(second, 5, HAVANA).start == first


def test_fraction_elapsed_runs_from_zero_to_one() -> None:
    cycle = cycle_containing(local(KOLKATA, 2025, 4, 10), 1, KOLKATA)
    assert cycle.fraction_elapsed(cycle.start - timedelta(days=3)) == 0
    assert cycle.fraction_elapsed(cycle.start) == 0
    assert cycle.fraction_elapsed(cycle.start + cycle.duration / 2) == pytest.approx(0.5)
    assert cycle.fraction_elapsed(cycle.end + timedelta(days=3)) == 1
    assert cycle.remaining(cycle.start + timedelta(days=10)) == timedelta(days=20)
    assert cycle.contains(cycle.start)
    assert not cycle.contains(cycle.end)


@pytest.mark.parametrize("day", [0, 32, -1, 1.5, True, "3", None, float("nan"), float("inf")])
def test_a_reading_day_outside_1_to_31_is_refused(day: object) -> None:
    with pytest.raises(EngineError) as err:
        cycle_containing(local(KOLKATA, 2025, 1, 1), day, KOLKATA)  # type: ignore[arg-type]
    assert err.value.code == "billing_day_invalid"


def test_a_whole_float_reading_day_is_accepted() -> None:
    assert cycle_containing(local(KOLKATA, 2025, 1, 20), 15.0, KOLKATA).start_date.day == 15  # type: ignore[arg-type]


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        cycle_containing(datetime(2025, 1, 1), 1, KOLKATA)  # noqa: DTZ001


instants = st.datetimes(
    min_value=datetime(1990, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value=datetime(2060, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(when=instants, day=st.integers(1, 31), tz=st.sampled_from(ZONES))
def test_the_cycle_containing_an_instant_contains_it_and_its_neighbours_touch(
    when: datetime, day: int, tz: ZoneInfo
) -> None:
    cycle = cycle_containing(when, day, tz)
    assert cycle.start <= when < cycle.end
    assert cycle.following().start == cycle.end
    assert cycle.previous().end == cycle.start
    assert cycle.previous().following() == cycle
    assert 28 <= cycle.days <= 31
    assert abs(cycle.duration - timedelta(days=cycle.days)) <= timedelta(hours=1)
    for boundary in (cycle.start_date, cycle.end_date):
        assert boundary.day == min(day, reading_date(boundary.year, boundary.month, 31).day)
    # The boundaries belong to exactly one cycle each.
    assert cycle_containing(cycle.start, day, tz) == cycle
    assert cycle_containing(cycle.end - timedelta(microseconds=1), day, tz) == cycle
    assert cycle_containing(cycle.end, day, tz) == cycle.following()


@given(
    first=instants,
    gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)),
    day=st.integers(1, 31),
    tz=st.sampled_from(ZONES),
)
def test_cycles_partition_time_without_gaps_or_overlaps(
    first: datetime, gap: timedelta, day: int, tz: ZoneInfo
) -> None:
    earlier = cycle_containing(first, day, tz)
    later = cycle_containing(first + gap, day, tz)
    if earlier != later:
        assert earlier.end <= later.start
    # Walking from one to the other covers the span exactly once.
    covered = timedelta(0)
    cycle = earlier
    while cycle != later:
        covered += cycle.duration
        next_cycle = cycle.following()
        assert next_cycle.start == cycle.end
        cycle = next_cycle
    assert covered == later.start - earlier.start


def test_cycles_compare_by_dates_not_by_zone_object() -> None:
    one = BillingCycle(date(2025, 1, 1), date(2025, 2, 1), 1, KOLKATA)
    assert one == BillingCycle(date(2025, 1, 1), date(2025, 2, 1), 1, ZoneInfo("Asia/Kolkata"))
    assert one != BillingCycle(date(2025, 1, 2), date(2025, 2, 2), 2, KOLKATA)


class DateLineJump(tzinfo):
    """A zone that moves back a whole day at 00:30 on 1 February 2025 (+14:00 to -10:00).

    Local 31 January 00:30 to 1 February 00:30 happens twice, so local dates run backwards
    across the month boundary, as they did when Alaska moved across the date line in 1867.
    """

    JUMP = datetime(2025, 1, 31, 10, 30)  # UTC  # noqa: DTZ001
    REPEAT_START = datetime(2025, 1, 31, 0, 30)  # noqa: DTZ001
    REPEAT_END = datetime(2025, 2, 1, 0, 30)  # noqa: DTZ001

    def utcoffset(self, dt: datetime | None) -> timedelta:
        assert dt is not None
        wall = dt.replace(tzinfo=None, fold=0)
        if wall < self.REPEAT_START or (wall < self.REPEAT_END and not dt.fold):
            return timedelta(hours=14)
        return timedelta(hours=-10)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "JUMP"

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=None)
        if utc < self.JUMP:
            return (utc + timedelta(hours=14)).replace(tzinfo=self)
        wall = utc - timedelta(hours=10)
        return wall.replace(tzinfo=self, fold=int(wall < self.REPEAT_END))


def test_where_local_dates_run_backwards_the_instant_decides_the_cycle() -> None:
    zone = DateLineJump()
    first_of_february = local_midnight(date(2025, 2, 1), zone)
    assert first_of_february == datetime(2025, 1, 31, 10, tzinfo=UTC)
    after_jump = datetime(2025, 1, 31, 11, 30, tzinfo=UTC)
    assert after_jump.astimezone(zone).date() == date(2025, 1, 31)  # January again
    cycle = cycle_containing(after_jump, 1, zone)
    assert cycle.start == first_of_february
    assert cycle.start_date == date(2025, 2, 1)
