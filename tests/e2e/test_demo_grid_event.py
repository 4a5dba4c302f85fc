"""scripts/develop's demo: a minute after start, the newcomer sees the autopilot act.

Whatever the time of day: in a dear period the autopilot turns the delegated appliances off at
once; otherwise grid protection does at the simulated critical event's start, a minute later.
"""

from __future__ import annotations

import time

import pytest
from hass_harness import HassApi, HassProcess, ensure_demo_home, simulate_grid_event

pytestmark = pytest.mark.e2e

USER = {"name": "Demo", "username": "demo", "password": "demo-password-1"}
AUTOPILOT = "sensor.voltwise_demo_home_autopilot"
DELEGATED = ("switch.washing_machine", "switch.water_heater")


def test_the_demo_autopilot_acts_within_a_minute_of_the_simulated_peak(
    hass_process: HassProcess,
) -> None:
    hass_process.start()
    api = HassApi(hass_process.base_url)
    api.onboard(**USER)
    ensure_demo_home(api)
    api.wait_for(
        lambda states: (
            all(switch in states for switch in DELEGATED)
            and states.get(AUTOPILOT, {}).get("state") not in (None, "unavailable")
        ),
        timeout=60,
    )
    began = time.monotonic()
    simulate_grid_event(api)
    states = api.wait_for(
        lambda states: all(states[switch]["state"] == "off" for switch in DELEGATED),
        timeout=100,
        interval=1,
    )
    assert time.monotonic() - began < 90
    assert states[AUTOPILOT]["state"] in ("acting", "grid_protection")
    held = {item["appliance"] for item in states[AUTOPILOT]["attributes"]["held"]}
    assert held == {"Washing machine", "Water heater"}
