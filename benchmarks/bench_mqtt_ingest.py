"""MQTT telemetry ingest: the messages per second a real Home Assistant with VoltWise processes.

A real Mosquitto broker and a real ``hass`` process (with Home Assistant's MQTT integration and
a VoltWise home of N MQTT appliances, all set up through the UI flows over REST) receive
telemetry from N simulated nodes in this process. Offered rates step up; for each step the
script prints the offered and processed rates (from the appliances' diagnostics counters, so
only messages VoltWise really handled count) and the worst event-loop lag seen meanwhile
(round trips of WebSocket pings, which Home Assistant answers in its event loop, minus the idle
round trip).

Goal (issue 4): 2,000 msg/s with a lag under 50 ms. Run:
.venv/bin/python benchmarks/bench_mqtt_ingest.py [--nodes 20] [--seconds 6]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp
import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from hass_harness import (  # noqa: E402
    CORE_CONFIG,
    HassApi,
    HassProcess,
    free_port,
    install_integration,
)

from tests.appliances.mqtt.broker import MosquittoBroker, mosquitto_binary  # noqa: E402

HOME = {
    "name": "Bench Home",
    "region": "IN-WE",
    "tariff": "india_tod_domestic",
    "normal_rate": 8.0,
    "currency": "INR",
    "time_zone": "Asia/Kolkata",
}
HOME_ID = "bench"
METRICS = ("power", "voltage", "current", "energy", "frequency", "power_factor")
RATES = (500, 1000, 2000, 4000, 8000, 16000, 32000)


def prepare(config_dir: Path, port: int) -> None:
    """A minimal configuration with VoltWise logging at warning (debug logs would dominate)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    config = CORE_CONFIG.format(port=port).replace(
        "custom_components.voltwise: debug", "custom_components.voltwise: warning"
    )
    (config_dir / "configuration.yaml").write_text(config)
    install_integration(config_dir, link=False)


def setup_home(api: HassApi, broker: MosquittoBroker, nodes: int) -> str:
    """MQTT integration, a home and its MQTT appliances, through the config flows."""
    result = api.run_config_flow("mqtt", [{"broker": broker.host, "port": broker.port}])
    if result.get("type") != "create_entry":
        raise RuntimeError(f"MQTT flow: {result}")
    result = api.run_config_flow("voltwise", [HOME])
    entry_id: str = result["result"]["entry_id"]
    for index in range(nodes):
        added = api.run_subentry_flow(
            entry_id,
            "appliance",
            [
                {
                    "name": f"Node {index}",
                    "backend": "mqtt",
                    "nameplate_w": 3000,
                    "category": "shiftable",
                },
                {"mqtt_home_id": HOME_ID, "node_id": f"node-{index}"},
            ],
        )
        if added.get("type") != "create_entry":
            raise RuntimeError(f"appliance flow: {added}")
    return entry_id


def processed(api: HassApi, entry_id: str) -> int:
    """Messages VoltWise's MQTT backends have handled so far (diagnostics counters)."""
    diagnostics = api.get(f"/api/diagnostics/config_entry/{entry_id}")["data"]
    return sum(appliance["device"]["messages"] for appliance in diagnostics["appliances"])


class Nodes:
    """Simulated nodes publishing telemetry from this process (one paho client each)."""

    def __init__(self, broker: MosquittoBroker, count: int) -> None:
        """Connect ``count`` nodes; each says it is online with its relay on."""
        self.clients = []
        for index in range(count):
            client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-node-{index}")
            client.max_queued_messages_set(0)
            client.connect(broker.host, broker.port)
            client.loop_start()
            base = f"homesync/{HOME_ID}/nodes/node-{index}"
            client.publish(f"{base}/status", "online", qos=1, retain=True)
            client.publish(f"{base}/state/relay", "on", qos=1, retain=True)
            self.clients.append((client, base))

    def offer(self, rate: int, seconds: float) -> int:
        """Publish about ``rate`` messages a second, round-robin over nodes; returns the count."""
        sent, start, tick = 0, time.monotonic(), 0.01
        per_tick = rate * tick
        owed = 0.0
        value = 0
        while (elapsed := time.monotonic() - start) < seconds:
            owed += per_tick
            while owed >= 1:
                client, base = self.clients[sent % len(self.clients)]
                metric = METRICS[sent % len(METRICS)]
                value += 1
                payload = {
                    "power": 100 + value % 900,
                    "voltage": 230.0,
                    "current": 1.5,
                    "energy": value / 1e5,
                    "frequency": 50.0,
                    "power_factor": 0.95,
                }[metric]
                client.publish(f"{base}/telemetry/{metric}", json.dumps(payload), qos=0)
                sent += 1
                owed -= 1
            next_tick = start + (int(elapsed / tick) + 1) * tick
            time.sleep(max(0.0, next_tick - time.monotonic()))
        return sent

    def close(self) -> None:
        """Disconnect every node."""
        for client, _base in self.clients:
            client.disconnect()
            client.loop_stop()


