"""The home config flow, reconfigure flow and options flow, every step and every error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData, UnknownFlow
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.voltwise.const import DOMAIN
from tests.homes import HOME_DATA
from tests.plant.plants import API_SECRET, MONDAY, PLANT_ID, plant_subentry
from tests.plant.soliscloud.fake_server import FakeSolisCloud


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
    # A new home is marked so that its autopilot starts on (existing homes keep it off).
    assert result["data"] == {
        **HOME_DATA,
        "name": "Flat in Pune",
        "currency": "INR",
        "autopilot_default": True,
    }
    entry = result["result"]
    assert entry.unique_id == "flat_in_pune"
    await hass.async_block_till_done()
    assert hass.states.get("sensor.flat_in_pune_tariff_rate") is not None
    assert hass.states.get("switch.flat_in_pune_autopilot").state == "on"
    assert hass.states.get("switch.flat_in_pune_grid_protection").state == "off"


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


# Names that made zoneinfo raise ValueError or OSError (an HTTP 500 in the UI) instead of
# ZoneInfoNotFoundError: empty, a directory, paths, a data file, a NUL byte, a huge string.
HOSTILE_TIME_ZONES = [
    "",
    "   ",
    "Asia/",
    "Asia",
    "../etc/passwd",
    "/etc/localtime",
    "Etc/../UTC",
    "zone.tab",
    "\x00",
    "Asia/Kolkata\x00",
    "x" * 5000,
]


def time_zone_id(value: str) -> str:
    """A short test id (one value is 5,000 characters long)."""
    return repr(value) if len(value) < 30 else f"{len(value)} characters"


@pytest.mark.parametrize("time_zone", HOSTILE_TIME_ZONES, ids=time_zone_id)
async def test_hostile_time_zones_are_form_errors_when_adding_or_reconfiguring(
    hass: HomeAssistant, init_integration: MockConfigEntry, time_zone: str
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    bad = {**HOME_DATA, "name": "Second Home", "time_zone": time_zone}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"time_zone": "invalid_time_zone"}
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**HOME_DATA, "time_zone": time_zone}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"time_zone": "invalid_time_zone"}
    assert init_integration.data == HOME_DATA
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


def custom_day(rate: object) -> list[dict[str, object]]:
    return [{"start": "00:00", "end": "24:00", "rate": rate, "kind": "normal"}]


CUSTOM_HOME = {k: v for k, v in HOME_DATA.items() if k != "normal_rate"} | {"tariff": "custom"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({**HOME_DATA, "time_zone": "../etc/passwd"}, "invalid_time_zone"),
        ({**HOME_DATA, "time_zone": "Asia"}, "invalid_time_zone"),
        ({**HOME_DATA, "time_zone": "zone.tab"}, "invalid_time_zone"),
        ({**HOME_DATA, "time_zone": "\x00"}, "invalid_time_zone"),
        ({**CUSTOM_HOME, "custom_tariff": {"weekday": custom_day(1e307)}}, "tariff_rate_too_high"),
        ({**CUSTOM_HOME, "custom_tariff": {"weekday": custom_day("nan")}}, "tariff_invalid_rate"),
    ],
    ids=["path", "directory", "data file", "NUL", "rate 1e307", "rate NaN"],
)
async def test_a_home_stored_with_hostile_values_fails_setup_clearly(
    hass: HomeAssistant, data: dict[str, Any], reason: str
) -> None:
    """Stored data edited by hand: a translated setup error, not an unexpected exception."""
    entry = MockConfigEntry(domain=DOMAIN, data=data)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.error_reason_translation_key == reason


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
    assert suggested(result) == {
        "notify": False,
        "peak_warning_minutes": 15,
        "best_window_minutes": 120,
        "schedule_grace_minutes": 15,
        "consumption_source": "none",
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "notify": True,
            "peak_warning_minutes": 30.0,
            "best_window_minutes": 90,
            "schedule_grace_minutes": 45,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == {
        "notify": True,
        "peak_warning_minutes": 30,
        "best_window_minutes": 90,
        "schedule_grace_minutes": 45,
    }
    await hass.async_block_till_done()
    assert init_integration.runtime_data.home.peak_warning_minutes == 30
    assert init_integration.runtime_data.schedules.grace.total_seconds() == 45 * 60
    assert init_integration.runtime_data.home.notify is True


GOOD_OPTIONS = {
    "notify": False,
    "peak_warning_minutes": 15,
    "best_window_minutes": 120,
    "schedule_grace_minutes": 15,
    "consumption_source": "none",
}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"peak_warning_minutes": -1}, {"peak_warning_minutes": "invalid_peak_warning"}),
        ({"peak_warning_minutes": 181}, {"peak_warning_minutes": "invalid_peak_warning"}),
        ({"peak_warning_minutes": 2.5}, {"peak_warning_minutes": "invalid_peak_warning"}),
        ({"best_window_minutes": 0}, {"best_window_minutes": "invalid_best_window"}),
        ({"best_window_minutes": 721}, {"best_window_minutes": "invalid_best_window"}),
        ({"schedule_grace_minutes": -5}, {"schedule_grace_minutes": "invalid_schedule_grace"}),
        ({"schedule_grace_minutes": 241}, {"schedule_grace_minutes": "invalid_schedule_grace"}),
        ({"carbon_sensor": "sensor.nothing"}, {"carbon_sensor": "carbon_sensor_missing"}),
        ({"carbon_sensor": "sensor.outdoor_co2"}, {"carbon_sensor": "carbon_sensor_unit"}),
        (
            {"consumption_source": "meter"},
            {"consumption_sensor": "consumption_sensor_required"},
        ),
        (
            {"consumption_source": "both", "consumption_sensor": "sensor.nothing"},
            {"consumption_sensor": "consumption_sensor_missing"},
        ),
        (
            {"consumption_source": "meter", "consumption_sensor": "sensor.outdoor_co2"},
            {"consumption_sensor": "consumption_sensor_not_energy"},
        ),
    ],
)
async def test_options_flow_rejects_bad_values(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    hass.states.async_set("sensor.outdoor_co2", "410", {"unit_of_measurement": "ppm"})
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    bad = {**GOOD_OPTIONS, **changes}
    result = await hass.config_entries.options.async_configure(result["flow_id"], bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert suggested(result) == bad
    assert init_integration.options == {}


async def test_options_flow_chooses_notify_targets_that_exist(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("notify.family", "unknown")
    async_mock_service(hass, "notify", "mobile_app_phone")
    async_mock_service(hass, "notify", "send_message")
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    for changes, errors in (
        ({"notify_entity": "notify.nobody"}, {"notify_entity": "notify_entity_missing"}),
        ({"notify_service": "mobile_app_gone"}, {"notify_service": "notify_service_missing"}),
        # send_message needs an entity: it is the entity target, never the service one.
        ({"notify_service": "notify.send_message"}, {"notify_service": "notify_service_missing"}),
    ):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {**GOOD_OPTIONS, **changes}
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == errors
        assert init_integration.options == {}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            **GOOD_OPTIONS,
            "notify_entity": "notify.family",
            "notify_service": " notify.mobile_app_phone ",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options["notify_entity"] == "notify.family"
    assert init_integration.options["notify_service"] == "mobile_app_phone"
    await hass.async_block_till_done()
    config = init_integration.runtime_data.home
    assert (config.notify, config.notify_entity, config.notify_service) == (
        False,
        "notify.family",
        "mobile_app_phone",
    )
    # Clearing them (an empty text) turns them off again.
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**GOOD_OPTIONS, "notify_service": "  "}
    )
    assert "notify_service" not in init_integration.options
    assert "notify_entity" not in init_integration.options


async def test_options_flow_sets_and_clears_a_live_carbon_sensor(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("sensor.grid_co2", "512", {"unit_of_measurement": "gCO2eq/kWh"})
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**GOOD_OPTIONS, "carbon_sensor": "sensor.grid_co2"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert hass.states.get("sensor.test_home_grid_carbon_intensity").state == "512.0"
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert suggested(result)["carbon_sensor"] == "sensor.grid_co2"
    result = await hass.config_entries.options.async_configure(result["flow_id"], GOOD_OPTIONS)
    await hass.async_block_till_done()
    assert "carbon_sensor" not in init_integration.options
    state = hass.states.get("sensor.test_home_grid_carbon_intensity")
    assert state.attributes["source"] == "IN-WE"


CUSTOM_WEEKDAY = (
    "00:00-06:00 off_peak 4.5\n06:00-18:00 normal 8\n18:00-22:00 peak 11\n22:00-24:00 off_peak 4.5"
)


async def test_custom_tariff_is_entered_as_text_and_validated(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    home = {**HOME_DATA, "tariff": "custom", "name": "Custom Home"}
    del home["normal_rate"]
    result = await hass.config_entries.flow.async_configure(result["flow_id"], home)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "custom_tariff"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"weekday": "00:00-06:00 cheap\n06:00-24:00 8"}
    )
    assert result["errors"] == {"weekday": "tariff_line_invalid"}
    assert result["description_placeholders"] == {"line": "1", "text": "00:00-06:00 cheap"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"weekday": CUSTOM_WEEKDAY, "weekend": "00:00-12:00 4"}
    )
    assert result["errors"] == {"weekend": "tariff_gap"}
    assert result["description_placeholders"] == {"start": "12:00", "end": "24:00"}
    assert suggested(result) == {"weekday": CUSTOM_WEEKDAY, "weekend": "00:00-12:00 4"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"weekday": CUSTOM_WEEKDAY, "weekend": "00:00-24:00 off_peak 4"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    custom = result["data"]["custom_tariff"]
    assert custom["weekday"][2] == {"start": "18:00", "end": "22:00", "rate": 11.0, "kind": "peak"}
    assert custom["weekend"] == [
        {"start": "00:00", "end": "24:00", "rate": 4.0, "kind": "off_peak"}
    ]
    assert "normal_rate" not in result["data"]
    await hass.async_block_till_done()
    assert hass.states.get("sensor.custom_home_tariff_rate") is not None


@pytest.mark.parametrize(
    ("weekday", "error", "placeholders"),
    [
        pytest.param(
            "00:00-24:00 peak 1" + "0" * 307,
            "tariff_rate_too_high",
            {"slot": "00:00-24:00", "maximum": "1000000"},
            id="1e307",
        ),
        pytest.param(
            "00:00-12:00 8\n12:00-24:00 " + "9" * 400,
            "tariff_rate_too_high",
            {"slot": "12:00-24:00", "maximum": "1000000"},
            id="infinite",
        ),
        pytest.param(
            "00:00-24:00 1000000.5",
            "tariff_rate_too_high",
            {"slot": "00:00-24:00", "maximum": "1000000"},
            id="just above",
        ),
        pytest.param(
            "00:00-24:00 -0.5", "tariff_negative_rate", {"slot": "00:00-24:00"}, id="negative"
        ),
    ],
)
async def test_custom_tariff_rates_out_of_range_are_form_errors(
    hass: HomeAssistant, weekday: str, error: str, placeholders: dict[str, str]
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], CUSTOM_HOME)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {"weekday": weekday})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"weekday": error}
    assert result["description_placeholders"] == placeholders
    assert not hass.config_entries.async_entries(DOMAIN)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"weekday": "00:00-24:00 1000000"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["custom_tariff"]["weekday"] == custom_day(1_000_000.0)


async def test_preset_tariff_needs_a_normal_rate(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    home = dict(HOME_DATA)
    del home["normal_rate"]
    result = await hass.config_entries.flow.async_configure(result["flow_id"], home)
    assert result["errors"] == {"normal_rate": "rate_required"}


async def test_reconfigure_to_and_from_a_custom_tariff(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**HOME_DATA, "tariff": "custom"}
    )
    assert result["step_id"] == "custom_tariff"
    assert suggested(result) == {}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"weekday": CUSTOM_WEEKDAY}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert "weekend" not in init_integration.data["custom_tariff"]  # weekends as weekdays
    assert "normal_rate" not in init_integration.data

    # Editing again shows the slots as text; switching back to a preset drops them.
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**HOME_DATA, "tariff": "custom"}
    )
    assert suggested(result) == {"weekday": CUSTOM_WEEKDAY}
    hass.config_entries.flow.async_abort(result["flow_id"])
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], HOME_DATA)
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.data == HOME_DATA


async def test_reconfigure_shows_stored_weekend_slots(hass: HomeAssistant) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Test Home",
        unique_id="test_home",
        data={
            **{k: v for k, v in HOME_DATA.items() if k != "normal_rate"},
            "tariff": "custom",
            "custom_tariff": {
                "weekday": [{"start": "00:00", "end": "24:00", "rate": 8, "kind": "normal"}],
                "weekend": [{"start": "00:00", "end": "24:00", "rate": 5, "kind": "off_peak"}],
            },
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {k: v for k, v in entry.data.items() if k != "custom_tariff"}
    )
    assert suggested(result) == {
        "weekday": "00:00-24:00 normal 8",
        "weekend": "00:00-24:00 off_peak 5",
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"weekday": "00:00-24:00 normal 9", "weekend": "00:00-24:00 off_peak 5"}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data["custom_tariff"]["weekday"][0]["rate"] == 9.0


# -- reauthentication of a plant (SolisCloud rejected its credentials) -------------------------


@pytest.fixture
async def reauth_flow(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    solis_server: FakeSolisCloud,
    solis_api_id: str,
) -> tuple[MockConfigEntry, str]:
    """A home whose plant's secret was rotated on SolisCloud: it asks for new credentials."""
    solis_server.accounts[solis_api_id] = "a-new-secret"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Test Home",
        unique_id="test_home",
        data=dict(HOME_DATA),
        subentries_data=[plant_subentry(solis_api_id)],
    )
    entry.add_to_hass(hass)
    freezer.move_to(MONDAY + timedelta(hours=9))
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["step_id"] == "reauth_confirm"
    return entry, flows[0]["flow_id"]


