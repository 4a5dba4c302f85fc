"""A Tuya plug that reports impossible data points: the appliance's gate drops every one of them.

The Tuya backend turns data points into numbers; whether a number is believable (finite, in range
for this appliance) is decided once, in the appliance runtime, for every backend.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voltwise.appliances.coordinator import ApplianceCoordinator

from .fake_plug import FakeTuyaPlug
from .test_tuya_appliance import add_plug


def number(hass: HomeAssistant, entity_id: str) -> float:
    return float(hass.states.get(entity_id).state)


async def poll_with(
    hass: HomeAssistant, plug: FakeTuyaPlug, appliance: ApplianceCoordinator, dp: str, value: object
) -> None:
    """One poll while data point ``dp`` reads ``value``; then the plug is sane again."""
    with plug._lock:  # the fake plug's own lock, shared with its threads
        good, plug.dps[dp] = plug.dps[dp], value
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    with plug._lock:
        plug.dps[dp] = good
    await hass.async_block_till_done()


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_impossible_data_points_are_dropped_and_counted(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    fake_plug: FakeTuyaPlug,
    freezer: FrozenDateTimeFactory,
) -> None:
    await add_plug(hass, init_integration, fake_plug)  # a 2000 W geyser: up to 4000 W believable
    appliance = next(iter(init_integration.runtime_data.appliances.appliances.values()))
    fake_plug.set_load(2000)
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.geyser"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    freezer.tick(timedelta(minutes=30))
    fake_plug.advance_energy(hours=0.5)
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    appliance.tick(dt_util.utcnow())
    await hass.async_block_till_done()
    assert number(hass, "sensor.geyser_energy") == pytest.approx(1.0, abs=0.01)
    async_fire_time_changed(hass)  # the regular poll that came due meanwhile, out of the way
    await hass.async_block_till_done(wait_background_tasks=True)

    for value in (float("nan"), float("inf"), -50_000, 1e15):
        await poll_with(hass, fake_plug, appliance, "19", value)  # power, 0.1 W
    for value in (float("nan"), 1e15):
        await poll_with(hass, fake_plug, appliance, "17", value)  # energy counter, Wh
    await poll_with(hass, fake_plug, appliance, "20", 1e15)  # voltage, 0.1 V
    await poll_with(hass, fake_plug, appliance, "18", float("-inf"))  # current, mA
    appliance.tick(dt_util.utcnow())
    await hass.async_block_till_done()
    # Not numbers at all (NaN, infinities) are dropped by the Tuya backend as it parses them;
    # numbers the appliance cannot have produced are dropped by the runtime's gate.
    assert appliance.backend.diagnostics()["malformed_data_points"] == 4
    assert appliance.rejected_readings == {"power_w": 2, "counter_kwh": 1, "voltage_v": 1}
    assert number(hass, "sensor.geyser_power") == 2000
    assert number(hass, "sensor.geyser_voltage") == 230.1
    assert number(hass, "sensor.geyser_energy") == pytest.approx(1.0, abs=0.01)

    # The plug's real counter still is the truth afterwards (its baseline was never moved).
    freezer.tick(timedelta(minutes=30))
    fake_plug.advance_energy(hours=0.5)
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    appliance.tick(dt_util.utcnow())
    await hass.async_block_till_done()
    assert number(hass, "sensor.geyser_energy") == pytest.approx(2.0, abs=0.01)
    assert appliance.meter.counter_resets == appliance.meter.counter_jumps == 0
