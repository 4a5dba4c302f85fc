"""What several end-to-end tests share."""

from __future__ import annotations

from hass_harness import HassApi, HassError

DEMO_AUTOPILOT = "switch.voltwise_demo_home_autopilot"


def switch_autopilot_off(api: HassApi) -> None:
    """Keep a test's appliances out of the autopilot's hands at any hour of the day.

    The demo home is new, so its autopilot starts on; during India's evening peak (18:00-22:00
    in Kolkata) it would switch off what a test switched on.
    """
    # Each appliance the demo adds reloads the home: wait for the last one first.
    api.wait_for(lambda states: "binary_sensor.refrigerator_online" in states)
    for _ in range(10):  # a call that lands during a reload does nothing: try again
        api.call_service("switch", "turn_off", {"entity_id": DEMO_AUTOPILOT})
        try:
            api.wait_for(lambda states: states[DEMO_AUTOPILOT]["state"] == "off", timeout=3)
        except HassError:
            continue
        return
    raise HassError("the demo home's autopilot could not be switched off")
