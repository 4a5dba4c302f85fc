"""Schedule executor: 1,000 schedules across 100 appliances in a real Home Assistant.

Prints, measured in one run:
1. how long registering the schedules took through the ``schedule_appliance`` service (REST);
2. the executor's setup time with all of them at a restart (load, catch-up, arm one timer each;
   from its own log line), goal under 1 s;
3. the lateness of the actions against their scheduled instants, from the
   ``voltwise_schedule_executed`` events (handled_at - scheduled_at), goal p99 under 1 s.

The schedules start on the next few whole minutes (a schedule has minute resolution), so each of
those minutes fires a burst of actions at once: the hard case for lateness. The rest are daily
schedules spread over the day, which only need arming.

Run: .venv/bin/python benchmarks/bench_executor.py [--appliances 100] [--schedules 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from hass_harness import (  # noqa: E402
    HassApi,
    HassProcess,
    free_port,
    install_integration,
    write_config,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
HOME = {
    "name": "Bench Home",
    "region": "IN-WE",
    "tariff": "india_tod_domestic",
    "normal_rate": 8.0,
    "currency": "INR",
    "time_zone": "Asia/Kolkata",
}
BURST_MINUTES = 3  # how many upcoming minutes carry the firing schedules
FIRING_SHARE = 0.3  # share of schedules that fire during the run
_SETUP_LINE = re.compile(r"(\d+) schedules loaded, caught up and armed in ([\d.]+) s")


def setup_home(api: HassApi, appliances: int) -> list[str]:
    """A home with virtual appliances, through the UI flows; returns their switches."""
    entry_id = api.run_config_flow("voltwise", [HOME])["result"]["entry_id"]
    for index in range(appliances):
        api.run_subentry_flow(
            entry_id,
            "appliance",
            [
                {
                    "name": f"Appliance {index}",
                    "backend": "virtual",
                    "nameplate_w": 1000,
                    "category": "shiftable",
                }
            ],
        )
    switches = [f"switch.appliance_{index}" for index in range(appliances)]
    api.wait_for(lambda states: all(switch in states for switch in switches), timeout=120)
    # Each added appliance reloaded the home; let the last reload finish.
    deadline = time.monotonic() + 60
    while api.config_entries("voltwise")[0]["state"] != "loaded" and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)
    return switches


def register(api: HassApi, switches: list[str], count: int, first: datetime) -> int:
    """Create ``count`` schedules; returns how many fire during the run."""
    firing = int(count * FIRING_SHARE)
    for index in range(count):
        switch = switches[index % len(switches)]
        if index < firing:  # a one-off on one of the next minutes, on then off a minute later
            start = first + timedelta(minutes=index % BURST_MINUTES)
            data = {"start": start.strftime("%H:%M"), "duration": "00:01:00"}
        else:  # a daily run somewhere in the day, armed but not due now
            minute = (index * 7) % (24 * 60)
            data = {"start": f"{minute // 60:02d}:{minute % 60:02d}", "repeat": "daily"}
            if first.hour * 60 + first.minute <= minute < first.hour * 60 + first.minute + 10:
                data["start"] = f"{(minute + 30) % (24 * 60) // 60:02d}:{minute % 60:02d}"
        api.call_service("voltwise", "schedule_appliance", {"appliance": switch, **data})
    return firing * 2  # each firing schedule turns on, then off


async def collect(base_url: str, token: str, expected: int, until: float) -> list[float]:
    """Lateness (s) of each executed action, from the events, until all came or time ran out."""
    lateness: list[float] = []
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{base_url}/api/websocket") as ws,
    ):
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        await ws.receive_json()
        await ws.send_json(
            {"id": 1, "type": "subscribe_events", "event_type": "voltwise_schedule_executed"}
        )
        while len(lateness) < expected and time.monotonic() < until:
            try:
                message = await ws.receive_json(timeout=max(0.1, until - time.monotonic()))
            except TimeoutError:
                break
            if message.get("type") != "event":
                continue
            data = message["event"]["data"]
            handled = datetime.fromisoformat(data["handled_at"])
            scheduled = datetime.fromisoformat(data["scheduled_at"])
            lateness.append((handled - scheduled).total_seconds())
    return lateness


def setup_seconds(log: str) -> tuple[int, float]:
    """The executor's own report of its last setup."""
    found = _SETUP_LINE.findall(log)
    if not found:
        raise RuntimeError("no executor setup line in the log")
    count, seconds = found[-1]
    return int(count), float(seconds)


def main() -> int:
    """Home, schedules, a restart (setup time), then the bursts (lateness)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appliances", type=int, default=100)
    parser.add_argument("--schedules", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="voltwise-bench-") as tmp:
        config_dir = Path(tmp) / "config"
        port = free_port()
        write_config(config_dir, port)
        install_integration(config_dir, link=False)
        hass = HassProcess(config_dir, port)
        try:
            hass.start()
            api = HassApi(hass.base_url)
            api.onboard("Bench", "bench", "bench-password-1")
            switches = setup_home(api, args.appliances)
            # Leave room to register and restart before the first burst.
            now = datetime.now(KOLKATA)
            first = (now + timedelta(minutes=4)).replace(second=0, microsecond=0)
            began = time.monotonic()
            expected = register(api, switches, args.schedules, first)
            took = time.monotonic() - began
            print(
                f"registered {args.schedules} schedules on {args.appliances} appliances through "
                f"the service in {took:.1f} s ({took / args.schedules * 1000:.1f} ms each)"
            )
            hass.stop()
            hass.start()
            api = HassApi(hass.base_url)
            api.login("bench", "bench-password-1")
            api.wait_for(lambda states: switches[-1] in states, timeout=120)
            count, seconds = setup_seconds(hass.log_path.read_text())
            print(
                f"executor setup at restart with {count} schedules: {seconds * 1000:.0f} ms "
                "(target < 1000 ms)"
            )
            if datetime.now(KOLKATA) >= first:
                print("the restart took too long: the first burst has already passed")
                return 1
            token = str(api.session.headers["Authorization"]).split(" ", 1)[1]
            deadline = (first + timedelta(minutes=BURST_MINUTES + 1)) - datetime.now(KOLKATA)
            lateness = asyncio.run(
                collect(hass.base_url, token, expected, time.monotonic() + deadline.total_seconds())
            )
            lateness.sort()
            p99 = lateness[max(0, int(len(lateness) * 0.99) - 1)]
            print(
                f"{len(lateness)}/{expected} actions in {BURST_MINUTES * 2} bursts of up to "
                f"{expected // (BURST_MINUTES * 2)}: lateness median "
                f"{statistics.median(lateness) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
                f"max {lateness[-1] * 1000:.0f} ms (target p99 < 1000 ms)"
            )
            return 0
        finally:
            hass.stop()


if __name__ == "__main__":
    sys.exit(main())
