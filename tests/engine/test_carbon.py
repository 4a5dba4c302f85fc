"""Regional carbon profiles: data-file integrity, the heuristic's shape, lookups."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from custom_components.voltwise.engine.carbon import (
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
