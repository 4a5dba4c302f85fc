"""Adding a plant with a tested connection, and editing its schedules in the UI."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntryDisabler,
    ConfigEntryState,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from tests.homes import HOME_DATA
from tests.plant.plants import (
    API_SECRET,
    MONDAY,
    PLANT_ID,
    SERIAL,
    SolisRoute,
    controls,
    day_plan,
    plant_subentry,
    seed_plan,
    store_key,
)
from tests.plant.soliscloud.fake_server import FakeSolisCloud, FakeTime, FaultKind
from tests.plant.test_coordinator import setup_home
from tests.test_config_flow import HOSTILE_TIME_ZONES, suggested, time_zone_id

NINE = MONDAY + timedelta(hours=9)
CONNECTION_FIELDS = (
    "api_id",
    "api_secret",
    "inverter_serial",
    "time_zone",
    "min_peak_shaving_w",
    "max_peak_shaving_w",
    "peak_shaving_cid",
    "grid_charging_method",
    "grid_charging_cid",
    "storage_mode_cid",
)


@pytest.fixture
def plant_input(solis_api_id: str) -> dict[str, Any]:
    """What a user types to add the test plant."""
    return {
        "name": "Roof",
        "api_id": solis_api_id,
        "api_secret": API_SECRET,
        "inverter_serial": SERIAL.lower(),
        "time_zone": "Asia/Kolkata",
        "min_peak_shaving_w": 0,
        "max_peak_shaving_w": 10000,
        "default_peak_shaving_w": 6000.0,
        "default_grid_charging": True,
        "peak_shaving_cid": 5035,
        "grid_charging_method": "switch",
        "grid_charging_cid": 43110,
        "storage_mode_cid": 636,
    }


@pytest.fixture
def flow_server(solis_server: FakeSolisCloud) -> FakeSolisCloud:
    """The fake server the flows' connection tests reach (see ``SolisRoute``)."""
    return solis_server


async def start(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "plant"), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return dict(result)


async def submit(hass: HomeAssistant, flow: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    return dict(await hass.config_entries.subentries.async_configure(flow["flow_id"], data))


async def test_adding_a_plant_tests_the_connection_then_applies_its_defaults(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    init_integration: MockConfigEntry,
    flow_server: FakeSolisCloud,
    plant_input: dict[str, Any],
    solis_api_id: str,
) -> None:
    flow = await start(hass, init_integration)
    defaults = suggested(flow)
    assert defaults["time_zone"] == hass.config.time_zone
    assert defaults["peak_shaving_cid"] == 5035
    assert defaults["grid_charging_cid"] == 43110
    assert defaults["grid_charging_method"] == "switch"
    assert defaults["max_peak_shaving_w"] == 10000
    result = await submit(hass, flow, plant_input)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    assert result["title"] == "Roof"
    assert result["data"] == {
        "api_id": solis_api_id,
        "api_secret": API_SECRET,
        "inverter_serial": SERIAL,
        "time_zone": "Asia/Kolkata",
        "min_peak_shaving_w": 0,
        "max_peak_shaving_w": 10000,
        "default_peak_shaving_w": 6000,
        "default_grid_charging": True,
        "peak_shaving_cid": 5035,
        "grid_charging_method": "switch",
        "grid_charging_cid": 43110,
        "storage_mode_cid": 636,
    }
    # The connection test: the inverter's detail and a read of the peak-shaving control.
    assert [request.path for request in flow_server.requests] == [
        "/v1/api/inverterDetail",
        "/v2/api/atRead",
    ]
    await hass.async_block_till_done()  # the home reloads with its plant, which applies
    subentry = next(s for s in init_integration.subentries.values() if s.title == "Roof")
    assert subentry.unique_id == f"solis:{SERIAL}"
    assert controls(flow_server) == ("6000", "1")
    assert hass.states.get("sensor.roof_desired_peak_shaving_limit").state == "6000"


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"name": " !! "}, {"name": "name_invalid"}),
        ({"name": "R" * 65}, {"name": "name_too_long"}),
        ({"api_id": "has space"}, {"api_id": "invalid_credential"}),
        ({"inverter_serial": "10-31"}, {"inverter_serial": "invalid_serial"}),
        ({"time_zone": "Mars/Olympus"}, {"time_zone": "invalid_time_zone"}),
        (
            {"min_peak_shaving_w": 5000, "max_peak_shaving_w": 4000},
            {"max_peak_shaving_w": "invalid_bounds"},
        ),
        ({"max_peak_shaving_w": 10050}, {"max_peak_shaving_w": "invalid_bounds"}),
        ({"default_peak_shaving_w": 6050}, {"default_peak_shaving_w": "peak_shaving_step"}),
        (
            {"default_peak_shaving_w": 12000},
            {"default_peak_shaving_w": "peak_shaving_out_of_bounds"},
        ),
        ({"peak_shaving_cid": 0}, {"peak_shaving_cid": "invalid_cid"}),
        ({"storage_mode_cid": 1.5}, {"storage_mode_cid": "invalid_cid"}),
    ],
)
async def test_invalid_fields_are_refused_before_any_request(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    *,
    flow_server: FakeSolisCloud,
    plant_input: dict[str, Any],
    change: dict[str, Any],
    errors: dict[str, str],
) -> None:
    result = await submit(hass, await start(hass, init_integration), {**plant_input, **change})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert flow_server.count() == 0


