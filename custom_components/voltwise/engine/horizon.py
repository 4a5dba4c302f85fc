"""The home's inputs over a horizon, from which penalties and flags follow.

Rates, slot kinds and carbon intensity at every grid step, with each step's daily minima, maxima
and means. A day's range is the range of what the horizon expects over that whole local day: the
forecast where the horizon covers an hour, the plain profile (or tariff) for its other hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

import numpy as np

from .carbon import CarbonProfile, decayed_ratios, live_ratio
from .penalty import Weights, penalty_vector
from .tariff import SLOT_KINDS, TariffPlan
from .timegrid import BoolArray, FloatArray, IntArray, TimeGrid, require_aware

DEFAULT_HORIZON_HOURS = 48
DEFAULT_STEP_MINUTES = 5
# Rates and intensities compare with a little slack so that float noise never flips a flag.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class CarbonInput:
    """Where intensity comes from: an hourly profile, optionally a live reading for this hour.

    The reading stands for the rest of the current local hour; its deviation from the profile
    then fades from the following hours (``carbon.decayed_ratios``).
    """

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
    day_min_rates: FloatArray
    day_max_rates: FloatArray
    day_mean_rates: FloatArray
    day_min_intensities: FloatArray
    day_max_intensities: FloatArray
    day_mean_intensities: FloatArray
    _penalties: dict[Weights, FloatArray] = field(default_factory=dict, repr=False, compare=False)
    _run_scores: dict[Weights, FloatArray] = field(default_factory=dict, repr=False, compare=False)

    def penalties(self, weights: Weights) -> FloatArray:
        """The penalty at every step for ``weights`` (cached per weights)."""
        cached = self._penalties.get(weights)
        if cached is None:
            cached = penalty_vector(
                self.rates,
                self.intensities,
                weights,
                day_min_rates=self.day_min_rates,
                day_max_rates=self.day_max_rates,
                day_min_intensities=self.day_min_intensities,
                day_max_intensities=self.day_max_intensities,
            )
            cached.setflags(write=False)
            self._penalties[weights] = cached
        return cached

    def run_scores(self, weights: Weights) -> FloatArray:
        """Per step, what running there costs the strategy: rate and intensity over their means.

        Unlike the penalty (each day on its own range, for thresholds), this keeps the values'
        proportions across days, so a run's score compares with another's as its cost and CO2
        do; weighted by the strategy, each term relative to the horizon's mean (cached).
        """
        cached = self._run_scores.get(weights)
        if cached is None:
            cached = weights.cost * _relative(self.rates) + weights.carbon * _relative(
                self.intensities
            )
            cached.setflags(write=False)
            self._run_scores[weights] = cached
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
    day_min_rates = np.array([day.min_rate for day in days])[weekdays]
    day_max_rates = np.array([day.max_rate for day in days])[weekdays]
    day_mean_rates = np.array([day.mean_rate for day in days])[weekdays]

    hourly = np.asarray(carbon.profile.hourly, dtype=np.float64)
    local_hours = minutes // 60
    intensities = hourly[local_hours]
    if carbon.live_value is not None and grid.steps:
        intensities = _with_live_reading(
            intensities,
            grid,
            tz,
            now,
            live=carbon.live_value,
            expected=float(hourly[now.astimezone(tz).hour]),
        )
    day_min_intensities, day_max_intensities = _day_ranges(
        intensities, _local_days(weekdays), local_hours, hourly
    )
    day_mean_intensities = np.full(grid.steps, hourly.mean())
    return Horizon(
        now=now,
        tz=tz,
        grid=grid,
        rates=rates,
        kinds=kinds,
        intensities=intensities,
        day_min_rates=day_min_rates,
        day_max_rates=day_max_rates,
        day_mean_rates=day_mean_rates,
        day_min_intensities=day_min_intensities,
        day_max_intensities=day_max_intensities,
        day_mean_intensities=day_mean_intensities,
    )


def _relative(values: FloatArray) -> FloatArray:
    """``values`` over their mean; unscaled when the mean is not positive (a free or flat input)."""
    mean = float(values.mean()) if len(values) else 0.0
    return values / mean if mean > 0 else values.astype(np.float64, copy=True)


def _with_live_reading(
    intensities: FloatArray,
    grid: TimeGrid,
    tz: tzinfo,
    now: datetime,
    *,
    live: float,
    expected: float,
) -> FloatArray:
    """The reading for the rest of the current local hour, then the profile scaled by its ratio.

    Whole hours after the current one (1 for the next hour) set how far the ratio has decayed,
    so the forecast still changes only when a local hour starts.
    """
    hour_start = now.astimezone(tz).replace(minute=0, second=0, microsecond=0)
    offset = (grid.start - hour_start).total_seconds()
    elapsed = offset + np.arange(grid.steps, dtype=np.float64) * grid.step_minutes * 60
    hours_ahead = np.floor(elapsed / 3600)
    scaled = intensities * decayed_ratios(live_ratio(live, expected), hours_ahead)
    return np.where(hours_ahead <= 0, live, scaled)


def _local_days(weekdays: IntArray) -> IntArray:
    """A number per step that changes exactly when the local day does (0 for the first day)."""
    changes = np.concatenate(([0], np.not_equal(weekdays[1:], weekdays[:-1]).astype(np.int64)))
    return np.cumsum(changes)


def _day_ranges(
    intensities: FloatArray, days: IntArray, hours: IntArray, hourly: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Each step's local day's lowest and highest intensity.

    The day's hours on the horizon count with their forecast (a live reading and its fading
    deviation included), its other hours (already past, or beyond the horizon) with the profile.
    """
    minima = np.empty_like(intensities)
    maxima = np.empty_like(intensities)
    for day in np.unique(days):
        on_day = days == day
        covered = np.zeros(len(hourly), dtype=np.bool_)
        covered[hours[on_day]] = True
        values = np.concatenate((intensities[on_day], hourly[~covered]))
        minima[on_day] = values.min()
        maxima[on_day] = values.max()
    return minima, maxima
