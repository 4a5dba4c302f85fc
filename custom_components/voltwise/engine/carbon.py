"""Grid carbon intensity: hourly regional profiles and their values at instants and over a horizon.

Profiles are indexed by local hour, so "the evening peak" stays in the evening across DST.
The built-in profiles live in ``data/carbon_profiles.json``.

A live reading that differs from the profile says more than "this hour is different": the
weather and demand behind it (cloud, wind, a hot afternoon) last for hours. So the forecast
scales the following hours by the live/profile ratio, whose distance from 1 halves every
``LIVE_HALF_LIFE_HOURS``. Three hours keeps most of a deviation for the rest of a typical run
window (an hour ahead still carries 79 % of it) and lets the profile take over again within a
day (12 hours ahead: 6 %). The ratio is bounded to [``LIVE_RATIO_MIN``, ``LIVE_RATIO_MAX``]
first, so one wild reading (a unit mix-up, a glitch) can at most halve or double the hours ahead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from importlib import resources

import numpy as np

from .errors import EngineError
from .timegrid import FloatArray, TimeGrid, require_aware

HOURS_PER_DAY = 24
# How fast a live reading's deviation from the profile fades from the hours after it.
LIVE_HALF_LIFE_HOURS = 3.0
LIVE_RATIO_MIN = 0.5
LIVE_RATIO_MAX = 2.0
# Days of history a live source needs before its learnt profile replaces the built-in one.
MIN_LEARNING_DAYS = 3


@dataclass(frozen=True, slots=True)
class CarbonProfile:
    """Grid intensity in gCO2eq/kWh for each local hour 0-23."""

    key: str
    hourly: tuple[float, ...]

    def __post_init__(self) -> None:
        """Reject profiles that would make the penalty meaningless."""
        if len(self.hourly) != HOURS_PER_DAY:
            raise EngineError("carbon_profile_length", count=str(len(self.hourly)))
        if any(not math.isfinite(value) or value < 0 for value in self.hourly):
            raise EngineError("carbon_profile_negative")

    def intensity_at(self, when: datetime, tz: tzinfo) -> float:
        """Intensity at instant ``when`` for a home in ``tz``."""
        require_aware(when)
        return self.hourly[when.astimezone(tz).hour]

    def intensities(self, grid: TimeGrid, tz: tzinfo) -> FloatArray:
        """Intensity at every step of ``grid`` (vectorised)."""
        _, minutes = grid.local_fields(tz)
        return np.asarray(self.hourly, dtype=np.float64)[minutes // 60]

    @property
    def mean(self) -> float:
        """The daily mean; hours below it form the clean-energy window."""
        return sum(self.hourly) / HOURS_PER_DAY


@cache
def regional_profiles() -> Mapping[str, CarbonProfile]:
    """Built-in regional profiles (loaded once)."""
    path = resources.files(__package__).joinpath("data/carbon_profiles.json")
    raw = json.loads(path.read_text("utf-8"))
    return {
        key: CarbonProfile(key, tuple(float(value) for value in item["hourly"]))
        for key, item in raw["regions"].items()
    }


def profile_for_region(region: str) -> CarbonProfile:
    """The built-in profile of ``region``; unknown regions are an input error."""
    try:
        return regional_profiles()[region]
    except KeyError as err:
        raise EngineError("unknown_region", region=region) from err


def live_ratio(live: float, expected: float) -> float:
    """The live reading over the profile's value for its hour, bounded; 1 without a comparison.

    A profile value of 0 (or an unusable reading) gives no ratio to carry forward.
    """
    if not (math.isfinite(live) and math.isfinite(expected)) or live < 0 or expected <= 0:
        return 1.0
    return min(max(live / expected, LIVE_RATIO_MIN), LIVE_RATIO_MAX)


def decayed_ratios(ratio: float, hours_ahead: FloatArray) -> FloatArray:
    """The factor on the profile ``hours_ahead`` hours after the reading's hour.

    The deviation from 1 halves every ``LIVE_HALF_LIFE_HOURS``: the factor moves monotonically
    from ``ratio`` (0 hours ahead) toward 1, and never leaves the range between them.
    """
    return 1.0 + (ratio - 1.0) * np.exp2(-np.maximum(hours_ahead, 0.0) / LIVE_HALF_LIFE_HOURS)


def cleanest_hours(profile: CarbonProfile, count: int) -> list[int]:
    """The ``count`` local hours with the lowest intensity, in clock order (ties: earlier)."""
    if not 0 <= count <= HOURS_PER_DAY:
        raise EngineError("invalid_hour_count", count=str(count))
    ranked = sorted(range(HOURS_PER_DAY), key=lambda hour: (profile.hourly[hour], hour))
    return sorted(ranked[:count])


def clean_hours(profile: CarbonProfile) -> list[int]:
    """Local hours whose intensity is below the day's mean: the clean-energy window."""
    mean = profile.mean
    return [hour for hour, value in enumerate(profile.hourly) if value < mean]


def learn_hourly_profile(
    key: str,
    samples: Iterable[tuple[datetime, float]],
    tz: tzinfo,
    min_days: int = MIN_LEARNING_DAYS,
) -> CarbonProfile | None:
    """An hourly profile from recorded (instant, gCO2eq/kWh) samples of a live source.

    Each local hour gets the mean of its samples; ``None`` while any hour has fewer than
    ``min_days`` samples (the caller then falls back to the region's built-in profile).
    Unusable samples (NaN, negative) are ignored.
    """
    buckets: list[list[float]] = [[] for _ in range(HOURS_PER_DAY)]
    for when, value in samples:
        require_aware(when)
        if math.isfinite(value) and value >= 0:
            buckets[when.astimezone(tz).hour].append(value)
    if any(len(bucket) < min_days for bucket in buckets):
        return None
    return CarbonProfile(key, tuple(math.fsum(bucket) / len(bucket) for bucket in buckets))


def profile_from_values(key: str, hourly: Sequence[float]) -> CarbonProfile:
    """A profile from 24 hourly values (user data or a learnt live profile)."""
    return CarbonProfile(key, tuple(float(value) for value in hourly))
