"""When SolisCloud fails: retries, repair issues, reauthentication and the daily budget."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from tests.plant.plants import (
    API_SECRET,
    MONDAY,
    PLANT_ID,
    SERIAL,
    SolisRoute,
    controls,
    plant_subentry,
)
from tests.plant.soliscloud.fake_server import FakeSolisCloud, FakeTime, FaultKind
from tests.plant.test_coordinator import RESULT, advance_to, setup_home

FAILING = f"plant_failing_{PLANT_ID}"
BUDGET = f"plant_budget_{PLANT_ID}"
START = MONDAY + timedelta(hours=9)


@pytest.fixture
def home_subentries(solis_server: FakeSolisCloud, solis_api_id: str) -> list[dict[str, Any]]:
    return [plant_subentry(solis_api_id)]


def issue(hass: HomeAssistant, issue_id: str) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, issue_id)


async def test_transient_errors_are_retried_with_back_off_inside_one_apply(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_time: FakeTime,
) -> None:
    solis_server.inject(FaultKind.CODE, code="B0115", times=2)
    freezer.move_to(START)
    await setup_home(hass, mock_config_entry)
    assert solis_time.sleeps[:2] == [2.0, 5.0]  # then the 2 s read-back wait
    assert hass.states.get(RESULT).state == "success"
    assert controls(solis_server) == ("5000", "0")
    assert solis_server.count() == 4 + 2
    assert issue(hass, FAILING) is None


async def test_a_plant_that_keeps_failing_retries_later_and_raises_an_issue(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    plant_events: list[Event],
) -> None:
    solis_server.inject(FaultKind.HTTP_STATUS, status=502, times=None)
    freezer.move_to(START)
    await setup_home(hass, mock_config_entry)
    # One call: the first try and three retries (2, 5, 10 s), then the apply is reported.
    assert solis_server.count() == 4
    state = hass.states.get(RESULT)
    assert state.state == "failed"
    assert state.attributes["http_status"] == 502
    assert state.attributes["error"] == "solis_server_error"
    assert state.attributes["retry_at"] == (START + timedelta(minutes=5)).isoformat()
    assert plant_events[-1].data["result"] == "failed"
    assert issue(hass, FAILING) is None  # one transient failure is not yet a problem

    # Nothing happens before the retry, then attempts at +5 and +15 minutes.
    await advance_to(hass, freezer, START + timedelta(minutes=4))
    assert solis_server.count() == 4
    await advance_to(hass, freezer, START + timedelta(minutes=5))
    assert solis_server.count() == 8
    await advance_to(hass, freezer, START + timedelta(minutes=20))
    assert solis_server.count() == 12
    created = issue(hass, FAILING)
    assert created is not None
    assert created.translation_key == "plant_failing"
    assert created.translation_placeholders["plant"] == "Roof"
    assert created.translation_placeholders["failures"] == "3"
    assert "502" in created.translation_placeholders["error"]

    # SolisCloud recovers: the next retry (30 minutes later) applies and clears the issue.
    solis_server.faults.clear()
    await advance_to(hass, freezer, START + timedelta(minutes=50))
    assert hass.states.get(RESULT).state == "success"
    assert controls(solis_server) == ("5000", "0")
    assert issue(hass, FAILING) is None
    assert [event.data["result"] for event in plant_events] == ["failed"] * 3 + ["success"]


async def test_a_permanent_error_is_not_retried_by_the_client_and_raised_at_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_time: FakeTime,
) -> None:
    solis_server.inverters[SERIAL].api_id = "another-account"  # B0049: not this account's
    freezer.move_to(START)
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 1
    assert solis_time.sleeps == []
    state = hass.states.get(RESULT)
    assert state.attributes["code"] == "B0049"
    assert state.attributes["http_status"] == 200
    assert state.attributes["error"] == "solis_unknown_inverter"
    created = issue(hass, FAILING)
    assert created is not None
    assert SERIAL in created.translation_placeholders["error"]


async def test_a_write_acknowledged_but_not_applied_is_retried_then_reported(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
) -> None:
    solis_server.inject(FaultKind.IGNORE_WRITE, times=None)
    freezer.move_to(START)
    await setup_home(hass, mock_config_entry)
    # Read, then three times: write (acknowledged, ignored) and read back.
    assert solis_server.count("/v2/api/control") == 3
    assert solis_server.count() == 7
    state = hass.states.get(RESULT)
    assert state.state == "failed"
    assert state.attributes["error"] == "solis_write_not_applied"
    assert hass.states.get("sensor.roof_applied_peak_shaving_limit").state == "unknown"
    assert issue(hass, FAILING) is not None

    solis_server.faults.clear()
    await advance_to(hass, freezer, START + timedelta(minutes=5))
    assert controls(solis_server) == ("5000", "0")
    assert hass.states.get("sensor.roof_applied_peak_shaving_limit").state == "5000"
    assert issue(hass, FAILING) is None


async def test_rejected_credentials_stop_the_plant_and_ask_for_new_ones(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_api_id: str,
    plant_events: list[Event],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    solis_server.accounts[solis_api_id] = "a-new-secret"  # the user rotated the key
    freezer.move_to(START)
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 1
    assert hass.states.get(RESULT).attributes["error"] == "solis_auth_failed"
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    flow = flows[0]
    assert flow["context"]["source"] == SOURCE_REAUTH
    assert flow["context"]["title_placeholders"] == {"name": "Roof"}
    assert flow["step_id"] == "reauth_confirm"

    # No retries while the credentials are wrong, whatever the time.
    await advance_to(hass, freezer, START + timedelta(hours=3))
    assert solis_server.count() == 1

    # A wrong secret is refused in the form, and nothing is stored.
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"api_id": solis_api_id, "api_secret": "still-wrong"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_auth"}
    assert result["description_placeholders"]["plant"] == "Roof"
    subentry = mock_config_entry.subentries[PLANT_ID]
    assert subentry.data["api_secret"] != "a-new-secret"

    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {"api_id": solis_api_id, "api_secret": "a-new-secret"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()  # the home reloads with the new secret
    assert mock_config_entry.subentries[PLANT_ID].data["api_secret"] == "a-new-secret"
    assert controls(solis_server) == ("5000", "0")
    assert hass.states.get(RESULT).state == "success"
    # Neither secret ever reached a log line, an event or a state.
    for secret in (API_SECRET, "a-new-secret", "still-wrong"):
        assert secret not in caplog.text
        assert all(secret not in str(event.data) for event in plant_events)
        assert all(secret not in str(state.as_dict()) for state in hass.states.async_all())


async def test_the_budget_warns_stops_automatic_applies_and_resets_at_midnight(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_route: SolisRoute,
) -> None:
    solis_route.options.update(daily_budget=8, budget_warning=6)
    freezer.move_to(START)
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 4
    assert issue(hass, BUDGET) is None

    async def override(watts: int) -> None:
        await hass.services.async_call(
            DOMAIN,
            "set_override",
            {
                "plant": "sensor.roof_active_schedule",
                "mode": "until_cleared",
                "peak_shaving_w": watts,
            },
            blocking=True,
        )
        await hass.async_block_till_done()

    await override(4000)  # 6 requests (a write and a read back): the warning level
    warning = issue(hass, BUDGET)
    assert warning is not None
    assert warning.severity is ir.IssueSeverity.WARNING
    assert warning.translation_placeholders == {"plant": "Roof", "used": "6", "budget": "8"}
    await override(3000)  # 8 requests: the budget is used up
    assert issue(hass, BUDGET).severity is ir.IssueSeverity.ERROR
    assert hass.states.get("sensor.roof_api_calls_today").state == "8"

    await override(2000)  # nothing is sent until the budget renews
    assert solis_server.count() == 8
    assert controls(solis_server) == ("3000", "0")

    midnight = MONDAY + timedelta(days=1)
    await advance_to(hass, freezer, midnight)
    assert issue(hass, BUDGET) is None
    assert controls(solis_server) == ("2000", "0")
    assert hass.states.get("sensor.roof_api_calls_today").state == "2"
