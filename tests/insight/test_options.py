"""Choosing a consumption source in the home's options; a Home Assistant without a recorder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.engine import simulation
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)
TODAY = "sensor.test_home_consumption_forecast_today"


async def test_a_meter_chosen_in_the_options_brings_the_insight_entities(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    first = NOW.replace(second=0) - timedelta(days=20)
    kwh = simulation.hourly_energy_kwh(first, 20 * 24, ZoneInfo("Asia/Kolkata"), 2)
    await import_hours(hass, METER, first, list(kwh))
    await start_home(hass, mock_config_entry)
    assert hass.states.get(TODAY) is None  # no source, no insight
    assert mock_config_entry.runtime_data.insight is None

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "notify": False,
            "peak_warning_minutes": 15,
            "best_window_minutes": 120,
            "schedule_grace_minutes": 15,
            "consumption_source": "meter",
            "consumption_sensor": METER,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options["consumption_sensor"] == METER
    await settle(hass)
    assert float(hass.states.get(TODAY).state) > 0


async def test_without_the_recorder_the_forecast_says_so(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(NOW)
    entry = MockConfigEntry(
        domain="voltwise",
        title="Test Home",
        unique_id="test_home",
        data={
            "name": "Test Home",
            "region": "IN-WE",
            "tariff": "india_tod_domestic",
            "normal_rate": 8.0,
            "currency": "INR",
            "time_zone": "Asia/Kolkata",
        },
        options={"consumption_source": "simulated"},
    )
    await start_home(hass, entry)
    state = hass.states.get(TODAY)
    assert state.state == "unknown"
    assert state.attributes["reason"] == "recorder_not_loaded"
    assert float(hass.states.get("sensor.test_home_simulated_household_energy").state) > 0


async def test_damaged_stored_forecasts_are_made_again(hass: HomeAssistant) -> None:
    from custom_components.voltwise.insight.store import InsightStore  # noqa: PLC0415

    store = InsightStore(hass, "someone")
    store.data = {
        "forecasts": {"2026-03-01": {"start": "yesterday"}, "nonsense": {}},
        "simulated_reference": "not a time",
    }
    assert store.forecasts() == {}
    assert store.instant("simulated_reference") is None
    assert store.instant("missing") is None


async def test_switching_the_source_back_to_none_removes_the_insight_entities(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={"consumption_source": "simulated"}
    )
    await start_home(hass, mock_config_entry)
    registry = er.async_get(hass)
    simulated = "sensor.test_home_simulated_household_energy"
    assert registry.async_get(TODAY) is not None
    assert registry.async_get(simulated) is not None
    assert registry.async_get("binary_sensor.test_home_anomaly") is not None

    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "notify": False,
            "peak_warning_minutes": 15,
            "best_window_minutes": 120,
            "schedule_grace_minutes": 15,
            "consumption_source": "none",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await settle(hass)
    insight = [
        entity.entity_id
        for entity in er.async_entries_for_config_entry(registry, mock_config_entry.entry_id)
        if "forecast" in entity.entity_id
        or "efficiency" in entity.entity_id
        or "simulated" in entity.entity_id
        or entity.entity_id
        in ("binary_sensor.test_home_anomaly", "sensor.test_home_leaderboard_rank")
    ]
    assert insight == []
    assert hass.states.get(TODAY) is None
    assert hass.states.get(simulated) is None
    # The home's own entities stay.
    assert er.async_entries_for_config_entry(registry, mock_config_entry.entry_id)
