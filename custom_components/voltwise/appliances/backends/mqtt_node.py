"""A DIY meter/relay (NodeMCU + PZEM-004T) over Home Assistant's MQTT integration.

Topics under ``homesync/{home_id}/nodes/{node_id}`` (docs/mqtt-protocol.md has the protocol):
``telemetry/<metric>`` (JSON numbers), ``status`` (retained ``online``/``offline``, the node's
last will), ``state/relay`` (retained ``on``/``off``), ``command/relay`` (our commands, with a
request id) and ``response/command`` (the node's answers). The relay state changes only when
the node confirms a command; a change the node reports on its own is the physical button.

A node with several relays (an ESP32) is several appliances, one backend each: relay ``n``
reports on ``state/relay/n`` (relay 0 on ``state/relay``), its telemetry carries ``"relay": n``
(none: relay 0) and its commands ``"relay": n`` (none for relay 0, so single-relay firmware sees
what it always saw). The node's status is every relay's availability, and its safety limit of
one command a second is the node's: the backends of one node share a ``NodeCommandGate``.

The message callback is the hot path (a busy home sends thousands of messages a minute): one
wildcard subscription, dispatch on the topic's suffix, no state writes (the runtime coalesces
entity updates). Payloads arrive as bytes and are read here, never raising: a message larger
than the protocol allows is dropped unread, and any malformed one is dropped and counted, and
reported in the log at most once a minute per node.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from homeassistant.components import mqtt
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ...const import LOGGER
from ...engine.telemetry import (
    MAX_PAYLOAD_BYTES,
    Accepted,
    Metric,
    Refusal,
    decode_json,
    parse_device_status,
    parse_telemetry,
    relay_of_state_topic,
)
from ..config import MqttConfig
from ..model import (
    COMMAND_TIMEOUT,
    ActionSource,
    BackendError,
    BackendUpdate,
    Capability,
    RelayBackend,
    UpdateListener,
    short_text,
)

# A monitor-only node (no relay) counts as on while it measures more than this (standby loads
# stay below it).
MONITOR_ON_THRESHOLD_W = 5.0
# The node's safety limit (source document 003): at most one command a second; commands within
# the second wait for it, and only the last of them is sent.
COMMAND_INTERVAL_SECONDS = 1.0
# How often (at most) dropped telemetry is reported in the log, per node.
DROP_LOG_INTERVAL_SECONDS = 60.0
_ONLINE = "online"
_OFFLINE = "offline"
_RELAY_STATES = {"on": True, "off": False}
# The update each metric makes: (instant, online, value) -> BackendUpdate.
_UPDATES: dict[Metric, Callable[[datetime, bool | None, float], BackendUpdate]] = {
    Metric.POWER: lambda at, online, value: BackendUpdate(at, online, power_w=value),
    Metric.VOLTAGE: lambda at, online, value: BackendUpdate(at, online, voltage_v=value),
    Metric.CURRENT: lambda at, online, value: BackendUpdate(at, online, current_a=value),
    Metric.ENERGY: lambda at, online, value: BackendUpdate(at, online, counter_kwh=value),
    Metric.FREQUENCY: lambda at, online, value: BackendUpdate(at, online, frequency_hz=value),
    Metric.POWER_FACTOR: lambda at, online, value: BackendUpdate(at, online, power_factor=value),
}


class _Queued:
    """A command waiting for its turn (compared by identity)."""

    __slots__ = ("on",)

    def __init__(self, on: bool) -> None:
        self.on = on


class NodeCommandGate:
    """One node's safety limit, shared by the backends of its relays.

    ``next_at`` is the loop time from which the node may get its next command, whichever relay
    it is for; ``queued`` the newest command waiting, per relay (commands coalesce only with
    commands for the same relay: a command for another relay is a different wish).
    """

    __slots__ = ("next_at", "queued")

    def __init__(self) -> None:
        """No command yet: the first goes out at once."""
        self.next_at = 0.0
        self.queued: dict[int, _Queued] = {}


# The gates of the nodes in use, by base topic (one per node, kept for the life of Home
# Assistant: a few bytes each, and a reloaded appliance keeps to its node's limit).
_GATES: HassKey[dict[str, NodeCommandGate]] = HassKey("voltwise_mqtt_node_gates")


def node_gate(hass: HomeAssistant, base_topic: str) -> NodeCommandGate:
    """The command gate of the node at ``base_topic``, shared by all its relays."""
    return hass.data.setdefault(_GATES, {}).setdefault(base_topic, NodeCommandGate())


def mqtt_available(hass: HomeAssistant) -> bool:
    """Whether Home Assistant's MQTT integration is set up (the flow checks before asking)."""
    return bool(hass.config_entries.async_loaded_entries(mqtt.DOMAIN))


