"""Every VoltWise service against a table of bad inputs (issue 11, "Done when").

Wrong types, out-of-range numbers, NaN and infinity, dates at year 1 and 9999, durations of 0,
negative and weeks, unknown ids and entities, malformed times. Each call must be refused with a
``ServiceValidationError`` carrying VoltWise's translation key (or, for a pure type error, Home
Assistant's own ``vol.Invalid``, as the README says), log no error, store nothing, and leave a
home that still loads after a reload. The home has two appliances, a schedule, and a plant
talking to the fake SolisCloud.
"""

from __future__ import annotations

import copy
import math
from datetime import timedelta
from typing import Any

import pytest
import voluptuous as vol
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.engine.plant.edits import create_collection
from tests.homes import appliance_subentry
from tests.plant.plants import MONDAY, day_plan, plant_subentry, seed_plan
from tests.plant.soliscloud.fake_server import FakeSolisCloud
from tests.test_service_schemas import SERVICES

HEATER = "01JTESTHEATER000000000000"
WASHER = "01JTESTWASHER000000000000"
SCHEDULE = "01JTESTSCHEDULE0000000000"
ENTRY = "01JTESTHOME00000000000000"
PLANT = "sensor.roof_active_schedule"  # any entity of the plant names it
NINE = MONDAY + timedelta(hours=9)  # Monday 2 March 2026, 09:00 in Kolkata
TYPE_ERROR = vol.Invalid  # Home Assistant's own message for a value of the wrong type
# An entity service's target that matches no VoltWise appliance: Home Assistant's targeting
# logs a warning and calls nobody, as for every entity service.
IGNORED = "ignored by Home Assistant"

YEAR_1 = "0001-01-01 00:00:00"
YEAR_9999 = "9999-12-31 23:59:59"
SEGMENT = {"start": "06:00", "end": "09:00", "peak_shaving_w": 3000, "grid_charging_allowed": False}

