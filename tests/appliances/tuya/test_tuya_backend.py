"""The Tuya LAN backend: the real tinytuya client against a plug speaking the wire protocol."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import timedelta
from unittest.mock import Mock

import pytest
import tinytuya  # type: ignore[import-untyped]
from homeassistant.core import HomeAssistant

from custom_components.voltwise.appliances.backends import tuya_lan
from custom_components.voltwise.appliances.backends.tuya_lan import (
    TuyaLanBackend,
    async_probe_tuya,
)
from custom_components.voltwise.appliances.config import TuyaConfig, TuyaDps
from custom_components.voltwise.appliances.model import (
    COMMAND_SOURCE,
    ActionSource,
    BackendError,
    BackendUpdate,
    Capability,
)

from .conftest import DEVICE_ID, LOCAL_KEY
from .fake_plug import FakeTuyaPlug

WRONG_KEY = "fedcba9876543210"


def tuya_config(plug: FakeTuyaPlug, **changes: str) -> TuyaConfig:
    config = TuyaConfig(
        device_id=DEVICE_ID,
        host="127.0.0.1",
        local_key=LOCAL_KEY,
        protocol_version=plug.version,
        dps=TuyaDps(),
        port=plug.port,
    )
    return replace(config, **changes)


class Recorder:
    """The runtime's listener, as a list."""

    def __init__(self) -> None:
        self.updates: list[BackendUpdate] = []

    def __call__(self, update: BackendUpdate) -> None:
        self.updates.append(update)

    @property
    def last(self) -> BackendUpdate:
        return self.updates[-1]


@pytest.fixture
async def backend(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug
) -> AsyncIterator[tuple[TuyaLanBackend, Recorder]]:
    backend = TuyaLanBackend(
        hass,
        tuya_config(fake_plug),
        name="Heater",
        poll_interval=timedelta(seconds=30),
        connect_timeout=1.0,
    )
    recorder = Recorder()
    await backend.async_start(recorder)
    await hass.async_block_till_done(wait_background_tasks=True)  # the first poll
    try:
        yield backend, recorder
    finally:
        await backend.async_stop()


async def test_state_and_measurements_are_read_and_scaled(
    fake_plug: FakeTuyaPlug, backend: tuple[TuyaLanBackend, Recorder]
) -> None:
    tuya, recorder = backend
    assert tuya.capabilities == {
        Capability.POWER,
        Capability.ENERGY_COUNTER,
        Capability.VOLTAGE,
        Capability.CURRENT,
    }
    first = recorder.last
    assert (first.online, first.is_on, first.power_w, first.counter_kwh) == (True, False, 0.0, 0.0)
    assert first.voltage_v == pytest.approx(230.1)

    fake_plug.set_load(1500)
    await tuya.async_turn_on()
    confirmed = recorder.last
    assert confirmed.is_on is True
    assert confirmed.changed_by is None  # our own command
    assert fake_plug.dps["1"] is True

    fake_plug.advance_energy(hours=2)
    await tuya.async_poll()
    reading = recorder.last
    assert reading.power_w == pytest.approx(1500)
    assert reading.current_a == pytest.approx(1500 / 230.1, rel=1e-3)
    assert reading.counter_kwh == pytest.approx(3.0)
    assert reading.changed_by is None  # nothing changed behind our back

    fake_plug.reset_counter()  # cheap plugs do this; the runtime bridges it with power
    await tuya.async_poll()
    assert recorder.last.counter_kwh == 0.0

    await tuya.async_turn_off()
    assert recorder.last.is_on is False
    assert fake_plug.dps["1"] is False


async def test_the_button_on_the_plug_is_reported_as_physical(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug, backend: tuple[TuyaLanBackend, Recorder]
) -> None:
    tuya, recorder = backend
    fake_plug.press_button()  # pushed to our open connection
    await asyncio.sleep(0.05)
    await tuya.async_poll()
    assert recorder.last.is_on is True
    assert recorder.last.changed_by is ActionSource.PHYSICAL
    # Pressed twice between polls: both pushes are read in order; the last one wins.
    fake_plug.press_button()
    fake_plug.press_button()
    await asyncio.sleep(0.05)
    await tuya.async_poll()
    assert recorder.last.is_on is True
    assert recorder.last.changed_by is None  # the same state as before, nothing to attribute


