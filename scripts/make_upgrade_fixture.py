"""Write the config dir of an older VoltWise layout, for the upgrade test (tests/test_upgrade.py).

Runs the integration as it was at ``--rev`` (default: the last commit before the one-room-per-
feature restructure) in a real ``hass`` process, drives it through the REST API as a user would
(a home, two appliances, a plant, settings, schedules, a plant plan with an override, meters that
ran for a while), stops it cleanly, and copies what Home Assistant and VoltWise stored
(``.storage``: config entries, entity and device registries, restore state, every ``voltwise.*``
store) into ``tests/fixtures/upgrade/<name>/``.

The plant talks to the fake SolisCloud of that same revision. Its connection goes where that
revision's own test seam (``plant/client.py`` ``CLIENT_OPTIONS``) points it, set in the copy
installed into the config dir; the stored subentry data is exactly what the plant flow wrote.

    .venv/bin/python scripts/make_upgrade_fixture.py [--rev REV] [--name NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hass_harness import DEMO_HOME, HassApi, HassProcess, free_port, write_config

ROOT = Path(__file__).resolve().parent.parent
BASE_REV = "c05635e"
USER = {"name": "Upgrade", "username": "upgrade", "password": "upgrade-password-1"}
API_ID = "1300386381676000000"
API_SECRET = "6680182547"  # noqa: S105 - the fake server's, not a real secret
SERIAL = "1031D2222110085"
APPLIANCES = [
    {
        "name": "Washing machine",
        "backend": "virtual",
        "nameplate_w": 2000,
        "eco_w": 900,
        "category": "shiftable",
        "cycle_profile": "2.0, 2.0, 0.3, 0.8",
        "profile_step_minutes": 10,
    },
    {
        "name": "Water heater",
        "backend": "virtual",
        "nameplate_w": 2000,
        "category": "shiftable",
        "cycle_minutes": 60,
    },
]
PLANT = {
    "name": "Roof",
    "api_id": API_ID,
    "api_secret": API_SECRET,
    "inverter_serial": SERIAL,
    "time_zone": "Asia/Kolkata",
    "min_peak_shaving_w": 0,
    "max_peak_shaving_w": 10_000,
    "default_peak_shaving_w": 5000,
    "default_grid_charging": False,
    "peak_shaving_cid": 5035,
    "grid_charging_method": "switch",
    "grid_charging_cid": 43110,
    "storage_mode_cid": 636,
}
# What the fixture keeps of .storage (auth, onboarding and the like are not VoltWise's).
KEPT = ("core.config_entries", "core.entity_registry", "core.device_registry", "core.restore_state")


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True).stdout  # noqa: S607


def _export(rev: str, target: Path) -> None:
    """The integration and the fake SolisCloud as they were at ``rev``."""
    archive = _git("archive", rev, "custom_components/voltwise", "tests/__init__.py", "tests/solis")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)  # noqa: S607


class FakeCloudThread:
    """The revision's fake SolisCloud, served from a thread of this process."""

    def __init__(self, base: Path) -> None:
        """Start serving the account and inverter the plant flow is given."""
        sys.path.insert(0, str(base))
        from tests.solis.fake_server import FakeSolisCloud  # noqa: PLC0415

        self.loop = asyncio.new_event_loop()
        self.server = FakeSolisCloud({API_ID: API_SECRET})
        self.server.add_inverter(SERIAL, API_ID)
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(30)

    def close(self) -> None:
        """Stop serving."""
        asyncio.run_coroutine_threadsafe(self.server.close(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def _install(base: Path, config_dir: Path, url: str) -> None:
    target = config_dir / "custom_components" / "voltwise"
    shutil.copytree(base / "custom_components" / "voltwise", target)
    client = target / "plant" / "client.py"
    client.write_text(client.read_text() + f"\nCLIENT_OPTIONS['base_url'] = {url!r}\n")


def _expect(result: dict[str, Any], what: str) -> dict[str, Any]:
    if result.get("type") != "create_entry":
        raise SystemExit(f"could not add {what}: {result}")
    return result


def _use(api: HassApi) -> str:
    """Everything a household would have done by the time it upgrades."""
    home = _expect(api.run_config_flow("voltwise", [DEMO_HOME]), "the home")
    entry_id: str = home["result"]["entry_id"]
    for appliance in APPLIANCES:
        _expect(api.run_subentry_flow(entry_id, "appliance", [appliance]), appliance["name"])
    _expect(api.run_subentry_flow(entry_id, "plant", [PLANT]), "the plant")
    api.wait_for(
        lambda s: (
            "switch.water_heater" in s
            and s["switch.water_heater"]["state"] == "off"
            and "sensor.roof_active_schedule" in s
        ),
        timeout=60,
    )
    call = api.call_service
    call(
        "select",
        "select_option",
        {"entity_id": "select.voltwise_demo_home_strategy", "option": "max_savings"},
    )
    call(
        "number",
        "set_value",
        {"entity_id": "number.voltwise_demo_home_penalty_threshold", "value": 0.4},
    )
    call("switch", "turn_on", {"entity_id": "switch.water_heater"})
    call("voltwise", "set_eco_mode", {"entity_id": "switch.washing_machine", "enabled": True})
    call("switch", "turn_on", {"entity_id": "switch.washing_machine"})
    schedules = [
        {"appliance": "switch.water_heater", "start": "06:00", "end": "07:00", "repeat": "daily"},
        {
            "appliance": "switch.washing_machine",
            "start": "09:00",
            "duration": "01:30:00",
            "repeat": "days",
            "days": ["mon", "thu"],
        },
        {
            "appliance": "switch.washing_machine",
            "start": "10:00",
            "end": "16:00",
            "duration": "00:40:00",
            "repeat": "weekends",
            "smart": True,
        },
    ]
    for schedule in schedules:
        call("voltwise", "schedule_appliance", schedule, response=True)
    plant = "sensor.roof_active_schedule"
    call(
        "voltwise",
        "set_daily_schedule",
        {
            "plant": plant,
            "schedule": "Workday",
            "segments": "00:00-05:00 0 on\n05:00-07:00 2000 off\n18:00-22:00 1000 off",
        },
    )
    call(
        "voltwise",
        "set_daily_schedule",
        {"plant": plant, "schedule": "Weekend", "segments": "10:00-16:00 8000 on"},
    )
    call(
        "voltwise",
        "assign_daily_schedule",
        {"plant": plant, "schedule": "Workday", "days": "mon-fri", "priority": 10},
    )
    call(
        "voltwise",
        "assign_daily_schedule",
        {"plant": plant, "schedule": "Weekend", "days": ["sat", "sun"], "priority": 10},
    )
    call("voltwise", "set_plant_defaults", {"plant": plant, "peak_shaving_w": 6000})
    call("voltwise", "apply_now", {"plant": plant}, response=True)
    call(
        "voltwise",
        "set_override",
        {"plant": plant, "mode": "until_cleared", "peak_shaving_w": 3000},
    )
    time.sleep(8)  # the appliances draw energy; the plant applies its override
    call("switch", "turn_off", {"entity_id": "switch.washing_machine"})
    time.sleep(2)
    return entry_id


def main(argv: list[str] | None = None) -> int:
    """Generate the fixture; print where it went."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rev", default=BASE_REV)
    parser.add_argument("--name", default="layout_0_1")
    args = parser.parse_args(argv)
    out = ROOT / "tests" / "fixtures" / "upgrade" / args.name
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        _export(args.rev, base)
        cloud = FakeCloudThread(base)
        config_dir = Path(tmp) / "config"
        port = free_port()
        write_config(config_dir, port)
        _install(base, config_dir, cloud.url)
        process = HassProcess(config_dir, port)
        # ``python -m homeassistant`` puts its working directory first on sys.path: from this
        # checkout it would import today's custom_components instead of the installed copy.
        os.chdir(tmp)
        try:
            process.start()
            api = HassApi(process.base_url)
            api.onboard(**USER)
            entry_id = _use(api)
            stopped = process.stop()
            written_at = datetime.now(UTC)
        except BaseException:
            print(process.log_tail(80))
            raise
        finally:
            process.kill()
            cloud.close()
        if stopped != 0:
            raise SystemExit(f"hass exited with {stopped}")
        storage = config_dir / ".storage"
        if out.exists():
            shutil.rmtree(out)
        (out / ".storage").mkdir(parents=True)
        for path in sorted(storage.iterdir()):
            if path.name in KEPT or path.name.startswith("voltwise."):
                shutil.copy(path, out / ".storage" / path.name)
        meta = {
            "rev": _git("rev-parse", args.rev).decode().strip(),
            "written_at": written_at.isoformat(),
            "entry_id": entry_id,
            "fake_solis": {"api_id": API_ID, "serial": SERIAL},
        }
        (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"upgrade fixture written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