async def test_reauth_refuses_malformed_credentials_without_asking_soliscloud(
    hass: HomeAssistant,
    reauth_flow: tuple[MockConfigEntry, str],
    solis_server: FakeSolisCloud,
    solis_api_id: str,
) -> None:
    entry, flow_id = reauth_flow
    requests = solis_server.count()
    bad = {"api_id": "has space", "api_secret": "   "}
    result = await hass.config_entries.flow.async_configure(flow_id, bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {
        "api_id": "invalid_credential",
        "api_secret": "invalid_credential",
    }
    assert suggested(result) == bad
    assert solis_server.count() == requests
    assert entry.subentries[PLANT_ID].data["api_secret"] == API_SECRET

    result = await hass.config_entries.flow.async_configure(
        flow_id, {"api_id": f" {solis_api_id} ", "api_secret": " a-new-secret "}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    data = entry.subentries[PLANT_ID].data
    assert (data["api_id"], data["api_secret"]) == (solis_api_id, "a-new-secret")


async def test_deleting_the_plant_closes_its_reauth_form(
    hass: HomeAssistant,
    reauth_flow: tuple[MockConfigEntry, str],
    solis_server: FakeSolisCloud,
) -> None:
    entry, flow_id = reauth_flow
    requests = solis_server.count()
    assert hass.config_entries.async_remove_subentry(entry, PLANT_ID)
    # The home reloads without the plant, and the form asking for its credentials is gone.
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []
    with pytest.raises(UnknownFlow):
        await hass.config_entries.flow.async_configure(
            flow_id, {"api_id": "new-id", "api_secret": "a-new-secret"}
        )
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.subentries == {}
    assert solis_server.count() == requests


GRID_LIMITS = {
    "frequency_warning_hz": 49.7,
    "frequency_warning_seconds": 30,
    "frequency_critical_hz": 49.5,
    "frequency_critical_seconds": 10,
    "voltage_warning_low": 216,
    "voltage_warning_high": 244,
    "voltage_warning_seconds": 60,
    "voltage_critical_low": 207,
    "voltage_critical_high": 253,
    "voltage_critical_seconds": 10,
}


async def test_options_flow_chooses_grid_sensors_and_checks_their_limits(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    contradicting = {**GRID_LIMITS, "frequency_critical_hz": 49.8}  # above the warning
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**GOOD_OPTIONS, "grid_sensors": contradicting}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"grid_sensors": "invalid_grid_thresholds"}
    assert init_integration.options == {}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            **GOOD_OPTIONS,
            "grid_sensors": {
                **GRID_LIMITS,
                "voltage_sensor": "sensor.meter_voltage",
                "mains_sensor": "binary_sensor.mains",
            },
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options["grid_sensors"] == {
        **{key: float(value) for key, value in GRID_LIMITS.items()},
        "voltage_sensor": "sensor.meter_voltage",
        "mains_sensor": "binary_sensor.mains",
    }


ANOMALY_SETTINGS = {
    "medium_from_pct": 40,
    "high_from_pct": 150,
    "record_factor": 1.2,
    "sustained_hours": 4,
    "min_excess_share": 0.5,
    "lookback_days": 28,
    "pattern_factor": 2,
    "appliance_power_margin": 0.5,
    "appliance_run_factor": 3,
}


async def test_options_flow_tunes_the_anomaly_settings_and_refuses_contradictions(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    shown = result["data_schema"]({**GOOD_OPTIONS})
    assert "anomaly_settings" not in shown  # collapsed and optional: untouched, not stored
    for wrong, error in (
        ({"high_from_pct": 30}, "anomaly_high_below_medium"),
        ({"sustained_hours": 2.5}, "invalid_anomaly_settings"),
    ):
        result = await hass.config_entries.options.async_configure(
            result["flow_id"],
            {**GOOD_OPTIONS, "anomaly_settings": {**ANOMALY_SETTINGS, **wrong}},
        )
        assert result["type"] is FlowResultType.FORM
        assert result["errors"] == {"anomaly_settings": error}
        assert init_integration.options == {}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**GOOD_OPTIONS, "anomaly_settings": ANOMALY_SETTINGS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    stored = init_integration.options["anomaly_settings"]
    assert stored == {key: float(value) for key, value in ANOMALY_SETTINGS.items()}
    assert isinstance(stored["sustained_hours"], int)
    assert isinstance(stored["lookback_days"], int)


BILL = {
    "reading_day": 5,
    "fixed_charge": 120,
    "duty_percent": 16,
    "due_days": 15,
    "incentive_share_percent": 10,
    "incentive_cap_percent": 20,
}


@pytest.mark.parametrize(
    "bad",
    [
        {"reading_day": 2.5},
        {"due_days": 1.5},
        {"monthly_budget": float("nan")},
        {"low_balance_days": float("nan")},
        {"spike_minutes": 2.5},
    ],
)
async def test_options_flow_sets_the_bill_and_rejects_what_no_bill_prints(
    hass: HomeAssistant, init_integration: MockConfigEntry, bad: dict[str, Any]
) -> None:
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**GOOD_OPTIONS, "billing": {**BILL, **bad}}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"billing": "invalid_billing"}
    assert init_integration.options == {}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**GOOD_OPTIONS, "billing": BILL}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options["billing"] == {
        "reading_day": 5,
        "fixed_charge": 120.0,
        "duty_percent": 16.0,
        "due_days": 15,
        "incentive_share_percent": 10.0,
        "incentive_cap_percent": 20.0,
        "monthly_budget": 0.0,
        "prepaid": False,
        "low_balance_days": 3.0,
        "low_balance_amount": 0.0,
        "spike_threshold_w": 0.0,
        "spike_minutes": 5,
    }


async def test_options_flow_refuses_a_bill_outside_the_forms_ranges(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {**GOOD_OPTIONS, "billing": {**BILL, "reading_day": 32}}
        )
