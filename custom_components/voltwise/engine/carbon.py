"""Grid carbon intensity: hourly regional profiles and their values at instants and over a horizon.

Profiles are indexed by local hour, so "the evening peak" stays in the evening across DST.
The built-in profiles live in ``data/carbon_profiles.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from importlib import resources

import numpy as np

from .errors import EngineError
from .timegrid import FloatArray, TimeGrid, require_aware

HOURS_PER_DAY = 24


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


def profile_from_values(key: str, hourly: Sequence[float]) -> CarbonProfile:
    """A profile from 24 hourly values (user data or a learnt live profile)."""
    return CarbonProfile(key, tuple(float(value) for value in hourly))
