"""Prepaid alerts: an event, and (when the home notifies) a notification, once per crossing."""

from __future__ import annotations

from homeassistant.components import persistent_notification

from ..const import DOMAIN, LOGGER
from ..engine.billing.prepaid import PrepaidAlert
from ..home.context import HomeContext
from ..home.notifications import async_texts

EVENT_BALANCE_ALERT = f"{DOMAIN}_balance_alert"


async def async_tell_prepaid_alert(home: HomeContext, alert: PrepaidAlert) -> None:
    """Fire ``voltwise_balance_alert``; notify with the balance and the day it runs out."""
    run_out = alert.run_out_at
    data = {
        "config_entry_id": home.entry_id,
        "home": home.name,
        "kind": alert.kind.value,
        "balance": round(alert.balance, 2),
        "threshold": None if alert.threshold is None else round(alert.threshold, 2),
        "run_out_at": None if run_out is None else run_out.isoformat(),
        "currency": home.config.tariff.currency,
    }
    LOGGER.debug("%s: %s", EVENT_BALANCE_ALERT, data)
    home.hass.bus.async_fire(EVENT_BALANCE_ALERT, data)
    if not home.config.notify:
        return
    hass = home.hass
    currency = home.config.tariff.currency
    placeholders = {
        "home": home.name,
        "balance": f"{alert.balance:,.2f} {currency}",
        "run_out": "-" if run_out is None else f"{run_out.astimezone(home.time_zone):%Y-%m-%d}",
    }
    kind = alert.kind.value
    title, message = await async_texts(
        hass,
        f"balance_{kind}",
        placeholders,
        message_key=f"balance_{kind}",
        fallbacks=("VoltWise balance", kind),
    )
    persistent_notification.async_create(
        hass,
        message,
        title=title,
        notification_id=f"{DOMAIN}_{home.entry_id}_balance",
    )
