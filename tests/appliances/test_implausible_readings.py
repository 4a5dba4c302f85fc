"""Readings a meter cannot have produced never reach energy, entities, home sums or the store.

An entity Home Assistant already has is the easiest meter to get wrong (a template sensor with
the wrong unit, a cloud integration that reports nonsense), so it stands for every backend here;
the Tuya plug and the MQTT node are tested through the same gate in tests/appliances/tuya and
tests/appliances/mqtt.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import SERVICE_TURN_ON
from homeassistant.core import HomeAssistant, State
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)

from custom_components.voltwise.diagnostics import async_get_config_entry_diagnostics
from tests.appliances.test_appliances import advance_to, ist, number, switch
from tests.homes import appliance_subentry

HEATER = "01JTESTHEATER000000000000"
LAMP = "01JTESTLAMP00000000000000"
DUMB = "01JTESTDUMB00000000000000"
PLUG = "input_boolean.heater_plug"
POWER = "sensor.heater_plug_power"
STORE_KEY = "voltwise.01JTESTHOME00000000000000.appliances"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(
            HEATER,
            "Heater",
            backend="ha_entity",
            nameplate_w=1000.0,  # readings up to 3680 W are believable
            entity_id=PLUG,
            power_sensor=POWER,
        ),
        appliance_subentry(LAMP, "Lamp", nameplate_w=100.0),
        appliance_subentry(
            DUMB, "Dumb plug", backend="ha_entity", nameplate_w=500.0, entity_id="fan.cloud_fan"
        ),
    ]


async def start_home(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    freezer.move_to(ist(10))
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"heater_plug": {}}}
    )
    hass.states.async_set(POWER, "0", {"unit_of_measurement": "W"})
    hass.states.async_set("fan.cloud_fan", "off")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def report_power(hass: HomeAssistant, value: str, unit: str = "W") -> None:
    hass.states.async_set(POWER, value, {"unit_of_measurement": unit})
    await hass.async_block_till_done()


def rejected(entry: MockConfigEntry, appliance_id: str) -> dict[str, int]:
    return dict(entry.runtime_data.appliances.appliances[appliance_id].rejected_readings)


async def test_absurd_power_never_reaches_energy_entities_or_the_store(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await start_home(hass, freezer, mock_config_entry)
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await report_power(hass, "900")
    await advance_to(hass, freezer, ist(11))
    assert number(hass, "sensor.heater_energy") == pytest.approx(0.9)

    # A terawatt, then 1e308 kW (infinite once in watts): both dropped, 900 W still holds.
    await report_power(hass, "1e12")
    await advance_to(hass, freezer, ist(11, 30))
    await report_power(hass, "1e308", "kW")
    await advance_to(hass, freezer, ist(12))
    assert number(hass, "sensor.heater_power") == 900
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.8)
    assert number(hass, "sensor.heater_cost_today") == pytest.approx(1.8 * 6.8)
    assert rejected(mock_config_entry, HEATER) == {"power_w": 2}

    # The rest of the home carries on: another appliance and the home's sums.
    await switch(hass, SERVICE_TURN_ON, "switch.lamp")
    await advance_to(hass, freezer, ist(13))
    assert number(hass, "sensor.lamp_energy") == pytest.approx(0.1)
    assert number(hass, "sensor.test_home_energy_today") == pytest.approx(0.9 * 3 + 0.1)
    assert number(hass, "sensor.test_home_total_power") == 1000

    diagnostics = await async_get_config_entry_diagnostics(hass, mock_config_entry)
    heater = next(item for item in diagnostics["appliances"] if item["name"] == "Heater")
    assert heater["rejected_readings"] == {"power_w": 2}

    # What is stored is finite, and the meter is intact after a restart.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[STORE_KEY]["data"]["appliances"][HEATER]["meter"]
    assert stored["total_kwh"] == pytest.approx(2.7)
    assert "Infinity" not in json.dumps(stored)
    assert number(hass, "sensor.heater_energy") == pytest.approx(2.7)


async def test_a_power_sensor_that_goes_away_stops_the_energy(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_home(hass, freezer, mock_config_entry)
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await report_power(hass, "800")
    await advance_to(hass, freezer, ist(10, 30))
    assert number(hass, "sensor.heater_energy") == pytest.approx(0.4)

    for gone in ("unavailable", "unknown"):
        hass.states.async_set(POWER, gone)
        await hass.async_block_till_done()
        await advance_to(hass, freezer, ist(11) if gone == "unavailable" else ist(11, 30))
        assert hass.states.get("sensor.heater_power").state == "unknown"
        assert hass.states.get("switch.heater").state == "on"  # the plug itself still answers
        assert number(hass, "sensor.heater_energy") == pytest.approx(0.4)
    assert rejected(mock_config_entry, HEATER) == {}  # gone is not implausible

    await report_power(hass, "600")  # back: energy counts again from here
    await advance_to(hass, freezer, ist(12))
    assert number(hass, "sensor.heater_power") == 600
    assert number(hass, "sensor.heater_energy") == pytest.approx(0.7)


async def test_an_appliance_that_goes_offline_stops_the_energy(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    """Measured or estimated: while nobody knows what it draws, nothing is counted."""
    await start_home(hass, freezer, mock_config_entry)
    hass.states.async_set("fan.cloud_fan", "on")  # switched on elsewhere: 500 W estimated
    await switch(hass, SERVICE_TURN_ON, "switch.heater")
    await report_power(hass, "1000")
    await advance_to(hass, freezer, ist(11))
    assert number(hass, "sensor.dumb_plug_energy") == pytest.approx(0.5)
    assert number(hass, "sensor.heater_energy") == pytest.approx(1.0)

    hass.states.async_set("fan.cloud_fan", "unavailable")
    hass.states.async_set(PLUG, "unavailable")
    await hass.async_block_till_done()
    await advance_to(hass, freezer, ist(13))
    assert number(hass, "sensor.test_home_energy_today") == pytest.approx(1.5)
    assert number(hass, "sensor.test_home_total_power") == 0

    hass.states.async_set("fan.cloud_fan", "on")
    hass.states.async_set(PLUG, "on")
    await hass.async_block_till_done()
    await advance_to(hass, freezer, ist(14))
    assert number(hass, "sensor.dumb_plug_energy") == pytest.approx(1.0)
    # Back: the power sensor's present state is read again (a steady load sends no change).
    assert number(hass, "sensor.heater_power") == 1000
    assert number(hass, "sensor.heater_energy") == pytest.approx(2.0)
    assert number(hass, "sensor.test_home_energy_today") == pytest.approx(3.0)


def saved_meter(**fields: Any) -> dict[str, Any]:
    return {
        "total_kwh": 12.5,
        "day": "2026-03-02",
        "today_kwh": 1.5,
        "today_cost": 10.2,
        "today_co2_kg": 1.1,
        "last_at": None,
        "last_power_w": None,
        "last_counter_kwh": None,
        "last_counter_at": None,
        "counter_resets": 0,
        "counter_jumps": 0,
        **fields,
    }


@pytest.mark.parametrize(
    ("broken", "today_kwh"),
    [
        ({"today_kwh": None, "today_cost": None, "last_power_w": None}, 0.0),
        ({"today_co2_kg": "Infinity", "counter_resets": None}, 1.5),
        ({"last_at": "yesterday", "day": 20260302}, 0.0),
    ],
)
async def test_a_damaged_meter_keeps_what_can_be_read(
    *,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    broken: dict[str, Any],
    today_kwh: float,
) -> None:
    """One unreadable field costs that field, never the appliance's whole energy history."""
    hass_storage[STORE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORE_KEY,
        "data": {
            "appliances": {LAMP: {"meter": saved_meter(**broken), "is_on": False, "eco": False}},
            "actions": [],
        },
    }
    await start_home(hass, freezer, mock_config_entry)
    assert number(hass, "sensor.lamp_energy") == 12.5
    assert number(hass, "sensor.test_home_energy_today") == today_kwh


async def test_an_unreadable_total_comes_back_from_the_energy_sensor(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A total saved as null (an infinite meter, before readings were checked) is recovered.

    Home Assistant refused to show the infinite total, so the energy sensor's last state is the
    last good one; it is restored instead of starting the appliance's energy at 0 again.
    """
    hass_storage[STORE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORE_KEY,
        "data": {
            "appliances": {
                LAMP: {"meter": saved_meter(total_kwh=None), "is_on": True, "eco": False},
                HEATER: {"meter": saved_meter(total_kwh=None), "is_on": False, "eco": False},
            },
            "actions": [],
        },
    }
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State("sensor.lamp_energy", "7.25"),
                {"native_value": 7.25, "native_unit_of_measurement": "kWh"},
            )
        ],
    )
    await start_home(hass, freezer, mock_config_entry)
    assert number(hass, "sensor.lamp_energy") == 7.25
    await advance_to(hass, freezer, ist(11))  # the lamp is on: 0.1 kWh more
    assert number(hass, "sensor.lamp_energy") == pytest.approx(7.35)
    # Nothing to recover from: the heater starts again at 0, and says so.
    assert number(hass, "sensor.heater_energy") == 0
    assert "Heater: the saved meter had unreadable total_kwh" in caplog.text