@pytest.mark.parametrize("time_zone", HOSTILE_TIME_ZONES, ids=time_zone_id)
async def test_hostile_time_zones_are_form_errors_before_any_request(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    *,
    flow_server: FakeSolisCloud,
    plant_input: dict[str, Any],
    time_zone: str,
) -> None:
    flow = await start(hass, init_integration)
    result = await submit(hass, flow, {**plant_input, "time_zone": time_zone})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"time_zone": "invalid_time_zone"}
    assert flow_server.count() == 0
    assert not init_integration.subentries


async def closed_server(flow_server: FakeSolisCloud, solis_route: SolisRoute) -> None:
    other = FakeSolisCloud({})
    solis_route.base_url = await other.start()
    await other.close()


@pytest.mark.parametrize(
    ("breakage", "errors"),
    [
        ("secret", {"base": "invalid_auth"}),
        ("serial", {"inverter_serial": "unknown_inverter"}),
        ("offline", {"base": "datalogger_offline"}),
        ("throttled", {"base": "throttled"}),
        ("clock", {"base": "clock_rejected"}),
        ("http_404", {"base": "request_failed"}),
        ("unreachable", {"base": "cannot_connect"}),
    ],
)
async def test_a_failed_connection_test_is_a_translated_form_error(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    *,
    flow_server: FakeSolisCloud,
    plant_input: dict[str, Any],
    solis_time: FakeTime,
    solis_route: SolisRoute,
    breakage: str,
    errors: dict[str, str],
) -> None:
    data = dict(plant_input)
    if breakage == "secret":
        data["api_secret"] = "not-the-secret"
    elif breakage == "serial":
        data["inverter_serial"] = "NOPE1234"
    elif breakage == "offline":
        flow_server.inverters[SERIAL].online = False
    elif breakage == "throttled":
        flow_server.inject(FaultKind.CODE, code="R0000")
    elif breakage == "clock":
        flow_server.clock = lambda: solis_time.now() + timedelta(minutes=20)
    elif breakage == "http_404":
        flow_server.inject(FaultKind.HTTP_STATUS, status=404)
    else:
        await closed_server(flow_server, solis_route)
    flow = await start(hass, init_integration)
    result = await submit(hass, flow, data)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    # What was typed stays on screen, except the secret: secrets never travel back to a form.
    shown = suggested(result)
    assert shown["inverter_serial"] == data["inverter_serial"]
    assert "api_secret" not in shown
    assert not [s for s in init_integration.subentries.values() if s.subentry_type == "plant"]
    assert solis_time.sleeps == []  # the connection test does not retry


