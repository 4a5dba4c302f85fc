"""A home's electricity bill: fixed charge, energy, duty, incentive; and what became of it.

The parts are the ones Indian bills print, plus VoltWise's incentive:

- fixed charge: charged whole for every cycle, as Indian bills charge it per billing month, not
  pro-rated by the cycle's days (so the bill so far includes it from the cycle's first minute);
- energy charge: each kWh at the rate in force when it was used (see ``energy``);
- electricity duty / tax: a percentage of (energy + fixed charge). Indian states levy duty
  either per unit (paise/kWh) or as a share of the charges (energy + fixed); one percentage can
  only express the second form. The incentive is VoltWise's, not the utility's, so no duty is
  levied on it;
- incentive: see ``incentive``, on the basis the ``incentive`` module compares (the stored
  day-ahead forecasts against the actual use, hour by hour); a reward is subtracted from the
  total, a penalty added.

``total = fixed + energy + duty - incentive``. Amounts stay unrounded; the shell rounds for display.

Worked example (the README's; tests recompute it): a home in Kolkata on the India time-of-day
preset at a normal rate of 8.00 (solar hours 09:00-17:00 at 6.80, evening peak 18:00-22:00 at
8.80) uses 300 kWh in the 30-day June cycle: 150 kWh at the normal rate (1,200.00), 90 kWh in
solar hours (612.00) and 60 kWh in the peak (528.00), an energy charge of 2,340.00. The fixed
charge is 120.00 and the duty 16 %: 0.16 x (2,340.00 + 120.00) = 393.60. The stored forecasts
added up to 330 kWh (180 normal, 90 solar, 60 peak) costing 2,580.00, so the home used 240.00
less than forecast; the incentive is 10 % of that, a reward of 24.00 (the cap, 20 % of 2,340.00 =
468.00, is not reached). Total: 120.00 + 2,340.00 + 393.60 - 24.00 = 2,829.60.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from ..errors import EngineError
from ..timegrid import require_aware
from .checks import check_amount, check_days, check_percent
from .cycle import DEFAULT_READING_DAY, BillingCycle, check_reading_day, local_midnight
from .energy import EnergyUse
from .incentive import ForecastComparison

DEFAULT_DUE_DAYS = 15
DEFAULT_INCENTIVE_SHARE_PERCENT = 10.0
DEFAULT_INCENTIVE_CAP_PERCENT = 20.0
# Closed bills kept in the Store (two years of monthly cycles).
HISTORY_LENGTH = 24


@dataclass(frozen=True, slots=True)
class BillSettings:
    """A home's bill options, validated (and normalised to int and float) on construction."""

    reading_day: int = DEFAULT_READING_DAY
    fixed_charge: float = 0.0
    duty_percent: float = 0.0
    due_days: int = DEFAULT_DUE_DAYS
    incentive_share_percent: float = DEFAULT_INCENTIVE_SHARE_PERCENT
    incentive_cap_percent: float = DEFAULT_INCENTIVE_CAP_PERCENT

    def __post_init__(self) -> None:
        """Reject every bad option before anything is billed with it."""
        values = {
            "reading_day": check_reading_day(self.reading_day),
            "fixed_charge": check_amount("fixed_charge", self.fixed_charge),
            "duty_percent": check_percent("duty_percent", self.duty_percent),
            "due_days": int(check_days("due_days", self.due_days, whole=True)),
            "incentive_share_percent": check_percent(
                "incentive_share_percent", self.incentive_share_percent
            ),
            "incentive_cap_percent": check_percent(
                "incentive_cap_percent", self.incentive_cap_percent
            ),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)


def incentive(
    forecast_cost: float,
    energy_charge: float,
    share_percent: float = DEFAULT_INCENTIVE_SHARE_PERCENT,
    cap_percent: float = DEFAULT_INCENTIVE_CAP_PERCENT,
) -> float:
    """The reward (positive) or penalty (negative) for using less or more than forecast.

    It is ``share_percent`` of (forecast cost - actual energy charge), capped in both directions
    at ``cap_percent`` of the energy charge. With the defaults (10 %, cap 20 %): forecast
    2,580.00, energy charge 2,340.00: 0.10 x 240.00 = 24.00 reward. Forecast 2,000.00, energy
    charge 2,900.00: 0.10 x -900.00 = -90.00, a penalty within the cap of 580.00. Forecast
    10,000.00, energy charge 1,000.00: 0.10 x 9,000.00 = 900.00, capped at 200.00.
    """
    for value in (forecast_cost, energy_charge):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"cost {value} must be finite and not negative")
    return incentive_of_difference(
        forecast_cost - energy_charge, energy_charge, share_percent, cap_percent
    )


def incentive_of_difference(
    difference: float,
    energy_charge: float,
    share_percent: float = DEFAULT_INCENTIVE_SHARE_PERCENT,
    cap_percent: float = DEFAULT_INCENTIVE_CAP_PERCENT,
) -> float:
    """``share_percent`` of a cost ``difference`` (forecast - actual), capped both ways.

    The cap is ``cap_percent`` of the whole energy charge, even when only some hours had a
    forecast to compare (the others count zero difference).
    """
    for value in (difference, energy_charge):
        if not math.isfinite(value):
            raise ValueError(f"cost {value} must be finite")
    if energy_charge < 0:
        raise ValueError(f"energy charge {energy_charge} must not be negative")
    raw = share_percent / 100 * difference
    cap = cap_percent / 100 * energy_charge
    return min(max(raw, -cap), cap)


