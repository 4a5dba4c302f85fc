"""SolisCloud clients for a home's plants and flows, and the state each account shares.

SolisCloud counts requests per account (API ID): 2 a second, about 200 a day. Every client of
one account, whichever plant or flow it serves, goes through that account's ``SolisAccount``
(rate limiter, day counter). Accounts live under a typed ``hass.data`` key while anything holds
them and are released when the last holder (a plant, a connection test) lets go: one rate-limit
window later, so a home that reloads at once (new credentials) cannot send a burst SolisCloud
would refuse. The day's count is kept by each plant's store across reloads and restarts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from functools import partial

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_call_later
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from .soliscloud.client import (
    RATE_LIMIT_MARGIN,
    RATE_LIMIT_PERIOD,
    BudgetStatus,
    SolisAccount,
    SolisCloudClient,
)

# How long an account outlives its last holder: one window of SolisCloud's rate limit.
LINGER = timedelta(seconds=RATE_LIMIT_PERIOD + RATE_LIMIT_MARGIN)


@dataclass(slots=True)
class _Held:
    account: SolisAccount
    holders: set[object] = field(default_factory=set)
    cancel_forget: CALLBACK_TYPE | None = None


SOLIS_ACCOUNTS: HassKey[dict[str, _Held]] = HassKey(f"{DOMAIN}_solis_accounts")


@callback
def hold_account(hass: HomeAssistant, api_id: str, holder: object) -> SolisAccount:
    """The shared state of account ``api_id``, kept until ``holder`` releases it."""
    held = hass.data.setdefault(SOLIS_ACCOUNTS, {}).setdefault(api_id, _Held(SolisAccount()))
    held.holders.add(holder)
    if held.cancel_forget is not None:
        held.cancel_forget()
        held.cancel_forget = None
    return held.account


@callback
def release_account(hass: HomeAssistant, api_id: str, holder: object) -> None:
    """``holder`` is done with the account; one window after the last one left, it is gone."""
    held = hass.data.get(SOLIS_ACCOUNTS, {}).get(api_id)
    if held is None:
        return
    held.holders.discard(holder)
    if not held.holders and held.cancel_forget is None:
        forget = HassJob(partial(_forget, hass, api_id), cancel_on_shutdown=True)
        held.cancel_forget = async_call_later(hass, LINGER, forget)


@callback
def _forget(hass: HomeAssistant, api_id: str, _now: datetime) -> None:
    accounts = hass.data.get(SOLIS_ACCOUNTS, {})
    held = accounts.get(api_id)
    if held is not None and not held.holders:
        del accounts[api_id]
    if not accounts:
        hass.data.pop(SOLIS_ACCOUNTS, None)


@contextmanager
def borrowed_account(hass: HomeAssistant, api_id: str) -> Iterator[SolisAccount]:
    """The account's shared state for one short job (a connection test)."""
    holder = object()
    try:
        yield hold_account(hass, api_id, holder)
    finally:
        release_account(hass, api_id, holder)


def create_client(
    hass: HomeAssistant,
    api_id: str,
    api_secret: str,
    *,
    account: SolisAccount,
    budget_tz: tzinfo = UTC,
    on_budget: Callable[[BudgetStatus], None] | None = None,
) -> SolisCloudClient:
    """A client on Home Assistant's shared HTTP session, counting against ``account``."""
    return SolisCloudClient(
        async_get_clientsession(hass),
        api_id,
        api_secret,
        account=account,
        budget_tz=budget_tz,
        on_budget=on_budget,
    )
