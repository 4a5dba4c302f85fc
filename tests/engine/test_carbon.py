"""Regional carbon profiles: data-file integrity, the heuristic's shape, lookups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from custom_components.voltwise.engine.carbon import (
    clean_hours,
    cleanest_hours,
    learn_hourly_profile,
    profile_for_region,
    profile_from_values,
    regional_profiles,
)
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.timegrid import TimeGrid

KOLKATA = ZoneInfo("Asia/Kolkata")

# Yearly averages from ../shared/facts/india-grid.md (latest year available per zone).
YEARLY_AVERAGE = {
    "IN": 727.0,
    "IN-NO": 573.4,
    "IN-WE": 747.4,
    "IN-SO": 551.7,
    "IN-EA": 783.4,
    "IN-NE": 405.4,
}


def test_every_indian_grid_and_the_national_average_is_built_in() -> None:
    assert set(regional_profiles()) == set(YEARLY_AVERAGE)


@pytest.mark.parametrize(("region", "average"), sorted(YEARLY_AVERAGE.items()))
def test_profile_mean_matches_the_regions_yearly_average(region: str, average: float) -> None:
    assert profile_for_region(region).mean == pytest.approx(average, abs=0.1)


@pytest.mark.parametrize("region", sorted(YEARLY_AVERAGE))
def test_profile_has_the_source_documents_time_of_day_shape(region: str) -> None:
    hourly = profile_for_region(region).hourly
    early, day, evening, late = hourly[3], hourly[12], hourly[19], hourly[23]
    # Solar day cleanest, evening gas peakers dirtiest, late night between early morning and peak.
    assert day < early < late < evening
    assert all(hourly[h] == day for h in range(6, 16))
    assert all(hourly[h] == evening for h in range(16, 22))


def test_intensity_follows_local_hours() -> None:
    profile = profile_for_region("IN-WE")
    noon_ist = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)  # 12:00 in Kolkata
    assert profile.intensity_at(noon_ist, KOLKATA) == profile.hourly[12]
    grid = TimeGrid.covering(noon_ist, hours=24, step_minutes=30)
    values = profile.intensities(grid, KOLKATA)
    assert np.array_equal(values, [profile.intensity_at(grid.at(i), KOLKATA) for i in range(48)])


def test_unknown_region_is_an_input_error() -> None:
    with pytest.raises(EngineError) as err:
        profile_for_region("XX")
    assert err.value.code == "unknown_region"
    assert err.value.placeholders == {"region": "XX"}


@pytest.mark.parametrize(
    ("values", "code"),
    [([500.0] * 23, "carbon_profile_length"), ([500.0] * 23 + [-1.0], "carbon_profile_negative")],
)
def test_user_profiles_are_validated(values: list[float], code: str) -> None:
    with pytest.raises(EngineError) as err:
        profile_from_values("mine", values)
    assert err.value.code == code


def test_cleanest_and_clean_hours() -> None:
    profile = profile_for_region("IN-SO")
    assert cleanest_hours(profile, 3) == [6, 7, 8]  # solar hours tie; earliest first
    assert cleanest_hours(profile, 0) == []
    assert clean_hours(profile) == list(range(6, 16))
    with pytest.raises(EngineError):
        cleanest_hours(profile, 25)


def samples_for(days: int, value_of_hour, start: datetime | None = None):  # type: ignore[no-untyped-def]
    start = start or datetime(2026, 3, 1, tzinfo=KOLKATA)
    return [
        (start + timedelta(days=day, hours=hour), value_of_hour(hour))
        for day in range(days)
        for hour in range(24)
    ]


def test_learnt_profile_averages_each_local_hour() -> None:
    samples = samples_for(3, lambda hour: 400.0 + hour)
    samples.append((datetime(2026, 3, 5, 10, tzinfo=KOLKATA), 1000.0))  # a 4th 10:00 sample
    samples.append((datetime(2026, 3, 5, 11, tzinfo=KOLKATA), float("nan")))  # ignored
    profile = learn_hourly_profile("live", samples, KOLKATA)
    assert profile is not None
    assert profile.hourly[3] == 403.0
    assert profile.hourly[10] == pytest.approx((410 * 3 + 1000) / 4)


def test_learnt_profile_uses_the_homes_local_hours() -> None:
    utc_samples = [
        (when.astimezone(UTC), value) for when, value in samples_for(3, lambda h: 100.0 * (h == 0))
    ]
    profile = learn_hourly_profile("live", utc_samples, KOLKATA)
    assert profile is not None
    assert profile.hourly[0] == 100.0
    assert sum(profile.hourly) == 100.0


def test_short_history_falls_back() -> None:
    assert learn_hourly_profile("live", samples_for(2, lambda hour: 500.0), KOLKATA) is None
    gappy = [s for s in samples_for(5, lambda hour: 500.0) if s[0].hour != 13]
    assert learn_hourly_profile("live", gappy, KOLKATA) is None
