"""The bill sensors of a home: the bill so far, the projected and last bill, a prepaid balance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorEntityDescription
from homeassistant.const import PERCENTAGE
from homeassistant.helpers.entity import Entity

from ..engine.billing.bill import Bill, BillStatus
from ..entity import VoltWiseHomeFeatureEntity
from .coordinator import BillingCoordinator
from .prepaid import PrepaidMeter


def billing_sensors(coordinator: BillingCoordinator | None) -> Iterator[Entity]:
    """The sensors of a home's bill (none without a consumption source)."""
    if coordinator is None:
        return
    for description in (BILL_SO_FAR, PROJECTED_BILL, LAST_BILL):
        yield BillSensor(coordinator, description)
    yield BillStatusSensor(coordinator, LAST_BILL_STATUS)
    if coordinator.budget > 0:
        yield BudgetSensor(coordinator, BUDGET_USED)
        yield BudgetSensor(coordinator, PROJECTED_OVERRUN)


def _money(key: str) -> SensorEntityDescription:
    return SensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        suggested_display_precision=2,
    )


BILL_SO_FAR = _money("bill_so_far")
PROJECTED_BILL = _money("projected_bill")
LAST_BILL = _money("last_bill")
LAST_BILL_STATUS = SensorEntityDescription(
    key="last_bill_status",
    translation_key="last_bill_status",
    device_class=SensorDeviceClass.ENUM,
    options=[status.value for status in BillStatus],
)

BUDGET_USED = SensorEntityDescription(
    key="budget_used",
    translation_key="budget_used",
    native_unit_of_measurement=PERCENTAGE,
    suggested_display_precision=0,
)
PROJECTED_OVERRUN = _money("projected_overrun")


def _parts(bill: Bill) -> dict[str, Any]:
    """Every part of a bill, rounded as a bill prints it (kWh per tariff slot kind)."""
    return {
        "start_date": bill.start_date.isoformat(),
        "last_date": (bill.end_date.fromordinal(bill.end_date.toordinal() - 1)).isoformat(),
        "kwh": round(bill.kwh, 3),
        "fixed_charge": round(bill.fixed, 2),
        "energy_charge": round(bill.energy, 2),
        "duty": round(bill.duty, 2),
        "duty_percent": bill.duty_percent,
        "incentive": round(bill.incentive, 2),
        "incentive_basis": _incentive_basis(bill),
        "kwh_by_slot": {kind.value: round(use.kwh, 3) for kind, use in bill.use.items()},
        "cost_by_slot": {kind.value: round(use.cost, 2) for kind, use in bill.use.items()},
    }


def _incentive_basis(bill: Bill) -> dict[str, Any] | None:
    """What the incentive compared: forecast and actual of the hours that had a forecast."""
    difference = bill.cost_difference
    if difference is None or bill.forecast_kwh is None or bill.forecast_cost is None:
        return None
    compared_kwh = bill.kwh if bill.compared_kwh is None else bill.compared_kwh
    compared_cost = bill.energy if bill.compared_cost is None else bill.compared_cost
    return {
        "forecast_hours": bill.forecast_hours,
        "forecast_kwh": round(bill.forecast_kwh, 3),
        "forecast_cost": round(bill.forecast_cost, 2),
        "actual_kwh": round(compared_kwh, 3),
        "actual_cost": round(compared_cost, 2),
        "cost_difference": round(difference, 2),
        "share_percent": bill.incentive_share_percent,
        "cap": round(bill.incentive_cap_percent / 100 * bill.energy, 2),
    }


