"""Stored bill options: a damaged record bills with the defaults rather than breaking the home."""

from __future__ import annotations

from custom_components.voltwise.billing.config import billing_settings, monthly_budget
from custom_components.voltwise.engine.billing.bill import BillSettings


def test_stored_bill_options_are_read_and_a_damaged_record_falls_back_to_the_defaults() -> None:
    assert billing_settings({"billing": {"reading_day": 5, "fixed_charge": 120}}) == BillSettings(
        reading_day=5, fixed_charge=120.0
    )
    assert billing_settings({"billing": {"reading_day": 40}}) == BillSettings()
    assert billing_settings({}) == BillSettings()


def test_a_damaged_budget_is_no_budget() -> None:
    assert monthly_budget({"billing": {"monthly_budget": 5000}}) == 5000.0
    assert monthly_budget({"billing": {"monthly_budget": -1}}) == 0.0
    assert monthly_budget({}) == 0.0
