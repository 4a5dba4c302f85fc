"""A home's bill options, kept in one collapsed section of its options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import voluptuous as vol
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from ..engine.billing.bill import BillSettings
from ..engine.billing.checks import MAX_AMOUNT, MAX_DAYS, check_amount
from ..engine.errors import EngineError
from .alert_options import ALERT_FIELDS, validate_alert_options

CONF_BILLING: Final = "billing"
CONF_MONTHLY_BUDGET: Final = "monthly_budget"  # 0: no budget
BILLING_FIELDS: Final = (
    "reading_day",
    "fixed_charge",
    "duty_percent",
    "due_days",
    "incentive_share_percent",
    "incentive_cap_percent",
)

_DEFAULTS = BillSettings()


def _number(low: float, high: float, step: float, unit: str = "") -> NumberSelector:
    config = NumberSelectorConfig(min=low, max=high, step=step, mode=NumberSelectorMode.BOX)
    if unit:
        config["unit_of_measurement"] = unit
    return NumberSelector(config)


# The options form's bill section; its ranges are the engine's (BillSettings checks them again).
BILLING_SECTION_SCHEMA: Final = vol.Schema(
    {
        vol.Required("reading_day", default=_DEFAULTS.reading_day): _number(1, 31, 1),
        vol.Required("fixed_charge", default=_DEFAULTS.fixed_charge): _number(0, MAX_AMOUNT, 0.01),
        vol.Required("duty_percent", default=_DEFAULTS.duty_percent): _number(0, 100, 0.01, "%"),
        vol.Required("due_days", default=_DEFAULTS.due_days): _number(0, MAX_DAYS, 1, "d"),
        vol.Required("incentive_share_percent", default=_DEFAULTS.incentive_share_percent): _number(
            0, 100, 0.1, "%"
        ),
        vol.Required(CONF_MONTHLY_BUDGET, default=0): _number(0, MAX_AMOUNT, 1),
        vol.Required("incentive_cap_percent", default=_DEFAULTS.incentive_cap_percent): _number(
            0, 100, 0.1, "%"
        ),
        **ALERT_FIELDS,
    }
)


def _settings(values: Mapping[str, Any]) -> BillSettings:
    return BillSettings(**{name: values[name] for name in BILLING_FIELDS if name in values})


def billing_settings(options: Mapping[str, Any]) -> BillSettings:
    """The stored bill options; a record the engine rejects falls back to the defaults."""
    try:
        return _settings(options.get(CONF_BILLING) or {})
    except (EngineError, TypeError, ValueError):
        return BillSettings()


def monthly_budget(options: Mapping[str, Any]) -> float:
    """The home's monthly budget in the tariff's currency (0: none, or a damaged record)."""
    try:
        return check_amount(
            CONF_MONTHLY_BUDGET, (options.get(CONF_BILLING) or {}).get(CONF_MONTHLY_BUDGET, 0)
        )
    except EngineError:
        return 0.0


def validate_billing_options(
    user_input: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, str]]:
    """The bill section from the form (normalised), or the error that rejects it."""
    section = user_input.get(CONF_BILLING)
    if not section:
        return {}, {}
    try:
        settings = _settings(section)
        budget = check_amount(CONF_MONTHLY_BUDGET, section.get(CONF_MONTHLY_BUDGET, 0))
        alerts = validate_alert_options(section)
    except (EngineError, TypeError, ValueError):
        return {}, {CONF_BILLING: "invalid_billing"}
    stored = {name: getattr(settings, name) for name in BILLING_FIELDS}
    return {CONF_BILLING: {**stored, CONF_MONTHLY_BUDGET: budget, **alerts}}, {}
