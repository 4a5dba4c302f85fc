"""A plant's life in its home: diagnostics, removal, damaged files, shared accounts."""

from __future__ import annotations

import json
from collections import deque
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.plant import client as plant_client
from custom_components.voltwise.plant.client import LINGER, SOLIS_ACCOUNTS
from custom_components.voltwise.plant.soliscloud.client import RequestLimiter, SolisAccount
from tests.plant.plants import (
    API_SECRET,
    ENTRY_ID,
    MONDAY,
    PLANT_ID,
    SERIAL,
    controls,
    day_plan,
    plant_subentry,
    seed_plan,
    store_key,
)
from tests.plant.soliscloud.fake_server import FakeSolisCloud, FakeTime
from tests.plant.test_coordinator import advance_to, setup_home

NINE = MONDAY + timedelta(hours=9)
SECOND_ID = "01JTESTPLANT2000000000000"


class RecordingLimiter(RequestLimiter):
    """The account's limiter, remembering the start it reserved for each request."""

    def __init__(self, fake_time: FakeTime) -> None:
        super().__init__(monotonic=fake_time.monotonic, sleep=fake_time.limiter_sleep)
        self.starts: list[float] = []
        starts = self.starts

        class Reservations(deque[float]):
            def append(self, start: float) -> None:
                starts.append(start)
                super().append(start)

        self._starts = Reservations(maxlen=2)


@pytest.fixture(autouse=True)
def limiter(
    solis_server: FakeSolisCloud, solis_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> RecordingLimiter:
    """Two plants of one account send concurrently; judge the rate where requests leave.

    Fake time adds every task's sleeps up on one clock, so concurrent requests that real time
    keeps apart can reach the server at one fake instant: here the server does not judge the
    rate, the account's limiter records when it released each request.
    """
    recording = RecordingLimiter(solis_time)
    monkeypatch.setattr(plant_client, "SolisAccount", lambda: SolisAccount(limiter=recording))
    solis_server.requests_per_second = None
    return recording


@pytest.fixture
def home_subentries(solis_server: FakeSolisCloud, solis_api_id: str) -> list[dict[str, Any]]:
    solis_server.add_inverter("1031D2222110099", solis_api_id)
    return [
        plant_subentry(solis_api_id),
        plant_subentry(
            solis_api_id,
            SECOND_ID,
            "Barn",
            inverter_serial="1031D2222110099",
            default_peak_shaving_w=2000,
            default_grid_charging=True,
        ),
    ]


async def test_two_plants_of_one_account_share_its_rate_limit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    limiter: RecordingLimiter,
) -> None:
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    assert controls(solis_server) == ("5000", "0")
    assert solis_server.inverters["1031D2222110099"].controls[5035] == "2000"
    assert solis_server.inverters["1031D2222110099"].controls[43110] == "1"
    # 4 + 6 requests wanted to start together: one limiter released them, 2 per 1.1 s.
    assert solis_server.count() == 10
    assert len(limiter.starts) == 10
    starts = sorted(limiter.starts)
    gaps = [later - earlier for earlier, later in zip(starts, starts[2:], strict=False)]
    assert min(gaps) == pytest.approx(1.1)  # (times are large floats: compare approximately)
    assert starts[-1] - starts[0] >= 4 * 1.1 - 1e-6
    # Both count against the account: each plant shows the account's calls as of its own
    # last apply, so the one that finished last shows all ten.
    calls = {hass.states.get(f"sensor.{name}_api_calls_today").state for name in ("roof", "barn")}
    assert "10" in calls


