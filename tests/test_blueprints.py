"""The blueprints in blueprints/automation/voltwise: valid for Home Assistant, and one at work."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint, BlueprintInputs
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, yaml as yaml_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from .homes import appliance_subentry

FOLDER = Path(__file__).resolve().parents[1] / "blueprints" / "automation" / "voltwise"
BLUEPRINTS = sorted(FOLDER.glob("*.yaml"))
PLUG = "01JTESTPLUG00000000000000"


def load(path: Path) -> Blueprint:
    return Blueprint(
        yaml_util.load_yaml_dict(path),
        path=path.name,
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


def _sample(spec: dict[str, Any]) -> Any:
    """A value of the kind an input's selector gives."""
    (kind, options) = next(iter(spec["selector"].items()))
    options = options or {}
    if kind == "trigger":
        return [{"trigger": "event", "event_type": "washing_machine_loaded"}]
    if kind == "number":
        return options.get("min", 1)
    if kind == "select":
        return options["options"][0]["value"]
    if kind == "device":
        return "0123456789abcdef0123456789abcdef"
    if kind == "entity":
        domain = options.get("filter", [{}])[0].get("domain", "sensor")
        domain = domain[0] if isinstance(domain, list) else domain
        return [f"{domain}.sample"] if options.get("multiple") else f"{domain}.sample"
    raise AssertionError(f"no sample for a {kind} selector")


def test_the_five_blueprints_are_there() -> None:
    assert [path.stem for path in BLUEPRINTS] == [
        "clean_window_nudge",
        "grid_event_response",
        "peak_interceptor",
        "power_limit_guard",
        "run_at_best_window",
    ]


@pytest.mark.parametrize("path", BLUEPRINTS, ids=lambda path: path.stem)
async def test_blueprint_is_valid_and_importable(hass: HomeAssistant, path: Path) -> None:
    # Templates in the actions are validated against a running Home Assistant.
    blueprint = load(path)
    assert blueprint.validate() is None  # supported by this Home Assistant
    metadata = blueprint.metadata
    assert metadata["name"].startswith("VoltWise - ")
    assert metadata["source_url"].endswith(f"/blueprints/automation/voltwise/{path.name}")
    # Every input is used; with sample values the automation passes Home Assistant's schemas.
    inputs = {name: _sample(spec) for name, spec in blueprint.inputs.items()}
    config = BlueprintInputs(
        blueprint, {"use_blueprint": {"path": path.name, "input": inputs}}
    ).async_substitute()
    assert "!input" not in str(config)
    cv.TRIGGER_SCHEMA(config["triggers"])
    cv.CONDITIONS_SCHEMA(config.get("conditions", []))
    cv.SCRIPT_SCHEMA(config["actions"])
    assert config.get("mode", "single") in {"single", "restart", "queued", "parallel"}
    text = await hass.async_add_executor_job(path.read_text)
    for name in blueprint.inputs:
        assert f"!input {name}" in text, f"input {name} is never used"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    """A plug that draws 3 kW while on."""
    return [appliance_subentry(PLUG, "Heater", nameplate_w=3000.0)]


async def test_power_limit_guard_turns_off_at_most_k_times_a_day(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """Over 2500 W for 2 minutes turns the plug off, twice; the third time it stays on."""
    assert await async_setup_component(hass, "counter", {"counter": {"heater_offs": {}}})
    assert await async_setup_component(hass, "persistent_notification", {})
    blueprint = load(FOLDER / "power_limit_guard.yaml")
    automation = BlueprintInputs(
        blueprint,
        {
            "use_blueprint": {
                "path": "power_limit_guard.yaml",
                "input": {
                    "power_sensor": "sensor.heater_power",
                    "switch": "switch.heater",
                    "limit_w": 2500,
                    "minutes": 2,
                    "max_per_day": 2,
                    "daily_counter": "counter.heater_offs",
                },
            }
        },
    ).async_substitute()
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    await hass.async_block_till_done()

    async def draw_for(minutes: int) -> str:
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": "switch.heater"}, blocking=True
        )
        await hass.async_block_till_done()
        assert float(hass.states.get("sensor.heater_power").state) == 3000
        freezer.tick(timedelta(minutes=minutes))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
        return hass.states.get("switch.heater").state

    assert await draw_for(1) == "on"  # not long enough yet
    freezer.tick(timedelta(minutes=1, seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get("switch.heater").state == "off"
    assert hass.states.get("counter.heater_offs").state == "1"
    assert await draw_for(3) == "off"
    assert hass.states.get("counter.heater_offs").state == "2"
    client = await hass_ws_client(hass)

    async def notice() -> str:
        await client.send_json_auto_id({"type": "persistent_notification/get"})
        answer = await client.receive_json()
        (found,) = answer["result"]
        assert found["notification_id"] == "voltwise_power_limit_switch.heater"
        return str(found["message"])

    assert await notice() == "It drew more than 2500 W for 0:02:00 (2 of at most 2 times today)."
    assert await draw_for(3) == "on"  # the day's limit: it is left alone
    assert hass.states.get("counter.heater_offs").state == "2"
    assert await notice() == "Not turned off again: the rule already did so 2 times today."
    midnight = dt_util.start_of_local_day() + timedelta(days=1)
    freezer.move_to(midnight)
    async_fire_time_changed(hass, midnight)
    await hass.async_block_till_done()
    assert hass.states.get("counter.heater_offs").state == "0"  # a new day, a new allowance
