"""The simulated household: the seed's bands and factors, HVAC occasions, DST and the meter."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine import simulation
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.simulation import (
    Household,
    daily_mean_temperature_c,
    energy_kwh_between,
    hourly_energy_kwh,
    hourly_temperature_c,
    power_at_w,
    power_w,
)

LONDON = ZoneInfo("Europe/London")
KOLKATA = ZoneInfo("Asia/Kolkata")
BASELINE_ONLY = Household(ac_w=0, heater_w=0, water_heater_w=0)


def local_day_power(day: date, tz: ZoneInfo, seed: int, home: Household) -> np.ndarray:
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    # Same-zone subtraction is wall-clock arithmetic in Python: measure the day in UTC.
    minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)
    return power_w(start, minutes, tz, seed, home)


def mean_kw_by_hour(days: list[date], seed: int, home: Household) -> np.ndarray:
    """Mean baseline kW per local hour over ``days`` (plain days, no DST)."""
    stacked = np.stack([local_day_power(day, KOLKATA, seed, home) for day in days])
    return stacked.reshape(len(days), 24, 60).mean(axis=(0, 2)) / 1000


def weekdays_of(year: int, month: int, weekend: bool) -> list[date]:
    days = [date(year, month, d) for d in range(1, 29)]
    return [d for d in days if (d.weekday() >= 5) == weekend]


def test_the_same_seed_gives_the_same_home_and_another_seed_another() -> None:
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    first = power_w(start, 600, LONDON, seed=7)
    simulation._day.cache_clear()
    assert np.array_equal(first, power_w(start, 600, LONDON, seed=7))
    assert not np.array_equal(first, power_w(start, 600, LONDON, seed=8))


def test_a_day_is_the_same_whether_simulated_alone_or_within_a_longer_run() -> None:
    long_run = power_w(datetime(2026, 4, 1, tzinfo=LONDON), 3 * 1440, LONDON, seed=3)
    simulation._day.cache_clear()
    alone = power_w(datetime(2026, 4, 2, tzinfo=LONDON), 1440, LONDON, seed=3)
    assert np.array_equal(long_run[1440:2880], alone)


def test_spring_weekdays_follow_the_seeds_hourly_bands_with_ten_percent_noise() -> None:
    profile = mean_kw_by_hour(weekdays_of(2026, 4, weekend=False), 11, BASELINE_ONLY)
    bands = [(0, 6, 0.4, 0.6), (6, 9, 1.5, 2.5), (9, 17, 0.8, 1.5), (17, 22, 2.5, 4.0)]
    bands.append((22, 24, 1.2, 1.8))
    for first, end, low, high in bands:
        assert np.all(profile[first:end] >= low * 0.9), (first, profile[first:end])
        assert np.all(profile[first:end] <= high * 1.1), (first, profile[first:end])
    minutes = local_day_power(date(2026, 4, 7), KOLKATA, 11, BASELINE_ONLY)
    per_hour = minutes.reshape(24, 60)
    spread = per_hour.max(axis=1) / per_hour.min(axis=1)
    assert np.all(spread <= 1.1 / 0.9 + 1e-9)
    assert np.all(spread > 1.05)  # the noise is really there


def test_weekend_daytime_is_busier_than_weekday_daytime() -> None:
    weekday = mean_kw_by_hour(weekdays_of(2026, 4, weekend=False), 5, BASELINE_ONLY)
    weekend = mean_kw_by_hour(weekdays_of(2026, 4, weekend=True), 5, BASELINE_ONLY)
    assert weekend[9:17].mean() > 1.2 * weekday[9:17].mean()
    assert weekend[0:6].mean() == pytest.approx(weekday[0:6].mean(), rel=0.1)


@pytest.mark.parametrize(("month", "factor"), [(7, 1.3), (1, 1.4), (10, 1.0)])
def test_summer_and_winter_raise_the_baseline(month: int, factor: float) -> None:
    spring = mean_kw_by_hour(weekdays_of(2026, 4, weekend=False), 9, BASELINE_ONLY).sum()
    season = mean_kw_by_hour(weekdays_of(2026, month, weekend=False), 9, BASELINE_ONLY).sum()
    assert season / spring == pytest.approx(factor, rel=0.04)


# The last day of each of the seed's seasons, each followed by a day of the same kind (a weekday
# by a weekday, a Saturday by a Sunday): the weekend's busier daytime is not what is measured.
SEASON_ENDS = [date(2026, 11, 30), date(2026, 2, 28), date(2027, 5, 31), date(2026, 8, 31)]


@pytest.mark.parametrize("first", SEASON_ENDS)
def test_a_season_does_not_start_overnight(first: date) -> None:
    """Across the seed's season boundaries a day draws about what the day before drew."""
    after = first + timedelta(days=1)
    seeds = range(40)
    before_kwh = sum(local_day_power(first, KOLKATA, s, BASELINE_ONLY).sum() for s in seeds)
    after_kwh = sum(local_day_power(after, KOLKATA, s, BASELINE_ONLY).sum() for s in seeds)
    assert after_kwh / before_kwh == pytest.approx(1.0, abs=0.03)