async def test_an_inverter_belongs_to_one_plant_and_names_are_unique(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    flow_server: FakeSolisCloud,
    plant_input: dict[str, Any],
    solis_api_id: str,
) -> None:
    home = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id="home",
        data=dict(mock_config_entry.data),
        subentries_data=[
            plant_subentry(solis_api_id, "01JPLANTA", "Roof", inverter_serial="OTHER0001")
        ],
    )
    home.add_to_hass(hass)
    barn = plant_subentry(solis_api_id, "01JPLANTB", "Barn")
    MockConfigEntry(
        domain=DOMAIN, title="Other", unique_id="other", data=home.data, subentries_data=[barn]
    ).add_to_hass(hass)
    result = await submit(hass, await start(hass, home), {**plant_input, "name": "roof"})
    assert result["errors"] == {
        "name": "name_in_use",
        "inverter_serial": "already_configured",
    }
    assert flow_server.count() == 0


# -- editing in the reconfigure flow ---------------------------------------------------------


@pytest.fixture
def home_subentries(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    if "plant_home" not in request.fixturenames:
        return []
    request.getfixturevalue("solis_server")
    return [plant_subentry(request.getfixturevalue("solis_api_id"))]


@pytest.fixture
async def plant_home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    flow_server: FakeSolisCloud,
) -> MockConfigEntry:
    """Monday 09:00; the plant follows the day plan and already holds 3000 W."""
    seed_plan(
        hass_storage,
        day_plan(),
        applied={"peak_shaving_w": 3000, "grid_charging_allowed": False, "at": None},
    )
    flow_server.inverters[SERIAL].controls[5035] = "3000"
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    assert flow_server.count() == 0
    return mock_config_entry


async def reconfigure(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "plant"),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": PLANT_ID},
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "reconfigure"
    return dict(result)


async def choose(hass: HomeAssistant, flow: dict[str, Any], step: str) -> dict[str, Any]:
    return await submit(hass, flow, {"next_step_id": step})


