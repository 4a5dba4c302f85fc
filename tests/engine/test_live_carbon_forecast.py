"""A live carbon reading's deviation from the profile fades from the following hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.carbon import (
    LIVE_HALF_LIFE_HOURS,
    LIVE_RATIO_MAX,
    LIVE_RATIO_MIN,
    decayed_ratios,
    live_ratio,
    profile_for_region,
    profile_from_values,
)
from custom_components.voltwise.engine.horizon import CarbonInput, build_horizon
from custom_components.voltwise.engine.penalty import Strategy, weights_for
from custom_components.voltwise.engine.tariff import presets

KOLKATA = ZoneInfo("Asia/Kolkata")
BERLIN = ZoneInfo("Europe/Berlin")
FLAT = presets()["flat"].build(5.0, "EUR")

hourly_profiles = st.lists(st.floats(0, 2000), min_size=24, max_size=24).map(
    lambda values: profile_from_values("test", values)
)
instants = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(ZoneInfo("UTC")),
)
zones = st.sampled_from([KOLKATA, BERLIN])


def hours_after_reading(now: datetime, tz: ZoneInfo, when: datetime) -> int:
    """Whole hours from the start of the reading's local hour to ``when``."""
    hour_start = now.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    return int((when - hour_start) // timedelta(hours=1))


@given(hourly_profiles, instants, zones)
def test_a_reading_equal_to_the_profile_leaves_the_forecast_as_the_profile(
    profile, now: datetime, tz: ZoneInfo
) -> None:
    expected = profile.intensity_at(now, tz)
    plain = build_horizon(FLAT, CarbonInput(profile), tz, now)
    live = build_horizon(FLAT, CarbonInput(profile, expected), tz, now)
    assert np.array_equal(live.intensities, plain.intensities)
    assert np.array_equal(live.day_min_intensities, plain.day_min_intensities)
    assert np.array_equal(live.day_max_intensities, plain.day_max_intensities)


@given(
    st.floats(LIVE_RATIO_MIN, LIVE_RATIO_MAX),
    st.lists(st.floats(0, 100), min_size=2, max_size=30).map(sorted),
)
def test_the_deviation_fades_monotonically_toward_the_profile(
    ratio: float, hours: list[float]
) -> None:
    factors = decayed_ratios(ratio, np.array(hours))
    deviations = factors - 1.0
    # Same side of 1 as the reading, never further from 1 than the hour before, never beyond it.
    assert np.all(deviations * (ratio - 1.0) >= 0)
    assert np.all(np.abs(deviations[1:]) <= np.abs(deviations[:-1]) + 1e-15)
    assert np.all(np.abs(deviations) <= abs(ratio - 1.0) + 1e-15)


@given(st.floats(LIVE_RATIO_MIN, LIVE_RATIO_MAX), st.floats(0, 48))
def test_each_half_life_halves_the_deviation(ratio: float, hours: float) -> None:
    now, later = decayed_ratios(ratio, np.array([hours, hours + LIVE_HALF_LIFE_HOURS]))
    assert later - 1.0 == pytest.approx((now - 1.0) / 2, abs=1e-12)


@given(
    hourly_profiles,
    instants,
    zones,
    st.floats(0, 1e7) | st.sampled_from([0.0, 1e-300, 5e4]),
)
def test_a_wild_reading_can_at_most_halve_or_double_the_hours_after_it(
    profile, now: datetime, tz: ZoneInfo, reading: float
) -> None:
    horizon = build_horizon(FLAT, CarbonInput(profile, reading), tz, now)
    plain = build_horizon(FLAT, CarbonInput(profile), tz, now).intensities
    grid = horizon.grid
    later = np.array(
        [hours_after_reading(now, tz, grid.at(index)) > 0 for index in range(grid.steps)]
    )
    assert np.all(horizon.intensities[~later] == reading)  # this hour: the reading itself
    ahead, base = horizon.intensities[later], plain[later]
    assert np.all(np.isfinite(ahead))
    assert np.all(ahead >= LIVE_RATIO_MIN * base * (1 - 1e-12))
    assert np.all(ahead <= LIVE_RATIO_MAX * base * (1 + 1e-12))
    penalty = horizon.penalties(weights_for(Strategy.ECO_MODE))
    assert np.all((penalty >= 0) & (penalty <= 1))


@pytest.mark.parametrize(
    ("live", "expected", "ratio"),
    [
        (900.0, 600.0, 1.5),
        (6000.0, 600.0, LIVE_RATIO_MAX),
        (10.0, 600.0, LIVE_RATIO_MIN),
        (300.0, 0.0, 1.0),  # nothing to compare with
        (float("nan"), 600.0, 1.0),
        (-5.0, 600.0, 1.0),
    ],
)
def test_live_ratio(live: float, expected: float, ratio: float) -> None:
    assert live_ratio(live, expected) == ratio


def test_a_dirty_hour_makes_the_next_hours_dirtier_for_a_few_hours() -> None:
    profile = profile_for_region("IN")
    now = datetime(2026, 3, 2, 12, 20, tzinfo=KOLKATA)
    reading = 1.5 * profile.hourly[12]
    horizon = build_horizon(FLAT, CarbonInput(profile, reading), KOLKATA, now)

    def at(hour: int, day: int = 2) -> float:
        when = datetime(2026, 3, day, hour, 0, tzinfo=KOLKATA)
        return float(horizon.intensities[horizon.grid.index_of(when)])

    assert horizon.intensities[0] == reading
    assert at(13) == pytest.approx(profile.hourly[13] * (1 + 0.5 * 2 ** (-1 / 3)))
    assert at(15) == pytest.approx(profile.hourly[15] * 1.25)  # one half-life later
    assert at(18) == pytest.approx(profile.hourly[18] * 1.125)
    # A day later 2^-8 of the deviation is left.
    assert at(12, day=3) == pytest.approx(profile.hourly[12] * (1 + 0.5 / 256))
    # The dirtier afternoon counts toward today's range, and tomorrow's is nearly the profile's.
    assert horizon.day_max_intensities[0] == max(reading, *(at(hour) for hour in range(13, 24)))
    tomorrow = horizon.grid.index_of(datetime(2026, 3, 3, 12, 0, tzinfo=KOLKATA))
    assert horizon.day_max_intensities[tomorrow] == pytest.approx(max(profile.hourly), rel=1e-3)
