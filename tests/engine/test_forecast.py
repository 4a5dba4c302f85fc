"""The day-ahead consumption forecast: what a household would notice about it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine import forecast as forecast_module, simulation
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.forecast import (
    MAX_HOURS,
    MIN_HISTORY_HOURS,
    DayAheadForecast,
    forecast_day_ahead,
)

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 5, 4, tzinfo=LONDON)  # a Monday, local midnight


def history_for(
    start: datetime, days: int, kwh: Callable[[datetime], float], tz: ZoneInfo = LONDON
) -> np.ndarray:
    """``days`` x 24 consecutive hours before ``start``, each from its local wall-clock time."""
    first = start.astimezone(UTC) - timedelta(hours=days * 24)
    return np.array([kwh((first + timedelta(hours=i)).astimezone(tz)) for i in range(days * 24)])


def evening_peak(local: datetime) -> float:
    return 2.0 if 18 <= local.hour < 21 else 0.3


def local_hours(forecast: DayAheadForecast, tz: ZoneInfo = LONDON) -> list[int]:
    first = forecast.start.astimezone(UTC)
    return [(first + timedelta(hours=i)).astimezone(tz).hour for i in range(len(forecast.mean))]


def test_a_regular_home_gets_its_own_day_back_with_a_narrow_interval() -> None:
    forecast = forecast_day_ahead(history_for(START, 28, evening_peak), START)
    expected = [evening_peak(START.replace(hour=h)) for h in range(24)]
    assert forecast.mean == pytest.approx(expected)
    assert forecast.total_kwh == pytest.approx(sum(expected))
    assert np.all(forecast.upper - forecast.lower < 0.01)


def test_every_hour_has_a_point_and_an_ordered_non_negative_interval() -> None:
    rng = np.random.default_rng(1)
    history = rng.gamma(2.0, 0.4, 24 * 200)
    forecast = forecast_day_ahead(history, START, hours=36)
    for series in (forecast.mean, forecast.lower, forecast.upper):
        assert series.shape == (36,)
        assert np.all(np.isfinite(series))
    assert np.all(forecast.lower >= 0)
    assert np.all(forecast.lower <= forecast.mean)
    assert np.all(forecast.mean <= forecast.upper)


def test_an_idle_night_read_as_zero_or_a_hair_above_is_inside_the_interval() -> None:
    def standby_rounding(local: datetime) -> float:
        if local.hour < 6:  # the meter reads the idle hours as 0 or as a rounding crumb
            return 1e-7 if local.toordinal() % 3 else 0.0
        return 1.0

    forecast = forecast_day_ahead(history_for(START, 28, standby_rounding), START)
    for actual in (0.0, 1e-7):
        assert np.all((forecast.lower[:6] <= actual) & (actual <= forecast.upper[:6]))


def test_the_weekend_is_forecast_from_weekends() -> None:
    def weekends_at_home(local: datetime) -> float:
        if local.weekday() >= 5 and 9 <= local.hour < 17:
            return 1.5
        return 0.4

    saturday = START + timedelta(days=5)
    forecast = forecast_day_ahead(history_for(saturday, 35, weekends_at_home), saturday)
    assert forecast.mean[9:17] == pytest.approx([1.5] * 8)
    monday = forecast_day_ahead(history_for(START, 35, weekends_at_home), START)
    assert monday.mean[9:17] == pytest.approx([0.4] * 8)


def test_the_point_forecast_is_a_median_not_dragged_up_by_occasional_spikes() -> None:
    def spiky_mornings(local: datetime) -> float:
        if local.hour == 7:
            return 6.0 if local.toordinal() % 4 == 0 else 0.5
        return 0.3

    forecast = forecast_day_ahead(history_for(START, 56, spiky_mornings), START)
    assert forecast.mean[7] == pytest.approx(0.5, abs=0.1)  # the mean would be about 1.9


def test_a_recent_change_of_level_is_followed_within_days() -> None:
    moved_in = START - timedelta(days=10)

    def new_tenants(local: datetime) -> float:
        return evening_peak(local) * (2.0 if local >= moved_in else 1.0)

    forecast = forecast_day_ahead(history_for(START, 42, new_tenants), START)
    expected = [2 * evening_peak(START.replace(hour=h)) for h in range(24)]
    assert forecast.total_kwh == pytest.approx(sum(expected), rel=0.1)


def test_a_rare_big_load_in_a_quiet_home_is_not_taken_for_a_glitch() -> None:
    def holiday_home(local: datetime) -> float:
        return 4.0 if local.hour == 19 and local.weekday() == 5 else 0.05

    saturday = START + timedelta(days=5)
    forecast = forecast_day_ahead(history_for(saturday, 28, holiday_home), saturday)
    # Once a week is under 1 % of the hours, yet the hour is a real load, not a dropped glitch.
    assert forecast.mean[19] > 1.0
    assert forecast.mean[12] == pytest.approx(0.05)


def test_gaps_and_meter_glitches_are_ignored() -> None:
    clean = history_for(START, 28, evening_peak)
    glitchy = clean.copy()
    glitchy[100] = 48_213.0  # a meter reset read as one huge hour
    glitchy[101] = -48_200.0
    glitchy[200:260] = np.nan  # a gap of 2.5 days
    glitchy[300] = np.inf
    with_gaps = clean.copy()
    with_gaps[[100, 101, 300]] = np.nan
    with_gaps[200:260] = np.nan
    forecast = forecast_day_ahead(glitchy, START)
    assert np.array_equal(forecast.mean, forecast_day_ahead(with_gaps, START).mean)
    assert forecast.mean == pytest.approx([evening_peak(START.replace(hour=h)) for h in range(24)])


def test_a_gap_longer_than_the_analogue_window_falls_back_on_the_history() -> None:
    history = history_for(START, 150, evening_peak)
    history[-24 * 100 :] = np.nan
    forecast = forecast_day_ahead(history, START)
    assert np.all(np.isfinite(forecast.mean))
    assert 0.3 <= forecast.mean.min() <= forecast.mean.max() <= 2.0


@pytest.mark.parametrize(
    ("day", "hours", "peak_utc_hours"),
    [
        (datetime(2026, 3, 29, tzinfo=LONDON), 23, [17, 18, 19]),  # spring forward: BST
        (datetime(2026, 10, 25, tzinfo=LONDON), 25, [18, 19, 20]),  # fall back: GMT
    ],
)
def test_dst_days_keep_the_peak_at_the_local_hours(
    day: datetime, hours: int, peak_utc_hours: list[int]
) -> None:
    forecast = forecast_day_ahead(history_for(day, 21, evening_peak), day, hours=hours)
    first = day.astimezone(UTC)
    peak = [(first + timedelta(hours=int(i))).hour for i in np.flatnonzero(forecast.mean > 1.0)]
    assert peak == peak_utc_hours
    assert local_hours(forecast)[-1] == 23


def test_a_forecast_from_the_middle_of_the_day_covers_the_rest_of_today_and_tomorrow() -> None:
    afternoon = START + timedelta(hours=15)
    forecast = forecast_day_ahead(history_for(afternoon, 21, evening_peak), afternoon, hours=33)
    expected = [evening_peak(afternoon + timedelta(hours=i)) for i in range(33)]
    assert forecast.mean == pytest.approx(expected)


def test_the_temperature_tells_a_cold_day_from_a_mild_one() -> None:
    def outdoor(local: datetime) -> float:
        return 0.0 if (local.toordinal() // 3) % 2 else 12.0  # three cold, three mild days

    def heated(local: datetime) -> float:
        return 0.5 + (1.5 if outdoor(local) < 5 else 0.0)

    start = START + timedelta(days=next(d for d in range(6) if outdoor(START + timedelta(d)) < 5))
    start = start if outdoor(start - timedelta(days=1)) > 5 else start + timedelta(days=3)
    history = history_for(start, 42, heated)
    temperatures = np.append(history_for(start, 42, outdoor), np.zeros(24))
    blind = forecast_day_ahead(history, start)
    informed = forecast_day_ahead(history, start, temperature_c=temperatures)
    # The first cold day after mild ones: without the temperature it looks like the mild days
    # (rescaled analogues from older cold spells keep it a little short of the full 2 kWh).
    assert informed.total_kwh == pytest.approx(48.0, rel=0.2)
    assert blind.total_kwh < 0.5 * 48.0


def test_simulated_homes_are_forecast_better_than_yesterday_with_a_calibrated_interval() -> None:
    tz = ZoneInfo("Europe/Berlin")
    begin = datetime(2025, 9, 1, tzinfo=tz)
    kwh = simulation.hourly_energy_kwh(begin, 24 * 120, tz, 42)
    error = naive_error = actual_sum = 0.0
    inside = 0
    days = 28
    for day in range(120 - days, 120):
        origin = day * 24
        start = (begin.astimezone(UTC) + timedelta(hours=origin)).astimezone(tz)
        forecast = forecast_day_ahead(kwh[:origin], start)
        actual = kwh[origin : origin + 24]
        error += float(np.abs(actual - forecast.mean).sum())
        naive_error += float(np.abs(actual - kwh[origin - 24 : origin]).sum())
        actual_sum += float(actual.sum())
        inside += int(((actual >= forecast.lower) & (actual <= forecast.upper)).sum())
    assert error < 0.85 * naive_error
    assert 0.7 <= inside / (days * 24) <= 0.9


def test_bad_input_is_refused_with_a_code() -> None:
    week = np.ones(MIN_HISTORY_HOURS)
    with pytest.raises(ValueError, match="naive"):
        forecast_day_ahead(week, datetime(2026, 5, 4))  # noqa: DTZ001
    cases = [
        (lambda: forecast_day_ahead(week, START.replace(minute=30)), "not_top_of_hour"),
        (lambda: forecast_day_ahead(week, START, hours=0), "invalid_hours"),
        (lambda: forecast_day_ahead(week, START, hours=MAX_HOURS + 1), "invalid_hours"),
        (lambda: forecast_day_ahead(np.ones((2, 168)), START), "invalid_history"),
        (
            lambda: forecast_day_ahead(week, START, temperature_c=np.ones(168)),
            "invalid_temperature",
        ),
    ]
    for call, code in cases:
        with pytest.raises(EngineError) as caught:
            call()
        assert caught.value.code == code


def test_less_than_a_week_or_too_few_readings_is_not_enough_history() -> None:
    with pytest.raises(EngineError) as caught:
        forecast_day_ahead(np.ones(MIN_HISTORY_HOURS - 1), START)
    assert caught.value.code == "not_enough_history"
    assert caught.value.placeholders == {"hours": "167", "usable": "167", "required": "168"}
    with pytest.raises(EngineError) as caught:
        forecast_day_ahead(np.full(MIN_HISTORY_HOURS, np.nan), START)
    assert caught.value.placeholders["usable"] == "0"
    mostly_gaps = np.full(MIN_HISTORY_HOURS * 2, np.nan)
    mostly_gaps[-50:] = 1.0
    with pytest.raises(EngineError) as caught:
        forecast_day_ahead(mostly_gaps, START)
    assert caught.value.code == "not_enough_history"
    assert forecast_day_ahead(np.ones(MIN_HISTORY_HOURS), START).mean == pytest.approx([1.0] * 24)


glitches = st.sampled_from([float("nan"), -3.0, float("inf"), 1e3, 1e6])


@given(
    st.lists(st.floats(0, 5), min_size=MIN_HISTORY_HOURS, max_size=600),
    st.lists(st.tuples(st.integers(0, 10_000), glitches), max_size=60),
    st.integers(0, 24 * 400),
    st.integers(1, 48),
)
def test_any_history_with_enough_readings_gives_an_ordered_forecast(
    readings: list[float], damage: list[tuple[int, float]], offset_hours: int, hours: int
) -> None:
    history = np.array(readings)
    for index, glitch in damage:
        history[index % len(history)] = glitch
    start = (datetime(2025, 1, 1, tzinfo=LONDON) + timedelta(hours=offset_hours)).astimezone(LONDON)
    forecast = forecast_day_ahead(history, start, hours=hours)
    assert len(forecast.mean) == hours
    assert np.all(np.isfinite(forecast.upper))
    assert np.all((forecast.lower >= 0) & (forecast.lower <= forecast.mean))
    assert np.all(forecast.mean <= forecast.upper)
    # No glitch leaks in: at most the largest reading, twice (level) and stretched four times.
    assert forecast.upper.max() <= 5.0 * 2 * 4


def test_a_half_hour_zone_forecasts_on_the_utc_hours_of_its_statistics() -> None:
    # Home Assistant's hourly statistics start on UTC hours: 05:30, 06:30, ... in India.
    kolkata = ZoneInfo("Asia/Kolkata")
    start = datetime(2026, 5, 4, 5, 30, tzinfo=kolkata)  # 00:00 UTC
    days = 28
    history = np.full(days * 24, 0.5)
    history[9::24] = 2.0  # the UTC hour 09:00-10:00 (14:30 local) every day: the geyser
    forecast = forecast_day_ahead(history, start)
    assert int(np.argmax(forecast.mean)) == 9
    assert forecast.mean[9] == pytest.approx(2.0)
    assert forecast.mean[10] == pytest.approx(0.5)
    # Half past a UTC hour is no statistics hour anywhere.
    with pytest.raises(EngineError) as raised:
        forecast_day_ahead(history, start + timedelta(minutes=30))
    assert raised.value.code == "not_top_of_hour"


def test_the_expected_total_is_not_the_understated_sum_of_medians() -> None:
    """Spiky homes use more than their summed medians: the expected total is calibrated."""
    rng = np.random.default_rng(7)
    # A quiet home with a 3 kWh load in one random hour of every day: each hour's median is the
    # quiet level, so the summed medians miss the daily load entirely.
    days = 90
    history = np.full(days * 24, 0.2)
    history[np.arange(days) * 24 + rng.integers(0, 24, days)] = 3.0
    forecast = forecast_day_ahead(history, START)
    actual_daily = float(history.reshape(days, 24).sum(axis=1).mean())
    assert forecast.total_kwh < 0.85 * actual_daily
    assert forecast.expected_total_kwh == pytest.approx(actual_daily, rel=0.1)
    assert forecast.expected == pytest.approx(forecast.mean * forecast.expected_ratio)


def test_too_short_a_replay_leaves_the_medians_as_expected() -> None:
    forecast = forecast_day_ahead(history_for(START, 8, evening_peak), START)
    assert forecast.expected_ratio == 1.0
    assert forecast.expected_total_kwh == pytest.approx(forecast.total_kwh)


def test_a_replay_of_past_days_is_each_day_as_forecast_at_its_start() -> None:
    tz = ZoneInfo("Europe/Berlin")
    begin = datetime(2025, 12, 1, tzinfo=tz)
    kwh = simulation.hourly_energy_kwh(begin, 24 * 150, tz, 9)
    end = (begin.astimezone(UTC) + timedelta(hours=24 * 150)).astimezone(tz)
    # The last four days (one of them the 23-hour DST day of 29 March) and one too early.
    days = [datetime(2026, 3, day, tzinfo=tz) for day in (26, 27, 28, 29)]
    spans = [(day, 23 if day.day == 29 else 24) for day in days]
    replayed = forecast_module.replay_day_ahead(kwh, end, [*spans, (begin, 24)])
    assert replayed[-1] is None  # no week of history before it
    first = begin.astimezone(UTC)
    for (start, hours), made in zip(spans, replayed, strict=False):
        offset = int((start.astimezone(UTC) - first).total_seconds() // 3600)
        alone = forecast_day_ahead(kwh[:offset], start, hours=hours)
        assert made is not None
        assert made.mean == pytest.approx(alone.mean)
        assert made.expected_ratio == pytest.approx(alone.expected_ratio, rel=0.03)
