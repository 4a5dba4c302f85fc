"""Energy, cost and carbon accounting for one appliance, robust to meters that misbehave.

A meter advances from reading to reading. When the device has an energy counter, the energy is
the counter's increase; when the counter goes backwards (cheap plugs reset it, firmware reboots)
or jumps beyond what the device could have drawn, the interval is integrated from power instead.
Without a counter, power is integrated (the previous power held until the new reading). Each
increment is priced at the rate and intensity in force and added to the local day's totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any

from .timegrid import require_aware

# A counter increase may exceed the power-based estimate by this factor before it is doubted
# (power readings are sparse; a real load can rise and fall between two of them).
_COUNTER_SLACK = 2.0


@dataclass(frozen=True, slots=True)
class MeterReading:
    """What a backend reports at an instant; any part may be unknown."""

    at: datetime
    power_w: float | None = None
    counter_kwh: float | None = None


@dataclass(frozen=True, slots=True)
class MeterState:
    """Totals so far and what the next reading is compared with."""

    total_kwh: float = 0.0
    day: date | None = None
    today_kwh: float = 0.0
    today_cost: float = 0.0
    today_co2_kg: float = 0.0
    last_at: datetime | None = None
    last_power_w: float | None = None
    last_counter_kwh: float | None = None
    counter_resets: int = 0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form for the Store."""
        return {
            "total_kwh": self.total_kwh,
            "day": self.day.isoformat() if self.day else None,
            "today_kwh": self.today_kwh,
            "today_cost": self.today_cost,
            "today_co2_kg": self.today_co2_kg,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "last_power_w": self.last_power_w,
            "last_counter_kwh": self.last_counter_kwh,
            "counter_resets": self.counter_resets,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeterState:
        """The inverse of as_dict; unknown or broken fields fall back to defaults."""
        try:
            return cls(
                total_kwh=float(data.get("total_kwh", 0.0)),
                day=date.fromisoformat(data["day"]) if data.get("day") else None,
                today_kwh=float(data.get("today_kwh", 0.0)),
                today_cost=float(data.get("today_cost", 0.0)),
                today_co2_kg=float(data.get("today_co2_kg", 0.0)),
                last_at=datetime.fromisoformat(data["last_at"]) if data.get("last_at") else None,
                last_power_w=_optional_float(data.get("last_power_w")),
                last_counter_kwh=_optional_float(data.get("last_counter_kwh")),
                counter_resets=int(data.get("counter_resets", 0)),
            )
        except (TypeError, ValueError):
            return cls()


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Price:
    """Rate (currency/kWh) and intensity (gCO2eq/kWh) in force over an interval."""

    rate: float
    intensity: float


def roll_day(state: MeterState, at: datetime, tz: tzinfo) -> MeterState:
    """Start a new local day's totals when ``at`` falls on a later day than the state's."""
    require_aware(at)
    today = at.astimezone(tz).date()
    if state.day == today:
        return state
    return replace(state, day=today, today_kwh=0.0, today_cost=0.0, today_co2_kg=0.0)


def advance(
    state: MeterState,
    reading: MeterReading,
    price: Price,
    tz: tzinfo,
    max_power_w: float,
) -> MeterState:
    """The state after ``reading``: energy since the last reading, priced and totalled.

    ``max_power_w`` bounds what the device can draw; a counter jump beyond it is not believed.
    Readings older than the last one change nothing (out-of-order delivery).
    """
    require_aware(reading.at)
    if state.last_at is not None and reading.at < state.last_at:
        return state
    hours = (reading.at - state.last_at).total_seconds() / 3600 if state.last_at else 0.0
    from_power = (state.last_power_w or 0.0) * hours / 1000
    energy = from_power
    resets = state.counter_resets
    counter = reading.counter_kwh
    if counter is not None and state.last_counter_kwh is not None:
        increase = counter - state.last_counter_kwh
        plausible = max(from_power, max_power_w * hours / 1000) * _COUNTER_SLACK + 1e-6
        if increase < 0:
            resets += 1  # the device reset its counter: trust power for this interval
        elif increase <= plausible:
            energy = increase
    state = roll_day(state, reading.at, tz)
    energy = max(energy, 0.0)
    return replace(
        state,
        total_kwh=state.total_kwh + energy,
        today_kwh=state.today_kwh + energy,
        today_cost=state.today_cost + energy * price.rate,
        today_co2_kg=state.today_co2_kg + energy * price.intensity / 1000,
        last_at=reading.at,
        last_power_w=reading.power_w if reading.power_w is not None else state.last_power_w,
        last_counter_kwh=counter if counter is not None else state.last_counter_kwh,
        counter_resets=resets,
    )


def is_plausible_power(value: float, max_power_w: float) -> bool:
    """A power reading worth keeping: a finite number from 0 to the device's maximum."""
    return math.isfinite(value) and 0 <= value <= max_power_w
