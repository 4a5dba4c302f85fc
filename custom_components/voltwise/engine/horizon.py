"""The home's inputs over a horizon, from which penalties and flags follow.

Rates, slot kinds and carbon intensity at every grid step, with each step's daily maxima and means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

import numpy as np

from .carbon import CarbonProfile
from .penalty import Weights, penalty_vector
from .tariff import SLOT_KINDS, TariffPlan
from .timegrid import BoolArray, FloatArray, IntArray, TimeGrid, require_aware

DEFAULT_HORIZON_HOURS = 48
DEFAULT_STEP_MINUTES = 5
# Rates and intensities compare with a little slack so that float noise never flips a flag.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class CarbonInput:
    """Where intensity comes from: an hourly profile, optionally a live reading for this hour."""

    profile: CarbonProfile
    live_value: float | None = None


@dataclass(frozen=True, slots=True)
class Horizon:
    """Per-step values over ``grid``; index 0 is the step containing ``now``."""

    now: datetime
    tz: tzinfo
    grid: TimeGrid
    rates: FloatArray
    kinds: IntArray
    intensities: FloatArray
    day_max_rates: FloatArray
    day_mean_rates: FloatArray
    day_max_intensities: FloatArray
    day_mean_intensities: FloatArray
    _penalties: dict[Weights, FloatArray] = field(default_factory=dict, repr=False, compare=False)

    def penalties(self, weights: Weights) -> FloatArray:
        """The penalty at every step for ``weights`` (cached per weights)."""
        cached = self._penalties.get(weights)
        if cached is None:
            cached = penalty_vector(
                self.rates,
                self.intensities,
                self.day_max_rates,
                self.day_max_intensities,
                weights,
            )
            cached.setflags(write=False)
            self._penalties[weights] = cached
        return cached

    @property
    def cheap(self) -> BoolArray:
        """Steps whose rate is not above the day's average rate."""
        return self.rates <= self.day_mean_rates + _EPSILON

    @property
    def clean(self) -> BoolArray:
        """Steps whose intensity is below the day's mean (the clean-energy window)."""
        return self.intensities < self.day_mean_intensities - _EPSILON

    @property
    def peak(self) -> BoolArray:
        """Steps in a peak slot."""
        return np.equal(self.kinds, SLOT_KINDS.index("peak"))


def build_horizon(
    tariff: TariffPlan,
    carbon: CarbonInput,
    tz: tzinfo,
    now: datetime,
    *,
    hours: float = DEFAULT_HORIZON_HOURS,
    step_minutes: int = DEFAULT_STEP_MINUTES,
) -> Horizon:
    """Evaluate tariff and carbon over ``hours`` from the step containing ``now``."""
    require_aware(now)
    grid = TimeGrid.covering(now, hours, step_minutes)
    weekdays, minutes = grid.local_fields(tz)
    days = [tariff.day(weekday) for weekday in range(7)]
    rate_table = np.stack([day.rate_by_minute for day in days])
    kind_table = np.stack([day.kind_by_minute for day in days])
    rates = rate_table[weekdays, minutes]
    kinds = kind_table[weekdays, minutes]
    day_max_rates = np.array([day.max_rate for day in days])[weekdays]
    day_mean_rates = np.array([day.mean_rate for day in days])[weekdays]

    hourly = np.asarray(carbon.profile.hourly, dtype=np.float64)
    intensities = hourly[minutes // 60]
    day_max_intensities = np.full(grid.steps, hourly.max())
    day_mean_intensities = np.full(grid.steps, hourly.mean())
    if carbon.live_value is not None and grid.steps:
        # The live reading stands for the rest of the current local hour; the profile after.
        local_now = now.astimezone(tz)
        next_hour = local_now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        live = np.arange(grid.steps) < grid.index_of(next_hour.astimezone(tz))
        intensities = np.where(live, carbon.live_value, intensities)
        today = weekdays == local_now.weekday()
        day_max_intensities = np.where(
            today, np.maximum(day_max_intensities, carbon.live_value), day_max_intensities
        )
    return Horizon(
        now=now,
        tz=tz,
        grid=grid,
        rates=rates,
        kinds=kinds,
        intensities=intensities,
        day_max_rates=day_max_rates,
        day_mean_rates=day_mean_rates,
        day_max_intensities=day_max_intensities,
        day_mean_intensities=day_mean_intensities,
    )
