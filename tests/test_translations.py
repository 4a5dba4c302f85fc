"""Every field of every form the flows show has a label and a description in en.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.engine.appliance_catalogue import presets_by_room

TRANSLATIONS = json.loads(
    (
        Path(__file__).resolve().parents[1]
        / "custom_components"
        / "voltwise"
        / "translations"
        / "en.json"
    ).read_text()
)


def assert_form_translated(section: str, result: dict[str, Any]) -> None:
    assert result["type"] is FlowResultType.FORM
    tree = TRANSLATIONS
    for part in section.split("."):
        tree = tree[part]
    step = tree["step"][result["step_id"]]
    for key in result["data_schema"].schema:
        assert key.schema in step["data"], f"{section}.{result['step_id']}.data.{key.schema}"
        assert key.schema in step.get("data_description", {}), f"description of {key.schema}"


async def test_every_form_field_is_translated(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert_form_translated("config", result)
    assert_form_translated("config", await init_integration.start_reconfigure_flow(hass))
    assert_form_translated(
        "options", await hass.config_entries.options.async_init(init_integration.entry_id)
    )


async def test_every_appliance_form_field_is_translated(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    section = "config_subentries.appliance"
    hass.states.async_set("switch.plug", "off")
    result = await hass.config_entries.subentries.async_init(
        (init_integration.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    assert_form_translated(section, result)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {"name": "Heater", "backend": "ha_entity", "nameplate_w": 1000, "category": "shiftable"},
    )
    assert_form_translated(section, result)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"entity_id": "switch.plug"}
    )
    await hass.async_block_till_done()
    subentry_id = next(iter(init_integration.subentries))
    assert_form_translated(
        section, await init_integration.start_subentry_reconfigure_flow(hass, subentry_id)
    )


def test_every_appliance_preset_has_a_label_that_names_its_room_first() -> None:
    labels = TRANSLATIONS["selector"]["preset"]["options"]
    grouped = presets_by_room()
    assert set(labels) == {preset.key for room in grouped.values() for preset in room}
    for presets in grouped.values():
        rooms = {labels[preset.key].split(": ")[0] for preset in presets}
        assert len(rooms) == 1, rooms  # one room label per room
        for preset in presets:
            assert f": {preset.name} ({preset.watts:,.0f} W)" in labels[preset.key]
