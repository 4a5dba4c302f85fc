"""The Tuya LAN backend: the real tinytuya client against a plug speaking the wire protocol."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest
from homeassistant.core import HomeAssistant

from custom_components.voltwise.appliances.backends.tuya_lan import (
    TuyaLanBackend,
    async_probe_tuya,
)
from custom_components.voltwise.appliances.config import TuyaConfig, TuyaDps
from custom_components.voltwise.appliances.model import (
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
