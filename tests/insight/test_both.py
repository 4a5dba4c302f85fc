"""A home with a whole-home meter and metered appliances: the unmetered background."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.engine import simulation
from tests.homes import appliance_subentry
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)
HOUR_NOW = NOW.replace(second=0)
YESTERDAY = "sensor.test_home_efficiency_yesterday"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER}


def hours(days: int, seed: int, tz: ZoneInfo = KOLKATA, end: datetime = HOUR_NOW) -> list[float]:
    return list(simulation.hourly_energy_kwh(end - timedelta(days=days), days * 24, tz, seed))


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [appliance_subentry("fridge01", "Fridge")]


async def test_with_both_sources_the_meter_leaves_an_unmetered_background(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={"consumption_source": "both", "consumption_sensor": METER}
    )
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = HOUR_NOW - timedelta(days=10)
    await import_hours(hass, METER, first, [1.0] * (10 * 24))
    await start_home(hass, mock_config_entry)
    fridge = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{mock_config_entry.entry_id}_fridge01_energy"
    )
    assert fridge is not None
    await import_hours(hass, fridge, first, [0.25] * (10 * 24 + 1))
    await import_hours(hass, METER, first, [1.0] * (10 * 24 + 1))

    freezer.move_to(NOW + timedelta(hours=1) - timedelta(seconds=10))
    async_fire_time_changed(hass)
    await settle(hass)
    # Today in Kolkata began at 18:00 UTC: 13 whole hours by 07:00 UTC, 0.75 kWh each unexplained.
    background = hass.states.get("sensor.test_home_unmetered_background_today")
    assert float(background.state) == pytest.approx(13 * 0.75)
    assert hass.states.get("sensor.test_home_consumption_forecast_today").state == "24.0"