@dataclass(frozen=True, slots=True)
class Bill:
    """Every part of one cycle's bill (or of the cycle so far)."""

    start_date: date
    end_date: date  # exclusive: the next cycle's first day
    use: EnergyUse
    fixed: float
    energy: float
    duty: float
    incentive: float
    total: float
    duty_percent: float
    forecast_kwh: float | None = None
    forecast_cost: float | None = None
    # The actual use of the hours compared with the forecast (None: the whole use was).
    compared_kwh: float | None = None
    compared_cost: float | None = None
    forecast_hours: int | None = None
    incentive_share_percent: float = DEFAULT_INCENTIVE_SHARE_PERCENT
    incentive_cap_percent: float = DEFAULT_INCENTIVE_CAP_PERCENT

    @property
    def cost_difference(self) -> float | None:
        """Forecast cost - actual cost of the hours compared (None without a forecast)."""
        if self.forecast_cost is None:
            return None
        compared = self.energy if self.compared_cost is None else self.compared_cost
        return self.forecast_cost - compared

    @property
    def kwh(self) -> float:
        """Energy billed."""
        return self.use.kwh

    @property
    def key(self) -> str:
        """The cycle's key (its start date)."""
        return self.start_date.isoformat()

    def as_dict(self) -> dict[str, Any]:
        """Every part, JSON-friendly: the Store's record and the sensors' attributes."""
        return {
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "kwh": self.kwh,
            "by_kind": self.use.as_dict(),
            "fixed": self.fixed,
            "energy": self.energy,
            "duty": self.duty,
            "duty_percent": self.duty_percent,
            "incentive": self.incentive,
            "total": self.total,
            "forecast_kwh": self.forecast_kwh,
            "forecast_cost": self.forecast_cost,
            "compared_kwh": self.compared_kwh,
            "compared_cost": self.compared_cost,
            "forecast_hours": self.forecast_hours,
            "incentive_share_percent": self.incentive_share_percent,
            "incentive_cap_percent": self.incentive_cap_percent,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Bill | None:
        """The inverse of as_dict; None for a damaged record (the parts must still add up)."""
        if not isinstance(data, Mapping):
            return None
        try:
            start = date.fromisoformat(data["start_date"])
            end = date.fromisoformat(data["end_date"])
        except (KeyError, TypeError, ValueError):
            return None
        use = EnergyUse.from_dict(data.get("by_kind"))
        fixed, energy, duty, duty_percent, reward, total = (
            _finite(data.get(name))
            for name in ("fixed", "energy", "duty", "duty_percent", "incentive", "total")
        )
        forecast_kwh, forecast_cost, compared_kwh, compared_cost = (
            _finite(data.get(name)) for name in _OPTIONAL_AMOUNTS
        )
        share, cap = (
            _finite(data.get(name, default))
            for name, default in (
                ("incentive_share_percent", DEFAULT_INCENTIVE_SHARE_PERCENT),
                ("incentive_cap_percent", DEFAULT_INCENTIVE_CAP_PERCENT),
            )
        )
        hours = data.get("forecast_hours")
        if (
            use is None
            or end <= start
            or fixed is None
            or energy is None
            or duty is None
            or duty_percent is None
            or reward is None
            or total is None
            or any(
                (_finite(data.get(name)) is None) != (data.get(name) is None)
                for name in _OPTIONAL_AMOUNTS
            )
            or share is None
            or cap is None
            or not (hours is None or (isinstance(hours, int) and not isinstance(hours, bool)))
            or not math.isclose(total, fixed + energy + duty - reward, rel_tol=1e-9, abs_tol=1e-6)
        ):
            return None
        return cls(
            start,
            end,
            use,
            fixed,
            energy,
            duty,
            reward,
            total,
            duty_percent,
            forecast_kwh,
            forecast_cost,
            compared_kwh,
            compared_cost,
            hours,
            share,
            cap,
        )


_OPTIONAL_AMOUNTS = ("forecast_kwh", "forecast_cost", "compared_kwh", "compared_cost")


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def compute_bill(
    settings: BillSettings,
    cycle: BillingCycle,
    use: EnergyUse,
    forecast: EnergyUse | None = None,
    *,
    comparison: ForecastComparison | None = None,
) -> Bill:
    """The bill for ``use`` in ``cycle``; a forecast earns the incentive.

    ``forecast`` is the forecast of the same span as ``use``; ``comparison`` instead compares only
    the hours that had a stored forecast (the others count zero difference, see ``incentive``).
    The cap is taken on the whole energy charge of ``use``. Without either, no incentive.
    """
    if forecast is not None and comparison is not None:
        raise ValueError("give a forecast of the whole use or a comparison, not both")
    energy = use.cost
    fixed = settings.fixed_charge
    duty = settings.duty_percent / 100 * (energy + fixed)
    if comparison is not None:
        forecast = comparison.forecast
    compared = None if comparison is None else comparison.actual
    reward = (
        0.0
        if forecast is None
        else incentive_of_difference(
            forecast.cost - (energy if compared is None else compared.cost),
            energy,
            settings.incentive_share_percent,
            settings.incentive_cap_percent,
        )
    )
    return Bill(
        start_date=cycle.start_date,
        end_date=cycle.end_date,
        use=use,
        fixed=fixed,
        energy=energy,
        duty=duty,
        incentive=reward,
        total=fixed + energy + duty - reward,
        duty_percent=settings.duty_percent,
        forecast_kwh=None if forecast is None else forecast.kwh,
        forecast_cost=None if forecast is None else forecast.cost,
        compared_kwh=None if compared is None else compared.kwh,
        compared_cost=None if compared is None else compared.cost,
        forecast_hours=None if comparison is None else comparison.hours,
        incentive_share_percent=settings.incentive_share_percent,
        incentive_cap_percent=settings.incentive_cap_percent,
    )


class BillStatus(StrEnum):
    """What became of a closed cycle's bill."""

    PENDING = "pending"
    PAID = "paid"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class BillRecord:
    """A closed cycle's bill, its due date (fixed when the cycle closed) and when it was paid."""

    bill: Bill
    due_date: date
    paid_at: datetime | None = None

    def status(self, now: datetime, tz: tzinfo) -> BillStatus:
        """Paid once marked paid; overdue from the local day after the due date; else pending."""
        require_aware(now)
        if self.paid_at is not None:
            return BillStatus.PAID
        if now >= local_midnight(self.due_date + timedelta(days=1), tz):
            return BillStatus.OVERDUE
        return BillStatus.PENDING

    def as_dict(self) -> dict[str, Any]:
        """The Store's record."""
        return {
            "bill": self.bill.as_dict(),
            "due_date": self.due_date.isoformat(),
            "paid_at": None if self.paid_at is None else self.paid_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> BillRecord | None:
        """The inverse of as_dict; None for a damaged record."""
        if not isinstance(data, Mapping) or (bill := Bill.from_dict(data.get("bill"))) is None:
            return None
        try:
            due = date.fromisoformat(data["due_date"])
            paid = data.get("paid_at")
            paid_at = None if paid is None else datetime.fromisoformat(paid)
        except (KeyError, TypeError, ValueError):
            return None
        if paid_at is not None and paid_at.utcoffset() is None:
            return None
        return cls(bill, due, paid_at)


def close_cycle(
    settings: BillSettings,
    cycle: BillingCycle,
    use: EnergyUse,
    forecast: EnergyUse | None = None,
    *,
    comparison: ForecastComparison | None = None,
) -> BillRecord:
    """The record of a cycle that has ended: its bill, due ``due_days`` after the reading date."""
    bill = compute_bill(settings, cycle, use, forecast, comparison=comparison)
    return BillRecord(bill, cycle.end_date + timedelta(days=settings.due_days))


def history_from_store(data: Any, keep: int = HISTORY_LENGTH) -> tuple[BillRecord, ...]:
    """Closed bills from the Store, oldest first: damaged records and duplicates dropped."""
    if not isinstance(data, Sequence) or isinstance(data, str | bytes):
        return ()
    records = (BillRecord.from_dict(item) for item in data)
    return _newest({record.bill.key: record for record in records if record is not None}, keep)


def history_to_store(history: Iterable[BillRecord]) -> list[dict[str, Any]]:
    """The Store's form of the history."""
    return [record.as_dict() for record in history]


def add_to_history(
    history: Iterable[BillRecord], record: BillRecord, keep: int = HISTORY_LENGTH
) -> tuple[BillRecord, ...]:
    """The history with ``record`` added (replacing the same cycle's), the newest ``keep``."""
    by_key = {item.bill.key: item for item in history}
    previous = by_key.get(record.bill.key)
    if previous is not None and previous.paid_at is not None and record.paid_at is None:
        record = replace(record, paid_at=previous.paid_at)
    by_key[record.bill.key] = record
    return _newest(by_key, keep)


def _newest(by_key: Mapping[str, BillRecord], keep: int) -> tuple[BillRecord, ...]:
    ordered = sorted(by_key.values(), key=lambda record: record.bill.start_date)
    return tuple(ordered[-keep:]) if keep > 0 else ()


def mark_paid(
    history: Sequence[BillRecord], paid_at: datetime, cycle_key: str | None = None
) -> tuple[BillRecord, ...]:
    """The history with one bill marked paid: the cycle ``cycle_key``, else the latest one.

    Marking a paid bill again keeps its first payment instant.
    """
    require_aware(paid_at)
    if not history:
        raise EngineError("bill_not_found", cycle=cycle_key or "-")
    target = history[-1].bill.key if cycle_key is None else cycle_key
    if all(record.bill.key != target for record in history):
        raise EngineError("bill_not_found", cycle=target)
    return tuple(
        replace(record, paid_at=paid_at)
        if record.bill.key == target and record.paid_at is None
        else record
        for record in history
    )
