"""A Tuya plug's own button outranks grid protection: pressing it is an override."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.const import DOMAIN, EVENT_APPLIANCE_ACTION

from .fake_plug import FakeTuyaPlug
from .test_tuya_appliance import add_plug, wait_for_the_network


async def _turn_on(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.parametrize("protocol_version", ["3.4"])
async def test_pressing_the_plug_during_a_critical_event_is_an_override(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    fake_plug: FakeTuyaPlug,
    freezer: FrozenDateTimeFactory,
) -> None:
    await add_plug(hass, init_integration, fake_plug)
    await _turn_on(hass, "switch.test_home_grid_protection")
    await _turn_on(hass, "switch.geyser")
    assert fake_plug.dps["1"] is True
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    await hass.services.async_call(
        DOMAIN,
        "report_grid_event",
        {
            "config_entry_id": init_integration.entry_id,
            "type": "load_shedding",
            "severity": "critical",
            "end": (dt_util.utcnow() + timedelta(hours=1)).isoformat(),
        },
        blocking=True,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert fake_plug.dps["1"] is False
    assert [(e.data["action"], e.data["source"]) for e in events] == [
        ("turn_off", "grid_protection")
    ]

    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    fake_plug.press_button()  # someone at the plug wants it on anyway
    await wait_for_the_network(hass)
    appliance = init_integration.runtime_data.appliances.appliances
    await next(iter(appliance.values())).backend.async_poll()  # type: ignore[attr-defined]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("switch.geyser").state == "on"
    assert hass.states.get("sensor.geyser_status").state == "override"
    assert fake_plug.dps["1"] is True  # the person's action outranks grid protection
    assert [(e.data["action"], e.data["source"]) for e in events] == [
        ("turn_off", "grid_protection"),
        ("turn_on", "physical"),
    ]
