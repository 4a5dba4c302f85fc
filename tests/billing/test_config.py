"""Stored bill options: a damaged record bills with the defaults rather than breaking the home."""

from __future__ import annotations

from custom_components.voltwise.billing.config import billing_settings
from custom_components.voltwise.engine.billing.bill import BillSettings


def test_stored_bill_options_are_read_and_a_damaged_record_falls_back_to_the_defaults() -> None:
    assert billing_settings({"billing": {"reading_day": 5, "fixed_charge": 120}}) == BillSettings(
        reading_day=5, fixed_charge=120.0
    )
    assert billing_settings({"billing": {"reading_day": 40}}) == BillSettings()
    assert billing_settings({}) == BillSettings()