def test_the_seasonal_factor_moves_a_little_each_day_and_keeps_the_seeds_year() -> None:
    days = [date(2025, 12, 1) + timedelta(days=n) for n in range(2 * 366)]
    factors = np.array([simulation.seasonal_factor(day) for day in days])
    assert np.abs(np.diff(factors)).max() < 0.01
    assert simulation.seasonal_factor(date(2026, 1, 15)) == pytest.approx(1.4)
    assert simulation.seasonal_factor(date(2026, 7, 16)) == pytest.approx(1.3, abs=0.001)
    assert simulation.seasonal_factor(date(2026, 4, 16)) == pytest.approx(1.0, abs=0.001)
    # The seed's factors by month (Jun-Aug 1.3, Dec-Feb 1.4, else 1.0) average the same.
    seed = [1.4 if d.month in (12, 1, 2) else 1.3 if d.month in (6, 7, 8) else 1.0 for d in days]
    assert factors.mean() == pytest.approx(np.mean(seed), abs=0.005)


def contribution(day: date, appliance: str, seed: int = 21) -> np.ndarray:
    """Power one HVAC appliance adds to the default home, per minute of the local day."""
    without = Household(**{appliance: 0.0})
    return local_day_power(day, KOLKATA, seed, Household()) - local_day_power(
        day, KOLKATA, seed, without
    )


def test_the_air_conditioner_cycles_at_full_power_on_summer_afternoons_only() -> None:
    summer = [date(2026, 7, d) for d in range(1, 32)]
    on_minutes = 0
    for day in summer:
        added = contribution(day, "ac_w")
        assert set(np.unique(np.round(added))) <= {0.0, 3500.0}
        first_allowed = (11 if day.weekday() >= 5 else 15) * 60
        assert not added[:first_allowed].any()
        assert not added[23 * 60 :].any()
        on_minutes += int(np.count_nonzero(added))
    assert on_minutes > 31 * 60  # it does run, more than an hour a day on average
    assert not any(contribution(date(2026, 1, d), "ac_w").any() for d in range(1, 32))


def test_the_heater_runs_on_cold_mornings_and_evenings_only() -> None:
    winter_minutes = 0
    for d in range(5, 12):  # Monday to Sunday
        day = date(2026, 1, d)
        added = contribution(day, "heater_w")
        assert set(np.unique(np.round(added))) <= {0.0, 4000.0}
        assert not added[: 6 * 60].any()
        if day.weekday() < 5:
            assert not added[9 * 60 : 17 * 60].any()
        winter_minutes += int(np.count_nonzero(added))
    assert winter_minutes > 7 * 60
    assert not any(contribution(date(2026, 7, d), "heater_w").any() for d in range(1, 32))


def test_the_water_heater_reheats_every_morning_and_evening() -> None:
    for d in range(1, 15):
        added = contribution(date(2026, 4, d), "water_heater_w")
        assert set(np.unique(np.round(added))) <= {0.0, 3000.0}
        assert added[6 * 60 : 10 * 60].any()
        assert added[18 * 60 : 22 * 60].any()
        assert 30 <= np.count_nonzero(added) <= 100


def test_summer_is_warmer_than_winter_and_neighbouring_days_are_alike() -> None:
    july = [daily_mean_temperature_c(date(2026, 7, d), 4) for d in range(1, 32)]
    january = [daily_mean_temperature_c(date(2026, 1, d), 4) for d in range(1, 32)]
    assert min(july) > max(january)
    assert max(abs(a - b) for a, b in itertools.pairwise(july)) < 6.0
    hourly = hourly_temperature_c(datetime(2026, 7, 1, tzinfo=UTC), 24, UTC, 4)
    assert int(np.argmax(hourly)) == 14  # the middle of the 14:00 hour is closest to 15:00