BAD_INPUTS: dict[str, list[tuple[dict[str, Any], str | type[Exception]]]] = {
    "find_best_window": [
        ({"config_entry_id": "nope", "duration": "01:00:00"}, "home_not_found"),
        ({"appliance": "switch.nope", "duration": "01:00:00"}, "not_an_appliance"),
        ({"appliance": "sensor.test_home_tariff_rate"}, "not_an_appliance"),
        ({"appliance": "not an entity"}, TYPE_ERROR),
        ({"config_entry_id": ENTRY}, "duration_or_profile"),
        ({"config_entry_id": ENTRY, "duration": "soon"}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "duration": "00:00:00"}, "invalid_duration"),
        ({"config_entry_id": ENTRY, "duration": "-01:00:00"}, "invalid_duration"),
        ({"config_entry_id": ENTRY, "duration": {"days": 14}}, "duration_too_long"),
        ({"config_entry_id": ENTRY, "duration": "144:00:00"}, "window_too_short"),
        ({"config_entry_id": ENTRY, "duration": 1e300}, "duration_too_long"),
        ({"config_entry_id": ENTRY, "duration": math.nan}, "value_not_finite"),
        ({"config_entry_id": ENTRY, "duration": "01:00:00", "power": "a lot"}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "duration": "01:00:00", "power": 1e12}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "duration": "01:00:00", "power": -1}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "duration": "01:00:00", "power": math.inf}, "value_not_finite"),
        ({"config_entry_id": ENTRY, "profile": [1, "x"]}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "profile": [math.nan]}, "value_not_finite"),
        ({"config_entry_id": ENTRY, "profile": []}, "cycle_empty"),
        (
            {"config_entry_id": ENTRY, "profile": [1], "profile_step": "00:00:00"},
            "invalid_duration",
        ),
        (
            {"config_entry_id": ENTRY, "duration": "01:00:00", "earliest_start": YEAR_1},
            "date_out_of_range",
        ),
        (
            {"config_entry_id": ENTRY, "duration": "01:00:00", "earliest_start": YEAR_9999},
            "date_out_of_range",
        ),
        (
            {"config_entry_id": ENTRY, "duration": "01:00:00", "deadline": YEAR_9999},
            "date_out_of_range",
        ),
        (
            {"config_entry_id": ENTRY, "duration": "01:00:00", "deadline": "2026-03-09 00:00:00"},
            "window_beyond_horizon",
        ),
        (
            {"config_entry_id": ENTRY, "duration": "01:00:00", "earliest_start": "25:99"},
            TYPE_ERROR,
        ),
        ({"config_entry_id": ENTRY, "duration": "01:00:00", "strategy": "x"}, "unknown_option"),
        ({"config_entry_id": ENTRY, "duration": "01:00:00", "min_block": 0}, "invalid_min_block"),
    ],
    "get_penalty_timeline": [
        ({"config_entry_id": "nope"}, "home_not_found"),
        ({}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "hours": "x"}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "hours": 0.01}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "hours": 1e9}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "hours": -math.inf}, "value_not_finite"),
        ({"config_entry_id": ENTRY, "resolution": 7}, "invalid_resolution"),
        ({"config_entry_id": ENTRY, "resolution": math.inf}, "value_not_finite"),
        ({"config_entry_id": ENTRY, "strategy": "cheap"}, "unknown_option"),
    ],
    "acknowledge_anomaly": [
        ({"config_entry_id": "nope"}, "home_not_found"),
        ({}, TYPE_ERROR),
        ({"config_entry_id": ENTRY}, "insight_not_enabled"),
        ({"config_entry_id": ENTRY, "anomaly_id": ["x"]}, TYPE_ERROR),
    ],
    "mark_bill_paid": [
        ({"config_entry_id": "nope"}, "home_not_found"),
        ({}, TYPE_ERROR),
        ({"config_entry_id": ENTRY}, "billing_not_enabled"),
        ({"config_entry_id": ENTRY, "cycle": "June"}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "cycle": ["2026-06-01"]}, TYPE_ERROR),
    ],
    "top_up": [
        ({"config_entry_id": "nope", "amount": 100}, "home_not_found"),
        ({"amount": 100}, TYPE_ERROR),
        ({"config_entry_id": ENTRY}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "amount": 100}, "prepaid_not_enabled"),
        ({"config_entry_id": ENTRY, "amount": 0}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "amount": "lots"}, TYPE_ERROR),
        ({"config_entry_id": ENTRY, "amount": 100, "date": "July"}, TYPE_ERROR),
    ],
    "turn_off_all": [
        ({"config_entry_id": "nope"}, "home_not_found"),
        ({}, TYPE_ERROR),
        ({"config_entry_id": {"id": 1}}, TYPE_ERROR),
    ],
    "set_eco_mode": [
        ({"entity_id": "switch.heater", "enabled": "maybe"}, TYPE_ERROR),
        ({"entity_id": "switch.heater"}, TYPE_ERROR),
        ({"entity_id": "switch.nope", "enabled": True}, IGNORED),
        ({"entity_id": "sensor.test_home_tariff_rate", "enabled": True}, IGNORED),
    ],
    "schedule_appliance": [
        ({"appliance": "switch.nope", "start": "22:00"}, "not_an_appliance"),
        ({"appliance": "switch.heater"}, TYPE_ERROR),
        ({"appliance": "switch.heater", "start": "25:00"}, "invalid_time"),
        ({"appliance": "switch.heater", "start": "noon"}, "invalid_time"),
        (
            {"appliance": "switch.heater", "start": "22:00", "end": "22:00"},
            "schedule_end_equals_start",
        ),
        (
            {"appliance": "switch.heater", "start": "22:00", "date": "9999-12-31"},
            "date_out_of_range",
        ),
        (
            {"appliance": "switch.heater", "start": "22:00", "date": "0001-01-01"},
            "date_out_of_range",
        ),
        (
            {"appliance": "switch.heater", "start": "22:00", "date": "2026-02-30"},
            "schedule_invalid_date",
        ),
        (
            {
                "appliance": "switch.heater",
                "start": "23:00",
                "date": "9999-12-31",
                "duration": "144:00:00",
            },
            "date_out_of_range",
        ),
        ({"appliance": "switch.heater", "start": "22:00", "duration": 0}, "invalid_duration"),
        ({"appliance": "switch.heater", "start": "22:00", "duration": -60}, "invalid_duration"),
        (
            {"appliance": "switch.heater", "start": "22:00", "duration": {"days": 21}},
            "duration_too_long",
        ),
        (
            {"appliance": "switch.heater", "start": "22:00", "duration": math.inf},
            "value_not_finite",
        ),
        ({"appliance": "switch.heater", "start": "22:00", "repeat": "hourly"}, "unknown_repeat"),
        (
            {"appliance": "switch.heater", "start": "22:00", "repeat": "days", "days": ["funday"]},
            "schedule_unknown_day",
        ),
        ({"appliance": "switch.heater", "start": "22:00", "smart": "perhaps"}, TYPE_ERROR),
    ],
    "update_schedule": [
        ({"schedule_id": "nope", "start": "22:00"}, "schedule_not_found"),
        (
            {"schedule_id": SCHEDULE, "date": "9999-12-31", "duration": "144:00:00"},
            "date_out_of_range",
        ),
        ({"schedule_id": SCHEDULE, "date": "0001-01-01"}, "date_out_of_range"),
        ({"schedule_id": SCHEDULE, "end": "22:00"}, "schedule_end_equals_start"),
        ({"schedule_id": SCHEDULE, "duration": {"days": 8}}, "duration_too_long"),
        ({"schedule_id": SCHEDULE, "duration": "-00:30:00"}, "invalid_duration"),
        ({"schedule_id": SCHEDULE, "start": "7 o'clock"}, "invalid_time"),
        ({"schedule_id": SCHEDULE, "repeat": "once", "date": "2026-03-01"}, "schedule_in_past"),
        ({"schedule_id": SCHEDULE, "days": "mon"}, "schedule_days_only_chosen"),
        ({"schedule_id": ["a"]}, TYPE_ERROR),
    ],
    "cancel_schedule": [
        ({"schedule_id": "nope"}, "schedule_not_found"),
        ({"schedule_id": {"id": 1}}, TYPE_ERROR),
    ],
    "list_schedules": [
        ({"config_entry_id": "nope"}, "home_not_found"),
        ({"appliance": "switch.nope"}, "not_an_appliance"),
        ({"appliance": 42}, TYPE_ERROR),
    ],
    "set_override": [
        ({"plant": "nope", "peak_shaving_w": 3000}, "not_a_plant"),
        ({"plant": PLANT, "peak_shaving_w": 1e12}, "value_out_of_range"),
        ({"plant": PLANT, "peak_shaving_w": math.nan}, "value_not_finite"),
        ({"plant": PLANT, "peak_shaving_w": 1500.5}, "value_not_whole"),
        ({"plant": PLANT, "peak_shaving_w": 150}, "peak_shaving_step"),
        ({"plant": PLANT, "peak_shaving_w": "lots"}, TYPE_ERROR),
        ({"plant": PLANT, "mode": "forever", "peak_shaving_w": 3000}, "unknown_option"),
        ({"plant": PLANT}, "override_empty"),
        (
            {"plant": PLANT, "mode": "until_time", "peak_shaving_w": 3000, "until": YEAR_9999},
            "date_out_of_range",
        ),
        (
            {"plant": PLANT, "mode": "until_time", "peak_shaving_w": 3000, "until": YEAR_1},
            "date_out_of_range",
        ),
        (
            {"plant": PLANT, "mode": "until_time", "peak_shaving_w": 3000, "until": "never"},
            TYPE_ERROR,
        ),
    ],
    "clear_override": [({"plant": "nope"}, "not_a_plant"), ({"plant": ["x"]}, TYPE_ERROR)],
    "apply_now": [({"plant": "sensor.nope"}, "not_a_plant")],
    "set_daily_schedule": [
        ({"plant": PLANT, "schedule": "Night", "segments": "25:00-26:00 0 on"}, "invalid_time"),
        ({"plant": PLANT, "schedule": "Night", "segments": "nonsense"}, "segment_line_invalid"),
        (
            {
                "plant": PLANT,
                "schedule": "Night",
                "segments": [{**SEGMENT, "peak_shaving_w": math.inf}],
            },
            "value_not_finite",
        ),
        (
            {
                "plant": PLANT,
                "schedule": "Night",
                "segments": [{**SEGMENT, "peak_shaving_w": -100}],
            },
            "value_out_of_range",
        ),
        (
            {"plant": PLANT, "schedule": "Night", "segments": [{**SEGMENT, "end": "06:00"}]},
            "segment_empty",
        ),
        ({"plant": PLANT, "schedule": "Night", "segments": [{"start": "06:00"}]}, TYPE_ERROR),
        (
            {"plant": PLANT, "schedule": "Night", "segments": [SEGMENT], "collection": "Nope"},
            "unknown_collection_name",
        ),
        ({"plant": "nope", "schedule": "Night", "segments": [SEGMENT]}, "not_a_plant"),
    ],
    "delete_daily_schedule": [
        ({"plant": PLANT, "schedule": "Nope"}, "unknown_schedule_name"),
        ({"plant": "nope", "schedule": "Workday"}, "not_a_plant"),
    ],
    "assign_daily_schedule": [
        ({"plant": PLANT, "schedule": "Workday", "days": "funday"}, "invalid_days"),
        ({"plant": PLANT, "schedule": "Workday", "days": ["funday"]}, "invalid_days"),
        (
            {"plant": PLANT, "schedule": "Workday", "days": "sat", "priority": 1001},
            "value_out_of_range",
        ),
        (
            {"plant": PLANT, "schedule": "Workday", "days": "sat", "priority": 10.5},
            "value_not_whole",
        ),
        (
            {"plant": PLANT, "schedule": "Workday", "days": "sat", "priority": math.nan},
            "value_not_finite",
        ),
        ({"plant": PLANT, "schedule": "Nope", "days": "sat"}, "unknown_schedule_name"),
    ],
    "unassign_daily_schedule": [
        ({"plant": PLANT, "schedule": "Workday", "days": "xyz"}, "invalid_days"),
        ({"plant": PLANT, "schedule": "Nope"}, "unknown_schedule_name"),
    ],
    "set_plant_defaults": [
        ({"plant": PLANT, "peak_shaving_w": -100}, "value_out_of_range"),
        ({"plant": PLANT, "peak_shaving_w": 150}, "peak_shaving_step"),
        ({"plant": PLANT, "peak_shaving_w": math.inf}, "value_not_finite"),
        ({"plant": PLANT, "grid_charging_allowed": "sometimes"}, TYPE_ERROR),
    ],
    "activate_schedule_collection": [
        ({"plant": PLANT, "collection": "Nope"}, "unknown_collection_name"),
        ({"plant": PLANT}, TYPE_ERROR),
    ],
    "get_plant_plan": [({"plant": "nope"}, "not_a_plant")],
    "pause_autopilot": [
        ({"appliance": "sensor.nope"}, "not_an_appliance"),
        ({"appliance": "switch.heater", "until": "2026-03-02 08:00:00"}, "pause_until_past"),
        ({"appliance": "switch.heater", "until": "soon"}, TYPE_ERROR),
        ({}, TYPE_ERROR),
    ],
    "resume_autopilot": [({"appliance": "sensor.nope"}, "not_an_appliance"), ({}, TYPE_ERROR)],
    "cancel_autopilot_run": [
        ({"appliance": "sensor.nope"}, "not_an_appliance"),
        ({"appliance": "switch.heater"}, "no_autopilot_run"),
        ({}, TYPE_ERROR),
    ],
    "report_grid_event": [
        ({"config_entry_id": "nope", "type": "peak_alert", "severity": "info"}, "home_not_found"),
        ({"config_entry_id": ENTRY, "type": "meteor", "severity": "info"}, "unknown_option"),
        ({"config_entry_id": ENTRY, "type": "peak_alert", "severity": "dire"}, "unknown_option"),
        (
            {
                "config_entry_id": ENTRY,
                "type": "peak_alert",
                "severity": "critical",
                "end": "2026-03-02 08:00:00",
            },
            "grid_event_end_before_start",
        ),
        (
            {
                "config_entry_id": ENTRY,
                "type": "peak_alert",
                "severity": "info",
                "message": "x" * 501,
            },
            "grid_event_message_too_long",
        ),
        ({"config_entry_id": ENTRY, "type": "peak_alert"}, TYPE_ERROR),
    ],
    "preview_autopilot": [
        ({"config_entry_id": "nope"}, "home_not_found"),
        ({"config_entry_id": ENTRY, "hours": 0}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "hours": 25}, "value_out_of_range"),
        ({"config_entry_id": ENTRY, "hours": float("nan")}, "value_not_finite"),
        ({}, TYPE_ERROR),
    ],
}
CASES = [
    pytest.param(service, data, expected, id=f"{service}-{number}")
    for service, table in BAD_INPUTS.items()
    for number, (data, expected) in enumerate(table)
]
RESPONSE = {
    "find_best_window": True,
    "get_penalty_timeline": True,
    "list_schedules": True,
    "get_plant_plan": True,
    "preview_autopilot": True,
}