class BillSensor(VoltWiseHomeFeatureEntity[BillingCoordinator], SensorEntity):
    """A bill's total in the tariff's currency, its parts as attributes."""

    @property
    def native_unit_of_measurement(self) -> str:
        """The tariff's currency."""
        return self.coordinator.home.config.tariff.currency

    def _bill(self) -> Bill | None:
        data = self.coordinator.data
        if data is None:
            return None
        key = self.entity_description.key
        if key == BILL_SO_FAR.key:
            return data.so_far
        if key == PROJECTED_BILL.key:
            return data.projected
        return None if data.last is None else data.last.bill

    @property
    def native_value(self) -> float | None:
        """The bill's total, to the paisa."""
        bill = self._bill()
        return None if bill is None else round(bill.total, 2)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The parts; the projection says how it was made, the last bill its due date."""
        bill = self._bill()
        data = self.coordinator.data
        if bill is None or data is None:
            return None
        attributes = _parts(bill)
        if self.entity_description.key == PROJECTED_BILL.key:
            attributes["method"] = data.method.value
            end = data.forecast_end
            attributes["forecast_until"] = None if end is None else end.isoformat()
        if self.entity_description.key == LAST_BILL.key and data.last is not None:
            attributes["due_date"] = data.last.due_date.isoformat()
            attributes["status"] = data.last.status(data.now, self.coordinator.home.time_zone)
            paid = data.last.paid_at
            attributes["paid_at"] = None if paid is None else paid.isoformat()
        return attributes


class BillStatusSensor(VoltWiseHomeFeatureEntity[BillingCoordinator], SensorEntity):
    """The last closed bill: pending, paid, or overdue after its due date."""

    @property
    def native_value(self) -> str | None:
        """The status at the last refresh (hourly, and when marked paid)."""
        data = self.coordinator.data
        if data is None or data.last is None:
            return None
        return data.last.status(data.now, self.coordinator.home.time_zone).value


class BudgetSensor(VoltWiseHomeFeatureEntity[BillingCoordinator], SensorEntity):
    """The bill so far as a share of the budget, or how far the projection exceeds it."""

    @property
    def native_unit_of_measurement(self) -> str:
        """Percent, or the tariff's currency for the overrun."""
        if self.entity_description.key == BUDGET_USED.key:
            return PERCENTAGE
        return self.coordinator.home.config.tariff.currency

    @property
    def native_value(self) -> float | None:
        """The share used, or the projected overrun (0 within budget)."""
        data = self.coordinator.data
        if data is None or data.budget is None:
            return None
        if self.entity_description.key == BUDGET_USED.key:
            return round(data.budget.used_percent, 1)
        return round(data.budget.projected_overrun, 2)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The budget and both percentages."""
        data = self.coordinator.data
        if data is None or data.budget is None:
            return None
        return {
            "budget": data.budget.budget,
            "used_percent": round(data.budget.used_percent, 1),
            "projected_percent": round(data.budget.projected_percent, 1),
            "projected_bill": round(data.budget.projected, 2),
        }


BALANCE = SensorEntityDescription(
    key="prepaid_balance",
    translation_key="prepaid_balance",
    device_class=SensorDeviceClass.MONETARY,
    suggested_display_precision=2,
)


def prepaid_sensors(meter: PrepaidMeter | None) -> Iterator[Entity]:
    """The balance sensor of a prepaid home (none for a postpaid one)."""
    if meter is not None:
        yield BalanceSensor(meter, BALANCE)


class BalanceSensor(VoltWiseHomeFeatureEntity[PrepaidMeter], SensorEntity):
    """The balance in the tariff's currency; unknown until the first top-up."""

    @property
    def native_unit_of_measurement(self) -> str:
        """The tariff's currency."""
        return self.coordinator.home.config.tariff.currency

    @property
    def native_value(self) -> float | None:
        """The balance, to the paisa (below zero: the meter's emergency credit in use)."""
        data = self.coordinator.data
        if data is None or not data.known:
            return None
        return round(data.state.balance, 2)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The last top-up, the average daily use and the expected run-out date."""
        data = self.coordinator.data
        if data is None:
            return None
        last = data.state.last_top_up_at
        run_out = data.run_out_at
        cost = data.average_daily_cost
        return {
            "last_top_up": None if last is None else last.isoformat(),
            "last_top_up_amount": data.last_top_up_amount,
            "average_daily_cost": None if cost is None else round(cost, 2),
            "average_daily_kwh": None
            if data.average_daily_kwh is None
            else round(data.average_daily_kwh, 3),
            "low_balance_threshold": None if data.threshold is None else round(data.threshold, 2),
            "expected_run_out": None if run_out is None else run_out.isoformat(),
        }
