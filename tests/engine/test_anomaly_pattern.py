"""Unusual days: a shape the home does not have, not merely a heavier or a holiday day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.voltwise.engine.anomaly import (
    Anomaly,
    AnomalyKind,
    AnomalySettings,
    Severity,
)
from custom_components.voltwise.engine.anomaly.pattern import unusual_day

from .anomaly_homes import HOUR, LONDON, Home

TODAY = datetime(2026, 5, 6, tzinfo=LONDON)  # a Wednesday
SETTINGS = AnomalySettings()


def weekend_lie_ins(local: datetime) -> float:
    """Weekdays: up at 07:00, out all day. Weekends: up at 10:00, home all day."""
    if local.hour < 6:
        return 0.2
    if local.weekday() >= 5:
        return 0.4 if local.hour < 10 else 1.2
    if 7 <= local.hour < 9 or 17 <= local.hour < 22:
        return 1.5
    return 0.3


def judge(home: Home, day: datetime, mean_hour_kwh: float = 0.7) -> Anomaly | None:
    end = (day + timedelta(days=1)).astimezone(UTC)
    return unusual_day(
        home.history(end), day.date(), LONDON, settings=SETTINGS, mean_hour_kwh=mean_hour_kwh
    )


def test_use_at_night_when_the_home_is_normally_idle_is_an_unusual_day() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=1), 4, 1.0)  # 01:00-05:00, where the home idles at 0.2 kWh

    found = judge(home, TODAY)

    assert found is not None
    assert found.kind is AnomalyKind.UNUSUAL_PATTERN
    assert found.start <= TODAY.replace(hour=1).astimezone(UTC)
    assert found.end >= TODAY.replace(hour=5).astimezone(UTC)
    assert found.end - found.start <= timedelta(hours=6)
    assert found.value > found.expected + 3.0
    assert found.severity is Severity.HIGH


def test_a_usual_day_a_heavier_day_and_a_lighter_day_are_not_unusual() -> None:
    home = Home(TODAY)
    assert judge(home, TODAY) is None
    first = home.index(TODAY)
    home.values[first : first + 24] *= 1.6  # everything more: a cold day, not an odd one
    assert judge(home, TODAY) is None
    home.values[first : first + 24] /= 1.6 * 3  # everything less: away half the day
    assert judge(home, TODAY) is None


def test_a_weekday_spent_like_a_weekend_is_not_unusual() -> None:
    home = Home(TODAY, kwh=weekend_lie_ins)
    first = home.index(TODAY)
    for hour in range(24):  # a bank holiday: a Sunday on a Wednesday
        home.values[first + hour] = weekend_lie_ins(datetime(2026, 5, 10, hour, tzinfo=LONDON))
    assert judge(home, TODAY) is None


def test_an_odd_hour_is_told_only_if_it_used_enough_more_for_the_home() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=2), 1, 0.3)  # half as much again as the night's 0.2 kWh
    assert judge(home, TODAY) is None
    home.set(TODAY.replace(hour=2), 1, 0.6)  # three times: odd, and 0.4 kWh more
    assert judge(home, TODAY) is not None
    assert judge(home, TODAY, mean_hour_kwh=3.0) is None  # little for a home of 3 kWh/h


def test_a_day_with_a_gap_or_cut_by_the_history_is_not_judged() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=1), 4, 1.0)
    home.set(TODAY.replace(hour=12), 1, float("nan"))
    assert judge(home, TODAY) is None

    whole = Home(TODAY)
    whole.set(TODAY.replace(hour=1), 4, 1.0)
    history = whole.history(TODAY.replace(hour=23))  # the day is not over
    assert unusual_day(history, TODAY.date(), LONDON, settings=SETTINGS, mean_hour_kwh=0.7) is None


def test_six_days_of_the_same_kind_are_enough_to_know_the_usual() -> None:
    home = Home(TODAY, days=5)  # Friday to Tuesday: three weekdays
    home.set(TODAY.replace(hour=1), 4, 1.0)
    assert judge(home, TODAY) is None
    home = Home(TODAY, days=8)  # six weekdays, and too few weekend days to compare with
    home.set(TODAY.replace(hour=1), 4, 1.0)
    assert judge(home, TODAY) is not None


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25)],
    ids=["spring", "autumn"],
)
def test_dst_days_are_judged_on_their_own_hours(day: date, hours: int) -> None:
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=LONDON)
    home = Home(midnight)
    assert judge(home, midnight) is None
    eight_pm = midnight.astimezone(UTC) + timedelta(hours=hours - 4)  # counted in real hours
    assert eight_pm.astimezone(LONDON).hour == 20
    home.set(eight_pm, 3, 2.5)  # 20:00-23:00; 22:00 is when the home usually winds down
    found = judge(home, midnight)
    assert found is not None
    ten_pm = eight_pm + 2 * HOUR
    assert eight_pm <= found.start <= ten_pm
    assert found.end == ten_pm + HOUR


def test_the_shell_hears_of_an_unusual_day_once_after_it_ends() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=1), 4, 1.0)
    no_expectation_tonight = home.expected(TODAY + timedelta(hours=6), 40)  # hours not judged
    for hour in range(1, 30):
        home.observe(TODAY + HOUR * hour, [no_expectation_tonight])
    assert [a.kind for a in home.detected] == [AnomalyKind.UNUSUAL_PATTERN]
    assert home.detected[0].start.date() == date(2026, 5, 6)


def test_an_unusual_night_already_told_as_a_sustained_high_is_not_told_again() -> None:
    home = Home(TODAY)
    home.set(TODAY.replace(hour=1), 4, 1.0)
    home.run_hours(30)
    assert [a.kind for a in home.detected] == [AnomalyKind.SPIKE, AnomalyKind.SUSTAINED_HIGH]
