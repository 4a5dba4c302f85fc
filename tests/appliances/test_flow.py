"""Adding, reconfiguring and removing appliances (subentries of a home) in the UI."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.engine.appliance_catalogue import appliance_presets
from tests.test_config_flow import suggested

WASHER = {
    "name": "Washing machine",
    "backend": "virtual",
    "nameplate_w": 2000,
    "category": "shiftable",
}


async def start(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return dict(result)


async def submit(hass: HomeAssistant, flow: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    return dict(await hass.config_entries.subentries.async_configure(flow["flow_id"], data))


async def add(hass: HomeAssistant, entry: MockConfigEntry, **data: Any) -> str:
    """Add an appliance through the UI flow; returns its subentry id."""
    backend_step = data.pop("ha_entity", None)
    result = await submit(hass, await start(hass, entry), {**WASHER, **data})
    if backend_step is not None:
        result = await submit(hass, result, backend_step)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    return next(
        subentry.subentry_id
        for subentry in entry.subentries.values()
        if subentry.title == result["title"]
    )


async def test_a_virtual_appliance_is_added_with_its_entities(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    flow = await start(hass, init_integration)
    assert suggested(flow)["backend"] == "virtual"
    result = await submit(
        hass,
        flow,
        {**WASHER, "name": " Washing machine ", "eco_w": 800, "cycle_profile": "2, 2;0.3 0.8"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Washing machine"
    assert result["data"] == {
        "backend": "virtual",
        "nameplate_w": 2000.0,
        "eco_w": 800.0,
        "category": "shiftable",
        "cycle_profile": [2.0, 2.0, 0.3, 0.8],
        "profile_step_minutes": 5,
    }
    await hass.async_block_till_done()  # the home reloads with its new appliance
    assert hass.states.get("switch.washing_machine").state == "off"
    for entity_id in (
        "switch.washing_machine_eco_mode",
        "sensor.washing_machine_power",
        "sensor.washing_machine_energy",
        "sensor.washing_machine_cost_today",
        "sensor.washing_machine_co2_today",
        "sensor.washing_machine_status",
        "binary_sensor.washing_machine_online",
    ):
        assert hass.states.get(entity_id) is not None, entity_id
    registered = entity_registry.async_get("switch.washing_machine")
    subentry_id = next(iter(init_integration.subentries))
    assert registered.config_subentry_id == subentry_id
    device = device_registry.async_get(registered.device_id)
    assert device.name == "Washing machine"
    # One device per appliance, owned by its subentry alone (HA 2026.8+ requires that).
    assert device.config_entries_subentries == {init_integration.entry_id: {subentry_id}}
    # A virtual appliance measures nothing more.
    assert hass.states.get("sensor.washing_machine_voltage") is None


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": "  "}, "name", "name_invalid"),
        ({"name": "x" * 65}, "name", "name_too_long"),
        ({"nameplate_w": -5}, "nameplate_w", "invalid_watts"),
        ({"nameplate_w": 1e6}, "nameplate_w", "invalid_watts"),
        ({"eco_w": -1}, "eco_w", "invalid_watts"),
        ({"eco_w": 2500}, "eco_w", "eco_above_nameplate"),
        (
            {"cycle_minutes": 90, "cycle_profile": "1, 2"},
            "cycle_profile",
            "cycle_duration_or_profile",
        ),
        ({"cycle_minutes": 0}, "cycle_minutes", "invalid_cycle_minutes"),
        ({"cycle_minutes": 12.5}, "cycle_minutes", "invalid_cycle_minutes"),
        ({"cycle_profile": "1, two, 3"}, "cycle_profile", "invalid_profile"),
        ({"cycle_profile": "1, -2"}, "cycle_profile", "invalid_profile"),
        ({"cycle_profile": "1, nan"}, "cycle_profile", "invalid_profile"),
        ({"cycle_profile": ", ".join(["1"] * 289)}, "cycle_profile", "invalid_profile"),
        (
            {"cycle_profile": "1, 2", "profile_step_minutes": 500},
            "profile_step_minutes",
            "invalid_profile_step",
        ),
    ],
)
async def test_bad_input_is_rejected_field_by_field_and_nothing_is_lost(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    changes: dict[str, Any],
    field: str,
    error: str,
) -> None:
    flow = await start(hass, init_integration)
    bad = {**WASHER, **changes}
    result = await submit(hass, flow, bad)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert suggested(result) == bad
    assert not init_integration.subentries
    result = await submit(hass, result, {**WASHER, "cycle_minutes": 90})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["cycle_minutes"] == 90


async def test_names_are_unique_within_a_home(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    await add(hass, init_integration)
    result = await submit(
        hass, await start(hass, init_integration), {**WASHER, "name": "WASHING machine"}
    )
    assert result["errors"] == {"name": "name_in_use"}


async def test_an_existing_entity_becomes_an_appliance(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("switch.heater_plug", "off")
    hass.states.async_set("sensor.heater_plug_power", "0.0", {"unit_of_measurement": "kW"})
    hass.states.async_set("sensor.outdoor_temperature", "21", {"unit_of_measurement": "°C"})
    result = await submit(
        hass,
        await start(hass, init_integration),
        {**WASHER, "name": "Heater", "backend": "ha_entity"},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "ha_entity"

    for bad, errors in (
        ({"entity_id": "switch.missing"}, {"entity_id": "entity_not_found"}),
        ({"entity_id": "switch.test_home_missing_yet"}, {"entity_id": "entity_not_found"}),
        (
            {"entity_id": "switch.heater_plug", "power_sensor": "sensor.outdoor_temperature"},
            {"power_sensor": "power_sensor_invalid"},
        ),
    ):
        result = await submit(hass, result, bad)
        assert result["errors"] == errors
        assert suggested(result) == bad

    result = await submit(
        hass,
        result,
        {"entity_id": "switch.heater_plug", "power_sensor": "sensor.heater_plug_power"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["entity_id"] == "switch.heater_plug"
    assert result["data"]["power_sensor"] == "sensor.heater_plug_power"
    await hass.async_block_till_done()
    assert hass.states.get("switch.heater").state == "off"

    # The same plug cannot be a second appliance.
    result = await submit(
        hass,
        await start(hass, init_integration),
        {**WASHER, "name": "Heater 2", "backend": "ha_entity"},
    )
    result = await submit(hass, result, {"entity_id": "switch.heater_plug"})
    assert result["errors"] == {"base": "already_configured"}


async def test_voltwise_entities_cannot_drive_an_appliance(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    await add(hass, init_integration)
    result = await submit(
        hass,
        await start(hass, init_integration),
        {**WASHER, "name": "Loop", "backend": "ha_entity"},
    )
    result = await submit(hass, result, {"entity_id": "switch.washing_machine"})
    assert result["errors"] == {"entity_id": "entity_is_voltwise"}


async def test_reconfigure_changes_the_appliance_and_keeps_its_entities(
    hass: HomeAssistant, init_integration: MockConfigEntry, entity_registry: er.EntityRegistry
) -> None:
    subentry_id = await add(hass, init_integration, eco_w=900, cycle_minutes=60)
    await add(hass, init_integration, name="Dryer")
    unique_id = entity_registry.async_get("switch.washing_machine").unique_id

    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    assert result["step_id"] == "reconfigure"
    shown = suggested(result)
    assert shown["name"] == "Washing machine"
    assert shown["eco_w"] == 900
    assert shown["cycle_minutes"] == 60
    assert "backend" not in shown

    common = {key: value for key, value in WASHER.items() if key != "backend"}
    result = await submit(hass, result, {**common, "name": "Dryer"})
    assert result["errors"] == {"name": "name_in_use"}
    result = await submit(
        hass,
        result,
        {"name": "Washer", "nameplate_w": 2200, "category": "essential", "cycle_profile": "2, 0.5"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    subentry = init_integration.subentries[subentry_id]
    assert subentry.title == "Washer"
    assert subentry.data == {
        "backend": "virtual",
        "nameplate_w": 2200.0,
        "category": "essential",
        "cycle_profile": [2.0, 0.5],
        "profile_step_minutes": 5,
    }
    # Same entity, same id: history and automations keep working.
    assert entity_registry.async_get("switch.washing_machine").unique_id == unique_id


async def test_reconfigure_a_ha_entity_appliance(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("switch.heater_plug", "off")
    hass.states.async_set("switch.other_plug", "off")
    hass.states.async_set("sensor.heater_plug_power", "0", {"unit_of_measurement": "W"})
    subentry_id = await add(
        hass,
        init_integration,
        name="Heater",
        backend="ha_entity",
        ha_entity={"entity_id": "switch.heater_plug", "power_sensor": "sensor.heater_plug_power"},
    )
    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    result = await submit(
        hass, result, {"name": "Heater", "nameplate_w": 1500, "category": "shiftable"}
    )
    assert result["step_id"] == "ha_entity"
    assert suggested(result) == {
        "entity_id": "switch.heater_plug",
        "power_sensor": "sensor.heater_plug_power",
    }
    result = await submit(hass, result, {"entity_id": "switch.other_plug"})
    assert result["reason"] == "reconfigure_successful"
    data = init_integration.subentries[subentry_id].data
    assert data["entity_id"] == "switch.other_plug"
    assert "power_sensor" not in data
    assert init_integration.subentries[subentry_id].unique_id == "ha_entity:switch.other_plug"


async def test_removing_an_appliance_removes_its_device(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    subentry_id = await add(hass, init_integration)
    assert hass.states.get("switch.washing_machine") is not None
    assert hass.config_entries.async_remove_subentry(init_integration, subentry_id)
    await hass.async_block_till_done()
    assert hass.states.get("switch.washing_machine") is None
    assert not [
        device
        for device in dr.async_entries_for_config_entry(device_registry, init_integration.entry_id)
        if device.name == "Washing machine"
    ]
    assert init_integration.state is ConfigEntryState.LOADED


async def test_a_preset_fills_the_form_and_every_value_stays_editable(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    flow = await start(hass, init_integration)
    # Picked before anything is typed (the form suggests a category): the form comes back
    # filled, nothing is added yet.
    pick = {"preset": "dishwasher", "backend": "virtual", "category": "essential"}
    result = await submit(hass, flow, pick)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    assert suggested(result) == {
        "preset": "dishwasher",
        "backend": "virtual",
        "name": "Dishwasher",
        "nameplate_w": 1800.0,
        "category": "shiftable",
        "cycle_profile": "0.1, 1.8, 0.15, 0.15, 0.1, 1.8, 0.1, 0.05",
        "profile_step_minutes": 15,
    }
    assert not init_integration.subentries
    # Another pick replaces what was typed or filled, the eco power the AC has included.
    typed = {**suggested(result), "name": "My dishwasher", "preset": "air_conditioner"}
    result = await submit(hass, result, typed)
    assert suggested(result)["name"] == "Air conditioner"
    assert suggested(result)["eco_w"] == 2400.0
    assert suggested(result)["nameplate_w"] == 3500.0
    # Submitted again with the same pick, the (edited) values are what is saved.
    edited = {**suggested(result), "name": "Bedroom AC", "nameplate_w": 1500, "eco_w": 1100}
    edited["cycle_profile"] = "1.5, 1.5, 1.0, 0.9"
    result = await submit(hass, result, edited)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Bedroom AC"
    assert result["data"] == {
        "backend": "virtual",
        "nameplate_w": 1500.0,
        "eco_w": 1100.0,
        "category": "shiftable",
        "cycle_profile": [1.5, 1.5, 1.0, 0.9],
        "profile_step_minutes": 15,
    }


async def test_a_preset_pick_keeps_the_backend_and_checks_like_a_typed_form(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("switch.geyser_plug", "off")
    flow = await start(hass, init_integration)
    pick = {"preset": "water_heater", "backend": "ha_entity", "category": "essential"}
    result = await submit(hass, flow, pick)
    assert suggested(result)["backend"] == "ha_entity"
    assert suggested(result)["name"] == "Geyser (water heater)"
    # Values that break the rules are refused as if typed, and the pick is not re-applied.
    result = await submit(hass, result, {**suggested(result), "nameplate_w": -1})
    assert result["errors"] == {"nameplate_w": "invalid_watts"}
    assert suggested(result)["nameplate_w"] == -1
    result = await submit(hass, result, {**suggested(result), "nameplate_w": 3000})
    assert result["step_id"] == "ha_entity"
    result = await submit(hass, result, {"entity_id": "switch.geyser_plug"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["cycle_profile"] == [3.0, 3.0, 3.0, 3.0, 1.5]


async def test_without_a_preset_name_and_power_are_still_required(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await submit(
        hass, await start(hass, init_integration), {"backend": "virtual", "category": "essential"}
    )
    assert result["errors"] == {"name": "name_invalid", "nameplate_w": "watts_required"}


async def test_an_unknown_preset_is_refused_by_the_form(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    with pytest.raises(InvalidData):
        await submit(hass, await start(hass, init_integration), {**WASHER, "preset": "jacuzzi"})


@pytest.mark.parametrize("key", sorted(appliance_presets()))
async def test_every_preset_saves_what_the_catalogue_holds(
    hass: HomeAssistant, init_integration: MockConfigEntry, key: str
) -> None:
    pick = {"preset": key, "backend": "virtual", "category": "shiftable"}
    filled = await submit(hass, await start(hass, init_integration), pick)
    result = await submit(hass, filled, suggested(filled))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    expected = appliance_presets()[key].appliance_data()
    assert result["title"] == expected.pop("name")
    assert result["data"] == {"backend": "virtual", **expected}


def options_of(result: dict[str, Any], field: str) -> list[str] | None:
    """The choices a select field of the form offers (None: the field is not on the form)."""
    for key, selector in result["data_schema"].schema.items():
        if key.schema == field:
            return list(selector.config["options"])
    return None


def fields_of(result: dict[str, Any]) -> set[str]:
    return {key.schema for key in result["data_schema"].schema}


AUTOPILOT_FORM = {
    "delegated": False,
    "preferred_action": "limit_power",
    "protected_window": True,
    "window_start": "21:30:45",
    "window_end": "05:00:00",
    "limit_percent": 40,
    "max_delay_hours": 6,
}


async def test_reconfigure_holds_the_autopilot_settings_of_a_shiftable_appliance(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    subentry_id = await add(hass, init_integration, eco_w=900)
    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    assert options_of(result, "preferred_action") == [
        "turn_off",
        "eco_mode",
        "delay_start",
        "limit_power",
    ]
    shown = suggested(result)
    assert shown["delegated"] is True
    assert shown["preferred_action"] == "turn_off"
    assert shown["protected_window"] is False
    assert (shown["window_start"], shown["window_end"]) == ("22:00:00", "06:00:00")
    assert (shown["limit_percent"], shown["max_delay_hours"]) == (50.0, 8.0)

    common = {"name": "Washing machine", "nameplate_w": 2000, "category": "shiftable"}
    result = await submit(
        hass, result, {**common, "eco_w": 900, **AUTOPILOT_FORM, "limit_percent": 5}
    )
    assert result["errors"] == {"limit_percent": "limit_percent_invalid"}
    result = await submit(
        hass, result, {**common, "eco_w": 900, **AUTOPILOT_FORM, "max_delay_hours": 30}
    )
    assert result["errors"] == {"max_delay_hours": "max_delay_invalid"}
    # Eco watts removed in the same form: eco mode can no longer be its action.
    result = await submit(
        hass, result, {**common, **AUTOPILOT_FORM, "preferred_action": "eco_mode"}
    )
    assert result["errors"] == {"preferred_action": "preferred_action_unavailable"}
    assert "autopilot" not in init_integration.subentries[subentry_id].data

    result = await submit(hass, result, {**common, "eco_w": 900, **AUTOPILOT_FORM})
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert init_integration.subentries[subentry_id].data["autopilot"] == {
        "delegated": False,
        "preferred_action": "limit_power",
        "protected_window": True,
        "window_start": "21:30:00",
        "window_end": "05:00:00",
        "limit_percent": 40.0,
        "limit_degrees": 2.0,
        "max_delay_hours": 6.0,
    }
    # The autopilot's entities show what the form stored.
    assert hass.states.get("select.washing_machine_autopilot_action").state == "limit_power"
    assert hass.states.get("switch.washing_machine_delegated_to_autopilot").state == "off"
    assert hass.states.get("time.washing_machine_protected_window_start").state == "21:30:00"

    # Shown again as stored.
    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    assert suggested(result)["preferred_action"] == "limit_power"
    assert suggested(result)["limit_percent"] == 40.0


async def test_the_autopilot_form_offers_only_what_the_appliance_can_do(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.states.async_set("switch.heater_plug", "off")
    hass.states.async_set("sensor.heater_plug_power", "0", {"unit_of_measurement": "W"})
    subentry_id = await add(
        hass,
        init_integration,
        name="Heater",
        backend="ha_entity",
        eco_w=500,
        ha_entity={"entity_id": "switch.heater_plug", "power_sensor": "sensor.heater_plug_power"},
    )
    # Stored by hand (or by an older version): an action this plug cannot carry out.
    subentry = init_integration.subentries[subentry_id]
    hass.config_entries.async_update_subentry(
        init_integration,
        subentry,
        data={**subentry.data, "autopilot": {"preferred_action": "eco_mode"}},
    )
    await hass.async_block_till_done()
    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    # Measured power: no eco mode; a switch cannot be limited: no limit field.
    assert options_of(result, "preferred_action") == ["turn_off", "delay_start"]
    assert "limit_percent" not in fields_of(result)
    assert suggested(result)["preferred_action"] == "turn_off"
    common = {"name": "Heater", "nameplate_w": 1500, "category": "shiftable"}
    with pytest.raises(InvalidData):
        await submit(hass, result, {**common, "preferred_action": "limit_power"})
    result = await submit(hass, result, {**common, "preferred_action": "delay_start"})
    assert result["step_id"] == "ha_entity"
    result = await submit(hass, result, {"entity_id": "switch.heater_plug"})
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.subentries[subentry_id].data["autopilot"]["preferred_action"] == (
        "delay_start"
    )


async def test_a_climate_appliance_is_limited_by_degrees_in_its_form(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    ac = {"min_temp": 16, "max_temp": 30, "temperature": 24}
    hass.states.async_set("climate.bedroom_ac", "cool", ac)
    subentry_id = await add(
        hass,
        init_integration,
        name="AC",
        backend="ha_entity",
        ha_entity={"entity_id": "climate.bedroom_ac"},
    )
    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    assert "limit_power" in options_of(result, "preferred_action")
    assert "limit_degrees" in fields_of(result)
    assert "limit_percent" not in fields_of(result)
    assert suggested(result)["limit_degrees"] == 2.0
    common = {"name": "AC", "nameplate_w": 1500, "category": "shiftable"}
    form = {**common, "preferred_action": "limit_power"}
    for bad in (0.2, 11, float("nan")):
        result = await submit(hass, result, {**form, "limit_degrees": bad})
        assert result["errors"] == {"limit_degrees": "limit_degrees_invalid"}
    result = await submit(hass, result, {**form, "limit_degrees": 3.5})
    assert result["step_id"] == "ha_entity"
    result = await submit(hass, result, {"entity_id": "climate.bedroom_ac"})
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert init_integration.subentries[subentry_id].data["autopilot"]["limit_degrees"] == 3.5
    assert hass.states.get("number.ac_autopilot_temperature_limit").state == "3.5"


async def test_an_essential_appliance_has_no_autopilot_settings_in_its_form(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    subentry_id = await add(hass, init_integration, name="Fridge", category="essential")
    result = await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    assert fields_of(result).isdisjoint(AUTOPILOT_FORM)
