"""A home written by the layout before the restructure comes back whole under the new one.

The fixture (tests/fixtures/upgrade/layout_0_1, made by scripts/make_upgrade_fixture.py from the
revision named in its meta.json) is the ``.storage`` a real ``hass`` wrote after a household
used VoltWise: a home with two appliances and a plant, settings, schedules and their journal,
meters that ran, a plant plan with an override and its control log, the registries. Here Home
Assistant's own loaders read it (config entries, entity and device registries, restore state),
and the current code sets the home up: every entity keeps its id and unique id, every schedule
is armed, every meter and the plant's plan are as they were.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    category_registry as cr,
    device_registry as dr,
    entity_registry as er,
    floor_registry as fr,
    issue_registry as ir,
    label_registry as lr,
    restore_state as rs,
)

from custom_components.voltwise.const import DOMAIN
from tests.plant.soliscloud.fake_server import FakeSolisCloud
from tests.test_init import voltwise_timers

FIXTURE = Path(__file__).parent / "fixtures" / "upgrade" / "layout_0_1"
META: dict[str, Any] = json.loads((FIXTURE / "meta.json").read_text())
ENTRY_ID: str = META["entry_id"]
STORES = {path.name: json.loads(path.read_text()) for path in (FIXTURE / ".storage").iterdir()}
WRITTEN_AT = datetime.fromisoformat(META["written_at"])


def stored(kind: str) -> dict[str, Any]:
    """The ``data`` of one of the home's own stores (``schedules``, ``appliances``...)."""
    data: dict[str, Any] = STORES[f"voltwise.{ENTRY_ID}.{kind}"]["data"]
    return data


def plant_store() -> dict[str, Any]:
    name = next(name for name in STORES if name.startswith(f"voltwise.{ENTRY_ID}.plant."))
    data: dict[str, Any] = STORES[name]["data"]
    return data


OLD_ENTITIES = {
    entity["entity_id"]: entity
    for entity in STORES["core.entity_registry"]["data"]["entities"]
    if entity["platform"] == DOMAIN
}
OLD_DEVICES = {
    tuple(map(tuple, device["identifiers"]))
    for device in STORES["core.device_registry"]["data"]["devices"]
    if any(domain == DOMAIN for domain, _ in device["identifiers"])
}


@pytest.fixture
def solis_api_id() -> str:
    """The account the fixture's plant was added with (its fake server's)."""
    return str(META["fake_solis"]["api_id"])


async def _load_like_home_assistant(hass: HomeAssistant, hass_storage: dict[str, Any]) -> None:
    """Home Assistant's own loaders read the fixture, as bootstrap does at start-up."""
    hass_storage.update(copy.deepcopy(STORES))
    with (
        patch("homeassistant.helpers.restore_state.RestoreStateData.async_setup_dump"),
        patch("homeassistant.helpers.restore_state.start.async_at_start"),
    ):
        for registry in (ar, cr, dr, er, fr, ir, lr, rs):
            await registry.async_load(hass)
    await hass.config_entries.async_initialize()


@pytest.fixture
def load_registries() -> bool:
    """Home Assistant starts bare; the test loads the fixture with HA's own loaders."""
    return False


@pytest.fixture
async def upgraded(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    solis_server: FakeSolisCloud,
) -> FakeSolisCloud:
    """The fixture's home, set up by the current code a minute after it was written."""
    freezer.move_to(WRITTEN_AT + timedelta(minutes=1))
    await _load_like_home_assistant(hass, hass_storage)
    entry = hass.config_entries.async_get_entry(ENTRY_ID)
    assert entry is not None
    assert await hass.config_entries.async_setup(ENTRY_ID)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return solis_server


