"""The control pipeline's edges: failures, timeouts, broken saved data, logbook text, errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voltwise import logbook
from custom_components.voltwise.appliances import manager, pipeline
from custom_components.voltwise.appliances.model import (
    ActionSource,
    ApplianceAction,
    BackendError,
    BackendUpdate,
    Capability,
    UpdateListener,
)
from custom_components.voltwise.const import DOMAIN, EVENT_APPLIANCE_ACTION
from tests.homes import appliance_subentry

PUMP = "01JTESTPUMP00000000000000"


class ScriptedBackend:
    """A backend at the seam: it does what the test says, nothing more."""

    capabilities: frozenset[Capability] = frozenset({Capability.POWER})

    def __init__(self, *, start_error: BackendError | None = None, hang: bool = False) -> None:
        self.start_error = start_error
        self.hang = hang
        self.listener: UpdateListener | None = None
        self.stopped = False

    async def async_start(self, listener: UpdateListener) -> None:
        if self.start_error is not None:
            raise self.start_error
        self.listener = listener
        listener(BackendUpdate(at=datetime.now(UTC), online=True, is_on=False, power_w=0.0))

    async def async_stop(self) -> None:
        self.stopped = True

    async def async_turn_on(self) -> None:
        if self.hang:
            await asyncio.Event().wait()

    async def async_turn_off(self) -> None:
        raise BackendError("command_failed", error="relay stuck")

    async def async_set_eco(self, enabled: bool) -> None:
        """Nothing to do."""

    def diagnostics(self) -> dict[str, Any]:
        return {"local_key": "0123456789abcdef", "host": "192.168.1.40"}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [appliance_subentry(PUMP, "Pump", nameplate_w=750.0)]


async def setup_with(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    backend: ScriptedBackend,
) -> None:
    monkeypatch.setattr(manager, "create_backend", lambda *_args, **_kwargs: backend)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_device_missing_at_startup_is_offline_not_a_setup_failure(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    backend = ScriptedBackend(start_error=BackendError("device_offline"))
    await setup_with(hass, mock_config_entry, monkeypatch, backend)
    assert hass.states.get("switch.pump").state == "unavailable"
    assert hass.states.get("binary_sensor.pump_online").state == "off"
    assert hass.states.get("sensor.test_home_tariff_rate").state != "unavailable"  # home works
    assert "Pump could not be started" in caplog.text
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    assert backend.stopped  # whatever it set up before failing is released


async def test_failures_and_timeouts_are_translated_logged_and_kept(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    hass_client: ClientSessionGenerator,
) -> None:
    backend = ScriptedBackend(hang=True)
    await setup_with(hass, mock_config_entry, monkeypatch, backend)
    monkeypatch.setattr(pipeline, "_PIPELINE_TIMEOUT_SECONDS", 0.05)
    events = async_capture_events(hass, EVENT_APPLIANCE_ACTION)

    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            "switch", SERVICE_TURN_ON, {ATTR_ENTITY_ID: "switch.pump"}, blocking=True
        )
    assert raised.value.translation_key == "command_timeout"
    assert hass.states.get("switch.pump").state == "off"  # never confirmed, never shown on

    runtime = mock_config_entry.runtime_data.appliances
    with pytest.raises(HomeAssistantError) as raised:
        await runtime.pipeline.async_execute(PUMP, ApplianceAction.TURN_OFF, ActionSource.AUTOPILOT)
    assert raised.value.translation_key == "command_failed"
    assert raised.value.translation_placeholders == {"appliance": "Pump", "error": "relay stuck"}
    await hass.async_block_till_done()
    assert [(e.data["action"], e.data["source"], e.data["result"]) for e in events] == [
        ("turn_on", "automation", "failed"),
        ("turn_off", "autopilot", "failed"),
    ]

    with pytest.raises(ServiceValidationError) as invalid:
        await runtime.pipeline.async_execute("nope", ApplianceAction.TURN_ON, ActionSource.USER)
    assert invalid.value.translation_key == "appliance_not_found"

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, mock_config_entry)
    assert [action["error"] for action in diagnostics["recent_actions"]] == [
        "command_timeout",
        "command_failed",
    ]
    device = diagnostics["appliances"][0]["device"]
    assert device == {"local_key": "**REDACTED**", "host": "192.168.1.40"}


async def test_turn_off_all_reports_the_appliances_it_could_not_turn_off(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = ScriptedBackend()
    await setup_with(hass, mock_config_entry, monkeypatch, backend)
    assert backend.listener is not None
    backend.listener(BackendUpdate(at=datetime.now(UTC), is_on=True, power_w=700.0))
    response = await hass.services.async_call(
        DOMAIN,
        "turn_off_all",
        {"config_entry_id": mock_config_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert response == {
        "turned_off": [],
        "failed": [{"appliance": "Pump", "appliance_id": PUMP, "error": "command_failed"}],
    }
    assert hass.states.get("switch.pump").state == "on"


async def test_measurements_are_coalesced_but_relay_changes_are_immediate(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    freezer: FrozenDateTimeFactory,
) -> None:
    backend = ScriptedBackend()
    await setup_with(hass, mock_config_entry, monkeypatch, backend)
    listener = backend.listener
    assert listener is not None
    changes = async_capture_events(hass, "state_changed")

    def writes() -> list[str]:
        return [
            event.data["new_state"].state
            for event in changes
            if event.data["entity_id"] == "sensor.pump_power"
        ]

    for watts in range(100, 1100, 100):  # ten readings within one second
        listener(BackendUpdate(at=datetime.now(UTC), power_w=float(watts)))
    await hass.async_block_till_done()
    assert writes() == []
    freezer.tick(timedelta(seconds=1.1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert writes() == ["1000.0"]  # one write, with the latest value
    listener(BackendUpdate(at=datetime.now(UTC), is_on=True, power_w=1000.0))
    await hass.async_block_till_done()
    assert hass.states.get("switch.pump").state == "on"  # at once


async def test_unreadable_saved_actions_are_skipped(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    hass_storage[f"voltwise.{mock_config_entry.entry_id}.appliances"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"voltwise.{mock_config_entry.entry_id}.appliances",
        "data": {
            "appliances": {PUMP: {"meter": {"total_kwh": 12.5}, "is_on": True, "eco": False}},
            "actions": [
                {
                    "at": "2026-03-01T10:00:00+00:00",
                    "appliance_id": PUMP,
                    "appliance": "Pump",
                    "action": "turn_on",
                    "source": "schedule",
                    "result": "success",
                    "error": None,
                },
                {"at": "yesterday", "action": "explode"},
            ],
        },
    }
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    actions = mock_config_entry.runtime_data.appliances.pipeline.actions
    assert [(record.action, record.source) for record in actions] == [("turn_on", "schedule")]
    assert hass.states.get("switch.pump").state == "on"
    assert hass.states.get("sensor.pump_energy").state == "12.5"


async def test_a_corrupt_store_starts_afresh(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    key = f"voltwise.{mock_config_entry.entry_id}.appliances"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": ["not", "a", "dict"]}
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("switch.pump").state == "off"
    assert hass.states.get("sensor.pump_energy").state == "0.0"


@pytest.mark.usefixtures("init_integration")
async def test_status_shows_schedules_and_overrides(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    coordinator = mock_config_entry.runtime_data.appliances.appliances[PUMP]
    later = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
    coordinator.set_next_run(later)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.pump_status").state == "scheduled"
    coordinator.set_override(later)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.pump_status").state == "override"
    coordinator.set_override(None)
    coordinator.set_next_run(None)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.pump_status").state == "off"


@pytest.mark.usefixtures("init_integration")
@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"duration": "01:00:00"}, "home_or_appliance_required"),
        ({"appliance": "sensor.test_home_tariff_rate"}, "not_an_appliance"),
        ({"appliance": "sensor.somebody_elses"}, "not_an_appliance"),
        ({"appliance": "switch.pump"}, "appliance_has_no_cycle"),
    ],
)
async def test_find_best_window_explains_what_is_missing(
    hass: HomeAssistant, data: dict[str, Any], key: str
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN, "find_best_window", data, blocking=True, return_response=True
        )
    assert raised.value.translation_key == key


def test_logbook_says_who_acted_and_what_failed() -> None:
    described: dict[str, Callable[[Event], dict[str, str]]] = {}
    logbook.async_describe_events(
        None,  # type: ignore[arg-type]
        lambda domain, event_type, describe: described.setdefault(event_type, describe),
    )
    describe = described[EVENT_APPLIANCE_ACTION]
    ok = Event(
        EVENT_APPLIANCE_ACTION,
        {
            "appliance": "Pump",
            "entity_id": "switch.pump",
            "action": "turn_off",
            "source": "autopilot",
            "result": "success",
        },
    )
    assert describe(ok) == {
        "name": "Pump",
        "message": "turned off by the autopilot",
        "entity_id": "switch.pump",
    }
    failed = Event(
        EVENT_APPLIANCE_ACTION,
        {
            "appliance": "Pump",
            "entity_id": None,
            "action": "eco_on",
            "source": "physical",
            "result": "failed",
            "error": "device_offline",
        },
    )
    assert describe(failed) == {
        "name": "Pump",
        "message": "could not be switched to eco mode at the device (device_offline)",
    }
