"""A real Home Assistant killed while grid protection holds an appliance: back on exactly once.

The period is a critical grid event reported through the service (a real peak is hours away);
it uses the same memory and restore path as a tariff peak.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from hass_harness import HassApi, HassProcess, ensure_demo_home

from tests.e2e.helpers import switch_autopilot_off

pytestmark = pytest.mark.e2e

USER = {"name": "E2E", "username": "e2e", "password": "e2e-password-1"}
HEATER = "switch.water_heater"
HOME = "voltwise_demo_home"


def _grid_actions(api: HassApi, entry_id: str) -> list[str]:
    diagnostics = api.get(f"/api/diagnostics/config_entry/{entry_id}")["data"]
    return [
        action["action"]
        for action in diagnostics["recent_actions"]
        if action["source"] == "grid_protection" and action["appliance"] == "Water heater"
    ]


def test_kill_during_a_period_restores_exactly_once_after_it_ended(
    hass_process: HassProcess,
) -> None:
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.onboard(**USER)
    ensure_demo_home(api)
    switch_autopilot_off(api)
    entry_id = api.config_entries("voltwise")[0]["entry_id"]
    api.wait_for(lambda s: HEATER in s and f"switch.{HOME}_grid_protection" in s)
    api.call_service("switch", "turn_on", {"entity_id": f"switch.{HOME}_grid_protection"})
    api.call_service("switch", "turn_on", {"entity_id": HEATER})
    api.wait_for(lambda s: s[HEATER]["state"] == "on")

    end = datetime.now(UTC) + timedelta(seconds=60)
    api.call_service(
        "voltwise",
        "report_grid_event",
        {
            "config_entry_id": entry_id,
            "type": "load_shedding",
            "severity": "critical",
            "end": end.isoformat(),
        },
    )
    states = api.wait_for(lambda s: s[HEATER]["state"] == "off")
    assert states[f"sensor.{HOME}_autopilot"]["state"] == "grid_protection"
    time.sleep(17)  # the appliances' delayed save has written the heater's state
    assert hass_process.kill() is not None  # SIGKILL in the middle of the event
    time.sleep(max(0.0, (end - datetime.now(UTC)).total_seconds()) + 5)

    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.login(USER["username"], USER["password"])
    api.wait_for(lambda s: HEATER in s and s[HEATER]["state"] == "on")
    assert _grid_actions(api, entry_id) == ["turn_off", "turn_on"]
    diagnostics = api.get(f"/api/diagnostics/config_entry/{entry_id}")["data"]
    assert diagnostics["autopilot"]["memory"]["holds"] == {}

    # And never again: a further restart finds nothing to restore.
    time.sleep(17)
    assert hass_process.stop() == 0
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.login(USER["username"], USER["password"])
    api.wait_for(lambda s: HEATER in s and s[HEATER]["state"] == "on")
    assert _grid_actions(api, entry_id) == ["turn_off", "turn_on"]