@pytest.mark.usefixtures("upgraded")
async def test_every_entity_and_device_keeps_its_ids(hass: HomeAssistant) -> None:
    assert len(OLD_ENTITIES) == 47  # the home's, its two appliances' and its plant's
    registry = er.async_get(hass)
    now_entities = {
        entity.entity_id: entity
        for entity in er.async_entries_for_config_entry(registry, ENTRY_ID)
        if entity.platform == DOMAIN
    }
    # Every old entity is kept; the only new ones are the autopilot's (issue 13) and each
    # appliance's runtime and cycles today (issue 15).
    added = now_entities.keys() - OLD_ENTITIES.keys()
    assert OLD_ENTITIES.keys() <= now_entities.keys()
    runtime = {
        f"sensor.{appliance}_{figure}"
        for appliance in ("washing_machine", "water_heater")
        for figure in ("runtime_today", "cycles_today")
    }
    assert runtime <= added
    assert all(
        now_entities[entity_id].translation_key
        in {
            "autopilot",
            "grid_protection",
            "autopilot_status",
            "grid_status",
            "autopilot_delegated",
            "preferred_action",
            "protected_window",
            "protected_window_start",
            "protected_window_end",
            "limit_percent",
        }
        for entity_id in added - runtime
    ), sorted(added)
    # A home that existed before the autopilot keeps it off until someone switches it on.
    autopilot = next(e for e in added if now_entities[e].translation_key == "autopilot")
    assert hass.states.get(autopilot).state == "off"
    for entity_id, old in OLD_ENTITIES.items():
        assert now_entities[entity_id].unique_id == old["unique_id"]
        assert now_entities[entity_id].config_subentry_id == old["config_subentry_id"]
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert state.state != "unavailable", entity_id
    devices = dr.async_get(hass)
    assert {
        tuple(sorted(device.identifiers))
        for device in dr.async_entries_for_config_entry(devices, ENTRY_ID)
    } == {tuple(sorted(identifiers)) for identifiers in OLD_DEVICES}


@pytest.mark.usefixtures("upgraded")
async def test_settings_switches_and_meters_are_as_saved(hass: HomeAssistant) -> None:
    assert hass.states.get("select.voltwise_demo_home_strategy").state == "max_savings"
    assert hass.states.get("number.voltwise_demo_home_penalty_threshold").state == "0.4"
    appliances = stored("appliances")["appliances"]
    washer = next(saved for saved in appliances.values() if saved["eco"])
    heater = next(saved for saved in appliances.values() if saved["is_on"])
    assert hass.states.get("switch.water_heater").state == "on"
    assert hass.states.get("switch.washing_machine").state == "off"
    assert hass.states.get("switch.washing_machine_eco_mode").state == "on"
    washer_kwh = float(hass.states.get("sensor.washing_machine_energy").state)
    assert washer_kwh == pytest.approx(washer["meter"]["total_kwh"], abs=1e-6)
    # The heater, on, kept counting: at most its 2 kW from its last saved reading until now.
    heater_kwh = float(hass.states.get("sensor.water_heater_energy").state)
    assert heater_kwh >= heater["meter"]["total_kwh"]
    hours = WRITTEN_AT + timedelta(minutes=1) - datetime.fromisoformat(heater["meter"]["last_at"])
    assert heater_kwh <= heater["meter"]["total_kwh"] + 2 * hours.total_seconds() / 3600 + 1e-6


@pytest.mark.usefixtures("upgraded")
async def test_every_schedule_is_listed_and_armed(hass: HomeAssistant) -> None:
    old_schedules = stored("schedules")["schedules"]
    listed = await hass.services.async_call(
        DOMAIN, "list_schedules", {}, blocking=True, return_response=True
    )
    assert listed is not None
    by_id = {schedule["schedule_id"]: schedule for schedule in listed["schedules"]}
    assert by_id.keys() == old_schedules.keys()
    for schedule_id, old in old_schedules.items():
        schedule = by_id[schedule_id]
        assert schedule["disabled"] is False
        assert schedule["appliance_id"] == old["appliance_id"]
        assert schedule["repeat"] == old["spec"]["repeat"]
        assert schedule["next_trigger"] is not None
    timers = voltwise_timers(hass)
    for schedule_id in old_schedules:
        assert any(f"voltwise schedule {schedule_id}" in timer for timer in timers), schedule_id


async def test_the_plants_plan_and_log_are_as_saved(
    hass: HomeAssistant, upgraded: FakeSolisCloud
) -> None:
    plan = await hass.services.async_call(
        DOMAIN,
        "get_plant_plan",
        {"plant": "sensor.roof_active_schedule"},
        blocking=True,
        return_response=True,
    )
    assert plan is not None
    assert plan["plan"] == plant_store()["plan"]
    assert plan["now"]["source"] == "override"
    assert hass.states.get("sensor.roof_desired_peak_shaving_limit").state == "3000"
    assert hass.states.get("sensor.roof_last_apply_result").state == "success"
    assert upgraded.count() == 0  # what the inverter holds is already in place
