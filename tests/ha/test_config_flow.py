"""The home config flow, reconfigure flow and options flow, every step and every error."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN

from .conftest import HOME_DATA


def suggested(result: dict[str, Any]) -> dict[str, Any]:
    """The values the form shows (what the user typed stays on screen)."""
    return {
        key.schema: key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }


async def test_user_step_defaults_come_from_home_assistant(hass: HomeAssistant) -> None:
    await hass.config.async_update(currency="EUR", location_name="Villa")
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    defaults = suggested(result)
    assert defaults["currency"] == "EUR"
    assert defaults["time_zone"] == hass.config.time_zone
    assert defaults["name"] == "Villa"
    assert defaults["tariff"] == "india_tod_domestic"
    assert defaults["region"] == "IN"


async def test_user_step_creates_a_home(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {**HOME_DATA, "name": "  Flat in Pune ", "currency": "inr"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Flat in Pune"
    assert result["data"] == {**HOME_DATA, "name": "Flat in Pune", "currency": "INR"}
    entry = result["result"]
    assert entry.unique_id == "flat_in_pune"
    await hass.async_block_till_done()
    assert hass.states.get("sensor.flat_in_pune_tariff_rate") is not None


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": "   "}, "name", "name_required"),
        ({"name": "x" * 65}, "name", "name_too_long"),
        ({"name": "!!!"}, "name", "name_invalid"),
        ({"normal_rate": 0}, "normal_rate", "invalid_rate"),
        ({"normal_rate": -3}, "normal_rate", "invalid_rate"),
        ({"normal_rate": 1e9}, "normal_rate", "invalid_rate"),
        ({"currency": "RUPEES"}, "currency", "invalid_currency"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "invalid_time_zone"),
    ],
)
async def test_user_step_errors_keep_the_input_and_recover(
    hass: HomeAssistant, changes: dict[str, Any], field: str, error: str
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    bad = {**HOME_DATA, **changes}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert suggested(result) == bad  # nothing the user typed is lost
    result = await hass.config_entries.flow.async_configure(result["flow_id"], HOME_DATA)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_a_second_home_with_the_same_name_aborts(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**HOME_DATA, "name": "test home"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_changes_the_home_and_reloads_it(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert suggested(result) == HOME_DATA
    new = {**HOME_DATA, "name": "Beach House", "tariff": "flat", "normal_rate": 6.5}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], new)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.title == "Beach House"
    assert entry.unique_id == "beach_house"
    assert entry.data == new
    # The entity keeps its id (and history); its state follows the new tariff.
    state = hass.states.get("sensor.test_home_tariff_rate")
    assert state is not None
    assert state.state == "6.5"


async def test_reconfigure_refuses_another_homes_name(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    other = MockConfigEntry(
        domain=DOMAIN, title="Office", unique_id="office", data={**HOME_DATA, "name": "Office"}
    )
    other.add_to_hass(hass)
    result = await init_integration.start_reconfigure_flow(hass)
    taken = {**HOME_DATA, "name": "OFFICE"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], taken)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"name": "name_in_use"}
    assert suggested(result) == taken
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**HOME_DATA, "time_zone": "Mars/Olympus"}
    )
    assert result["errors"] == {"time_zone": "invalid_time_zone"}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], HOME_DATA)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_options_flow_saves_tunables(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert suggested(result) == {"notify": False, "peak_warning_minutes": 15}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"notify": True, "peak_warning_minutes": 30.0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == {"notify": True, "peak_warning_minutes": 30}
    await hass.async_block_till_done()
    assert init_integration.runtime_data.home.peak_warning_minutes == 30
    assert init_integration.runtime_data.home.notify is True


@pytest.mark.parametrize("minutes", [-1, 181, 2.5])
async def test_options_flow_rejects_bad_lead_times(
    hass: HomeAssistant, init_integration: MockConfigEntry, minutes: float
) -> None:
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"notify": True, "peak_warning_minutes": minutes}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"peak_warning_minutes": "invalid_peak_warning"}
    assert suggested(result) == {"notify": True, "peak_warning_minutes": minutes}
    assert init_integration.options == {}
