"""A real Home Assistant with its web frontend, the demo home and a plant, driven by Chromium.

One Home Assistant serves every test of the module (starting it twice and logging a browser in
costs ~30 s): the demo home is made through the config flows, a plant is added against the fake
SolisCloud (production code has no test hook: a test-support component in the config dir,
``solis_route``, routes the SolisCloud client class to the fake server, as an in-process test
patches it), and the VoltWise dashboard is created through the websocket API exactly as
``scripts/develop`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from hass_harness import (  # noqa: E402
    _PRESET_ONBOARDING,
    DEV_USER,
    HassApi,
    HassProcess,
    ensure_dashboard,
    ensure_demo_home,
    ensure_demo_insight,
    free_port,
    install_integration,
    write_config,
)

from tests.plant.plants import API_SECRET, SERIAL, plant_subentry  # noqa: E402

CHROMIUM = os.environ.get("VOLTWISE_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The console errors Home Assistant's own frontend shows here, none of them ours: the two of a
# machine without internet, and the aborted view transition its router reports when the test
# navigates again before the previous page change finished animating (seen once in CI).
EXPECTED_CONSOLE_NOISE = (
    "net::ERR_NAME_NOT_RESOLVED",
    "Failure writing unhandled promise rejection to system log",
    "Transition was skipped",
)
API_ID = "1300386381990001"
PLANT_ID = "01JBROWSERPLANT0000000000"
PLANT_NAME = "Roof"
SCREENSHOTS = ROOT / "docs" / "screenshots"


@dataclass
class DashboardHass:
    """The running instance, its API client, and what the fixtures made in it."""

    process: HassProcess
    api: HassApi
    entry_id: str
    schedule_id: str = ""
    console_errors: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.process.base_url


def _add_plant(config_dir: Path, entry_id: str) -> None:
    """Add a plant subentry to the stored home while Home Assistant is stopped."""
    path = config_dir / ".storage" / "core.config_entries"
    stored = json.loads(path.read_text())
    entry = next(e for e in stored["data"]["entries"] if e["entry_id"] == entry_id)
    entry["subentries"].append(plant_subentry(API_ID, subentry_id=PLANT_ID, title=PLANT_NAME))
    path.write_text(json.dumps(stored))


@pytest.fixture(scope="module")
def fake_solis() -> Iterator[str]:
    """The fake SolisCloud in its own process; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.browser.fake_solis", API_ID, API_SECRET, SERIAL],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    try:
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def dashboard_hass(
    tmp_path_factory: pytest.TempPathFactory, fake_solis: str
) -> Iterator[DashboardHass]:
    """Home Assistant with the frontend, the demo home, a plant and the VoltWise dashboard."""
    pytest_socket.enable_socket()  # module scope: before any test's socket_enabled fixture
    config_dir = tmp_path_factory.mktemp("browser") / "config"
    port = free_port()
    route = f"voltwise_solis_route:\n  url: {fake_solis}\n"
    write_config(config_dir, port, f"frontend:\nenergy:\n{route}")
    install_integration(config_dir, link=False)
    shutil.copytree(
        Path(__file__).parent / "solis_route",
        config_dir / "custom_components" / "voltwise_solis_route",
    )
    (config_dir / ".storage").mkdir(parents=True, exist_ok=True)
    (config_dir / ".storage" / "onboarding").write_text(json.dumps(_PRESET_ONBOARDING))
    process = HassProcess(config_dir, port)
    try:
        process.start()
        api = HassApi(process.base_url)
        api.onboard(**DEV_USER)
        api.wait_until_running()
        ensure_demo_home(api)
        ensure_demo_insight(api)  # as scripts/develop: the insight card has a year to show
        entry_id = api.config_entries("voltwise")[0]["entry_id"]
        process.stop()
        _add_plant(config_dir, entry_id)
        process.start()
        api = HassApi(process.base_url)
        api.login(DEV_USER["username"], DEV_USER["password"])
        api.wait_for(lambda states: "sensor.roof_active_schedule" in states, timeout=60)
        ensure_dashboard(api, replace=True)
    except BaseException:
        print(f"\n--- hass log ({process.log_path}) ---\n{process.log_tail(150)}")
        process.kill()
        raise
    try:
        yield DashboardHass(process, api, entry_id)
    finally:
        process.kill()


@pytest.fixture(scope="module")
def browser(dashboard_hass: DashboardHass) -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (no browser is downloaded)."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the browser tests need it

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def unexpected_console_errors(errors: list[str]) -> list[str]:
    """Console errors except the noise Home Assistant's own frontend shows here."""
    return [e for e in errors if not any(noise in e for noise in EXPECTED_CONSOLE_NOISE)]


@pytest.fixture(autouse=True)
def verify_cleanup() -> None:
    """Replace the HA test plugin's check of its in-process hass, which these tests do not use.

    Playwright's sync API keeps its own event loop running on this thread for the module's
    browser, and the plugin's check would try to run that loop once more after every test.
    """