@pytest.mark.freeze_time(NINE)
async def test_diagnostics_show_plan_and_log_but_no_secret(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_api_id: str,
) -> None:
    solis_server.inverters["1031D2222110099"].controls.update({5035: "2000", 43110: "1"})
    await setup_home(hass, mock_config_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    text = json.dumps(diagnostics)
    assert API_SECRET not in text
    assert solis_api_id not in text
    roof = next(plant for plant in diagnostics["plants"] if plant["name"] == "Roof")
    assert roof["serial"] == SERIAL
    assert roof["controls"]["peak_shaving_cid"] == 5035
    assert roof["plan"]["defaults"] == {"peak_shaving_w": 5000, "grid_charging_allowed": False}
    assert roof["now"]["source"] == "defaults"
    assert roof["applied"]["peak_shaving_w"] == 5000
    assert [record["result"] for record in roof["control_log"]] == ["success"]
    assert roof["budget"]["used"] == 6  # Barn only read its values: already in place
    subentry = next(s for s in diagnostics["entry"]["subentries"] if s["title"] == "Roof")
    assert subentry["data"]["api_secret"] == "**REDACTED**"
    assert subentry["data"]["api_id"] == "**REDACTED**"


async def test_removing_a_plant_deletes_its_file_issues_and_device(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
    device_registry: dr.DeviceRegistry,
) -> None:
    solis_server.inverters["1031D2222110099"].api_id = "not-this-account"  # Barn fails
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"plant_failing_{SECOND_ID}") is not None
    assert store_key(SECOND_ID) in hass_storage
    assert hass_storage[f"voltwise.{ENTRY_ID}.plants"]["data"] == {
        "plants": sorted([PLANT_ID, SECOND_ID])
    }

    assert hass.config_entries.async_remove_subentry(mock_config_entry, SECOND_ID)
    await hass.async_block_till_done()  # the home reloads without Barn
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert store_key(SECOND_ID) not in hass_storage
    assert issues.async_get_issue(DOMAIN, f"plant_failing_{SECOND_ID}") is None
    assert device_registry.async_get_device({(DOMAIN, f"{ENTRY_ID}_{SECOND_ID}")}) is None
    assert hass.states.get("sensor.barn_api_calls_today") is None
    assert hass.states.get("sensor.roof_api_calls_today") is not None

    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert store_key(PLANT_ID) not in hass_storage
    assert f"voltwise.{ENTRY_ID}.plants" not in hass_storage


async def test_a_damaged_plan_is_reset_and_a_broken_plant_does_not_stop_the_home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    seed_plan(hass_storage, day_plan(), log=[{"not": "a record"}], failures="many")
    hass_storage[store_key()]["data"]["plan"]["defaults"]["peak_shaving_w"] = 150
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_subentry(
        mock_config_entry,
        mock_config_entry.subentries[SECOND_ID],
        data={**mock_config_entry.subentries[SECOND_ID].data, "time_zone": "Mars/Olympus"},
    )
    freezer.move_to(NINE)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert "stored plan of a plant is damaged" in caplog.text
    assert "cannot be set up: unknown time zone Mars/Olympus" in caplog.text
    # Roof starts again from its initial defaults; Barn is skipped; the home runs.
    assert hass.states.get("sensor.roof_desired_peak_shaving_limit").state == "5000"
    assert hass.states.get("sensor.barn_api_calls_today") is None
    assert hass.states.get("sensor.test_home_tariff_rate") is not None


async def test_an_accounts_shared_state_is_released_when_its_last_plant_unloads(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_api_id: str,
) -> None:
    """Two homes, three plants, one account: it lives while any plant of it does."""
    other = MockConfigEntry(
        domain=DOMAIN,
        title="Other Home",
        unique_id="other_home",
        data={**mock_config_entry.data, "name": "Other Home"},
        subentries_data=[
            plant_subentry(solis_api_id, "01JTESTPLANT3000000000000", "Shed", inverter_serial="X1")
        ],
    )
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    await setup_home(hass, other)
    accounts = hass.data[SOLIS_ACCOUNTS]
    shared = accounts[solis_api_id].account
    assert len(accounts[solis_api_id].holders) == 3

    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await advance_to(hass, freezer, NINE + 2 * LINGER)
    assert accounts[solis_api_id].account is shared  # Shed still holds it
    assert len(accounts[solis_api_id].holders) == 1

    assert await hass.config_entries.async_unload(other.entry_id)
    await hass.async_block_till_done()
    # A home reloading at once finds the account's rate limit where it was...
    assert hass.data[SOLIS_ACCOUNTS][solis_api_id].account is shared
    # ...and one rate-limit window after the last plant left, nothing of it remains.
    await advance_to(hass, freezer, NINE + 4 * LINGER)
    assert SOLIS_ACCOUNTS not in hass.data