@pytest.fixture
def home_subentries(solis_server: FakeSolisCloud, solis_api_id: str) -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=2000.0),
        appliance_subentry(WASHER, "Washer", nameplate_w=1000.0),
        plant_subentry(solis_api_id),
    ]


@pytest.fixture
async def home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> MockConfigEntry:
    """The home at Monday 09:00 with a daily 22:00 heater schedule and the plant's day plan."""
    plan, _ = create_collection(day_plan(), "Holiday")
    seed_plan(hass_storage, plan)
    key = f"voltwise.{ENTRY}.schedules"
    hass_storage[key] = {
        "version": 1,
        "minor_version": 3,
        "key": key,
        "data": {
            "schedules": {
                SCHEDULE: {
                    "spec": {"id": SCHEDULE, "start": "22:00", "repeat": "daily"},
                    "appliance_id": HEATER,
                    "created_at": NINE.isoformat(),
                    "handled_until": NINE.isoformat(),
                    "starts": {},
                }
            }
        },
    }
    freezer.move_to(NINE)
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


def test_every_service_has_a_table() -> None:
    """A new service without bad inputs to try fails here."""
    assert set(BAD_INPUTS) == set(SERVICES)


async def _state(hass: HomeAssistant, entry: MockConfigEntry, storage: dict[str, Any]) -> Any:
    """What a refused call must not change: schedules, the plant's plan, what is stored."""
    schedules = await hass.services.async_call(
        DOMAIN, "list_schedules", {}, blocking=True, return_response=True
    )
    plan = await hass.services.async_call(
        DOMAIN, "get_plant_plan", {"plant": PLANT}, blocking=True, return_response=True
    )
    stored = {key: value for key, value in storage.items() if key.startswith(DOMAIN)}
    return copy.deepcopy((schedules, plan["plan"], stored))