class MqttNodeBackend(RelayBackend):
    """One node: telemetry in, relay commands out, confirmed by the node."""

    capabilities: frozenset[Capability] = frozenset(
        {
            Capability.POWER,
            Capability.ENERGY_COUNTER,
            Capability.VOLTAGE,
            Capability.CURRENT,
            Capability.FREQUENCY,
            Capability.POWER_FACTOR,
            Capability.DEVICE_STATUS,
        }
    )

    def __init__(
        self,
        hass: HomeAssistant,
        config: MqttConfig,
        *,
        name: str,
        command_timeout: float = COMMAND_TIMEOUT.total_seconds(),
        command_interval: float = COMMAND_INTERVAL_SECONDS,
    ) -> None:
        """Nothing is subscribed until async_start."""
        self._hass = hass
        self._name = name
        self._base = config.base_topic
        self._monitor_only = config.monitor_only
        self._relay = config.relay
        self._prefix_length = len(self._base) + 1
        self._command_timeout = command_timeout
        self._command_interval = command_interval
        self._gate = node_gate(hass, self._base)
        self.coalesced = 0
        self._listener: UpdateListener | None = None
        self._unsubscribers: list[CALLBACK_TYPE] = []
        # Set once the broker has our subscription: a command sent before would lose its answer.
        self._subscribed = asyncio.Event()
        self._online: bool | None = None
        self._is_on: bool | None = None
        self._pending: dict[str, tuple[bool, asyncio.Future[dict[str, Any]]]] = {}
        self.received = 0
        self.dropped: Counter[str] = Counter()
        self._dropped_since_log = 0
        self._last_drop_log = -DROP_LOG_INTERVAL_SECONDS
        self._last_command: str | None = None

    async def async_start(self, listener: UpdateListener) -> None:
        """Subscribe to the node's topics; retained status and relay state arrive at once."""
        if not await mqtt.async_wait_for_mqtt_client(self._hass):
            raise BackendError("mqtt_not_available")
        self._listener = listener
        topic = f"{self._base}/#"
        try:
            self._unsubscribers.append(
                mqtt.async_on_subscribe_done(self._hass, topic, 1, self._subscribed.set)
            )
            self._unsubscribers.append(
                # Raw bytes: undecodable ones are ours to count, not Home Assistant's to log.
                await mqtt.async_subscribe(
                    self._hass, topic, self._handle_message, qos=1, encoding=None
                )
            )
        except HomeAssistantError as err:
            raise BackendError("mqtt_not_available") from err
        self._unsubscribers.append(
            mqtt.async_subscribe_connection_status(self._hass, self._handle_connection)
        )

    async def async_stop(self) -> None:
        """Unsubscribe; commands still waiting give up."""
        while self._unsubscribers:
            unsubscribe = self._unsubscribers.pop()
            try:
                unsubscribe()
            except HomeAssistantError:  # the MQTT entry went first and took it along
                LOGGER.debug("Subscription to %s was already gone", self._base)
        self._fail_pending(BackendError("device_offline"))
        self._pending.clear()
        self._listener = None

    def _fail_pending(self, error: BackendError) -> None:
        for _state, future in self._pending.values():
            if not future.done():
                future.set_exception(error)

    @callback
    def _handle_connection(self, connected: bool) -> None:
        """Home Assistant lost (or regained) the broker: nothing is known until it is back."""
        if connected:
            return  # the retained status arrives again after resubscribing
        self._subscribed.clear()
        self._online = None
        if self._listener is not None:
            self._listener(BackendUpdate(dt_util.utcnow(), online=False))

    # -- messages from the node ----------------------------------------------------------------

    @callback
    def _handle_message(self, message: mqtt.ReceiveMessage) -> None:
        self.received += 1
        listener = self._listener
        if listener is None:
            return
        suffix = message.topic[self._prefix_length :]
        payload = message.payload
        if len(payload) > MAX_PAYLOAD_BYTES:
            self._drop(suffix, Refusal.TOO_LARGE.value)
        elif suffix.startswith("telemetry/"):
            result = parse_telemetry(suffix[10:], payload)
            if isinstance(result, Accepted) and result.relay != self._relay:
                if self._online is None:  # another relay's reading: the node is alive
                    listener(BackendUpdate(dt_util.utcnow(), self._assume_online()))
            elif isinstance(result, Accepted):
                update = _UPDATES[result.metric](
                    dt_util.utcnow(), self._assume_online(), result.value
                )
                if result.quality is not None:
                    update = replace(update, quality=result.quality)
                if self._monitor_only and result.metric is Metric.POWER:
                    # Without a relay, "on" is what the meter sees (runtime, status, cycles).
                    update = replace(update, is_on=result.value > MONITOR_ON_THRESHOLD_W)
                listener(update)
            else:
                self._drop(suffix, result.value)
        elif suffix == "status":
            self._handle_status(payload)
        elif suffix == "device_status":
            self._handle_device_status(payload)
        elif (relay := relay_of_state_topic(suffix)) is not None:
            if relay == self._relay and not self._monitor_only:
                self._handle_relay(suffix, payload)
        elif suffix == "response/command":
            self._handle_response(payload)

    def _handle_status(self, payload: Any) -> None:
        text = _text(payload)
        if text not in (_ONLINE, _OFFLINE):
            self._drop("status", "not_a_status")
            return
        self._online = text == _ONLINE
        if not self._online:
            self._fail_pending(BackendError("device_offline"))  # it will not answer now
        if self._listener is not None:
            self._listener(BackendUpdate(dt_util.utcnow(), online=self._online))

    def _handle_device_status(self, payload: Any) -> None:
        status = parse_device_status(payload)
        if status is None:
            self._drop("device_status", "not_a_device_status")
            return
        if self._listener is not None:
            self._listener(
                BackendUpdate(
                    dt_util.utcnow(),
                    online=self._assume_online(),
                    firmware=status.firmware,
                    rssi_dbm=status.rssi_dbm,
                    uptime_s=status.uptime_s,
                )
            )

    def _handle_relay(self, topic: str, payload: Any) -> None:
        text = _text(payload)
        if text not in ("on", "off"):
            self._drop(topic, "not_a_relay_state")
            return
        is_on = text == "on"
        expected = any(state is is_on for state, _future in self._pending.values())
        changed_by = (
            ActionSource.PHYSICAL
            if not expected and self._is_on is not None and is_on != self._is_on
            else None
        )
        self._is_on = is_on
        if self._listener is not None:
            self._listener(
                BackendUpdate(
                    dt_util.utcnow(),
                    online=self._assume_online(),
                    is_on=is_on,
                    changed_by=changed_by,
                )
            )

    def _assume_online(self) -> bool | None:
        """A node that never said "online" is online once it speaks.

        (Firmware without a status topic.) One whose last will said "offline" stays offline
        until it says "online" again.
        """
        if self._online is None:
            self._online = True
            return True
        return None

    def _handle_response(self, payload: Any) -> None:
        answer = decode_json(payload)
        request_id = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(answer, dict) or not isinstance(request_id, str):  # nothing to match
            self._drop("response/command", "not_a_response")
            return
        # Our ids are lower-case hex; a node that changes their case or pads them still means us.
        pending = self._pending.get(request_id.strip().lower())
        if pending is not None and not pending[1].done():
            pending[1].set_result(answer)

    def _drop(self, topic: str, reason: str) -> None:
        """Count a refused message; say so in the log at most once a minute."""
        self.dropped[reason] += 1
        self._dropped_since_log += 1
        now = time.monotonic()
        if now - self._last_drop_log >= DROP_LOG_INTERVAL_SECONDS:
            LOGGER.warning(
                "%s: dropped %d malformed message(s) from %s (latest: %s on %s)",
                self._name,
                self._dropped_since_log,
                self._base,
                reason,
                short_text(topic, 64),  # a topic is the sender's text too
            )
            self._last_drop_log = now
            self._dropped_since_log = 0

    # -- commands ------------------------------------------------------------------------------

    async def _async_switch(self, on: bool) -> None:
        if self._monitor_only:
            raise BackendError("monitor_only")
        if self._online is False:
            raise BackendError("device_offline")
        if not await self._async_wait_for_turn(on):
            return  # a newer command for the same state is sent instead
        request_id = uuid.uuid4().hex
        future: asyncio.Future[dict[str, Any]] = self._hass.loop.create_future()
        self._pending[request_id] = (on, future)
        state = "on" if on else "off"
        command: dict[str, Any] = {"id": request_id, "state": state}
        if self._relay:  # relay 0 is the node's only relay to single-relay firmware
            command["relay"] = self._relay
        try:
            async with asyncio.timeout(self._command_timeout):
                await self._subscribed.wait()
            await mqtt.async_publish(
                self._hass,
                f"{self._base}/command/relay",
                json.dumps(command),
                qos=1,
                retain=False,
            )
            async with asyncio.timeout(self._command_timeout):
                answer = await future
        except TimeoutError as err:
            self._last_command = f"{state}: timeout"
            raise BackendError("command_timeout") from err
        except BackendError as err:
            self._last_command = f"{state}: {err.key}"
            raise
        except HomeAssistantError as err:
            self._last_command = f"{state}: not sent"
            raise BackendError("mqtt_not_available") from err
        finally:
            self._pending.pop(request_id, None)
        is_on, refusal = read_answer(answer, on)
        if is_on is not None:
            self._is_on = is_on
            if self._listener is not None:
                self._listener(BackendUpdate(dt_util.utcnow(), online=True, is_on=is_on))
        if refusal is not None:
            self._last_command = f"{state}: {refusal}"
            raise BackendError("command_rejected", reason=refusal)
        self._last_command = f"{state}: ok"

    async def _async_wait_for_turn(self, on: bool) -> bool:
        """Keep to the node's one command a second; whether this command is still to be sent.

        Commands within the second wait for it, and a newer one for the same relay replaces
        those waiting: one asking for the same state is carried by the newer (False: nothing to
        send; the newer call reports the outcome), one asking for the other state fails with
        ``command_superseded``, since the relay will not end as it asked. Commands for other
        relays of the node take their turns: a waiter that loses the second to one waits on.
        """
        loop = self._hass.loop
        gate = self._gate
        ticket: _Queued | None = None
        while (wait := gate.next_at - loop.time()) > 0:
            if ticket is None:
                ticket = _Queued(on)
                gate.queued[self._relay] = ticket
            await asyncio.sleep(wait)
            # The newest stays recorded after it is sent: waiters woken after it still see it.
            newest = gate.queued[self._relay]
            if newest is not ticket:
                self.coalesced += 1
                if newest.on is on:
                    return False
                raise BackendError("command_superseded")
        gate.next_at = loop.time() + self._command_interval
        return True

    def diagnostics(self) -> dict[str, Any]:
        """Topics, traffic and what was dropped."""
        return {
            "base_topic": self._base,
            "monitor_only": self._monitor_only,
            "relay": self._relay,
            "online": self._online,
            "is_on": self._is_on,
            "messages": self.received,
            "dropped": dict(self.dropped),
            "last_command": self._last_command,
            "coalesced_commands": self.coalesced,
        }


def read_answer(answer: dict[str, Any], on: bool) -> tuple[bool | None, str | None]:
    """The relay state an answer reports (None: it does not say) and why the command failed.

    Only JSON ``true`` in ``ok`` is a success. ``state`` is read as plain text is (trimmed,
    any case); a missing or null one means the state asked for. The reason for a failure is
    the node's ``error`` when it gave one, cut short (it reaches the user, log and events).
    """
    error = short_text(answer.get("error") or "")
    if answer.get("ok") is not True:
        return None, error or "refused"  # the state stays as the node last reported it
    raw_state = answer.get("state")
    if raw_state is None:
        return on, None
    is_on = _RELAY_STATES.get(raw_state.strip().lower()) if isinstance(raw_state, str) else None
    if is_on is None:
        return None, error or f"unknown state {short_text(raw_state, 40)}"
    if is_on is not on:
        return is_on, error or f"the relay is {'on' if is_on else 'off'}"
    return is_on, None


def _text(payload: Any) -> str:
    """A short payload as lower-case text (bytes or str)."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", "replace")
    return str(payload).strip().lower()
