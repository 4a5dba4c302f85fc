"""The home's state at an instant: what is in force now, what is best, and when that changes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

import numpy as np

from .errors import EngineError
from .horizon import CarbonInput, Horizon, build_horizon
from .penalty import DEFAULT_THRESHOLD, Strategy, Weights, weights_for
from .tariff import TariffPlan, TariffSlot
from .timegrid import require_aware
from .windows import Cycle, WindowPlan, find_best_window

# How far ahead the home's "next best window" looks, and the timeline's resolution for charts.
BEST_WINDOW_LOOKAHEAD = timedelta(hours=24)
TIMELINE_STEP_MINUTES = 15
# Even with nothing changing, recompute daily so the look-ahead keeps sliding forward.
MAX_REFRESH_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class HomeSettings:
    """The user's choices that shape decisions (select and number entities)."""

    strategy: Strategy = Strategy.BALANCED
    custom_cost_weight: float = 0.5
    threshold: float = DEFAULT_THRESHOLD
    best_window_minutes: int = 120
    peak_warning_minutes: int = 15

    @property
    def weights(self) -> Weights:
        """The penalty weights the strategy implies."""
        return weights_for(self.strategy, self.custom_cost_weight)


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One point of the penalty timeline (for charts)."""

    start: datetime
    penalty: float
    rate: float
    intensity: float


@dataclass(frozen=True, slots=True)
class HomeState:
    """A snapshot the entities read; recomputed at every transition."""

    at: datetime
    settings: HomeSettings
    horizon: Horizon
    slot: TariffSlot
    next_slot_change: datetime | None
    intensity: float
    penalty: float
    clean: bool
    cheap: bool
    peak: bool
    best_window: WindowPlan | None
    next_peak_start: datetime | None
    next_transition: datetime

    @property
    def rate(self) -> float:
        """Price per kWh now."""
        return self.slot.rate

    @property
    def best_time(self) -> bool:
        """Cheap and clean at once: the best time to run appliances."""
        return self.cheap and self.clean

    @property
    def delay_recommended(self) -> bool:
        """Whether the penalty is above the threshold (shiftable loads should wait)."""
        return self.penalty > self.settings.threshold

    @property
    def peak_warning_at(self) -> datetime | None:
        """When to warn about the next peak, if that moment is still ahead."""
        if self.next_peak_start is None or self.settings.peak_warning_minutes <= 0:
            return None
        warning = self.next_peak_start - timedelta(minutes=self.settings.peak_warning_minutes)
        return warning if warning > self.at else None

    def timeline(self, step_minutes: int = TIMELINE_STEP_MINUTES) -> list[TimelinePoint]:
        """Penalty, rate and intensity over the horizon at ``step_minutes`` resolution."""
        horizon = self.horizon
        stride = max(1, step_minutes // horizon.grid.step_minutes)
        penalties = horizon.penalties(self.settings.weights)
        return [
            TimelinePoint(
                start=horizon.grid.at(index),
                penalty=float(penalties[index]),
                rate=float(horizon.rates[index]),
                intensity=float(horizon.intensities[index]),
            )
            for index in range(0, horizon.grid.steps, stride)
        ]


def compute_home_state(
    tariff: TariffPlan,
    carbon: CarbonInput,
    tz: tzinfo,
    now: datetime,
    settings: HomeSettings,
) -> HomeState:
    """The state of a home at instant ``now``."""
    require_aware(now)
    horizon = build_horizon(tariff, carbon, tz, now)
    penalties = horizon.penalties(settings.weights)
    clean, cheap, peak = horizon.clean, horizon.cheap, horizon.peak
    best_window = _reference_window(horizon, settings, now)
    next_slot_change = tariff.next_change(now, tz)
    candidates = [now + MAX_REFRESH_INTERVAL]
    if next_slot_change is not None:
        candidates.append(next_slot_change)
    # The first later step where anything an entity shows would differ.
    signature = np.stack([horizon.rates, horizon.intensities, penalties, clean, cheap, peak])
    changed = np.flatnonzero(np.any(signature[:, 1:] != signature[:, :1], axis=0))
    if len(changed):
        candidates.append(horizon.grid.at(int(changed[0]) + 1))
    peak_starts = np.flatnonzero(peak[1:] & ~peak[:-1])
    next_peak_start = horizon.grid.at(int(peak_starts[0]) + 1) if len(peak_starts) else None
    state = HomeState(
        at=now,
        settings=settings,
        horizon=horizon,
        slot=tariff.slot_at(now, tz),
        next_slot_change=next_slot_change,
        intensity=float(horizon.intensities[0]),
        penalty=float(penalties[0]),
        clean=bool(clean[0]),
        cheap=bool(cheap[0]),
        peak=bool(peak[0]),
        best_window=best_window,
        next_peak_start=next_peak_start,
        next_transition=now,  # replaced below, once the warning instant is known
    )
    if (warning := state.peak_warning_at) is not None:
        candidates.append(warning)
    return replace(state, next_transition=min(candidates))


def _reference_window(horizon: Horizon, settings: HomeSettings, now: datetime) -> WindowPlan | None:
    """The best start, within a day, for a run of the home's reference length."""
    try:
        cycle = Cycle.constant(settings.best_window_minutes, 1000, horizon.grid.step_minutes)
        return find_best_window(horizon, settings.weights, cycle, now, now + BEST_WINDOW_LOOKAHEAD)
    except EngineError:
        return None
