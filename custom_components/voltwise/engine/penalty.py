"""The penalty engine: one score that blends normalised cost and carbon by strategy.

penalty(t) = w_cost * rate(t) / max daily rate + w_carbon * intensity(t) / max daily intensity,
where "daily" is the local day containing t. Both terms lie in [0, 1], so the penalty does too.
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


def normalise(values: FloatArray, day_maxima: FloatArray) -> FloatArray:
    """``values / day_maxima``, with 0 where the day's maximum is 0 (nothing to compare)."""
    safe = np.where(day_maxima > 0, day_maxima, 1.0)
    return np.where(day_maxima > 0, values / safe, 0.0)


def penalty_vector(
    rates: FloatArray,
    intensities: FloatArray,
    day_max_rates: FloatArray,
    day_max_intensities: FloatArray,
    weights: Weights,
) -> FloatArray:
    """The penalty at every step, from per-step values and their days' maxima."""
    return weights.cost * normalise(rates, day_max_rates) + weights.carbon * normalise(
        intensities, day_max_intensities
    )


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