@pytest.mark.parametrize(("service", "data", "expected"), CASES)
async def test_bad_input_is_refused_cleanly(  # noqa: PLR0917 - parametrized
    hass: HomeAssistant,
    home: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    service: str,
    data: dict[str, Any],
    expected: str | type[Exception],
) -> None:
    before = await _state(hass, home, hass_storage)
    caplog.clear()
    call = hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=RESPONSE.get(service, False)
    )
    if expected == IGNORED:
        await call
        assert "are missing or not currently available" in caplog.text
    else:
        with pytest.raises((ServiceValidationError, vol.Invalid)) as raised:
            await call
        if expected is TYPE_ERROR:
            assert isinstance(raised.value, vol.Invalid), raised.value
        else:
            assert isinstance(raised.value, ServiceValidationError), raised.value
            assert raised.value.translation_domain == DOMAIN
            assert raised.value.translation_key == expected
            message = str(raised.value)
            assert message != expected  # a translated message, not the bare key
            assert "e+" not in message or "e+" in repr(data)  # numbers written for people
    await hass.async_block_till_done()
    assert not [record for record in caplog.records if record.levelname in {"ERROR", "CRITICAL"}]
    assert await _state(hass, home, hass_storage) == before  # nothing stored, nothing changed

    assert await hass.config_entries.async_reload(home.entry_id)
    await hass.async_block_till_done()
    assert home.state is ConfigEntryState.LOADED
    assert (await _state(hass, home, hass_storage))[0] == before[0]
