"""A real Home Assistant: onboard, add a home through the config flow, restart, still there."""

from __future__ import annotations

import pytest
from hass_harness import HassApi, HassProcess

pytestmark = pytest.mark.e2e

HOME = {
    "name": "E2E Home",
    "region": "IN-SO",
    "tariff": "kerala_tod_domestic",
    "normal_rate": 7.5,
    "currency": "INR",
    "time_zone": "Asia/Kolkata",
}
USER = {"name": "E2E", "username": "e2e", "password": "e2e-password-1"}
RATE = "sensor.e2e_home_tariff_rate"
ENTITIES = sorted(
    [
        "binary_sensor.e2e_home_best_time_to_run",
        "binary_sensor.e2e_home_clean_energy_window",
        "binary_sensor.e2e_home_peak_tariff",
        "calendar.e2e_home_appliance_schedules",
        "number.e2e_home_custom_cost_weight",
        "number.e2e_home_penalty_threshold",
        "select.e2e_home_strategy",
        "sensor.e2e_home_autopilot",
        "sensor.e2e_home_grid_status",
        "switch.e2e_home_autopilot",
        "switch.e2e_home_grid_protection",
        "sensor.e2e_home_co2_today",
        "sensor.e2e_home_cost_today",
        "sensor.e2e_home_energy_today",
        "sensor.e2e_home_grid_carbon_intensity",
        "sensor.e2e_home_next_best_window",
        "sensor.e2e_home_next_tariff_change",
        "sensor.e2e_home_penalty_score",
        "sensor.e2e_home_tariff_rate",
        "sensor.e2e_home_tariff_slot",
        "sensor.e2e_home_total_power",
    ]
)


def test_home_created_through_the_ui_flow_survives_a_restart(hass_process: HassProcess) -> None:
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.onboard(**USER)

    # A bad time zone comes back as a translated field error, and the flow goes on.
    result = api.run_config_flow("voltwise", [{**HOME, "time_zone": "Mars/Olympus"}])
    assert result["type"] == "form"
    assert result["errors"] == {"time_zone": "invalid_time_zone"}
    result = api.post(f"/api/config/config_entries/flow/{result['flow_id']}", HOME)
    assert result["type"] == "create_entry"
    assert result["title"] == "E2E Home"

    states = api.wait_for(lambda s: RATE in s and s[RATE]["state"] != "unavailable")
    assert sorted(api.integration_entities("voltwise")) == ENTITIES
    assert float(states[RATE]["state"]) in {7.5 * 0.9, 7.5 * 1.25, 7.5}
    assert states[RATE]["attributes"]["unit_of_measurement"] == "INR/kWh"

    assert hass_process.stop() == 0
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.login(USER["username"], USER["password"])
    entries = api.config_entries("voltwise")
    assert [(entry["title"], entry["state"]) for entry in entries] == [("E2E Home", "loaded")]
    states = api.wait_for(lambda s: RATE in s and s[RATE]["state"] != "unavailable")
    assert states[RATE]["attributes"]["unit_of_measurement"] == "INR/kWh"
    assert sorted(api.integration_entities("voltwise")) == ENTITIES
