"""The one plausibility gate every meter reading passes, whatever backend reported it.

A backend knows its device's format (data points and scales, JSON payloads, a sensor's unit);
whether the number it got is believable is decided here, once, for all of them: a reading is
kept only when it is a real number (a boolean is a relay state, not a number), finite, and within
what an appliance can show. Power is bounded by the appliance's own maximum (in watts, after any
unit conversion); the other quantities by what a household supply can carry. A reading outside
the gate never reaches a meter, an entity or a store.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Final


class Quantity(StrEnum):
    """What a reading measures; values are the names of the fields that carry them."""

    POWER = "power_w"
    COUNTER = "counter_kwh"
    VOLTAGE = "voltage_v"
    CURRENT = "current_a"
    FREQUENCY = "frequency_hz"
    POWER_FACTOR = "power_factor"


# A lifetime energy counter: 22 kW around the clock for 50 years is under 10 GWh.
MAX_COUNTER_KWH: Final = 10_000_000.0
# Mains at the socket: 120/230/240 V single phase, 400-480 V between phases, with margin.
MAX_VOLTAGE_V: Final = 500.0
# Above the largest household circuit (a 100 A service or a PZEM-004T's range).
MAX_CURRENT_A: Final = 250.0
# 50 and 60 Hz grids, with margin for a generator.
FREQUENCY_HZ: Final = (40.0, 70.0)

_FIXED_BOUNDS: Final[dict[Quantity, tuple[float, float]]] = {
    Quantity.COUNTER: (0.0, MAX_COUNTER_KWH),
    Quantity.VOLTAGE: (0.0, MAX_VOLTAGE_V),
    Quantity.CURRENT: (0.0, MAX_CURRENT_A),
    Quantity.FREQUENCY: FREQUENCY_HZ,
    Quantity.POWER_FACTOR: (0.0, 1.0),
}


def bounds(quantity: Quantity, *, max_power_w: float) -> tuple[float, float]:
    """The inclusive range a reading of ``quantity`` must lie in."""
    if quantity is Quantity.POWER:
        return 0.0, max_power_w
    return _FIXED_BOUNDS[quantity]


def plausible(quantity: Quantity, value: object, *, max_power_w: float) -> float | None:
    """``value`` as a float when it is a believable reading of ``quantity``, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        reading = float(value)
    except OverflowError:  # an integer beyond any float
        return None
    low, high = bounds(quantity, max_power_w=max_power_w)
    return reading if math.isfinite(reading) and low <= reading <= high else None
