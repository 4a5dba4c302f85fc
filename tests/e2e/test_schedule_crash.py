"""A real Home Assistant killed before a scheduled instant runs the action once when it is back."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hass_harness import HassApi, HassProcess, ensure_demo_home

from tests.e2e.helpers import switch_autopilot_off

pytestmark = pytest.mark.e2e

USER = {"name": "E2E", "username": "e2e", "password": "e2e-password-1"}
HEATER = "switch.water_heater"
KOLKATA = ZoneInfo("Asia/Kolkata")


def test_an_action_due_while_killed_runs_exactly_once_after_restart(
    hass_process: HassProcess,
) -> None:
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.onboard(**USER)
    ensure_demo_home(api)
    switch_autopilot_off(api)
    entry_id = api.config_entries("voltwise")[0]["entry_id"]
    api.wait_for(lambda s: "binary_sensor.refrigerator_online" in s and s[HEATER]["state"] == "off")
    time.sleep(2)  # Home Assistant writes its config entries a second after the last change

    # The next whole minute at least 40 s away (schedules have minute resolution).
    now = datetime.now(KOLKATA)
    due = (now + timedelta(seconds=100)).replace(second=0, microsecond=0)
    response = api.call_service(
        "voltwise",
        "schedule_appliance",
        {"appliance": HEATER, "start": due.strftime("%H:%M")},
        response=True,
    )["service_response"]
    assert datetime.fromisoformat(response["next_trigger"]) == due
    states = api.states()
    assert states["sensor.water_heater_status"]["state"] == "scheduled"

    assert hass_process.kill() is not None  # SIGKILL: no shutdown, no final save
    time.sleep(max(0.0, (due - datetime.now(KOLKATA)).total_seconds()) + 5)
    assert datetime.now(KOLKATA) > due  # the instant passed while hass was dead

    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.login(USER["username"], USER["password"])
    states = api.wait_for(lambda s: HEATER in s and s[HEATER]["state"] == "on")
    diagnostics = api.get(f"/api/diagnostics/config_entry/{entry_id}")["data"]
    log = diagnostics["schedules"]["log"]
    assert [(item["action"], item["result"]) for item in log] == [("turn_on", "success")]
    late = datetime.fromisoformat(log[0]["at"]) - datetime.fromisoformat(log[0]["scheduled_at"])
    assert timedelta(0) < late < timedelta(minutes=15)  # within the grace period

    # And never again: another restart finds the key already executed.
    assert hass_process.stop() == 0
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.login(USER["username"], USER["password"])
    api.wait_for(lambda s: HEATER in s and s[HEATER]["state"] == "on")
    diagnostics = api.get(f"/api/diagnostics/config_entry/{entry_id}")["data"]
    assert len(diagnostics["schedules"]["log"]) == 1
    actions = [action for action in diagnostics["recent_actions"] if action["source"] == "schedule"]
    assert len(actions) == 1
