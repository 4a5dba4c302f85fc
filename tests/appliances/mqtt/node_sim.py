"""A NodeMCU + PZEM-004T node, played by a paho-mqtt client speaking VoltWise's protocol.

It connects with an ``offline`` last will, says ``online`` and its relay state (both retained),
publishes telemetry on demand, and answers relay commands as told: at once, slowly, never,
refusing, or with whatever ``reply`` makes of the command (any payload, to test odd firmware).
``press_button()`` is the physical button; ``crash()`` drops the connection without a goodbye so
the broker publishes the last will; ``publish()`` sends anything on any of the node's topics.
With ``relay_count`` above 1 it is an ESP32 with several relays: relay ``n`` reports on
``state/relay/n`` (relay 0 on ``state/relay``) and obeys commands carrying ``"relay": n``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion


class Answer(StrEnum):
    """How the node answers commands."""

    OK = "ok"
    SLOW = "slow"
    NEVER = "never"
    REFUSE = "refuse"


class NodeSimulator:
    """One node; ``connect()`` then ``close()`` (or ``crash()``)."""

    def __init__(
        self, host: str, port: int, home_id: str, node_id: str, *, relay_count: int = 1
    ) -> None:
        self.base = f"homesync/{home_id}/nodes/{node_id}"
        self.host = host
        self.port = port
        self.relays = [False] * relay_count
        self.answer = Answer.OK
        self.slow_seconds = 0.3
        self.commands: list[dict[str, Any]] = []
        # When set: the command in, the answer's payload out (the relay still switches).
        self.reply: Callable[[dict[str, Any]], str | bytes] | None = None
        self._client = self._new_client()
        self._connected = threading.Event()

    def _new_client(self) -> paho.Client:
        client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"sim-{self.base}")
        client.will_set(f"{self.base}/status", "offline", qos=1, retain=True)
        client.on_connect = self._on_connect
        client.on_message = self._on_message
        return client

    def connect(self, timeout: float = 5) -> None:
        """Connect (or reconnect after a crash or a broker restart)."""
        self._connected.clear()
        self._client.connect(self.host, self.port, keepalive=5)
        self._client.loop_start()
        if not self._connected.wait(timeout):
            raise RuntimeError("node simulator could not connect")

    @property
    def relay(self) -> bool:
        """Relay 0 (a single-relay node's only relay)."""
        return self.relays[0]

    @relay.setter
    def relay(self, on: bool) -> None:
        self.relays[0] = on

    def state_topic(self, index: int) -> str:
        """Where relay ``index`` reports its state (retained)."""
        return f"{self.base}/state/relay" + (f"/{index}" if index else "")

    def _on_connect(self, client: paho.Client, *_args: Any) -> None:
        client.subscribe(f"{self.base}/command/relay", qos=1)
        client.publish(f"{self.base}/status", "online", qos=1, retain=True)
        for index, on in enumerate(self.relays):
            client.publish(self.state_topic(index), "on" if on else "off", qos=1, retain=True)
        self._connected.set()

    def _on_message(self, client: paho.Client, _userdata: Any, message: paho.MQTTMessage) -> None:
        command = json.loads(message.payload)
        self.commands.append(command)
        if self.answer is Answer.NEVER:
            return
        if self.answer is Answer.REFUSE:
            client.publish(
                f"{self.base}/response/command",
                json.dumps({"id": command["id"], "ok": False, "error": "overcurrent lockout"}),
                qos=1,
            )
            return
        if self.answer is Answer.SLOW:
            time.sleep(self.slow_seconds)
        index = command.get("relay", 0)
        self.relays[index] = command["state"] == "on"
        client.publish(self.state_topic(index), command["state"], qos=1, retain=True)
        answer = (
            self.reply(command)
            if self.reply is not None
            else json.dumps({"id": command["id"], "ok": True, "state": command["state"]})
        )
        client.publish(f"{self.base}/response/command", answer, qos=1)

    def telemetry(self, metric: str, payload: Any) -> None:
        """Publish one telemetry message (any payload, malformed ones included).

        Never waits (tests run it in the event loop): QoS 1 keeps messages in order.
        """
        data = payload if isinstance(payload, str | bytes) else json.dumps(payload)
        self._client.publish(f"{self.base}/telemetry/{metric}", data, qos=1)

    def publish(self, suffix: str, payload: str | bytes, *, retain: bool = False) -> None:
        """Publish anything on ``<base>/<suffix>`` (QoS 1, so in order); never waits."""
        self._client.publish(f"{self.base}/{suffix}", payload, qos=1, retain=retain)

    def device_status(self, **fields: Any) -> None:
        """What the reference firmware says about itself (retained): firmware, rssi, uptime."""
        self.publish("device_status", json.dumps(fields), retain=True)

    def press_button(self) -> None:
        """The physical button: the relay toggles and the node says so."""
        self.relay = not self.relay
        self._client.publish(
            f"{self.base}/state/relay", "on" if self.relay else "off", qos=1, retain=True
        )

    def crash(self) -> None:
        """Lose power: the connection drops without a goodbye; the broker sends the will."""
        sock = self._client.socket()
        self._client.loop_stop()
        if sock is not None:
            sock.close()
        self._client = self._new_client()

    def close(self) -> None:
        """A clean goodbye (no will), and the network thread stops."""
        self._client.disconnect()
        self._client.loop_stop()