def stored(hass_storage: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = hass_storage[store_key()]["data"]["plan"]
    return plan


async def test_a_new_schedule_is_edited_in_steps_and_stored_only_by_save(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    before = stored(hass_storage)
    flow = await reconfigure(hass, plant_home)
    assert flow["menu_options"] == [
        "defaults",
        "schedules",
        "week",
        "collections",
        "connection",
        "save",
    ]
    assert flow["description_placeholders"]["week"] == "mon-fri 10 Workday"
    assert flow["description_placeholders"]["unsaved"] == ""

    result = await choose(hass, flow, "schedules")
    assert result["step_id"] == "schedules"
    result = await submit(hass, result, {"action": "add"})
    assert result["errors"] == {"name": "name_required"}
    result = await submit(hass, result, {"action": "add", "name": "Workday"})
    assert result["errors"] == {"name": "schedule_name_taken"}
    assert result["description_placeholders"]["name"] == "Workday"
    result = await submit(hass, result, {"action": "add", "name": "Boost"})
    assert result["step_id"] == "segments"
    assert result["description_placeholders"]["schedule"] == "Boost"

    # Segments as text lines; each error names its cause, and nothing is kept until valid.
    for text, error in (
        ("08:00-10:00 4000", "segment_line_invalid"),
        ("08:00-10:05 4000 on", "segment_unaligned"),
        ("08:00-10:00 4000 on\n09:00-11:00 0 off", "segment_overlap"),
        ("10:00-08:00 4000 on", "segment_empty"),
        ("08:00-10:00 40000 on", "peak_shaving_out_of_bounds"),
        ("25:00-26:00 4000 on", "invalid_time"),
    ):
        result = await submit(hass, result, {"segments": text})
        assert result["step_id"] == "segments"
        assert result["errors"] == {"segments": error}, text
    result = await submit(hass, result, {"segments": "# morning boost\n08:30-09:30 4000W on\n"})
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"]["unsaved"] == "*"

    result = await choose(hass, result, "week")
    assert suggested(result)["week"] == "mon-fri 10 Workday"
    result = await submit(hass, result, {"week": "mon-fri 10 Workday\nmon 10 Boost"})
    assert result["errors"] == {"week": "priority_taken"}
    result = await submit(hass, result, {"week": "mon-fri 10 Workday\nmon 20 Nope"})
    assert result["errors"] == {"week": "unknown_schedule_name"}
    result = await submit(hass, result, {"week": "monday 20 Boost\nmon-fri 10 workday"})
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"]["week"] == "mon 20 Boost\nmon-fri 10 Workday"

    # Nothing is stored or sent before Save.
    assert stored(hass_storage) == before
    assert flow_server.count() == 0
    result = await choose(hass, result, "save")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert controls(flow_server) == ("4000", "1")  # Boost covers 09:00 on Mondays
    assert hass.states.get("sensor.roof_active_schedule").state == "Boost"
    week = stored(hass_storage)["collections"][0]["week"]
    assert [item["priority"] for item in week["mon"]] == [20, 10]


async def test_closing_the_dialog_stores_nothing(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    before = stored(hass_storage)
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "defaults")
    assert suggested(result) == {"peak_shaving_w": 5000, "grid_charging_allowed": False}
    result = await submit(hass, result, {"peak_shaving_w": 150, "grid_charging_allowed": True})
    assert result["errors"] == {"peak_shaving_w": "peak_shaving_step"}
    result = await submit(hass, result, {"peak_shaving_w": 100, "grid_charging_allowed": True})
    assert result["type"] is FlowResultType.MENU
    hass.config_entries.subentries.async_abort(flow["flow_id"])
    await hass.async_block_till_done()
    assert stored(hass_storage) == before
    assert flow_server.count() == 0
    assert hass.states.get("number.roof_default_peak_shaving_limit").state == "5000"


async def test_deleting_a_schedule_warns_which_days_it_leaves(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "schedules")
    schedule_id = stored(hass_storage)["collections"][0]["schedules"][0]["id"]
    result = await submit(hass, result, {"action": "delete"})
    assert result["errors"] == {"schedule": "schedule_required"}
    result = await submit(hass, result, {"action": "delete", "schedule": schedule_id})
    assert result["step_id"] == "delete_schedule"
    assert result["description_placeholders"] == {"schedule": "Workday", "days": "mon-fri"}
    result = await submit(hass, result, {"confirm": False})  # changed my mind
    assert result["description_placeholders"]["schedules"] == "Workday"

    result = await choose(hass, result, "schedules")
    result = await submit(
        hass, result, {"action": "duplicate", "schedule": schedule_id, "name": "Copy"}
    )
    result = await choose(hass, result, "schedules")
    result = await submit(
        hass, result, {"action": "rename", "schedule": schedule_id, "name": "Work"}
    )
    assert result["description_placeholders"]["schedules"] == "Work, Copy"
    result = await choose(hass, result, "schedules")
    result = await submit(hass, result, {"action": "delete", "schedule": schedule_id})
    result = await submit(hass, result, {"confirm": True})
    assert result["description_placeholders"]["schedules"] == "Copy"
    assert result["description_placeholders"]["week"] == "-"
    result = await choose(hass, result, "save")
    await hass.async_block_till_done()
    assert controls(flow_server) == ("5000", "0")  # Monday is unassigned: defaults
    names = [s["name"] for s in stored(hass_storage)["collections"][0]["schedules"]]
    assert names == ["Copy"]


async def test_collections_are_created_edited_activated_and_protected(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "collections")
    result = await submit(hass, result, {"action": "create", "name": "default"})
    assert result["errors"] == {"name": "collection_name_taken"}
    result = await submit(hass, result, {"action": "create", "name": "Holiday"})
    assert result["description_placeholders"]["collection"] == "Holiday"
    assert result["description_placeholders"]["active_collection"] == "Default"
    result = await choose(hass, result, "schedules")
    result = await submit(hass, result, {"action": "add", "name": "Lazy"})
    result = await submit(hass, result, {"segments": "00:00-24:00 2000 off"})
    result = await choose(hass, result, "week")
    result = await submit(hass, result, {"week": "all 1 lazy"})
    result = await choose(hass, result, "collections")
    holiday = [c["id"] for c in stored(hass_storage)["collections"]]  # not stored yet
    assert len(holiday) == 1
    collection_ids = result["data_schema"].schema["collection"].config["options"]
    holiday_id = next(option["value"] for option in collection_ids if option["label"] == "Holiday")
    result = await submit(hass, result, {"action": "activate", "collection": holiday_id})
    result = await choose(hass, result, "collections")
    result = await submit(hass, result, {"action": "delete", "collection": holiday_id})
    assert result["errors"] == {"base": "collection_active"}
    result = await submit(
        hass, result, {"action": "rename", "collection": holiday_id, "name": "Away"}
    )
    assert result["description_placeholders"]["active_collection"] == "Away"
    result = await choose(hass, result, "save")
    await hass.async_block_till_done()
    assert controls(flow_server) == ("2000", "0")
    assert hass.states.get("select.roof_active_schedule_collection").state == "Away"


async def test_the_connection_is_tested_again_and_bounds_must_fit_the_plan(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    solis_api_id: str,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "connection")
    assert "api_secret" not in suggested(result)
    assert suggested(result)["name"] == "Roof"
    # Workday's 8000 W does not fit under a 6000 W maximum.
    data = plant_home.subentries[PLANT_ID].data
    connection = {key: data[key] for key in CONNECTION_FIELDS} | {"name": "Roof"}
    result = await submit(
        hass, result, {**connection, "api_secret": "", "max_peak_shaving_w": 6000}
    )
    assert result["errors"] == {"max_peak_shaving_w": "peak_shaving_out_of_bounds"}
    assert result["description_placeholders"]["value"] == "8000"
    result = await submit(hass, result, {**connection, "api_secret": "wrong"})
    assert result["errors"] == {"base": "invalid_auth"}
    assert "api_secret" not in suggested(result)  # not even the wrong one just typed
    assert flow_server.count() == 1  # refused at once, no retry
    result = await submit(
        hass,
        result,
        {**connection, "api_secret": "", "name": "Roof PV", "max_peak_shaving_w": 9000},
    )
    assert result["type"] is FlowResultType.MENU
    result = await choose(hass, result, "save")
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()  # the home reloads with the new connection
    subentry = plant_home.subentries[PLANT_ID]
    assert subentry.title == "Roof PV"
    assert subentry.data["max_peak_shaving_w"] == 9000
    assert subentry.data["api_secret"] == API_SECRET  # left empty: kept
    assert stored(hass_storage)["bounds"] == {"min_w": 0, "max_w": 9000}


async def test_a_plan_changed_elsewhere_is_not_overwritten(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "defaults")
    result = await submit(hass, result, {"peak_shaving_w": 100, "grid_charging_allowed": True})
    await hass.services.async_call(
        DOMAIN,
        "set_plant_defaults",
        {"plant": "sensor.roof_active_schedule", "peak_shaving_w": 7000},
        blocking=True,
    )
    result = await choose(hass, result, "save")
    assert result["reason"] == "plan_changed"
    assert stored(hass_storage)["defaults"]["peak_shaving_w"] == 7000


async def test_an_override_survives_saving_the_edited_plan(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    await hass.services.async_call(
        DOMAIN,
        "set_override",
        {"plant": "sensor.roof_active_schedule", "mode": "until_cleared", "peak_shaving_w": 700},
        blocking=True,
    )
    await hass.async_block_till_done()
    result = await choose(hass, flow, "defaults")
    result = await submit(hass, result, {"peak_shaving_w": 100, "grid_charging_allowed": True})
    result = await choose(hass, result, "save")
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert stored(hass_storage)["override"]["peak_shaving_w"] == 700
    assert stored(hass_storage)["defaults"]["peak_shaving_w"] == 100
    assert controls(flow_server) == ("700", "0")


@pytest.mark.parametrize("time_zone", ["Mars/Olympus", "../etc/passwd", "Asia", "\x00"], ids=repr)
async def test_a_plant_that_could_not_start_can_still_fix_its_connection(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    flow_server: FakeSolisCloud,
    solis_api_id: str,
    time_zone: str,
) -> None:
    """A stored time zone that cannot be loaded stops the plant, not its home."""
    broken = plant_subentry(solis_api_id, time_zone=time_zone)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Test Home",
        unique_id="test_home",
        data=dict(mock_config_entry.data),
        subentries_data=[broken],
    )
    freezer.move_to(NINE)
    await setup_home(hass, entry)
    assert hass.states.get("sensor.roof_active_schedule") is None  # the plant did not start
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "plant"), context={"source": SOURCE_RECONFIGURE, "subentry_id": PLANT_ID}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "connection"
    assert suggested(dict(result))["time_zone"] == time_zone
    data = entry.subentries[PLANT_ID].data
    connection = {key: data[key] for key in CONNECTION_FIELDS} | {"name": "Roof"}
    result = await submit(hass, dict(result), {**connection, "api_secret": ""})
    assert result["errors"] == {"time_zone": "invalid_time_zone"}
    result = await submit(hass, result, {**connection, "api_secret": "", "time_zone": "UTC"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.subentries[PLANT_ID].data["time_zone"] == "UTC"
    assert hass.states.get("sensor.roof_desired_peak_shaving_limit").state == "5000"
    assert controls(flow_server) == ("5000", "0")


async def test_editing_a_schedule_shows_its_segments_as_text(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "schedules")
    assert suggested(result)["action"] == "edit"
    result = await submit(hass, result, {"action": "edit"})
    assert result["errors"] == {"schedule": "schedule_required"}
    schedule_id = stored(hass_storage)["collections"][0]["schedules"][0]["id"]
    result = await submit(hass, result, {"action": "edit", "schedule": schedule_id})
    assert result["step_id"] == "segments"
    assert result["description_placeholders"]["schedule"] == "Workday"
    lines = suggested(result)["segments"].splitlines()
    assert len(lines) == 6
    assert lines[2].startswith("07:00-10:00 3000")
    lines[2] = "07:00-10:00 4500 on"
    result = await submit(hass, result, {"segments": "08:00-07:00 4500 on"})
    assert result["errors"] == {"segments": "segment_empty"}
    result = await submit(hass, result, {"segments": "\n".join(lines)})
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"]["unsaved"] == "*"
    assert flow_server.count() == 0
    result = await choose(hass, result, "save")
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert controls(flow_server) == ("4500", "1")  # 09:00 on a Monday
    segment = stored(hass_storage)["collections"][0]["schedules"][0]["segments"][2]
    assert segment["peak_shaving_w"] == 4500


async def test_collections_need_names_and_deleting_the_edited_one_returns_to_the_active(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "collections")
    default_id = suggested(result)["collection"]
    for action in ("create", "rename"):
        result = await submit(hass, result, {"action": action, "name": "  "})
        assert result["step_id"] == "collections"
        assert result["errors"] == {"name": "name_required"}, action
    # The selector offers only the plan's collections, and refuses anything else.
    with pytest.raises(InvalidData):
        await submit(hass, result, {"action": "edit", "collection": "nope"})

    result = await submit(hass, result, {"action": "create", "name": "Holiday"})
    assert result["description_placeholders"]["collection"] == "Holiday"
    result = await choose(hass, result, "collections")
    options = result["data_schema"].schema["collection"].config["options"]
    holiday_id = next(option["value"] for option in options if option["label"] == "Holiday")
    result = await submit(hass, result, {"action": "edit", "collection": default_id})
    assert result["description_placeholders"]["collection"] == "Default"
    assert result["description_placeholders"]["schedules"] == "Workday"
    # Deleting another collection keeps the one being edited.
    result = await choose(hass, result, "collections")
    result = await submit(hass, result, {"action": "delete", "collection": holiday_id})
    assert result["type"] is FlowResultType.MENU
    assert result["description_placeholders"]["collection"] == "Default"

    result = await choose(hass, result, "collections")
    result = await submit(hass, result, {"action": "create", "name": "Trip"})
    assert result["description_placeholders"]["collection"] == "Trip"
    assert result["description_placeholders"]["schedules"] == "-"
    result = await choose(hass, result, "collections")
    trip_id = suggested(result)["collection"]
    result = await submit(hass, result, {"action": "delete", "collection": trip_id})
    # Deleting the collection being edited goes back to editing the active one.
    assert result["description_placeholders"]["collection"] == "Default"
    assert result["description_placeholders"]["week"] == "mon-fri 10 Workday"
    result = await choose(hass, result, "save")
    assert result["type"] is FlowResultType.ABORT
    await hass.async_block_till_done()
    assert [c["name"] for c in stored(hass_storage)["collections"]] == ["Default"]


async def test_a_plant_whose_home_is_disabled_cannot_be_edited(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    before = stored(hass_storage)
    assert await hass.config_entries.async_set_disabled_by(
        plant_home.entry_id, ConfigEntryDisabler.USER
    )
    await hass.async_block_till_done()
    assert plant_home.state is ConfigEntryState.NOT_LOADED
    result = await hass.config_entries.subentries.async_init(
        (plant_home.entry_id, "plant"),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": PLANT_ID},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "plant_not_loaded"
    assert stored(hass_storage) == before
    assert flow_server.count() == 0


async def test_saving_after_the_home_was_unloaded_stores_nothing(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    flow_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    before = stored(hass_storage)
    flow = await reconfigure(hass, plant_home)
    result = await choose(hass, flow, "defaults")
    result = await submit(hass, result, {"peak_shaving_w": 100, "grid_charging_allowed": True})
    assert result["description_placeholders"]["unsaved"] == "*"
    # Meanwhile, in another tab, the user disables the home.
    assert await hass.config_entries.async_set_disabled_by(
        plant_home.entry_id, ConfigEntryDisabler.USER
    )
    await hass.async_block_till_done()
    result = await choose(hass, result, "save")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "plant_not_loaded"
    await hass.async_block_till_done()
    assert stored(hass_storage) == before
    assert flow_server.count() == 0


async def test_a_base_url_left_in_stored_data_is_ignored_then_dropped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    flow_server: FakeSolisCloud,
    solis_api_id: str,
) -> None:
    """Older test builds wrote where SolisCloud was into the plant's data; nothing reads it."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        unique_id="home",
        data=dict(HOME_DATA),
        subentries_data=[plant_subentry(solis_api_id, base_url="http://127.0.0.1:9")],
    )
    freezer.move_to(NINE)
    await setup_home(hass, entry)
    assert hass.states.get("sensor.roof_last_apply_result").state == "success"
    assert flow_server.count() > 0  # the plant reached SolisCloud, not the stored address

    data = entry.subentries[PLANT_ID].data
    flow = await reconfigure(hass, entry)
    result = await choose(hass, flow, "connection")
    connection = {key: data[key] for key in CONNECTION_FIELDS} | {"name": "Roof"}
    result = await submit(hass, result, {**connection, "api_secret": ""})
    result = await choose(hass, result, "save")
    assert result["reason"] == "reconfigure_successful"
    assert "base_url" not in entry.subentries[PLANT_ID].data
