"""``voltwise.top_up``: a recharge of a prepaid home. The registrar (``services.py``) finds it."""

from __future__ import annotations

from datetime import datetime, time

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from ..engine.billing.checks import MAX_AMOUNT
from ..errors import invalid
from ..service_helpers import number
from .prepaid import PrepaidMeter

ATTR_AMOUNT = "amount"
ATTR_DATE = "date"
MIN_TOP_UP = 0.01

TOP_UP_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_AMOUNT): number(ATTR_AMOUNT, MIN_TOP_UP, MAX_AMOUNT),
        vol.Optional(ATTR_DATE): cv.date,
    }
)


async def async_top_up(meter: PrepaidMeter, call: ServiceCall) -> ServiceResponse:
    """Add the recharge (made now, or at the start of ``date``) and answer the new balance."""
    now = dt_util.utcnow()
    tz = meter.home.time_zone
    today = now.astimezone(tz).date()
    day = call.data.get(ATTR_DATE, today)
    if day > today:
        raise invalid("top_up_date_in_future", date=day.isoformat())
    last = meter.store.state.last_top_up_at
    if last is not None and day < last.astimezone(tz).date():
        raise invalid(
            "top_up_date_before_last", date=day.isoformat(), last=last.astimezone(tz).isoformat()
        )
    at = now if day == today else datetime.combine(day, time(), tz)
    amount: float = call.data[ATTR_AMOUNT]
    await meter.async_top_up(amount, at)
    data = meter.data
    balance = None if data is None else round(data.state.balance, 2)
    return {"balance": balance, "top_up_at": at.isoformat(), "amount": amount}
