"""What a home's diagnostics show of its bill, budget, prepaid balance and spike alert.

Only amounts, dates and options: a bill holds no secret, and the options' section has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .config import CONF_BILLING
from .coordinator import BillingCoordinator
from .prepaid import PrepaidMeter
from .spike import SpikeWatch


def billing_diagnostics(
    options: Mapping[str, Any],
    billing: BillingCoordinator | None,
    prepaid: PrepaidMeter | None,
    spike: SpikeWatch | None,
) -> dict[str, Any]:
    """The bill options, the cycle in progress, the last bill, the budget, prepaid and spike."""
    data = billing.data if billing is not None else None
    budget = None if data is None else data.budget
    return {
        "options": dict(options.get(CONF_BILLING) or {}),
        "enabled": billing is not None,
        "cycle": None
        if data is None
        else {
            "start": data.cycle.start.isoformat(),
            "end": data.cycle.end.isoformat(),
            "so_far": data.so_far.as_dict(),
            "projected": data.projected.as_dict(),
            "projection_method": data.method.value,
        },
        "last_bill": None if data is None or data.last is None else data.last.as_dict(),
        "stored_bills": 0 if billing is None else len(billing.store.history),
        "budget": None
        if budget is None
        else {
            "budget": budget.budget,
            "spent": budget.spent,
            "projected": budget.projected,
            "used_percent": budget.used_percent,
        },
        "budget_alerts": None if billing is None else billing.store.budget_alerts.as_dict(),
        "prepaid": None if prepaid is None else prepaid.diagnostics(),
        "spike": None
        if spike is None
        else {
            "threshold_w": spike.settings.threshold_w,
            "hold_minutes": spike.settings.hold.total_seconds() / 60,
            "power_sensor": spike.power_sensor,
            "phase": spike.state.phase.value,
            "power_w": spike.state.power_w,
        },
    }
