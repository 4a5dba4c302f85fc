"""Stored bill options: a damaged record bills with the defaults rather than breaking the home."""

from __future__ import annotations

from datetime import timedelta

from custom_components.voltwise.billing.alert_options import (
    PrepaidOptions,
    SpikeOptions,
    prepaid_options,
    spike_options,
    validate_alert_options,
)
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


def test_prepaid_options_default_to_postpaid_and_three_days_of_use() -> None:
    assert prepaid_options({}) == PrepaidOptions()
    assert prepaid_options({}).threshold(200.0) == 600.0
    assert prepaid_options({}).threshold(None) is None
    options = prepaid_options(
        {"billing": {"prepaid": True, "low_balance_days": 2, "low_balance_amount": 300}}
    )
    assert options.enabled
    assert options.threshold(200.0) == 300.0  # an amount, when set, decides
    assert prepaid_options({"billing": {"prepaid": True, "low_balance_days": -1}}) == (
        PrepaidOptions()
    )


def test_spike_options_are_off_until_a_threshold_and_a_damaged_record_turns_them_off() -> None:
    assert spike_options({}) == SpikeOptions()
    options = spike_options(
        {"billing": {"spike_threshold_w": 4000, "spike_minutes": 10, "spike_power_sensor": "s.p"}}
    )
    assert options.settings is not None
    assert options.settings.threshold_w == 4000
    assert options.settings.hold == timedelta(minutes=10)
    assert options.power_sensor == "s.p"
    for damaged in (
        {"spike_threshold_w": -5},
        {"spike_threshold_w": 4000, "spike_minutes": 0},
        {"spike_threshold_w": 4000, "spike_minutes": 2.5},
        {"spike_threshold_w": 4000, "spike_minutes": "5"},
        {"spike_threshold_w": 4000, "spike_minutes": True},
    ):
        assert spike_options({"billing": damaged}) == SpikeOptions(), damaged


def test_the_forms_alert_fields_are_stored_normalised() -> None:
    assert validate_alert_options(
        {
            "prepaid": True,
            "spike_threshold_w": 3000.0,
            "spike_minutes": 5.0,
            "spike_power_sensor": "s.p",
        }
    ) == {
        "prepaid": True,
        "low_balance_days": 3.0,
        "low_balance_amount": 0.0,
        "spike_threshold_w": 3000.0,
        "spike_minutes": 5,
        "spike_power_sensor": "s.p",
    }
