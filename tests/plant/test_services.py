"""Overrides, apply now, schedule editing and plant entities, through services and entities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.voltwise import logbook
from custom_components.voltwise.const import DOMAIN, EVENT_PLANT_APPLIED
from custom_components.voltwise.engine.plant.codec import plan_from_dict
from custom_components.voltwise.engine.plant.edits import create_collection
from tests.plant.plants import (
    ENTRY_ID,
    MONDAY,
    PLANT_ID,
    controls,
    day_plan,
    plant_subentry,
    seed_plan,
    store_key,
)
from tests.plant.soliscloud.fake_server import FakeSolisCloud, FaultKind
from tests.plant.test_coordinator import APPLIED, DESIRED, NEXT, RESULT, advance_to, setup_home

NINE = MONDAY + timedelta(hours=9)  # Monday 09:00 local: Workday's 07:00-10:00 3000 W, off
SOURCE = "sensor.roof_control_source"
OVERRIDE = "binary_sensor.roof_override"
GRID = "binary_sensor.roof_grid_charging"
PLANT = "sensor.roof_active_schedule"  # any entity of the plant names it in services


@pytest.fixture
def home_subentries(solis_server: FakeSolisCloud, solis_api_id: str) -> list[dict[str, Any]]:
    return [plant_subentry(solis_api_id)]


@pytest.fixture
async def plant_home(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    solis_server: FakeSolisCloud,
) -> MockConfigEntry:
    """A home whose plant follows the day plan; Monday 09:00, 3000 W already applied."""
    plan, _ = create_collection(day_plan(), "Holiday")
    seed_plan(
        hass_storage,
        plan,
        applied={"peak_shaving_w": 3000, "grid_charging_allowed": False, "at": None},
    )
    solis_server.inverters["1031D2222110085"].controls[5035] = "3000"
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 0
    return mock_config_entry


async def call(hass: HomeAssistant, service: str, **data: Any) -> Any:
    response = await hass.services.async_call(
        DOMAIN,
        service,
        {"plant": PLANT, **data},
        blocking=True,
        return_response=service in {"apply_now", "get_plant_plan", "delete_daily_schedule"},
    )
    await hass.async_block_till_done()
    return response


def stored_plan(hass_storage: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = hass_storage[store_key()]["data"]["plan"]
    return plan


@pytest.mark.usefixtures("plant_home")
async def test_the_today_view_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    expected = {
        "sensor.roof_active_schedule": "Workday",
        "sensor.roof_active_segment": "07:00-10:00",
        SOURCE: "segment",
        DESIRED: "3000",
        APPLIED: "3000",
        NEXT: (MONDAY + timedelta(hours=10)).isoformat(),
        RESULT: "unknown",  # nothing had to be applied yet
        "sensor.roof_api_calls_today": "0",
        GRID: "off",
        "binary_sensor.roof_applied_grid_charging": "off",
        OVERRIDE: "off",
        "number.roof_default_peak_shaving_limit": "5000",
        "switch.roof_default_grid_charging": "off",
        "select.roof_active_schedule_collection": "Default",
        "button.roof_apply_now": "unknown",
    }
    assert {entity_id: hass.states.get(entity_id).state for entity_id in expected} == expected
    assert hass.states.get("select.roof_active_schedule_collection").attributes["options"] == [
        "Default",
        "Holiday",
    ]
    assert hass.states.get("sensor.roof_active_schedule").attributes["collection"] == "Default"
    assert hass.states.get(DESIRED).attributes["unit_of_measurement"] == "W"
    entity = entity_registry.async_get(DESIRED)
    assert entity.unique_id == f"{ENTRY_ID}_{PLANT_ID}_desired_peak_shaving"
    assert entity.config_subentry_id == PLANT_ID
    device = device_registry.async_get(entity.device_id)
    assert device.name == "Roof"
    assert device.serial_number == "1031D2222110085"
    assert device.config_entries_subentries == {ENTRY_ID: {PLANT_ID}}
    # No credential in any state or attribute.
    for state in hass.states.async_all():
        assert "6680182547" not in str(state.as_dict())


async def test_override_until_the_next_boundary_ends_there(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    await call(hass, "set_override", mode="until_next_boundary", peak_shaving_w=2000)
    assert controls(solis_server) == ("2000", "0")
    assert hass.states.get(SOURCE).state == "override"
    assert hass.states.get(OVERRIDE).state == "on"
    until = (MONDAY + timedelta(hours=10)).isoformat()
    assert hass.states.get(SOURCE).attributes["override_until"] == until
    assert stored_plan(hass_storage)["override"]["peak_shaving_w"] == 2000
    assert solis_server.count() == 3

    # At 10:00 the override ends with the segment: Workday's 8000 W with grid charging.
    await advance_to(hass, freezer, MONDAY + timedelta(hours=10))
    assert controls(solis_server) == ("8000", "1")
    assert hass.states.get(OVERRIDE).state == "off"
    assert hass.states.get(SOURCE).state == "segment"
    assert stored_plan(hass_storage)["override"] is None


async def test_override_until_a_time_and_until_cleared(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
) -> None:
    # "until" without a zone is the plant's local time.
    await call(
        hass,
        "set_override",
        mode="until_time",
        grid_charging_allowed=True,
        until="2026-03-02 09:30",
    )
    assert controls(solis_server) == ("3000", "1")  # only grid charging was overridden
    assert hass.states.get(NEXT).state == (MONDAY + timedelta(hours=9, minutes=30)).isoformat()
    await advance_to(hass, freezer, MONDAY + timedelta(hours=9, minutes=30))
    assert controls(solis_server) == ("3000", "0")

    await call(hass, "set_override", mode="until_cleared", peak_shaving_w=0)
    assert controls(solis_server) == ("0", "0")
    await advance_to(hass, freezer, MONDAY + timedelta(hours=10))
    assert controls(solis_server) == ("0", "1")  # the segment's grid charging, the override's 0 W
    await call(hass, "clear_override")
    assert controls(solis_server) == ("8000", "1")
    assert hass.states.get(OVERRIDE).state == "off"


@pytest.mark.usefixtures("plant_home")
@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"mode": "until_cleared"}, "override_empty"),
        ({"mode": "until_cleared", "peak_shaving_w": 2050}, "peak_shaving_step"),
        ({"mode": "until_cleared", "peak_shaving_w": 20000}, "peak_shaving_out_of_bounds"),
        ({"mode": "until_time", "peak_shaving_w": 1000}, "override_until_required"),
        (
            {"mode": "until_time", "peak_shaving_w": 1000, "until": "2026-03-02 08:00"},
            "override_until_past",
        ),
        ({"plant": "sensor.test_home_tariff_rate", "peak_shaving_w": 1000}, "not_a_plant"),
        ({"plant": "no-such-device", "peak_shaving_w": 1000}, "not_a_plant"),
    ],
)
async def test_invalid_overrides_are_refused_with_translated_errors(
    hass: HomeAssistant,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
    data: dict[str, Any],
    key: str,
) -> None:
    before = stored_plan(hass_storage)
    with pytest.raises(ServiceValidationError) as info:
        await call(hass, "set_override", **data)
    assert info.value.translation_key == key
    assert stored_plan(hass_storage) == before
    assert solis_server.count() == 0


async def test_the_plant_device_names_the_plant_too(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
    device_registry: dr.DeviceRegistry,
) -> None:
    device = device_registry.async_get_device({(DOMAIN, f"{ENTRY_ID}_{PLANT_ID}")})
    await hass.services.async_call(
        DOMAIN,
        "set_override",
        {"plant": device.id, "mode": "until_cleared", "peak_shaving_w": 1500 - 500},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert controls(solis_server) == ("1000", "0")
    home = device_registry.async_get_device({(DOMAIN, f"{ENTRY_ID}_home")})
    with pytest.raises(ServiceValidationError) as info:
        await hass.services.async_call(DOMAIN, "clear_override", {"plant": home.id}, blocking=True)
    assert info.value.translation_key == "not_a_plant"


async def test_schedule_edits_are_applied_at_once_and_saved_whole(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    # A new schedule on top of Workday on Mondays covers 09:00: applied right away.
    await call(
        hass,
        "set_daily_schedule",
        schedule="Boost",
        segments=[
            {
                "start": "08:30",
                "end": "09:45",
                "peak_shaving_w": 6000,
                "grid_charging_allowed": True,
            }
        ],
    )
    assert solis_server.count() == 0  # not assigned to any day yet
    await call(hass, "assign_daily_schedule", schedule="boost", days="mon")
    assert controls(solis_server) == ("6000", "1")
    assert hass.states.get("sensor.roof_active_schedule").state == "Boost"
    assert hass.states.get(NEXT).state == (MONDAY + timedelta(hours=9, minutes=45)).isoformat()
    plan = plan_from_dict(stored_plan(hass_storage))
    week = plan.active_collection.week
    assert [item.priority for item in week.on(0)] == [11, 10]  # on top of Workday

    # Replacing its segments (as text) re-plans too.
    await call(hass, "set_daily_schedule", schedule="Boost", segments="09:00-09:15 7000 off")
    assert controls(solis_server) == ("7000", "0")

    # Invalid edits store nothing and send nothing.
    before, requests = stored_plan(hass_storage), solis_server.count()
    for data, key in (
        ({"segments": "09:00-09:10 7000 off"}, "segment_unaligned"),
        ({"segments": "09:00-10:00 7000 off\n09:30-11:00 0 on"}, "segment_overlap"),
        ({"segments": "nine to ten"}, "segment_line_invalid"),
        ({"segments": "09:00-10:00 7050 off"}, "peak_shaving_step"),
    ):
        with pytest.raises(ServiceValidationError) as info:
            await call(hass, "set_daily_schedule", schedule="Boost", **data)
        assert info.value.translation_key == key
    with pytest.raises(ServiceValidationError) as info:
        await call(hass, "assign_daily_schedule", schedule="Workday", days="mon", priority=11)
    assert info.value.translation_key == "priority_taken"
    with pytest.raises(ServiceValidationError) as info:
        await call(hass, "assign_daily_schedule", schedule="Nope", days="mon")
    assert info.value.translation_key == "unknown_schedule_name"
    with pytest.raises(ServiceValidationError) as info:
        await call(hass, "assign_daily_schedule", schedule="Boost", days="mon-funday")
    assert info.value.translation_key == "invalid_days"
    assert stored_plan(hass_storage) == before
    assert solis_server.count() == requests

    # Deleting it says which days it leaves, and Workday applies again.
    response = await call(hass, "delete_daily_schedule", schedule="Boost")
    assert response == {"unassigned_days": ["mon"], "unassigned": "mon"}
    assert controls(solis_server) == ("3000", "0")
    await call(hass, "unassign_daily_schedule", schedule="Workday", days="mon-wed")
    assert hass.states.get(SOURCE).state == "defaults"
    assert controls(solis_server) == ("5000", "0")
    await call(hass, "set_plant_defaults", peak_shaving_w=4000, grid_charging_allowed=True)
    assert controls(solis_server) == ("4000", "1")


async def test_collections_defaults_and_the_plan_through_entities(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_storage: dict[str, Any],
) -> None:
    # The Holiday collection is empty: the defaults apply.
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.roof_active_schedule_collection", "option": "Holiday"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert controls(solis_server) == ("5000", "0")
    await hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": "number.roof_default_peak_shaving_limit", "value": 6500},
        blocking=True,
    )
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.roof_default_grid_charging"}, blocking=True
    )
    await hass.async_block_till_done()
    assert controls(solis_server) == ("6500", "1")
    with pytest.raises(ServiceValidationError) as info:
        await hass.services.async_call(
            "number",
            "set_value",
            {"entity_id": "number.roof_default_peak_shaving_limit", "value": 6550},
            blocking=True,
        )
    assert info.value.translation_key == "peak_shaving_step"
    await call(hass, "activate_schedule_collection", collection="default")
    assert controls(solis_server) == ("3000", "0")
    with pytest.raises(ServiceValidationError) as info:
        await call(hass, "activate_schedule_collection", collection="Summer")
    assert info.value.translation_key == "unknown_collection_name"

    response = await call(hass, "get_plant_plan")
    assert response["now"] == {
        "peak_shaving_w": 3000,
        "grid_charging_allowed": False,
        "source": "segment",
        "schedule": "Workday",
        "segment": "07:00-10:00",
        "next_change": (MONDAY + timedelta(hours=10)).isoformat(),
    }
    assert response["plan"] == stored_plan(hass_storage)
    assert response["plan"]["defaults"] == {"peak_shaving_w": 6500, "grid_charging_allowed": True}


async def test_apply_now_checks_the_inverter_and_reports_failures(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
) -> None:
    # Values in place: two reads, nothing written.
    response = await call(hass, "apply_now")
    assert response["result"] == "skipped"
    assert response["requests"] == 2
    assert response["trigger"] == "apply_now"
    assert hass.states.get(RESULT).state == "skipped"

    # Someone changed the limit in the SolisCloud app: apply now puts it back.
    solis_server.inverters["1031D2222110085"].controls[5035] = "9000"
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.roof_apply_now"}, blocking=True
    )
    await hass.async_block_till_done()
    assert controls(solis_server) == ("3000", "0")
    assert hass.states.get(RESULT).state == "success"

    solis_server.inject(FaultKind.CODE, code="R0000", times=None)
    with pytest.raises(HomeAssistantError) as info:
        await call(hass, "apply_now")
    assert info.value.translation_key == "solis_throttled"
    assert hass.states.get(RESULT).state == "failed"


def test_the_logbook_says_what_a_plant_was_set_to_and_why() -> None:
    described: dict[str, Callable[[Event], dict[str, str]]] = {}
    logbook.async_describe_events(
        None,  # type: ignore[arg-type]
        lambda domain, event_type, describe: described.setdefault(event_type, describe),
    )
    describe = described[EVENT_PLANT_APPLIED]
    base = {"plant": "Roof", "peak_shaving_w": 3000, "grid_charging_allowed": False}
    assert (
        describe(Event(EVENT_PLANT_APPLIED, {**base, "result": "success", "source": "segment"}))[
            "message"
        ]
        == "set to 3000 W, grid charging off by its schedule"
    )
    assert describe(
        Event(EVENT_PLANT_APPLIED, {**base, "result": "skipped", "source": "defaults"})
    ) == {"name": "Roof", "message": "already at 3000 W, grid charging off by its defaults"}
    failed = {**base, "result": "failed", "source": "override", "error": "solis_throttled"}
    assert describe(Event(EVENT_PLANT_APPLIED, failed))["message"] == (
        "could not be set to 3000 W, grid charging off by an override (solis_throttled)"
    )


# The services that change what a plant stores, and a call each that would change it.
PLAN_EDITS: dict[str, dict[str, Any]] = {
    "set_daily_schedule": {"schedule": "Evening", "segments": "18:00-22:00 1000 off"},
    "delete_daily_schedule": {"schedule": "Workday"},
    "assign_daily_schedule": {"schedule": "Workday", "days": "sat"},
    "unassign_daily_schedule": {"schedule": "Workday", "days": "mon"},
    "set_plant_defaults": {"peak_shaving_w": 4000},
    "activate_schedule_collection": {"collection": "Holiday"},
}


@pytest.mark.parametrize("service", sorted(PLAN_EDITS))
async def test_only_administrators_change_a_plants_plan(
    hass: HomeAssistant,
    *,
    plant_home: MockConfigEntry,
    hass_storage: dict[str, Any],
    hass_read_only_user: MockUser,
    hass_admin_user: MockUser,
    service: str,
) -> None:
    before = stored_plan(hass_storage)
    data = {"plant": PLANT, **PLAN_EDITS[service]}
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN, service, data, blocking=True, context=Context(user_id=hass_read_only_user.id)
        )
    await hass.async_block_till_done()
    assert stored_plan(hass_storage) == before
    await hass.services.async_call(
        DOMAIN, service, data, blocking=True, context=Context(user_id=hass_admin_user.id)
    )
    await hass.async_block_till_done()
    assert stored_plan(hass_storage) != before


async def test_every_user_may_override_apply_and_read_a_plant(
    hass: HomeAssistant,
    plant_home: MockConfigEntry,
    solis_server: FakeSolisCloud,
    hass_read_only_user: MockUser,
) -> None:
    user = Context(user_id=hass_read_only_user.id)
    for service, data in (
        ("set_override", {"mode": "until_cleared", "peak_shaving_w": 2000}),
        ("clear_override", {}),
        ("apply_now", {}),
        ("get_plant_plan", {}),
    ):
        await hass.services.async_call(
            DOMAIN,
            service,
            {"plant": PLANT, **data},
            blocking=True,
            context=user,
            return_response=service in {"apply_now", "get_plant_plan"},
        )
        await hass.async_block_till_done()
    assert hass.states.get(SOURCE).state == "segment"
    assert controls(solis_server) == ("3000", "0")
