"""A prepaid meter's balance: recharges, use at the rate in force plus duty, and its alerts.

The balance only rises with a top-up (or a correction the user enters) and falls with every kWh,
charged at the rate in force plus the duty percentage; the fixed charge is not deducted. It may
go below zero: the home's meter keeps counting (emergency credit), and the arrears show.

Alerts: "low" once the balance is at or below the threshold (by default 3 days of the home's
average daily cost), then not again until a top-up lifts the balance above the threshold; and
"exhausted" once it reaches zero, then not again until a top-up lifts it above zero. A balance
that drops from above the threshold straight to zero raises only "exhausted".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeGuard

from ..timegrid import require_aware
from .checks import check_amount, check_days

DEFAULT_LOW_BALANCE_DAYS = 3.0


@dataclass(frozen=True, slots=True)
class PrepaidState:
    """The balance, how many top-ups it has had, and at which top-up each alert last fired."""

    balance: float = 0.0
    top_ups: int = 0
    low_alerted_at_top_up: int | None = None
    exhausted_alerted_at_top_up: int | None = None
    last_top_up_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """The Store's form."""
        return {
            "balance": self.balance,
            "top_ups": self.top_ups,
            "low_alerted_at_top_up": self.low_alerted_at_top_up,
            "exhausted_alerted_at_top_up": self.exhausted_alerted_at_top_up,
            "last_top_up_at": None
            if self.last_top_up_at is None
            else self.last_top_up_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> PrepaidState | None:
        """The inverse of as_dict; None for a damaged record (the shell then asks for a top-up)."""
        if not isinstance(data, Mapping):
            return None
        balance = data.get("balance")
        top_ups = data.get("top_ups")
        marks = [data.get("low_alerted_at_top_up"), data.get("exhausted_alerted_at_top_up")]
        if (
            isinstance(balance, bool)
            or not isinstance(balance, int | float)
            or not math.isfinite(balance)
            or not _is_count(top_ups)
            or not all(mark is None or _is_count(mark) for mark in marks)
        ):
            return None
        try:
            raw = data.get("last_top_up_at")
            last = None if raw is None else datetime.fromisoformat(raw)
        except (TypeError, ValueError):
            return None
        if last is not None and last.utcoffset() is None:
            return None
        return cls(float(balance), top_ups, marks[0], marks[1], last)


def _is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def consumption_charge(kwh: float, rate: float, duty_percent: float) -> float:
    """What ``kwh`` at ``rate`` costs a prepaid home, duty included."""
    if not all(math.isfinite(value) and value >= 0 for value in (kwh, rate, duty_percent)):
        raise ValueError("energy, rate and duty must be finite and not negative")
    return kwh * rate * (1 + duty_percent / 100)


def consume(state: PrepaidState, charge: float) -> PrepaidState:
    """The state after a use that cost ``charge`` (see consumption_charge)."""
    if not math.isfinite(charge) or charge < 0:
        raise ValueError(f"a charge of {charge} is not a use")
    return replace(state, balance=state.balance - charge)


def top_up(state: PrepaidState, amount: float, at: datetime) -> PrepaidState:
    """The state after a recharge of ``amount`` (more than 0) at instant ``at``."""
    require_aware(at)
    amount = check_amount("amount", amount, allow_zero=False)
    return replace(
        state, balance=state.balance + amount, top_ups=state.top_ups + 1, last_top_up_at=at
    )


def set_balance(state: PrepaidState, balance: float, at: datetime) -> PrepaidState:
    """The state after the user enters the balance the meter shows (counts as a top-up)."""
    require_aware(at)
    balance = check_amount("balance", balance)
    return replace(state, balance=balance, top_ups=state.top_ups + 1, last_top_up_at=at)


def average_daily_cost(daily_costs: Sequence[float]) -> float | None:
    """The mean of the known (finite, not negative) daily costs; None when none is known."""
    known = [cost for cost in daily_costs if math.isfinite(cost) and cost >= 0]
    return math.fsum(known) / len(known) if known else None


def low_balance_threshold(
    average_daily: float | None,
    *,
    days: float = DEFAULT_LOW_BALANCE_DAYS,
    amount: float | None = None,
) -> float | None:
    """The low-balance threshold: ``amount`` when the user set one, else ``days`` of average cost.

    None while neither is known (no history yet): no low alert then, only the exhausted one.
    """
    if amount is not None:
        return check_amount("low_balance_amount", amount)
    days = check_days("low_balance_days", days)
    if average_daily is None:
        return None
    return average_daily * days


def run_out_at(balance: float, average_daily: float | None, now: datetime) -> datetime | None:
    """When the balance reaches zero at the average daily cost; None when nothing is spent."""
    require_aware(now)
    if balance <= 0:
        return now
    if average_daily is None or average_daily <= 0:
        return None
    days = balance / average_daily
    # Beyond datetime's range the balance never runs out in any sense worth showing.
    return now + timedelta(days=days) if days < 100 * 365 else None


class PrepaidAlertKind(StrEnum):
    """Which prepaid alert fired."""

    LOW = "low"
    EXHAUSTED = "exhausted"


@dataclass(frozen=True, slots=True)
class PrepaidAlert:
    """An alert to announce, with what its message shows."""

    kind: PrepaidAlertKind
    balance: float
    threshold: float | None
    run_out_at: datetime | None


def prepaid_alerts(
    state: PrepaidState,
    threshold: float | None,
    now: datetime,
    average_daily: float | None,
) -> tuple[PrepaidState, tuple[PrepaidAlert, ...]]:
    """The alerts newly due for the current balance, and the state that remembers them."""
    require_aware(now)
    low_mark, exhausted_mark = state.low_alerted_at_top_up, state.exhausted_alerted_at_top_up
    balance = state.balance
    # A top-up since an alert re-arms it once it has lifted the balance clear again.
    if low_mark is not None and state.top_ups > low_mark and threshold is not None:
        low_mark = None if balance > threshold else low_mark
    if exhausted_mark is not None and state.top_ups > exhausted_mark and balance > 0:
        exhausted_mark = None
    alerts: list[PrepaidAlert] = []
    run_out = run_out_at(balance, average_daily, now)
    if balance <= 0 and exhausted_mark is None:
        exhausted_mark = state.top_ups
        low_mark = state.top_ups if low_mark is None else low_mark
        alerts.append(PrepaidAlert(PrepaidAlertKind.EXHAUSTED, balance, threshold, run_out))
    elif threshold is not None and 0 < balance <= threshold and low_mark is None:
        low_mark = state.top_ups
        alerts.append(PrepaidAlert(PrepaidAlertKind.LOW, balance, threshold, run_out))
    new_state = replace(
        state, low_alerted_at_top_up=low_mark, exhausted_alerted_at_top_up=exhausted_mark
    )
    return new_state, tuple(alerts)