def test_a_spring_forward_day_has_23_hours_on_the_local_wall_clock() -> None:
    # Europe/London skips 01:00-02:00 on 2026-03-29: 00:00 UTC is 00:00 GMT, 01:00 UTC 02:00 BST.
    day = local_day_power(date(2026, 3, 29), LONDON, 2, BASELINE_ONLY)
    assert len(day) == 23 * 60
    hourly = hourly_energy_kwh(datetime(2026, 3, 29, tzinfo=UTC), 23, LONDON, 2, BASELINE_ONLY)
    assert hourly.sum() == pytest.approx(day.sum() / 60_000)
    # 02:00-06:00 BST are night hours, 06:00 BST (05:00 UTC) starts the morning band.
    assert np.all(hourly[1:5] < 0.7)
    assert hourly[5] > 1.3


def test_a_fall_back_day_has_25_hours_and_repeats_the_night_band() -> None:
    day = local_day_power(date(2026, 10, 25), LONDON, 2, BASELINE_ONLY)
    assert len(day) == 25 * 60
    hourly = day.reshape(25, 60).mean(axis=1) / 1000
    assert np.all(hourly[:7] < 0.7)  # 00:00, 01:00 BST, 01:00-05:00 GMT: seven night hours
    assert hourly[7] > 1.3


def test_energy_between_two_instants_integrates_the_minute_powers_exactly() -> None:
    start = datetime(2026, 6, 30, 22, 0, 30, tzinfo=UTC)
    end = datetime(2026, 7, 2, 3, 10, 15, tzinfo=UTC)
    minutes = power_w(start.replace(second=0), 29 * 60 + 11, UTC, 1)  # 22:00 to 03:10 inclusive
    expected = (minutes.sum() - minutes[0] * 30 / 60 - minutes[-1] * 45 / 60) / 60_000
    assert energy_kwh_between(start, end, UTC, 1) == pytest.approx(expected)
    assert energy_kwh_between(start, start, UTC, 1) == 0.0


@given(
    st.integers(0, 60 * 24 * 60),
    st.integers(0, 60 * 24 * 60),
    st.integers(0, 60 * 24 * 60),
)
def test_energy_adds_up_over_consecutive_periods(a: int, b: int, c: int) -> None:
    origin = datetime(2026, 3, 1, tzinfo=LONDON)
    first, middle, last = (origin + timedelta(seconds=x * 60.5) for x in sorted((a, b, c)))
    whole = energy_kwh_between(first, last, LONDON, 5)
    parts = energy_kwh_between(first, middle, LONDON, 5) + energy_kwh_between(
        middle, last, LONDON, 5
    )
    assert whole == pytest.approx(parts, abs=1e-9)
    assert whole >= 0


def test_power_now_matches_the_minute_series() -> None:
    when = datetime(2026, 8, 14, 17, 42, 31, tzinfo=UTC)
    series = power_w(datetime(2026, 8, 14, 17, 40, tzinfo=UTC), 5, LONDON, 9)
    assert power_at_w(when, LONDON, 9) == series[2]


def test_a_year_of_hourly_energy_is_a_plausible_household() -> None:
    year = hourly_energy_kwh(datetime(2025, 1, 1, tzinfo=LONDON), 8760, LONDON, 1)
    assert np.all(year > 0)
    assert 10_000 < year.sum() < 30_000
    summer_day = year[24 * 180 : 24 * 181].sum()
    assert 20 < summer_day < 100


def test_bad_input_is_refused_with_a_code() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="naive"):
        power_w(datetime(2026, 1, 1), 10, UTC, 1)  # noqa: DTZ001
    cases = [
        (lambda: power_w(now, 10, UTC, -1), "invalid_seed"),
        (lambda: power_w(now, -1, UTC, 1), "negative_span"),
        (lambda: hourly_energy_kwh(now, -1, UTC, 1), "negative_span"),
        (lambda: hourly_energy_kwh(now.replace(minute=5), 2, UTC, 1), "not_top_of_hour"),
        (lambda: energy_kwh_between(now, now - timedelta(1), UTC, 1), "invalid_period"),
        (lambda: Household(scale=0), "invalid_household"),
        (lambda: Household(ac_w=-1), "invalid_household"),
    ]
    for call, code in cases:
        with pytest.raises(EngineError) as caught:
            call()
        assert caught.value.code == code
