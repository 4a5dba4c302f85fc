"""A Tuya plug as a VoltWise appliance: added in the UI, switched, metered, watched."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voltwise.appliances.backends import tuya_lan
from custom_components.voltwise.appliances.config import TuyaDps, parse_appliance
from custom_components.voltwise.appliances.model import BackendError
from custom_components.voltwise.const import EVENT_APPLIANCE_ACTION
from tests.homes import appliance_subentry
from tests.test_config_flow import suggested
from tests.test_translations import assert_form_translated

from .conftest import DEVICE_ID, LOCAL_KEY
from .fake_plug import FakeTuyaPlug

COMMON = {"name": "Geyser", "backend": "tuya", "nameplate_w": 2000, "category": "shiftable"}


def plug_step(plug: FakeTuyaPlug, **changes: Any) -> dict[str, Any]:
    return {
        "device_id": DEVICE_ID,
        "host": "127.0.0.1",
        "local_key": LOCAL_KEY,
        "protocol_version": plug.version,
        "port": plug.port,
        **changes,
    }


async def configure(
    hass: HomeAssistant, flow: dict[str, Any], data: dict[str, Any]
) -> dict[str, Any]:
    return dict(await hass.config_entries.subentries.async_configure(flow["flow_id"], data))


async def add_plug(hass: HomeAssistant, entry: MockConfigEntry, plug: FakeTuyaPlug) -> None:
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    result = await configure(hass, dict(flow), COMMON)
    result = await configure(hass, result, plug_step(plug))
    assert result["step_id"] == "tuya_dps"
    result = await configure(hass, result, suggested(result))  # the defaults
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("protocol_version", ["3.4"])
async def test_the_flow_checks_every_field_and_that_the_plug_answers(
    hass: HomeAssistant, init_integration: MockConfigEntry, fake_plug: FakeTuyaPlug
) -> None:
    flow = await hass.config_entries.subentries.async_init(
        (init_integration.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    result = await configure(hass, dict(flow), COMMON)
    assert result["step_id"] == "tuya"
    assert_form_translated("config_subentries.appliance", result)
    for changes, errors in (
        ({"device_id": "bf12/+"}, {"device_id": "invalid_device_id"}),
        ({"host": "plug.local"}, {"host": "invalid_host"}),
        ({"local_key": "short"}, {"local_key": "invalid_local_key"}),
        ({"port": 70000}, {"port": "invalid_port"}),
        ({"port": 0}, {"port": "invalid_port"}),  # not silently Tuya's default port
        ({"local_key": "fedcba9876543210"}, {"base": "invalid_local_key"}),  # the plug says no
        ({"protocol_version": "3.3"}, {"base": "invalid_local_key"}),  # wrong version
    ):
        bad = plug_step(fake_plug, **changes)
        result = await configure(hass, result, bad)
        assert result["errors"] == errors, changes
        # What was typed stays on screen, except the key: a secret is never sent back.
        assert suggested(result) == {key: value for key, value in bad.items() if key != "local_key"}
    # The well-formed key typed before is kept while the form is corrected: it may stay empty.
    result = await configure(hass, result, plug_step(fake_plug, local_key=""))
    assert result["step_id"] == "tuya_dps"
    assert_form_translated("config_subentries.appliance", result)
    defaults = suggested(result)
    assert defaults == {
        "switch": 1,
        "power": 19,
        "power_scale": 0.1,
        "energy": 17,
        "energy_scale": 0.001,
        "voltage": 20,
        "voltage_scale": 0.1,
        "current": 18,
        "current_scale": 0.001,
    }
    for changes, errors in (
        ({"switch": 0}, {"switch": "invalid_dp"}),
        ({"power": 300}, {"power": "invalid_dp"}),
        ({"energy_scale": 0}, {"energy_scale": "invalid_scale"}),
    ):
        result = await configure(hass, result, {**defaults, **changes})
        assert result["errors"] == errors
    # An old plug without an energy counter.
    without_counter = {key: value for key, value in defaults.items() if key != "energy"}
    result = await configure(hass, result, without_counter)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["dps"]["energy"] is None
    assert result["data"]["local_key"] == LOCAL_KEY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("switch.geyser").state == "off"
    assert hass.states.get("sensor.geyser_voltage").state == "230.1"

    # The same plug cannot be added twice.
    flow = await hass.config_entries.subentries.async_init(
        (init_integration.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    result = await configure(hass, dict(flow), {**COMMON, "name": "Geyser 2"})
    result = await configure(hass, result, plug_step(fake_plug))
    assert result["errors"] == {"device_id": "already_configured"}


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_plug_that_does_not_answer_cannot_be_added(
    hass: HomeAssistant, init_integration: MockConfigEntry, fake_plug: FakeTuyaPlug
) -> None:
    step = plug_step(fake_plug)
    fake_plug.stop()
    flow = await hass.config_entries.subentries.async_init(
        (init_integration.entry_id, "appliance"), context={"source": SOURCE_USER}
    )
    result = await configure(hass, dict(flow), COMMON)
    result = await configure(hass, result, step)
    assert result["errors"] == {"base": "cannot_connect"}
    assert not init_integration.subentries


async def wait_for_the_network(hass: HomeAssistant) -> None:
    """Real time for the plug's push to arrive (the test's clock is frozen)."""
    await hass.async_add_executor_job(time.sleep, 0.05)


async def test_a_plug_is_switched_metered_and_watched_through_the_pipeline(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    fake_plug: FakeTuyaPlug,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    await add_plug(hass, init_integration, fake_plug)
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    fake_plug.set_load(2000)
    await hass.services.async_call(
        "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.geyser"}, blocking=True
    )
    assert fake_plug.dps["1"] is True
    assert hass.states.get("switch.geyser").state == "on"
    await hass.async_block_till_done(wait_background_tasks=True)  # the follow-up poll
    freezer.tick(timedelta(seconds=1.1))  # measurements reach entities at most once a second
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.geyser_power").state == "2000.0"

    # Half an hour of heating: the plug's counter is the truth for energy.
    appliance = next(iter(init_integration.runtime_data.appliances.appliances.values()))
    freezer.tick(timedelta(minutes=30))
    fake_plug.advance_energy(hours=0.5)
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    appliance.tick(dt_util.utcnow())
    await hass.async_block_till_done()
    assert float(hass.states.get("sensor.geyser_energy").state) == pytest.approx(1.0, abs=0.01)

    # Someone presses the plug's button.
    fake_plug.press_button()
    await wait_for_the_network(hass)
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    await hass.async_block_till_done()
    assert hass.states.get("switch.geyser").state == "off"
    assert [(e.data["action"], e.data["source"]) for e in events] == [
        ("turn_on", "automation"),
        ("turn_off", "physical"),
    ]

    # The plug loses power: unavailable after two failed polls, one warning.
    fake_plug.stop()
    for _ in range(3):
        await appliance.backend.async_poll()  # type: ignore[attr-defined]
    await hass.async_block_till_done()
    assert hass.states.get("switch.geyser").state == "unavailable"
    assert hass.states.get("binary_sensor.geyser_online").state == "off"
    assert caplog.text.count("does not answer") == 1
    fake_plug.start()
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    await hass.async_block_till_done()
    assert hass.states.get("switch.geyser").state == "off"
    await hass.services.async_call(
        "switch", SERVICE_TURN_OFF, {ATTR_ENTITY_ID: "switch.geyser"}, blocking=True
    )
    assert hass.states.get("switch.geyser").state == "off"


NEW_KEY = "k3y-0f-th3-pl4g!"


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_reconfigure_never_sends_the_local_key_to_the_browser(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    fake_plug: FakeTuyaPlug,
    hass_client: ClientSessionGenerator,
) -> None:
    """The forms as the frontend gets them (REST API, schema serialised) never hold the key."""
    assert await async_setup_component(hass, "config", {})
    await add_plug(hass, init_integration, fake_plug)
    subentry_id = next(iter(init_integration.subentries))
    client = await hass_client()
    url = "/api/config/config_entries/subentries/flow"

    async def reconfigure(*steps: dict[str, Any]) -> dict[str, Any]:
        """Start a reconfigure flow over the REST API and submit ``steps``; the last answer."""
        response = await client.post(
            url,
            json={"handler": [init_integration.entry_id, "appliance"], "subentry_id": subentry_id},
        )
        answer: dict[str, Any] = {}
        for step in (None, *steps):
            if step is not None:
                response = await client.post(f"{url}/{answer['flow_id']}", json=step)
            assert response.status == 200
            text = await response.text()
            assert LOCAL_KEY not in text
            assert NEW_KEY not in text
            answer = json.loads(text)
        return dict(answer)

    common = {"name": "Geyser", "nameplate_w": 2000, "category": "shiftable"}
    form = await reconfigure(common)
    assert form["step_id"] == "tuya"
    fields = {field["name"]: field for field in form["data_schema"]}
    assert "suggested_value" not in fields["local_key"].get("description", {})
    assert fields["local_key"]["required"] is False  # empty keeps the stored key
    assert fields["host"]["description"]["suggested_value"] == "127.0.0.1"
    # A form shown again with an error does not hold the key either (stored or typed).
    form = await reconfigure(common, plug_step(fake_plug, host="plug.local"))
    assert form["errors"] == {"host": "invalid_host"}

    # Left empty: the stored key is kept, and the plug is asked with it.
    dps = TuyaDps().as_dict()
    done = await reconfigure(common, plug_step(fake_plug, local_key="", host=" 127.0.0.1 "), dps)
    assert done["reason"] == "reconfigure_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.subentries[subentry_id].data["local_key"] == LOCAL_KEY

    # A new key (the plug was re-paired) replaces it, once the plug accepts it.
    fake_plug.local_key = NEW_KEY.encode()
    form = await reconfigure(common, plug_step(fake_plug, local_key=""))
    assert form["errors"] == {"base": "invalid_local_key"}  # the stored key no longer works
    done = await reconfigure(common, plug_step(fake_plug, local_key=NEW_KEY), dps)
    assert done["reason"] == "reconfigure_successful"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.subentries[subentry_id].data["local_key"] == NEW_KEY
    assert hass.states.get("switch.geyser").state == "off"  # it works with the new key


def said(caplog: pytest.LogCaptureFixture, text: str) -> int:
    """How many log lines (since the home was set up) contain ``text``."""
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    return sum(text in record.getMessage() for record in records)


def stored_plug(**changes: Any) -> dict[str, Any]:
    """A Tuya appliance as saved in the home's subentries (``port`` given by the test)."""
    return appliance_subentry(
        "01JTUYAPLUG0000000000000",
        "Geyser",
        backend="tuya",
        device_id=DEVICE_ID,
        host="127.0.0.1",
        local_key=LOCAL_KEY,
        protocol_version="3.3",
        dps=TuyaDps().as_dict(),
        **changes,
    )


