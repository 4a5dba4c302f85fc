"""Eco mode exists only where it is modelled: an appliance needs its eco watts to have one.

No backend has an eco mode of its own, so eco mode is VoltWise drawing the appliance's "power in
eco mode" instead of its nameplate. Without those watts there is no eco switch, and asking for
eco mode is refused: the status never says "eco" for an appliance that draws its full power.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from tests.appliances.test_appliances import advance_to, ist, number, start_at, switch
from tests.homes import appliance_subentry

HEATER = "01JTESTHEATER000000000000"
LAMP = "01JTESTLAMP00000000000000"
STORE_KEY = "voltwise.01JTESTHOME00000000000000.appliances"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=1000.0, eco_w=400.0),
        appliance_subentry(LAMP, "Lamp", nameplate_w=100.0),
        appliance_subentry(
            "01JTESTFAN000000000000000",
            "Fan",
            backend="ha_entity",
            nameplate_w=60.0,
            entity_id="input_boolean.fan",
        ),
        # Eco watts, but its power is measured: the measurement wins, so eco would be a label.
        appliance_subentry(
            "01JTESTPUMP00000000000000",
            "Pump",
            backend="ha_entity",
            nameplate_w=750.0,
            eco_w=300.0,
            entity_id="input_boolean.pump",
            power_sensor="sensor.pump_power",
        ),
    ]


async def set_eco_mode(hass: HomeAssistant, entity_id: str, enabled: bool) -> None:
    await hass.services.async_call(
        DOMAIN, "set_eco_mode", {ATTR_ENTITY_ID: entity_id, "enabled": enabled}, blocking=True
    )


async def test_without_eco_watts_there_is_no_eco_mode(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    assert hass.states.get("switch.heater_eco_mode") is not None
    for name in ("lamp", "fan", "pump"):
        assert entity_registry.async_get(f"switch.{name}_eco_mode") is None

    await switch(hass, SERVICE_TURN_ON, "switch.lamp")
    actions = list(mock_config_entry.runtime_data.appliances.pipeline.actions)
    for enabled in (True, False):
        with pytest.raises(ServiceValidationError) as raised:
            await set_eco_mode(hass, "switch.lamp", enabled)
        assert raised.value.translation_key == "eco_mode_unsupported"
        assert raised.value.translation_placeholders == {"appliance": "Lamp"}
    assert list(mock_config_entry.runtime_data.appliances.pipeline.actions) == actions
    assert hass.states.get("sensor.lamp_status").state == "on"
    await advance_to(hass, freezer, ist(11))
    assert number(hass, "sensor.lamp_energy") == pytest.approx(0.1)

    # With eco watts it is modelled: the status says eco and the watts follow.
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await set_eco_mode(hass, "switch.heater", True)
    assert hass.states.get("sensor.heater_status").state == "eco"
    assert number(hass, "sensor.heater_power") == 400


async def test_an_eco_switch_left_from_an_older_version_is_removed(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    hass_storage: dict[str, Any],
) -> None:
    """Older versions gave every appliance an eco switch, and saved eco mode without watts."""
    mock_config_entry.add_to_hass(hass)
    stale = entity_registry.async_get_or_create(
        SWITCH_DOMAIN,
        DOMAIN,
        f"{mock_config_entry.entry_id}_{LAMP}_eco_mode",
        config_entry=mock_config_entry,
        config_subentry_id=LAMP,
        suggested_object_id="lamp_eco_mode",
    )
    hass_storage[STORE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORE_KEY,
        "data": {"appliances": {LAMP: {"meter": {}, "is_on": True, "eco": True}}, "actions": []},
    }
    freezer.move_to(ist(10))
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert entity_registry.async_get(stale.entity_id) is None
    assert hass.states.get(stale.entity_id) is None
    assert hass.states.get("sensor.lamp_status").state == "on"  # not "eco"
    assert number(hass, "sensor.lamp_power") == 100


async def test_removing_the_eco_watts_removes_eco_mode(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await set_eco_mode(hass, "switch.heater", True)
    assert entity_registry.async_get("switch.heater_eco_mode") is not None

    result = await mock_config_entry.start_subentry_reconfigure_flow(hass, HEATER)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Heater", "nameplate_w": 1000, "category": "shiftable"}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entity_registry.async_get("switch.heater_eco_mode") is None
    assert hass.states.get("sensor.heater_status").state == "on"
    assert number(hass, "sensor.heater_power") == 1000
