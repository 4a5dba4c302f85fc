"""A Tuya smart plug on the LAN, through tinytuya (protocol 3.3, 3.4 or 3.5).

tinytuya is synchronous, so every call runs in an executor job, one at a time per plug: the
tinytuya device object is not thread-safe, so an asyncio lock is held until the job really ends,
even when the caller stops waiting (a command's time limit). A command that ends after its time
limit is remembered for a while, so the relay change it makes is logged as that command's and
not as someone at the plug. The socket stays open between polls (tinytuya's persistent mode), so
status pushes the plug sends when its button is pressed are read, in order, at the next poll, a
bounded number of them (a plug that keeps pushing cannot hold the lock). Polls are bounded
(every ``poll_interval``, backing off while the plug is away); a plug is offline after two failed
polls in a row, which is logged once, as is its return. A wrong local key or protocol version is
recognised and reported as such, not as "offline". Data points that are not finite numbers (or
booleans for the switch) are dropped and counted, never turned into readings.
"""

from __future__ import annotations

import asyncio
import math
import select
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import tinytuya  # type: ignore[import-untyped]
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from ...const import LOGGER
from ..config import TuyaConfig, port_error
from ..model import (
    COMMAND_SOURCE,
    COMMAND_TIMEOUT,
    ActionSource,
    BackendError,
    BackendUpdate,
    Capability,
    RelayBackend,
    UpdateListener,
)

DEFAULT_POLL_INTERVAL = timedelta(seconds=10)
# A plug counts as offline after this many failed polls in a row (one lost answer is noise).
OFFLINE_AFTER_FAILURES = 2
# While offline, polls are spaced out up to this interval.
MAX_OFFLINE_BACKOFF = timedelta(minutes=2)
_CONNECT_TIMEOUT_SECONDS = 5.0
# At most this many waiting frames, or this long, are read before a request; a plug pushing more
# has its connection dropped (the next request reconnects and reads the present state).
DRAIN_MAX_FRAMES = 64
DRAIN_MAX_SECONDS = 1.0
# How long after a timed-out command's call ended a relay change to the state it asked for is
# still taken as its doing (the next polls read it).
LATE_CONFIRMATION_WINDOW = timedelta(seconds=30)

# tinytuya's error codes (tinytuya/core/error_helper.py).
_ERR_CONNECT = "901"
_ERR_PAYLOAD = "904"
_ERR_OFFLINE = "905"
_ERR_KEY_OR_VER = "914"


