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
from collections.abc import Callable
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
        """The inverse of as_dict (see restore for a damaged record)."""
        return cls.restore(data)[0]

    @classmethod
    def restore(cls, data: dict[str, Any]) -> tuple[MeterState, tuple[str, ...]]:
        """A saved state, and the names of the fields that could not be read.

        Each unreadable field (null where a number belongs, a non-finite or negative number, a
        naive time...) takes its starting value on its own, so one damaged field never costs
        the rest of the record. A missing field is not damage: it is a new or older record.
        """
        values: dict[str, Any] = {}
        unreadable: list[str] = []
        for name, parse in _FIELD_PARSERS.items():
            if name not in data:
                continue
            try:
                values[name] = parse(data[name])
            except (TypeError, ValueError, AttributeError, OverflowError):
                unreadable.append(name)
        return cls(**values), tuple(unreadable)


def _amount(value: Any) -> float:
    """A stored total or reading: a finite JSON number of 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    amount = float(value)
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(value)
    return amount


def _optional_amount(value: Any) -> float | None:
    return None if value is None else _amount(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return int(value)


def _optional_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _optional_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    require_aware(parsed)
    return parsed


# How each stored field is read (in the order of MeterState's fields).
_FIELD_PARSERS: dict[str, Callable[[Any], Any]] = {
    "total_kwh": _amount,
    "day": _optional_date,
    "today_kwh": _amount,
    "today_cost": _amount,
    "today_co2_kg": _amount,
    "last_at": _optional_datetime,
    "last_power_w": _optional_amount,
    "last_counter_kwh": _optional_amount,
    "last_counter_at": _optional_datetime,
    "counter_resets": _count,
    "counter_jumps": _count,
}


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
    (a tick: integrate power in power mode, roll the day). A power or counter that is not a
    finite number of 0 or more is ignored, and no total ever becomes non-finite: the shell's
    plausibility gate drops such readings first, this keeps the totals safe regardless.
    """
    require_aware(reading.at)
    # Elapsed time is computed in UTC (wall-clock differences lie across DST changes).
    reading = MeterReading(
        reading.at.astimezone(UTC), _usable(reading.power_w), _usable(reading.counter_kwh)
    )
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
    energy = energy if math.isfinite(energy) and energy > 0 else 0.0
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
        total_kwh=_plus(state.total_kwh, energy),
        today_kwh=_plus(state.today_kwh, today_share),
        today_cost=_plus(state.today_cost, today_share * price.rate),
        today_co2_kg=_plus(state.today_co2_kg, today_share * price.intensity / 1000),
    )


def _usable(value: float | None) -> float | None:
    """A reading the meter can use: a finite number of 0 or more (else unknown)."""
    return value if value is not None and math.isfinite(value) and value >= 0 else None


def _plus(total: float, increment: float) -> float:
    """``total`` increased, unless the sum is no finite number: then the total stays."""
    result = total + increment
    return result if math.isfinite(result) else total
