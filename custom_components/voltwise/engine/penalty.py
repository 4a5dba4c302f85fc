"""The penalty engine: one score that blends normalised cost and carbon by strategy.

penalty(t) = w_cost * cost(t) + w_carbon * carbon(t), where each term places the value at t in
its local day's range: (x - day's lowest) / (day's highest - day's lowest), 0 on a flat day.
0 is the best moment of the day, 1 the worst, so a threshold of 0.6 means "in the upper 40 % of
today's range" whatever the tariff's ratio of dear to cheap, and the strategy's weights trade
like against like. Both terms lie in [0, 1], so the penalty does too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from enum import StrEnum

import numpy as np

from .errors import EngineError
from .timegrid import FloatArray, require_aware

DEFAULT_THRESHOLD = 0.6
DEFAULT_CUSTOM_COST_WEIGHT = 0.5


class Strategy(StrEnum):
    """How the home trades money against carbon."""

    BALANCED = "balanced"
    MAX_SAVINGS = "max_savings"
    ECO_MODE = "eco_mode"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of normalised cost and carbon; they sum to 1."""

    cost: float
    carbon: float


_FIXED_WEIGHTS = {
    Strategy.MAX_SAVINGS: Weights(1.0, 0.0),
    Strategy.ECO_MODE: Weights(0.0, 1.0),
    Strategy.BALANCED: Weights(0.7, 0.3),
}


def weights_for(
    strategy: Strategy, custom_cost_weight: float = DEFAULT_CUSTOM_COST_WEIGHT
) -> Weights:
    """The weights of ``strategy``; ``custom`` uses the user's cost weight."""
    if strategy is Strategy.CUSTOM:
        if not math.isfinite(custom_cost_weight) or not 0 <= custom_cost_weight <= 1:
            raise EngineError("invalid_weight", value=str(custom_cost_weight))
        return Weights(custom_cost_weight, 1.0 - custom_cost_weight)
    return _FIXED_WEIGHTS[strategy]


def normalise(values: FloatArray, day_minima: FloatArray, day_maxima: FloatArray) -> FloatArray:
    """Where each value lies in its day's range, 0 (lowest) to 1 (highest); 0 on a flat day.

    A flat day has nothing better to wait for. Clipped to [0, 1] so that a value outside the
    range it was given (which the horizon never builds) cannot push the penalty out of bounds.
    """
    spread = day_maxima - day_minima
    varies = spread > 0
    scaled = (values - day_minima) / np.where(varies, spread, 1.0)
    return np.where(varies, np.clip(scaled, 0.0, 1.0), 0.0)


def penalty_vector(
    rates: FloatArray,
    intensities: FloatArray,
    weights: Weights,
    *,
    day_min_rates: FloatArray,
    day_max_rates: FloatArray,
    day_min_intensities: FloatArray,
    day_max_intensities: FloatArray,
) -> FloatArray:
    """The penalty at every step, from per-step values and their days' minima and maxima."""
    cost = normalise(rates, day_min_rates, day_max_rates)
    carbon = normalise(intensities, day_min_intensities, day_max_intensities)
    return weights.cost * cost + weights.carbon * carbon


@dataclass(frozen=True, slots=True)
class ProtectedWindow:
    """Local times during which the autopilot never touches an appliance (may wrap midnight)."""

    start: time
    end: time

    def contains(self, when: datetime, tz: tzinfo) -> bool:
        """True when the local wall-clock time of ``when`` lies in ``[start, end)``."""
        require_aware(when)
        local = when.astimezone(tz).time().replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end


@dataclass(frozen=True, slots=True)
class DelayPolicy:
    """What the autopilot may do to one appliance."""

    protected_window: ProtectedWindow | None = None
    override_until: datetime | None = None


def should_delay(
    policy: DelayPolicy,
    when: datetime,
    tz: tzinfo,
    penalty: float,
    threshold: float = DEFAULT_THRESHOLD,
) -> bool:
    """Whether to delay (pause, shift) an appliance at ``when``.

    Never inside a protected window, never while a user override is active; otherwise when the
    penalty exceeds the threshold.
    """
    require_aware(when)
    if policy.protected_window is not None and policy.protected_window.contains(when, tz):
        return False
    if policy.override_until is not None and when < policy.override_until:
        return False
    return penalty > threshold