@pytest.mark.parametrize("protocol_version", ["3.3"])
@pytest.mark.parametrize("home_subentries", [[stored_plug(port=0)]])
async def test_a_stored_invalid_port_is_refused_not_replaced(
    hass: HomeAssistant,
    fake_plug: FakeTuyaPlug,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A port of 0 in the settings (edited by hand) is not quietly Tuya's 6668.

    The home still starts; the appliance is unavailable and says why, once; the flow then asks
    for a valid port.
    """
    await hass.async_block_till_done(wait_background_tasks=True)
    assert init_integration.state is ConfigEntryState.LOADED
    assert hass.states.get("switch.geyser").state == "unavailable"
    appliance = next(iter(init_integration.runtime_data.appliances.appliances.values()))
    assert appliance.backend.diagnostics()["port"] == 0  # type: ignore[attr-defined]
    assert said(caplog, "invalid port 0") == 1
    with pytest.raises(BackendError) as refused:
        await appliance.backend.async_turn_on()
    assert refused.value.key == "tuya_invalid_port"
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    assert said(caplog, "invalid port 0") == 1

    result = await init_integration.start_subentry_reconfigure_flow(
        hass, "01JTUYAPLUG0000000000000"
    )
    result = await configure(
        hass, result, {"name": "Geyser", "nameplate_w": 1000, "category": "shiftable"}
    )
    assert suggested(result)["port"] == 0
    result = await configure(hass, result, {**plug_step(fake_plug), "port": 0})
    assert result["errors"] == {"port": "invalid_port"}
    assert fake_plug.requests == []  # nothing ever connected to a port it was not told
    result = await configure(hass, result, plug_step(fake_plug))
    assert result["step_id"] == "tuya_dps"


@pytest.mark.parametrize(
    ("stored", "port"),
    [(None, 6668), (6669, 6669), (6669.0, 6669), (0, 0), (70000, 70000), (1.5, 0), ("x", 0)],
)
def test_a_stored_port_is_never_guessed(stored: object, port: int) -> None:
    """Missing means Tuya's port; anything else is kept (and refused by the backend if bad)."""
    data = stored_plug()["data"] if stored is None else stored_plug(port=stored)["data"]
    config = parse_appliance("a", "Geyser", data)
    assert config.tuya is not None
    assert config.tuya.port == port


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_command_carried_out_after_its_time_limit_is_not_physical(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    fake_plug: FakeTuyaPlug,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slow plug switches after VoltWise gave up waiting: the log names who asked."""
    await add_plug(hass, init_integration, fake_plug)
    appliance = next(iter(init_integration.runtime_data.appliances.appliances.values()))
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=0.3))
    fake_plug.answer_delay = 0.8
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.geyser"}, blocking=True
        )
    assert raised.value.translation_key == "command_timeout"
    assert hass.states.get("switch.geyser").state == "off"
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    await hass.async_block_till_done(wait_background_tasks=True)
    assert fake_plug.dps["1"] is True
    assert hass.states.get("switch.geyser").state == "on"
    assert [(e.data["action"], e.data["source"], e.data["result"]) for e in events] == [
        ("turn_on", "automation", "failed"),
        ("turn_on", "automation", "success"),  # late, but done as the automation asked
    ]
    # Someone at the plug afterwards is still someone at the plug.
    fake_plug.answer_delay = 0.0
    fake_plug.press_button()
    await wait_for_the_network(hass)
    await appliance.backend.async_poll()  # type: ignore[attr-defined]
    await hass.async_block_till_done()
    assert events[-1].data["action"] == "turn_off"
    assert events[-1].data["source"] == "physical"
