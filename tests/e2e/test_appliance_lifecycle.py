"""A real Home Assistant: add an appliance in the UI flow, switch it, restart, and it remembers."""

from __future__ import annotations

import time

import pytest
from hass_harness import DEMO_APPLIANCES, DEMO_HOME, HassApi, HassProcess, ensure_demo_home

from tests.e2e.helpers import switch_autopilot_off

pytestmark = pytest.mark.e2e

USER = {"name": "E2E", "username": "e2e", "password": "e2e-password-1"}
HEATER = "switch.water_heater"
POWER = "sensor.water_heater_power"
ENERGY = "sensor.water_heater_energy"


def test_demo_appliances_switch_meter_and_survive_a_restart(hass_process: HassProcess) -> None:
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.onboard(**USER)
    assert "3 appliances" in ensure_demo_home(api)
    switch_autopilot_off(api)
    entry_id = api.config_entries("voltwise")[0]["entry_id"]

    # Each added appliance reloads the home; wait for the last one.
    states = api.wait_for(
        lambda s: "binary_sensor.refrigerator_online" in s and s[HEATER]["state"] == "off"
    )
    assert states["sensor.water_heater_status"]["state"] == "off"
    assert states["binary_sensor.refrigerator_online"]["state"] == "on"

    # A bad appliance comes back as a translated field error; nothing is added.
    bad = api.run_subentry_flow(
        entry_id, "appliance", [{**DEMO_APPLIANCES[2], "name": "Kettle", "nameplate_w": -1}]
    )
    assert bad["type"] == "form"
    assert bad["errors"] == {"nameplate_w": "invalid_watts"}

    api.call_service("switch", "turn_on", {"entity_id": HEATER})
    states = api.wait_for(lambda s: s[HEATER]["state"] == "on")
    assert float(states[POWER]["state"]) == 2000.0
    assert states["sensor.water_heater_status"]["state"] == "on"
    response = api.call_service(
        "voltwise", "turn_off_all", {"config_entry_id": entry_id}, response=True
    )
    turned_off = response["service_response"]["turned_off"]
    assert [item["appliance"] for item in turned_off] == ["Water heater"]
    api.wait_for(lambda s: s[HEATER]["state"] == "off")
    api.call_service("switch", "turn_on", {"entity_id": HEATER})
    api.wait_for(lambda s: s[HEATER]["state"] == "on")
    time.sleep(2)  # let the heater draw some energy

    assert hass_process.stop() == 0
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.login(USER["username"], USER["password"])
    states = api.wait_for(lambda s: HEATER in s and s[HEATER]["state"] != "unavailable")
    assert states[HEATER]["state"] == "on"  # a virtual appliance remembers its relay
    assert float(states[ENERGY]["state"]) > 0  # and its meter
    assert states[ENERGY]["attributes"]["state_class"] == "total_increasing"
    assert DEMO_HOME["name"] == api.config_entries("voltwise")[0]["title"]
