"""The bill service: marking a closed bill paid. The registrar (``services.py``) finds the home."""

from __future__ import annotations

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv

from ..engine.errors import EngineError
from ..errors import from_engine
from .coordinator import BillingCoordinator

ATTR_CYCLE = "cycle"

MARK_BILL_PAID_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_CYCLE): cv.date,
    }
)


async def async_mark_bill_paid(
    coordinator: BillingCoordinator, call: ServiceCall
) -> ServiceResponse:
    """Mark the bill of the cycle starting on ``cycle`` paid (the latest bill without it)."""
    cycle = call.data.get(ATTR_CYCLE)
    try:
        record = await coordinator.async_mark_paid(None if cycle is None else cycle.isoformat())
    except EngineError as err:
        raise from_engine(err) from err
    paid = record.paid_at
    return {
        "cycle": record.bill.key,
        "total": round(record.bill.total, 2),
        "paid_at": None if paid is None else paid.isoformat(),
    }
