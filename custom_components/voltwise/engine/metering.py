"""Energy, cost and carbon accounting for one appliance, robust to meters that misbehave.

Two ways to know energy:

- counter mode (the device has an energy counter): energy is the counter's increase between two
  counter readings. Power readings in between only refresh the power used when the counter cannot
  be believed: when it goes backwards (cheap plugs reset it, firmware reboots) or jumps beyond what
  the device could have drawn, that interval is integrated from power instead.
- power mode (no counter): power is integrated, each reading's power held until the next one.

Each increment is priced at the rate and intensity in force (the shell ticks every meter at each
tariff or carbon transition, so an interval never straddles two prices) and added to the local
day's totals; an interval that crosses local midnight counts only its part after midnight for the
new day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from .timegrid import require_aware

# A counter increase may exceed the power-based bound by this factor before it is doubted
# (power readings are sparse; a real load can rise and fall between two of them).
_COUNTER_SLACK = 2.0


@dataclass(frozen=True, slots=True)
class MeterReading:
    """What a backend reports at an instant; any part may be unknown."""

    at: datetime
    power_w: float | None = None
    counter_kwh: float | None = None


@dataclass(frozen=True, slots=True)
class Price:
    """Rate (currency/kWh) and intensity (gCO2eq/kWh) in force over an interval."""

    rate: float
    intensity: float


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
    last_counter_at: datetime | None = None
    counter_resets: int = 0
    counter_jumps: int = 0

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
            "last_counter_at": self.last_counter_at.isoformat() if self.last_counter_at else None,
            "counter_resets": self.counter_resets,
            "counter_jumps": self.counter_jumps,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MeterState:
        """The inverse of as_dict; a broken record starts afresh rather than failing setup."""
        try:
            return cls(
                total_kwh=float(data.get("total_kwh", 0.0)),
                day=date.fromisoformat(data["day"]) if data.get("day") else None,
                today_kwh=float(data.get("today_kwh", 0.0)),
                today_cost=float(data.get("today_cost", 0.0)),
                today_co2_kg=float(data.get("today_co2_kg", 0.0)),
                last_at=_optional_datetime(data.get("last_at")),
                last_power_w=_optional_float(data.get("last_power_w")),
                last_counter_kwh=_optional_float(data.get("last_counter_kwh")),
                last_counter_at=_optional_datetime(data.get("last_counter_at")),
                counter_resets=int(data.get("counter_resets", 0)),
                counter_jumps=int(data.get("counter_jumps", 0)),
            )
        except (TypeError, ValueError, AttributeError):
            return cls()


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    require_aware(parsed)
    return parsed


def start_of_local_day(when: datetime, tz: tzinfo) -> datetime:
    """The local midnight that starts the day containing ``when`` ("today" totals reset then)."""
    require_aware(when)
    # In UTC: arithmetic between datetimes sharing a zone is wall-clock, not elapsed, time.
    return datetime.combine(when.astimezone(tz).date(), time(0), tzinfo=tz).astimezone(UTC)


def next_local_midnight(when: datetime, tz: tzinfo) -> datetime:
    """When the next day's totals start (built from the local date, so DST-safe)."""
    require_aware(when)
    next_day = when.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(next_day, time(0), tzinfo=tz).astimezone(UTC)


def _energy_from_power(state: MeterState, since: datetime | None, until: datetime) -> float:
    """The last power held from ``since`` to ``until``, in kWh."""
    if since is None or state.last_power_w is None or until <= since:
        return 0.0
    return state.last_power_w * (until - since).total_seconds() / 3_600_000


def advance(
    state: MeterState,
    reading: MeterReading,
    price: Price,
    tz: tzinfo,
    *,
    max_power_w: float,
    has_counter: bool,
) -> MeterState:
    """The state after ``reading``: energy since the last reading, priced and totalled.

    ``max_power_w`` bounds what the device can draw; a counter jump beyond it is not believed.
    ``has_counter`` says the device reports an energy counter, so energy waits for counter
    readings instead of being integrated from power. A reading older than the last one changes
    nothing (out-of-order delivery); a reading with neither power nor counter just moves time on
    (a tick: integrate power in power mode, roll the day).
    """
    require_aware(reading.at)
    # Elapsed time is computed in UTC (wall-clock differences lie across DST changes).
    reading = replace(reading, at=reading.at.astimezone(UTC))
    if state.last_at is not None and reading.at < state.last_at:
        return state
    energy = 0.0
    resets, jumps = state.counter_resets, state.counter_jumps
    last_counter, last_counter_at = state.last_counter_kwh, state.last_counter_at
    counter = reading.counter_kwh
    if not has_counter:
        energy = _energy_from_power(state, state.last_at, reading.at)
    elif counter is not None:
        if last_counter is None:
            # First counter reading (new device or after a restart in power mode): a baseline.
            energy = _energy_from_power(state, state.last_at, reading.at)
        else:
            increase = counter - last_counter
            hours = (
                (reading.at - last_counter_at).total_seconds() / 3600 if last_counter_at else 0.0
            )
            plausible = max_power_w * hours / 1000 * _COUNTER_SLACK + 1e-6
            if 0 <= increase <= plausible:
                energy = increase
            else:
                # Reset (backwards) or an impossible jump: trust power for this interval.
                resets += increase < 0
                jumps += increase > plausible
                energy = _energy_from_power(state, last_counter_at, reading.at)
        last_counter, last_counter_at = counter, reading.at
    return _book(
        replace(
            state,
            last_at=reading.at,
            last_power_w=reading.power_w if reading.power_w is not None else state.last_power_w,
            last_counter_kwh=last_counter,
            last_counter_at=last_counter_at,
            counter_resets=resets,
            counter_jumps=jumps,
        ),
        energy,
        price,
        tz,
        since=state.last_at,
        until=reading.at,
    )


def _book(
    state: MeterState,
    energy: float,
    price: Price,
    tz: tzinfo,
    *,
    since: datetime | None,
    until: datetime,
) -> MeterState:
    """Add ``energy`` (spent from ``since`` to ``until``) to the totals of its local day."""
    today = until.astimezone(tz).date()
    energy = max(energy, 0.0)
    today_share = energy
    if state.day != today:
        # A new local day: keep only the part of the interval that falls after midnight.
        if since is not None and since < until:
            midnight = start_of_local_day(until, tz)
            span = (until - since).total_seconds()
            after = (until - max(since, midnight)).total_seconds()
            today_share = energy * after / span
        state = replace(state, day=today, today_kwh=0.0, today_cost=0.0, today_co2_kg=0.0)
    return replace(
        state,
        total_kwh=state.total_kwh + energy,
        today_kwh=state.today_kwh + today_share,
        today_cost=state.today_cost + today_share * price.rate,
        today_co2_kg=state.today_co2_kg + today_share * price.intensity / 1000,
    )


def is_plausible_power(value: float, max_power_w: float) -> bool:
    """A power reading worth keeping: a finite number from 0 to the device's maximum."""
    return math.isfinite(value) and 0 <= value <= max_power_w
