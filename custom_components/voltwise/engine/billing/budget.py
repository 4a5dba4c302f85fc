"""A monthly budget: how much of it is spent, the projected overrun, and alerts once per cycle.

Alerts fire at 80 % and 100 % of the budget, separately for the bill so far ("spent") and the
projected bill ("projected"), each at most once per billing cycle even when the amount dips
below a threshold and crosses it again. The shell persists ``BudgetAlertState`` so a restart
does not repeat an alert; a new cycle starts with nothing alerted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .checks import check_amount

DEFAULT_THRESHOLDS_PERCENT: tuple[int, ...] = (80, 100)


class BudgetMeasure(StrEnum):
    """Which amount is compared with the budget."""

    SPENT = "spent"
    PROJECTED = "projected"


@dataclass(frozen=True, slots=True)
class BudgetAlert:
    """A threshold newly reached by one measure."""

    measure: BudgetMeasure
    threshold_percent: int
    amount: float
    budget: float

    @property
    def key(self) -> str:
        """``<measure>_<threshold>``, e.g. ``projected_80``: what the state remembers."""
        return f"{self.measure.value}_{self.threshold_percent}"

    @property
    def percent(self) -> float:
        """The amount as a percentage of the budget."""
        return self.amount / self.budget * 100


@dataclass(frozen=True, slots=True)
class BudgetStatus:
    """The budget against the bill so far and the projected bill."""

    budget: float
    spent: float
    projected: float

    @property
    def used_percent(self) -> float:
        """The bill so far as a percentage of the budget."""
        return self.spent / self.budget * 100

    @property
    def projected_percent(self) -> float:
        """The projected bill as a percentage of the budget."""
        return self.projected / self.budget * 100

    @property
    def projected_overrun(self) -> float:
        """How far the projected bill exceeds the budget (0 within budget)."""
        return max(self.projected - self.budget, 0.0)

    def amount(self, measure: BudgetMeasure) -> float:
        """The amount ``measure`` compares with the budget."""
        return self.spent if measure is BudgetMeasure.SPENT else self.projected


def budget_status(budget: float, spent: float, projected: float) -> BudgetStatus:
    """The status for a budget above 0 (a home without a budget has no status)."""
    return BudgetStatus(
        check_amount("budget", budget, allow_zero=False),
        check_amount("spent", spent),
        check_amount("projected", projected),
    )


@dataclass(frozen=True, slots=True)
class BudgetAlertState:
    """Which alerts have fired in the cycle ``cycle_key`` (its start date)."""

    cycle_key: str = ""
    alerted: frozenset[str] = field(default_factory=frozenset)

    def as_dict(self) -> dict[str, Any]:
        """The Store's form."""
        return {"cycle_key": self.cycle_key, "alerted": sorted(self.alerted)}

    @classmethod
    def from_dict(cls, data: Any) -> BudgetAlertState:
        """The inverse of as_dict; a damaged record starts afresh."""
        if not isinstance(data, Mapping):
            return cls()
        key, alerted = data.get("cycle_key"), data.get("alerted")
        if not isinstance(key, str) or not isinstance(alerted, list):
            return cls()
        return cls(key, frozenset(item for item in alerted if isinstance(item, str)))


def budget_alerts(
    status: BudgetStatus,
    state: BudgetAlertState,
    cycle_key: str,
    thresholds_percent: Iterable[int] = DEFAULT_THRESHOLDS_PERCENT,
) -> tuple[BudgetAlertState, tuple[BudgetAlert, ...]]:
    """The alerts newly due in cycle ``cycle_key``, and the state that remembers them.

    When several thresholds are reached at once, all are returned, lowest first; the shell may
    announce only the highest.
    """
    alerted = state.alerted if state.cycle_key == cycle_key else frozenset()
    fresh: list[BudgetAlert] = []
    for measure in BudgetMeasure:
        amount = status.amount(measure)
        for threshold in sorted(thresholds_percent):
            alert = BudgetAlert(measure, threshold, amount, status.budget)
            if alert.key not in alerted and amount >= status.budget * threshold / 100:
                fresh.append(alert)
    new_state = BudgetAlertState(cycle_key, alerted | {alert.key for alert in fresh})
    return new_state, tuple(fresh)