async def test_a_plug_going_away_is_offline_once_and_back_once(
    hass: HomeAssistant,
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.voltwise")
    tuya, recorder = backend
    fake_plug.stop()
    await tuya.async_poll()
    assert recorder.last.online is True  # one lost answer is not "offline"
    for _ in range(3):
        await tuya.async_poll()
    offline = [update for update in recorder.updates if update.online is False]
    assert len(offline) == 1
    with pytest.raises(BackendError) as raised:
        await tuya.async_turn_on()
    assert raised.value.key == "device_offline"

    fake_plug.start()
    await tuya.async_poll()
    assert recorder.last.online is True
    await tuya.async_turn_on()
    assert fake_plug.dps["1"] is True
    messages = [record.getMessage() for record in caplog.records]
    assert sum("does not answer" in message for message in messages) == 1
    assert sum("answers again" in message for message in messages) == 1
    assert tuya.diagnostics()["online"] is True
    assert LOCAL_KEY not in str(tuya.diagnostics())


async def test_polls_back_off_while_the_plug_is_away(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug, backend: tuple[TuyaLanBackend, Recorder]
) -> None:
    tuya, _recorder = backend
    fake_plug.stop()
    for _ in range(2):
        await tuya.async_poll()
    polls = tuya.diagnostics()["polls"]
    await tuya._async_poll_tick(None)  # type: ignore[arg-type]
    assert tuya.diagnostics()["polls"] == polls  # skipped: backing off


async def test_a_wrong_key_is_recognised_and_said_once(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug, caplog: pytest.LogCaptureFixture
) -> None:
    assert await async_probe_tuya(hass, tuya_config(fake_plug), connect_timeout=1.0) is None
    assert (
        await async_probe_tuya(
            hass,
            tuya_config(fake_plug, local_key=WRONG_KEY),
            connect_timeout=1.0,
        )
        == "invalid_local_key"
    )
    backend = TuyaLanBackend(
        hass,
        tuya_config(fake_plug, local_key=WRONG_KEY),
        name="Heater",
        connect_timeout=1.0,
    )
    recorder = Recorder()
    await backend.async_start(recorder)
    await hass.async_block_till_done(wait_background_tasks=True)
    for _ in range(3):
        await backend.async_poll()
    try:
        assert [update.online for update in recorder.updates] == [False]
        with pytest.raises(BackendError) as raised:
            await backend.async_turn_on()
        assert raised.value.key == "tuya_invalid_key"
        assert backend.diagnostics()["invalid_key"] is True
        ours = [
            record.getMessage()
            for record in caplog.records
            if record.name.startswith("custom_components.voltwise")
        ]
        assert sum("rejects the local key" in message for message in ours) == 1
        assert not [message for message in ours if WRONG_KEY in message]
        assert fake_plug.dps["1"] is False
    finally:
        await backend.async_stop()


async def test_a_command_the_plug_acknowledges_but_does_not_apply_is_an_error(
    fake_plug: FakeTuyaPlug, backend: tuple[TuyaLanBackend, Recorder]
) -> None:
    tuya, recorder = backend
    fake_plug.ignore_control = True
    with pytest.raises(BackendError) as raised:
        await tuya.async_turn_on()
    assert raised.value.key == "command_not_applied"
    assert recorder.last.is_on is False


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_probe_of_a_closed_port_cannot_connect(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug
) -> None:
    config = tuya_config(fake_plug)
    fake_plug.stop()
    assert await async_probe_tuya(hass, config, connect_timeout=0.5) == "cannot_connect"


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_plug_without_meter_data_points_only_switches(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug
) -> None:
    dps = TuyaDps(power=None, energy=None, voltage=None, current=None)
    backend = TuyaLanBackend(hass, tuya_config(fake_plug, dps=dps), name="Lamp")
    recorder = Recorder()
    assert backend.capabilities == frozenset()
    await backend.async_start(recorder)
    await hass.async_block_till_done(wait_background_tasks=True)
    try:
        await backend.async_turn_on()
        assert recorder.last.is_on is True
        assert recorder.last.power_w is None
    finally:
        await backend.async_stop()


@pytest.mark.parametrize("protocol_version", ["3.3", "3.4"])
async def test_a_plug_that_hangs_after_working_is_offline_not_a_bad_key(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug
) -> None:
    backend = TuyaLanBackend(hass, tuya_config(fake_plug), name="Heater", connect_timeout=0.3)
    recorder = Recorder()
    await backend.async_start(recorder)
    await hass.async_block_till_done(wait_background_tasks=True)
    try:
        assert recorder.updates[-1].online is True
        fake_plug.hung = True
        await backend.async_stop()  # drop the open connection: the next one meets the hang
        await backend.async_start(recorder)
        await hass.async_block_till_done(wait_background_tasks=True)
        await backend.async_poll()
        assert recorder.updates[-1].online is False
        assert backend.diagnostics()["invalid_key"] is False
        with pytest.raises(BackendError) as raised:
            await backend.async_turn_on()
        assert raised.value.key == "device_offline"
    finally:
        await backend.async_stop()


@pytest.mark.parametrize("protocol_version", ["3.3", "3.5"])
async def test_a_timed_out_command_holds_the_plug_until_its_call_really_ends(
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The caller stops waiting; nobody else talks to the plug before its answer is in."""
    tuya, recorder = backend
    monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=0.3))
    fake_plug.answer_delay = 0.8  # slower than the command may take, within the socket timeout
    with pytest.raises(BackendError) as raised:
        await tuya.async_turn_on()
    assert raised.value.key == "command_timeout"
    assert fake_plug.dps["1"] is False  # still being carried out
    await tuya.async_poll()  # waits for the late answer instead of talking over it
    assert fake_plug.requests_while_busy == []
    assert fake_plug.dps["1"] is True
    assert recorder.last.is_on is True
    # Our own late command (its source unknown here), not someone at the plug.
    assert [update.changed_by for update in recorder.updates if update.changed_by] == []


@pytest.mark.parametrize("protocol_version", ["3.4"])
async def test_a_plug_that_keeps_pushing_cannot_hold_the_plug_forever(
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tuya, recorder = backend
    fake_plug.set_load(1000)
    fake_plug.start_flood()
    try:
        async with asyncio.timeout(5):
            await tuya.async_poll()
            await tuya.async_poll()
        assert recorder.last.online is True
        # However fast the CPU reads frames, reading them is bounded in time too.
        monkeypatch.setattr(tuya_lan, "DRAIN_MAX_FRAMES", 10**9)
        monkeypatch.setattr(tuya_lan, "DRAIN_MAX_SECONDS", 0.2)
        async with asyncio.timeout(5):
            await tuya.async_poll()
        # A command is answered within its time limit (it does not wait behind the frames).
        monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=3))
        with contextlib.suppress(BackendError):
            await tuya.async_turn_on()  # confirmed, or refused for a reason; never hung
        assert tuya.diagnostics()["drain_limit_hits"] >= 1
    finally:
        fake_plug.stop_flood()
    await asyncio.sleep(0.1)
    await tuya.async_turn_on()
    await tuya.async_poll()
    assert recorder.last.is_on is True
    assert recorder.last.power_w == pytest.approx(1000)


@pytest.mark.parametrize("protocol_version", ["3.3"])
@pytest.mark.parametrize(
    "value",
    [True, False, "1500", None, [1], {"w": 1}, math.nan, math.inf, -math.inf, 10**400],
    ids=repr,
)
async def test_data_points_that_are_not_numbers_are_dropped_and_counted(
    fake_plug: FakeTuyaPlug, backend: tuple[TuyaLanBackend, Recorder], value: object
) -> None:
    tuya, recorder = backend
    fake_plug.dps.update({"19": value, "17": value, "20": 2301})
    await tuya.async_poll()
    reading = recorder.last
    assert reading.online is True
    assert (reading.power_w, reading.counter_kwh) == (None, None)
    assert reading.voltage_v == pytest.approx(230.1)  # the good value of the same answer stays
    assert tuya.diagnostics()["malformed_data_points"] == 2
    fake_plug.dps["1"] = "on"  # not a boolean: the state is not guessed
    await tuya.async_poll()
    assert recorder.last.is_on is None
    assert tuya.diagnostics()["malformed_data_points"] == 5
    del fake_plug.dps["1"]  # a plug that leaves a data point out is not malformed
    await tuya.async_poll()
    assert recorder.last.is_on is None
    assert tuya.diagnostics()["malformed_data_points"] == 7


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_values_that_overflow_once_scaled_are_dropped(
    hass: HomeAssistant, fake_plug: FakeTuyaPlug
) -> None:
    dps = TuyaDps(power_scale=1000.0)  # a plug reporting kW
    backend = TuyaLanBackend(hass, tuya_config(fake_plug, dps=dps), name="Heater")
    recorder = Recorder()
    fake_plug.dps["19"] = 1.5e308  # finite, but not once scaled
    await backend.async_start(recorder)
    await hass.async_block_till_done(wait_background_tasks=True)
    try:
        assert recorder.last.online is True
        assert recorder.last.power_w is None
        assert backend.diagnostics()["malformed_data_points"] == 1
    finally:
        await backend.async_stop()


@contextlib.contextmanager
def commanded_by(source: ActionSource) -> Iterator[None]:
    """As the control pipeline does: the backend knows who asked for the command."""
    token = COMMAND_SOURCE.set(source)
    try:
        yield
    finally:
        COMMAND_SOURCE.reset(token)


@pytest.mark.parametrize("protocol_version", ["3.3"])
@pytest.mark.parametrize(
    ("window", "logged_as"),
    [(timedelta(seconds=30), ActionSource.SCHEDULE), (timedelta(0), ActionSource.PHYSICAL)],
)
async def test_a_relay_that_switches_after_its_command_gave_up_is_that_commands(
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
    window: timedelta,
    logged_as: ActionSource,
) -> None:
    """So slow that the client gives up on the plug; the next poll sees the relay switched."""
    tuya, recorder = backend
    monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=0.3))
    monkeypatch.setattr(tuya_lan, "LATE_CONFIRMATION_WINDOW", window)
    fake_plug.answer_delay = 1.5  # longer than the client waits for an answer (1 s)
    with commanded_by(ActionSource.SCHEDULE), pytest.raises(BackendError):
        await tuya.async_turn_on()
    await tuya.async_poll()  # once the call has failed
    assert tuya.diagnostics()["late_answers"] == 1
    assert fake_plug.dps["1"] is True
    assert recorder.last.is_on is True
    assert recorder.last.changed_by is logged_as  # within the window: the schedule's doing


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_late_answer_that_says_not_done_forgets_the_command(
    hass: HomeAssistant,
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tuya, recorder = backend
    monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=0.3))
    fake_plug.answer_delay = 0.6
    fake_plug.ignore_control = True
    with commanded_by(ActionSource.AUTOPILOT), pytest.raises(BackendError):
        await tuya.async_turn_on()
    await tuya.async_poll()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert recorder.last.is_on is False
    fake_plug.press_button()  # someone turns it on at the plug, moments later
    await asyncio.sleep(0.05)
    await tuya.async_poll()
    assert recorder.last.is_on is True
    assert [update.changed_by for update in recorder.updates if update.changed_by] == [
        ActionSource.PHYSICAL
    ]


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_cancelled_command_still_holds_the_plug_and_stop_waits_for_it(
    fake_plug: FakeTuyaPlug, backend: tuple[TuyaLanBackend, Recorder]
) -> None:
    tuya, recorder = backend
    fake_plug.answer_delay = 0.6
    command = asyncio.ensure_future(tuya.async_turn_on())
    await asyncio.sleep(0.1)
    command.cancel()  # Home Assistant stopping, say
    with pytest.raises(asyncio.CancelledError):
        await command
    polls = tuya.diagnostics()["polls"]
    await tuya.async_stop()  # waits for the call, then closes
    assert fake_plug.requests_while_busy == []
    assert fake_plug.dps["1"] is True
    assert tuya.diagnostics()["late_answers"] == 1
    await asyncio.sleep(0.05)
    assert tuya.diagnostics()["polls"] == polls  # nothing polls a stopped backend
    assert recorder.last.is_on is False  # nor reports to it


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_command_waiting_behind_a_slow_call_times_out_without_being_sent(
    hass: HomeAssistant,
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tuya, _recorder = backend
    monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=0.3))
    fake_plug.hung = True
    poll = hass.async_create_task(tuya.async_poll())  # waits up to the socket timeout (1 s)
    await asyncio.sleep(0.05)
    with pytest.raises(BackendError) as raised:
        await tuya.async_turn_on()
    assert raised.value.key == "command_timeout"
    await poll
    assert fake_plug.dps["1"] is False
    assert 7 not in fake_plug.requests  # CONTROL was never sent


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_late_call_that_breaks_inside_tinytuya_releases_the_plug(
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tuya, recorder = backend
    monkeypatch.setattr(tuya_lan, "COMMAND_TIMEOUT", timedelta(seconds=0.1))

    def broken(*_args: object, **_kwargs: object) -> None:
        time.sleep(0.3)
        raise OSError("tinytuya failed")

    monkeypatch.setattr(tinytuya.OutletDevice, "set_status", broken)
    with pytest.raises(BackendError):
        await tuya.async_turn_on()
    await tuya.async_poll()  # the lock was released when the call ended
    assert recorder.last.online is True
    assert tuya.diagnostics()["late_answers"] == 1


@pytest.mark.parametrize("protocol_version", ["3.3"])
async def test_a_call_that_cannot_start_does_not_lock_the_plug(
    hass: HomeAssistant,
    fake_plug: FakeTuyaPlug,
    backend: tuple[TuyaLanBackend, Recorder],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tuya, recorder = backend
    refuse = RuntimeError("cannot schedule new futures after shutdown")
    with monkeypatch.context() as patched:
        patched.setattr(hass, "async_add_executor_job", Mock(side_effect=refuse))
        with pytest.raises(RuntimeError):
            await tuya.async_poll()
    async with asyncio.timeout(5):
        await tuya.async_poll()
    assert recorder.last.online is True
