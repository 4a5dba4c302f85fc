"""A home with the autopilot on, and helpers to move time to the instants it acts at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voltwise.appliances.pipeline import ActionRecord
from custom_components.voltwise.autopilot.controller import ACTION_COOLDOWN
from tests.homes import HOME_DATA, appliance_subentry

HEATER = "01JTESTHEATER000000000000"
WASHER = "01JTESTWASHER000000000000"
FRIDGE = "01JTESTFRIDGE000000000000"
AUTOPILOT_STORE = "voltwise.01JTESTHOME00000000000000.autopilot"


def ist(hour: int, minute: int = 0, day: int = 2) -> datetime:
    """A Kolkata wall-clock time on Monday 2026-03-02 (peak 18:00-22:00), as UTC."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) - timedelta(hours=5, minutes=30)


@pytest.fixture
def home_data() -> dict[str, Any]:
    """A home created since the autopilot exists: its autopilot starts on."""
    return {**HOME_DATA, "autopilot_default": True}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=1000.0, eco_w=400.0),
        appliance_subentry(WASHER, "Washer", nameplate_w=2000.0, cycle_minutes=60),
        appliance_subentry(FRIDGE, "Fridge", nameplate_w=150.0, category="essential"),
    ]


async def start_at(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    entry: MockConfigEntry,
    when: datetime,
    strategy: str = "max_savings",
) -> None:
    """Set the home up at ``when``; under max_savings the tariff's peak (18-22) is the only
    high-penalty period of the day (the normal rate sits at 0.6, not above it)."""
    freezer.move_to(when)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.test_home_strategy", "option": strategy},
        blocking=True,
    )
    await hass.async_block_till_done()


async def jump(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Move straight to ``when``: every timer due by then fires (the autopilot's are exact)."""
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done()


async def settle(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the autopilot decide on the rest of a burst of appliance changes (its cooldown)."""
    freezer.tick(timedelta(seconds=ACTION_COOLDOWN))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def call(hass: HomeAssistant, domain: str, service: str, entity_id: str, **data: Any) -> None:
    context = data.pop("context", None)
    await hass.services.async_call(
        domain, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True, context=context
    )


def user(hass_admin_user: Any) -> Context:
    return Context(user_id=hass_admin_user.id)


def actions(entry: MockConfigEntry, appliance: str | None = None) -> list[tuple[str, str, str]]:
    """(appliance, action, source) of every logged action, in order."""
    records: list[ActionRecord] = list(entry.runtime_data.appliances.pipeline.actions)
    return [
        (record.appliance, record.action.value, record.source.value)
        for record in records
        if appliance is None or record.appliance == appliance
    ]


def state(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state