async def ping_loop(base_url: str, token: str, stop: threading.Event, out: list[float]) -> None:
    """WebSocket pings every 20 ms; each round trip (ms) goes to ``out``."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{base_url}/api/websocket") as ws,
    ):
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        await ws.receive_json()
        message_id = 0
        while not stop.is_set():
            message_id += 1
            began = time.perf_counter()
            await ws.send_json({"id": message_id, "type": "ping"})
            while (await ws.receive_json()).get("id") != message_id:
                pass
            out.append((time.perf_counter() - began) * 1000)
            await asyncio.sleep(0.02)


def measure_lag(base_url: str, token: str) -> tuple[threading.Event, list[float], threading.Thread]:
    """Start pinging in a thread; set the event to stop, then join the thread."""
    stop, samples = threading.Event(), []
    thread = threading.Thread(
        target=lambda: asyncio.run(ping_loop(base_url, token, stop, samples)), daemon=True
    )
    thread.start()
    return stop, samples, thread


def run_steps(api: HassApi, hass: HassProcess, entry_id: str, nodes: Nodes, seconds: float) -> None:
    """Offer each rate in turn and print what was processed and the event-loop lag."""
    token = str(api.session.headers["Authorization"]).split(" ", 1)[1]
    stop, idle, thread = measure_lag(hass.base_url, token)
    time.sleep(2)
    stop.set()
    thread.join()
    baseline = statistics.median(idle)
    print(f"idle WebSocket round trip {baseline:.1f} ms (median); lag = round trip - idle")
    print(f"{'offered msg/s':>14} {'processed msg/s':>16} {'max lag ms':>11} {'p99 lag ms':>11}")
    for rate in RATES:
        before = processed(api, entry_id)
        stop, samples, thread = measure_lag(hass.base_url, token)
        began = time.monotonic()
        sent = nodes.offer(rate, seconds)
        # Count what hass handled while messages flowed and just after (its backlog).
        deadline = time.monotonic() + 5
        after = processed(api, entry_id)
        while after - before < sent and time.monotonic() < deadline:
            time.sleep(0.2)
            after = processed(api, entry_id)
        elapsed = time.monotonic() - began
        stop.set()
        thread.join()
        lags = sorted(max(0.0, sample - baseline) for sample in samples)
        p99 = lags[int(len(lags) * 0.99) - 1] if lags else float("nan")
        handled = after - before
        note = "" if handled >= sent else f"   ({sent - handled} not handled within 5 s)"
        print(
            f"{sent / seconds:14.0f} {handled / elapsed:16.0f} "
            f"{max(lags, default=float('nan')):11.1f} {p99:11.1f}{note}"
        )


def main() -> int:
    """Broker, hass, home and nodes; then the steps; everything stopped at the end."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    binary = mosquitto_binary()
    if binary is None:
        print("mosquitto is not installed: run scripts/setup")
        return 1
    broker = MosquittoBroker(binary)
    broker.start()
    with tempfile.TemporaryDirectory(prefix="voltwise-bench-") as tmp:
        config_dir = Path(tmp) / "config"
        port = free_port()
        prepare(config_dir, port)
        hass = HassProcess(config_dir, port)
        nodes: Nodes | None = None
        try:
            hass.start()
            api = HassApi(hass.base_url)
            api.onboard("Bench", "bench", "bench-password-1")
            entry_id = setup_home(api, broker, args.nodes)
            nodes = Nodes(broker, args.nodes)
            time.sleep(2)  # subscriptions settle
            print(f"{args.nodes} MQTT appliances in a real hass, fed through a real broker")
            run_steps(api, hass, entry_id, nodes, args.seconds)
            return 0
        finally:
            if nodes is not None:
                with contextlib.suppress(Exception):
                    nodes.close()
            hass.stop()
            broker.close()


if __name__ == "__main__":
    sys.exit(main())
