"""The one place a plant's SolisCloud client is built (flows and the executor share it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from ..solis.client import DEFAULT_BASE_URL, BudgetStatus, SolisCloudClient

# Keyword arguments that override every client's settings (empty in production). Tests put fake
# time here (``clock``, ``monotonic``, ``sleep``) so back-offs cost no real seconds, and point
# flows at a fake server (``base_url``).
CLIENT_OPTIONS: dict[str, Any] = {}


def create_client(
    hass: HomeAssistant,
    api_id: str,
    api_secret: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    budget_tz: tzinfo = UTC,
    on_budget: Callable[[BudgetStatus], None] | None = None,
) -> SolisCloudClient:
    """A client on Home Assistant's shared HTTP session, sharing the account's rate limit."""
    settings: dict[str, Any] = {
        "base_url": base_url,
        "budget_tz": budget_tz,
        "on_budget": on_budget,
    }
    settings.update(CLIENT_OPTIONS)
    return SolisCloudClient(async_get_clientsession(hass), api_id, api_secret, **settings)
