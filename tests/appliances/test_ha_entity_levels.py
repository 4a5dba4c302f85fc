"""HaEntityBackend.async_set_level when things go wrong, and a number entity's range."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import async_mock_service

from custom_components.voltwise.appliances.backends.ha_entity import (
    HaEntityBackend,
    level_from_state,
)
from custom_components.voltwise.appliances.config import HaEntityConfig
from custom_components.voltwise.appliances.model import BackendError, BackendUpdate

LIGHT = "light.ceiling"
NUMBER = "number.boiler_power"


async def started(hass: HomeAssistant, entity_id: str) -> HaEntityBackend:
    backend = HaEntityBackend(hass, HaEntityConfig(entity_id))
    updates: list[BackendUpdate] = []
    await backend.async_start(updates.append)
    return backend


async def test_an_entity_that_is_gone_is_offline(hass: HomeAssistant) -> None:
    hass.states.async_set(LIGHT, "on", {"brightness": 200})
    backend = await started(hass, LIGHT)
    hass.states.async_remove(LIGHT)
    with pytest.raises(BackendError) as raised:
        await backend.async_set_level(100)
    assert raised.value.key == "device_offline"
    hass.states.async_set(LIGHT, "unavailable")
    with pytest.raises(BackendError) as raised:
        await backend.async_set_level(100)
    assert raised.value.key == "device_offline"
    await backend.async_stop()


async def test_a_service_that_raises_is_a_failed_command(hass: HomeAssistant) -> None:
    hass.states.async_set(LIGHT, "on", {"brightness": 200})
    calls = async_mock_service(
        hass, "light", "turn_on", raise_exception=HomeAssistantError("bulb refused")
    )
    backend = await started(hass, LIGHT)
    with pytest.raises(BackendError) as raised:
        await backend.async_set_level(80)
    assert raised.value.key == "command_failed"
    assert "bulb refused" in raised.value.placeholders["error"]
    assert calls[0].data == {"entity_id": LIGHT, "brightness": 80}
    await backend.async_stop()


async def test_a_number_is_set_on_its_step_within_its_range(hass: HomeAssistant) -> None:
    hass.states.async_set(NUMBER, "71", {"min": 20, "max": 80, "step": 0.5})
    calls = async_mock_service(hass, "number", "set_value")
    backend = await started(hass, NUMBER)
    assert level_from_state(hass.states.get(NUMBER)) == pytest.approx(85.0)
    await backend.async_set_level(42.5)  # 45.5 exactly, a whole step of 0.5
    await backend.async_set_level(0)
    await backend.async_set_level(85.0)
    assert [call.data["value"] for call in calls] == [45.5, 20.0, 71.0]
    # Without a usable range a number has no level, and none can be set.
    for attributes in ({}, {"min": 5, "max": 5}, {"min": "x", "max": 10}, {"min": 0, "max": True}):
        hass.states.async_set(NUMBER, "3", attributes)
        assert level_from_state(hass.states.get(NUMBER)) is None
    with pytest.raises(BackendError) as raised:
        await backend.async_set_level(50)
    assert raised.value.key == "command_failed"
    hass.states.async_set(NUMBER, "20", {"min": 20, "max": 80})
    assert level_from_state(hass.states.get(NUMBER)) is None  # at its minimum: nothing to limit
    hass.states.async_set(NUMBER, "nan", {"min": 20, "max": 80})
    assert level_from_state(hass.states.get(NUMBER)) is None
    await backend.async_stop()


async def test_a_climate_entity_without_a_target_cannot_be_limited(hass: HomeAssistant) -> None:
    hass.states.async_set("climate.ac", "fan_only", {"min_temp": 16, "max_temp": 30})
    calls = async_mock_service(hass, "climate", "set_temperature")
    backend = await started(hass, "climate.ac")
    with pytest.raises(BackendError) as raised:
        await backend.async_set_level(50)
    assert raised.value.key == "command_failed"
    assert calls == []
    await backend.async_stop()
