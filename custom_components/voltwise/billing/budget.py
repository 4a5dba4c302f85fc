"""Budget alerts: an event and (when the home notifies) a notification, once per cycle each."""

from __future__ import annotations

from ..const import DOMAIN, LOGGER
from ..engine.billing.budget import BudgetAlert
from ..home.context import HomeContext
from ..home.notifications import async_send, async_texts

EVENT_BUDGET_ALERT = f"{DOMAIN}_budget_alert"


async def async_tell_budget_alerts(
    home: HomeContext, cycle_key: str, alerts: tuple[BudgetAlert, ...]
) -> None:
    """Fire an event per alert; notify the highest threshold of each measure only."""
    highest: dict[str, BudgetAlert] = {}
    for alert in alerts:
        data = {
            "config_entry_id": home.entry_id,
            "home": home.name,
            "cycle": cycle_key,
            "measure": alert.measure.value,
            "threshold_percent": alert.threshold_percent,
            "amount": round(alert.amount, 2),
            "budget": alert.budget,
        }
        LOGGER.debug("%s: %s", EVENT_BUDGET_ALERT, data)
        home.hass.bus.async_fire(EVENT_BUDGET_ALERT, data)
        highest[alert.measure.value] = alert
    if not home.config.notifies:
        return
    hass = home.hass
    currency = home.config.tariff.currency
    for measure, alert in highest.items():
        placeholders = {
            "home": home.name,
            "measure": measure,
            "threshold": str(alert.threshold_percent),
            "amount": f"{alert.amount:,.2f} {currency}",
            "budget": f"{alert.budget:,.2f} {currency}",
        }
        title, message = await async_texts(
            hass,
            "budget",
            placeholders,
            message_key=f"budget_{measure}",
            fallbacks=("VoltWise budget", measure),
        )
        notification_id = f"{DOMAIN}_{home.entry_id}_budget_{measure}"
        await async_send(hass, home.config, notification_id, title, message)