class _CallFailedError(Exception):
    """A tinytuya call that did not return data; ``kind`` is offline or invalid_key."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


@dataclass(slots=True)
class _LateCommand:
    """A command whose caller stopped waiting: the relay may still switch as it asked."""

    on: bool
    source: ActionSource | None
    expires: float = math.inf  # monotonic; set once its call has ended


def _open_device(tuya: TuyaConfig, timeout: float) -> tinytuya.OutletDevice:
    """A tinytuya device that fails fast (one connection attempt, no sleeping retries)."""
    device = tinytuya.OutletDevice(
        tuya.device_id,
        tuya.host,
        tuya.local_key,
        version=float(tuya.protocol_version),
        port=tuya.port,
        connection_timeout=timeout,
        connection_retry_limit=1,
        connection_retry_delay=0,
    )
    device.set_socketPersistent(True)
    return device


def _check(result: Any) -> dict[str, Any] | None:
    """The dps in a tinytuya answer; None for an empty one; _CallFailedError for an error."""
    if result is None:
        return None
    if not isinstance(result, dict):
        raise _CallFailedError("offline", f"unexpected answer {result!r}")
    if "Err" in result:
        code = str(result["Err"])
        if code == _ERR_KEY_OR_VER:
            raise _CallFailedError("invalid_key", str(result.get("Error")))
        if code == _ERR_PAYLOAD:
            # 3.3 plugs answer a wrong key with data nobody can decrypt; for 3.4/3.5 the same
            # code means the connection broke mid-answer.
            raise _CallFailedError("payload", str(result.get("Error")))
        raise _CallFailedError("offline", str(result.get("Error")))
    dps = result.get("dps")
    return dict(dps) if isinstance(dps, dict) else None


class TuyaLanBackend(RelayBackend):
    """Switch and meter a Tuya plug over the LAN."""

    def __init__(
        self,
        hass: HomeAssistant,
        tuya: TuyaConfig,
        *,
        name: str,
        poll_interval: timedelta = DEFAULT_POLL_INTERVAL,
        connect_timeout: float = _CONNECT_TIMEOUT_SECONDS,
    ) -> None:
        """Nothing connects until async_start."""
        self._hass = hass
        self._tuya = tuya
        self._name = name
        self._poll_interval = poll_interval
        self._connect_timeout = connect_timeout
        dps = tuya.dps
        self.capabilities: frozenset[Capability] = frozenset(
            capability
            for capability, dp in (
                (Capability.POWER, dps.power),
                (Capability.ENERGY_COUNTER, dps.energy),
                (Capability.VOLTAGE, dps.voltage),
                (Capability.CURRENT, dps.current),
            )
            if dp is not None
        )
        self._listener: UpdateListener | None = None
        self._device: tinytuya.OutletDevice | None = None
        self._lock = asyncio.Lock()
        self._unsub_poll: CALLBACK_TYPE | None = None
        self._first_poll: asyncio.Task[None] | None = None
        self._follow_up: asyncio.Task[None] | None = None
        self._is_on: bool | None = None
        self._online: bool | None = None
        self._failures = 0
        self._next_attempt = 0.0  # monotonic; polls before it are skipped while offline
        self._invalid_key = False
        # A stored port outside 1-65535 (edited by hand) is refused, never replaced by a guess.
        self._invalid_port = port_error(tuya.port) is not None
        # tinytuya also reports a plug that accepts connections but never answers as "check
        # key or version" (914); once the key has worked, that means a hung plug, not a bad key.
        self._key_worked = False
        self._last_error: str | None = None
        self._polls = 0
        self._late: _LateCommand | None = None
        self._late_answers = 0
        self._malformed = 0
        self._drain_limit_hits = 0

    # -- lifecycle -----------------------------------------------------------------------------

    async def async_start(self, listener: UpdateListener) -> None:
        """Poll now (in the background, so setup never waits for a plug) and then regularly."""
        self._listener = listener
        if self._invalid_port:
            LOGGER.error(
                "Tuya plug %s (%s) has an invalid port %s in its settings; reconfigure the "
                "appliance",
                self._name,
                self._tuya.host,
                self._tuya.port,
            )
            self._online = False
            self._last_error = f"invalid port {self._tuya.port}"
            listener(BackendUpdate(at=dt_util.utcnow(), online=False))
            return
        self._unsub_poll = async_track_time_interval(
            self._hass,
            self._async_poll_tick,
            self._poll_interval,
            name=f"voltwise tuya {self._name}",
        )
        self._first_poll = self._hass.async_create_background_task(
            self.async_poll(), f"voltwise tuya {self._name} first poll"
        )

    async def async_stop(self) -> None:
        """Stop polling and close the socket once any call still running has ended."""
        self._listener = None
        if self._unsub_poll is not None:
            self._unsub_poll()
            self._unsub_poll = None
        for task in (self._first_poll, self._follow_up):
            if task is not None and not task.done():
                task.cancel()
        await self._lock.acquire()
        device, self._device = self._device, None
        if device is None:
            self._lock.release()
            return
        await asyncio.shield(self._start_job(device.close))

    def _start_job[T](self, function: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Run a blocking call with the plug's lock (already held) until the call really ends.

        The caller may stop waiting for the result (a time limit, a cancelled task), but the
        device object stays in use until the executor job is over, so only its end releases
        the lock.
        """
        try:
            job = self._hass.async_add_executor_job(function, *args)
        except BaseException:
            self._lock.release()
            raise
        job.add_done_callback(self._release_lock)
        return job

    def _release_lock(self, job: asyncio.Future[Any]) -> None:
        self._lock.release()
        if not job.cancelled():
            job.exception()  # an abandoned call's failure is not an error of the event loop

    # -- polling -------------------------------------------------------------------------------

    async def _async_poll_tick(self, _now: datetime) -> None:
        if time.monotonic() >= self._next_attempt:
            await self.async_poll()

    async def async_poll(self) -> None:
        """Read the plug's state once and report it (or that it is away)."""
        if self._invalid_port:
            return
        await self._lock.acquire()
        self._polls += 1
        try:
            dps = await asyncio.shield(self._start_job(self._poll_blocking))
        except _CallFailedError as failure:
            self._handle_failure(failure)
            return
        self._handle_success(dps)

    def _poll_blocking(self) -> dict[str, Any]:
        """Pushes already waiting, then a status query, then anything that came after it."""
        device = self._ensure_device()
        merged: dict[str, Any] = {}
        self._drain(device, merged)
        try:
            answer = _check(device.status())
        except _CallFailedError as failure:
            if failure.kind != "payload":
                raise
            # A broken persistent connection also reads as a bad payload: retry on a fresh one.
            device.close()
            try:
                answer = _check(device.status())
            except _CallFailedError as again:
                if again.kind == "payload":
                    raise _CallFailedError("invalid_key", str(again)) from again
                raise
        merged.update(answer or {})
        self._drain(device, merged)
        if not merged:
            raise _CallFailedError("offline", "no data points in the answer")
        return merged

    def _drain(self, device: tinytuya.OutletDevice, merged: dict[str, Any]) -> None:
        """Read the frames already waiting on the socket, in order, within bounds.

        A socket that reads as closed is dropped, and so is one that holds more frames than
        DRAIN_MAX_FRAMES or takes longer than DRAIN_MAX_SECONDS to read (a plug that keeps
        pushing): the next request reconnects and reads the present state.
        """
        started = time.monotonic()
        for _ in range(DRAIN_MAX_FRAMES):
            if device.socket is None or not select.select([device.socket], [], [], 0)[0]:
                return
            try:
                answer = _check(device.receive())
            except _CallFailedError:
                device.close()
                return
            if answer is None:
                return
            merged.update(answer)
            if time.monotonic() - started > DRAIN_MAX_SECONDS:
                break
        self._drain_limit_hits += 1  # only this job touches it while the lock is held
        device.close()

    def _ensure_device(self) -> tinytuya.OutletDevice:
        if self._device is None:
            self._device = _open_device(self._tuya, self._connect_timeout)
        return self._device

    @callback
    def _handle_success(self, dps: dict[str, Any]) -> None:
        self._failures = 0
        self._next_attempt = 0.0
        self._last_error = None
        if self._online is False:
            LOGGER.info("Tuya plug %s (%s) answers again", self._name, self._tuya.host)
        self._online = True
        self._invalid_key = False
        self._key_worked = True
        self._report(dps, changed_by=ActionSource.PHYSICAL)

    @callback
    def _handle_failure(self, failure: _CallFailedError) -> None:
        self._failures += 1
        self._last_error = str(failure)
        if failure.kind == "invalid_key" and self._key_worked:
            failure = _CallFailedError("offline", str(failure))
        if failure.kind == "invalid_key":
            if not self._invalid_key:
                LOGGER.error(
                    "Tuya plug %s (%s) rejects the local key or protocol version %s; check them "
                    "in the appliance's settings",
                    self._name,
                    self._tuya.host,
                    self._tuya.protocol_version,
                )
            self._invalid_key = True
        if self._failures < OFFLINE_AFTER_FAILURES:
            return
        backoff = min(
            self._poll_interval * 2 ** (self._failures - OFFLINE_AFTER_FAILURES),
            MAX_OFFLINE_BACKOFF,
        )
        self._next_attempt = time.monotonic() + backoff.total_seconds()
        if self._online is not False:
            if not self._invalid_key:
                LOGGER.warning(
                    "Tuya plug %s (%s) does not answer: %s", self._name, self._tuya.host, failure
                )
            self._online = False
            if self._listener is not None:
                self._listener(BackendUpdate(at=dt_util.utcnow(), online=False))

    @callback
    def _report(self, dps: dict[str, Any], *, changed_by: ActionSource | None) -> None:
        """Turn data points into an update; a relay change we did not command is ``changed_by``.

        Only a boolean is a switch state and only a finite int or float (not a boolean) is a
        measurement; anything else is dropped and counted.
        """
        mapping = self._tuya.dps
        is_on: bool | None = None
        switch_key = str(mapping.switch)
        if switch_key in dps:
            if isinstance(dps[switch_key], bool):
                is_on = dps[switch_key]
            else:
                self._malformed += 1
        external = (
            self._attribute(is_on, changed_by)
            if is_on is not None and self._is_on is not None and is_on != self._is_on
            else None
        )
        if is_on is not None:
            self._is_on = is_on
        if self._listener is not None:
            self._listener(
                BackendUpdate(
                    at=dt_util.utcnow(),
                    online=True,
                    is_on=is_on,
                    power_w=self._measurement(dps, mapping.power, mapping.power_scale),
                    counter_kwh=self._measurement(dps, mapping.energy, mapping.energy_scale),
                    voltage_v=self._measurement(dps, mapping.voltage, mapping.voltage_scale),
                    current_a=self._measurement(dps, mapping.current, mapping.current_scale),
                    changed_by=external,
                )
            )

    def _measurement(self, dps: dict[str, Any], dp: int | None, scale: float) -> float | None:
        """A data point's value in W, kWh, V or A; None when absent or not a finite number."""
        if dp is None or str(dp) not in dps:
            return None
        value = dps[str(dp)]
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                scaled = float(value) * scale
            except OverflowError:  # an int beyond any float
                scaled = math.inf
            if math.isfinite(scaled):
                return scaled
        self._malformed += 1
        return None

    def _attribute(self, is_on: bool, changed_by: ActionSource | None) -> ActionSource | None:
        """Who changed the relay: a command that timed out recently if it asked for this."""
        late = self._late
        if late is not None and late.expires < time.monotonic():
            self._late = late = None
        if late is None or changed_by is None or is_on is not late.on:
            return changed_by
        self._late = None
        return late.source

    # -- commands ------------------------------------------------------------------------------

    async def _async_switch(self, on: bool) -> None:
        if self._invalid_port:
            raise BackendError("tuya_invalid_port")
        if self._invalid_key:
            raise BackendError("tuya_invalid_key")
        source = COMMAND_SOURCE.get()
        deadline = asyncio.get_running_loop().time() + COMMAND_TIMEOUT.total_seconds()
        try:
            async with asyncio.timeout_at(deadline):
                await self._lock.acquire()
        except TimeoutError as err:
            raise BackendError("command_timeout") from err  # nothing was sent
        self._late = None  # an earlier late command has ended: this one supersedes it
        job = self._start_job(self._switch_blocking, on)
        try:
            async with asyncio.timeout_at(deadline):
                dps = await asyncio.shield(job)
        except (TimeoutError, asyncio.CancelledError) as err:
            # The call goes on (it cannot be stopped); its outcome is still watched for.
            self._late = late = _LateCommand(on, source)
            job.add_done_callback(partial(self._late_call_ended, late))
            if isinstance(err, TimeoutError):
                raise BackendError("command_timeout") from err
            raise
        except _CallFailedError as failure:
            self._handle_failure(failure)
            if failure.kind == "invalid_key" and not self._key_worked:
                raise BackendError("tuya_invalid_key") from failure
            raise BackendError("device_offline") from failure
        if dps.get(str(self._tuya.dps.switch)) is not on:
            raise BackendError("command_not_applied")
        self._handle_success_after_command(dps)
        self._poll_after_command()

    def _switch_blocking(self, on: bool) -> dict[str, Any]:
        """Set the switch dp; the plug's answer (or a fresh status) must show the new state."""
        device = self._ensure_device()
        switch = self._tuya.dps.switch
        merged: dict[str, Any] = {}
        self._drain(device, merged)
        try:
            answer = _check(device.set_status(on, switch))
        except _CallFailedError as failure:
            if failure.kind != "payload":
                raise
            device.close()  # a stale connection: try once more on a fresh one
            answer = _check(device.set_status(on, switch))
        merged.update(answer or {})
        self._drain(device, merged)
        if merged.get(str(switch)) is not on:
            # Some plugs only acknowledge; ask for the state to be sure.
            merged.update(_check(device.status()) or {})
        return merged

    @callback
    def _late_call_ended(self, late: _LateCommand, job: asyncio.Future[dict[str, Any]]) -> None:
        """A command's call ended after its caller gave up: report what it found.

        A relay that switched as asked is the command's doing; until the window closes, the
        next polls attribute such a change the same way (a slow plug).
        """
        self._late_answers += 1
        late.expires = time.monotonic() + LATE_CONFIRMATION_WINDOW.total_seconds()
        try:
            dps = job.result()
        except _CallFailedError as failure:
            self._handle_failure(failure)
            return
        except BaseException:  # noqa: BLE001 - cancelled, or tinytuya broke: nothing learnt
            return
        self._handle_success(dps)  # a change to late.on is attributed to late.source
        if self._late is late and dps.get(str(self._tuya.dps.switch)) is (not late.on):
            self._late = None  # the plug answered: it did not do it
        self._poll_after_command()

    @callback
    def _poll_after_command(self) -> None:
        """The command's answer carries the switch only; read the measurements that follow."""
        if self._listener is not None:
            self._follow_up = self._hass.async_create_background_task(
                self.async_poll(), f"voltwise tuya {self._name} after command"
            )

    @callback
    def _handle_success_after_command(self, dps: dict[str, Any]) -> None:
        self._key_worked = True
        self._failures = 0
        self._next_attempt = 0.0
        if self._online is False:
            LOGGER.info("Tuya plug %s (%s) answers again", self._name, self._tuya.host)
        self._online = True
        self._report(dps, changed_by=None)

    def diagnostics(self) -> dict[str, Any]:
        """Connection state and counters; never the local key."""
        return {
            "host": self._tuya.host,
            "port": self._tuya.port,
            "protocol_version": self._tuya.protocol_version,
            "dps": self._tuya.dps.as_dict(),
            "online": self._online,
            "invalid_key": self._invalid_key,
            "invalid_port": self._invalid_port,
            "consecutive_failures": self._failures,
            "last_error": self._last_error,
            "polls": self._polls,
            "late_answers": self._late_answers,
            "malformed_data_points": self._malformed,
            "drain_limit_hits": self._drain_limit_hits,
        }


async def async_probe_tuya(
    hass: HomeAssistant,
    tuya: TuyaConfig,
    *,
    connect_timeout: float = _CONNECT_TIMEOUT_SECONDS,
) -> str | None:
    """For the config flow: None when the plug answers with this key, else a form error key."""

    def probe() -> str | None:
        device = _open_device(tuya, connect_timeout)
        try:
            try:
                _check(device.status())
            except _CallFailedError as failure:
                if failure.kind == "offline":
                    return "cannot_connect"
                return "invalid_local_key"
            return None
        finally:
            device.close()

    return await hass.async_add_executor_job(probe)
