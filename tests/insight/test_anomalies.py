"""Anomalies of a metered home: told once, shown until acknowledged, kept in diagnostics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.diagnostics import async_get_config_entry_diagnostics
from custom_components.voltwise.engine import simulation
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)
HOUR_NOW = NOW.replace(second=0)
ANOMALY = "binary_sensor.test_home_anomaly"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER, "notify": True}


async def test_a_heater_left_on_is_told_once_and_acknowledged(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = HOUR_NOW - timedelta(days=30)
    kwh = list(simulation.hourly_energy_kwh(first, 30 * 24, KOLKATA, 11))
    for hour in range(1, 5):  # a 6 kW heater on for the last four hours
        kwh[-hour] += 6.0
    await import_hours(hass, METER, first, kwh)
    events = async_capture_events(hass, f"{DOMAIN}_anomaly_detected")
    await start_home(hass, mock_config_entry)

    assert events, "no anomaly told"
    kinds = {event.data["kind"] for event in events}
    assert kinds & {"spike", "sustained_high"}
    told = events[0].data
    assert told["config_entry_id"] == mock_config_entry.entry_id
    assert told["severity"] in {"low", "medium", "high"}
    assert told["value"] > told["expected"]
    assert told["deviation_pct"] > 0
    assert told["appliance"] is None
    sensor = hass.states.get(ANOMALY)
    assert sensor.state == "on"
    assert {item["id"] for item in sensor.attributes["anomalies"]} == {
        event.data["id"] for event in events
    }

    # A restart judges nothing twice.
    count = len(events)
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert len(events) == count
    assert hass.states.get(ANOMALY).state == "on"

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "acknowledge_anomaly",
            {"config_entry_id": mock_config_entry.entry_id, "anomaly_id": "spike:home:x"},
            blocking=True,
        )
    assert err.value.translation_key == "anomaly_not_found"
    response = await hass.services.async_call(
        DOMAIN,
        "acknowledge_anomaly",
        {"config_entry_id": mock_config_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert sorted(response["acknowledged"]) == sorted(event.data["id"] for event in events)
    await hass.async_block_till_done()
    assert hass.states.get(ANOMALY).state == "off"
    diagnostics = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    insight = diagnostics["insight"]
    assert insight["open_anomalies"] == []
    assert [item["id"] for item in insight["acknowledged_anomalies"]] == response["acknowledged"]
    assert all("acknowledged" in item for item in insight["acknowledged_anomalies"])
