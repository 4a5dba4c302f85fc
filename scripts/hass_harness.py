"""Run a real Home Assistant process with VoltWise and drive it through its public APIs.

Used by ``scripts/develop`` (a development instance with a demo home) and by the end-to-end tests
(a throw-away instance per test module). Everything goes through the REST API exactly as the
frontend does it: onboarding, login, config flows, states.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any

import aiohttp
import requests

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION_SRC = ROOT / "custom_components" / "voltwise"

DEV_USER = {"name": "Developer", "username": "dev", "password": "voltwise-dev"}

# The demo home scripts/develop creates on first start: no hardware, no account needed.
DEMO_HOME = {
    "name": "VoltWise Demo Home",
    "region": "IN-WE",
    "tariff": "india_tod_domestic",
    "normal_rate": 8.0,
    "currency": "INR",
    "time_zone": "Asia/Kolkata",
}
# Virtual appliances of the demo home (the appliance flow's first step; no backend step).
DEMO_APPLIANCES = [
    {
        "name": "Washing machine",
        "backend": "virtual",
        "nameplate_w": 2000,
        "eco_w": 900,
        "category": "shiftable",
        "cycle_profile": "2.0, 2.0, 2.0, 0.3, 0.3, 0.3, 0.8, 0.8, 0.8",
        "profile_step_minutes": 10,
    },
    {
        "name": "Water heater",
        "backend": "virtual",
        "nameplate_w": 2000,
        "category": "shiftable",
        "cycle_minutes": 60,
    },
    {"name": "Refrigerator", "backend": "virtual", "nameplate_w": 150, "category": "essential"},
]

CORE_CONFIG = """\
homeassistant:
  name: VoltWise
  time_zone: Asia/Kolkata
  currency: INR
  country: IN
  unit_system: metric
  latitude: 18.5204
  longitude: 73.8567
  elevation: 560
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
config:
onboarding:
logger:
  default: warning
  logs:
    custom_components.voltwise: debug
    homeassistant.setup: info
"""

# Steps the development instance marks done up front: location, currency and time zone come from
# configuration.yaml, so the only onboarding step left is creating the user (done over REST).
_PRESET_ONBOARDING = {
    "version": 4,
    "minor_version": 1,
    "key": "onboarding",
    "data": {"done": ["core_config", "analytics", "integration"]},
}


_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child: receive SIGKILL when the harness dies, so no hass is ever orphaned."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def install_integration(config_dir: Path, *, link: bool) -> None:
    """Put VoltWise into ``config_dir/custom_components`` (a symlink for development)."""
    target = config_dir / "custom_components" / "voltwise"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    if link:
        target.symlink_to(INTEGRATION_SRC, target_is_directory=True)
    else:
        shutil.copytree(INTEGRATION_SRC, target, ignore=shutil.ignore_patterns("__pycache__"))


def write_config(config_dir: Path, port: int, extra: str = "") -> None:
    """A minimal configuration.yaml serving on ``port``, plus ``extra`` YAML."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text(CORE_CONFIG.format(port=port) + extra)


class HassError(RuntimeError):
    """The Home Assistant process or its API did not behave."""


@dataclass
class HassProcess:
    """A ``hass`` child process with its own config dir; killed with its process group."""

    config_dir: Path
    port: int
    log_path: Path = field(init=False)
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        """Log next to the config, where a failing test can show it."""
        self.log_path = self.config_dir / "hass.log"

    @property
    def base_url(self) -> str:
        """Where the HTTP API listens."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        """Start hass and wait until its HTTP API answers."""
        if self.process is not None and self.process.poll() is None:
            raise HassError("already running")
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "homeassistant", "-c", str(self.config_dir)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 - runs before any thread exists
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        finally:
            log.close()
        self.wait_until_up(timeout)

    def wait_until_up(self, timeout: float) -> None:
        """Poll an endpoint that needs no token until the HTTP server answers at all.

        (Before onboarding it answers 400; either way Home Assistant has started.)
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise HassError(f"hass exited during start-up:\n{self.log_tail()}")
            try:
                response = requests.get(f"{self.base_url}/auth/providers", timeout=2)
                if response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.25)
        raise HassError(f"hass did not answer within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 60) -> int | None:
        """Stop gracefully (SIGTERM), then forcefully; returns the exit code."""
        return self._signal(signal.SIGTERM, timeout)

    def kill(self) -> int | None:
        """Stop abruptly (SIGKILL), as a crash or power cut would."""
        return self._signal(signal.SIGKILL, 10)

    def _signal(self, sig: signal.Signals, timeout: float) -> int | None:
        if self.process is None:
            return None
        process, self.process = self.process, None
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
                return process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return process.wait(10)

    def wait(self) -> int | None:
        """Block until hass exits by itself; returns its exit code."""
        return self.process.wait() if self.process is not None else None

    def log_tail(self, lines: int = 60) -> str:
        """The end of hass's log, for error messages."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class HassApi:
    """A small client for the REST endpoints the frontend uses."""

    def __init__(self, base_url: str) -> None:
        """Talk to the instance at ``base_url``; call onboard() or login() before the rest."""
        self.base_url = base_url
        self.client_id = f"{base_url}/"
        self.session = requests.Session()

    def onboard(self, name: str, username: str, password: str) -> None:
        """Create the owner account (onboarding's user step) and log in as it."""
        response = self.session.post(
            f"{self.base_url}/api/onboarding/users",
            json={
                "client_id": self.client_id,
                "name": name,
                "username": username,
                "password": password,
                "language": "en",
            },
            # A first start with default_config may still be installing the requirements of
            # Home Assistant's default integrations (PyAV for stream) before it answers.
            timeout=600,
        )
        self._check(response)
        self._exchange_code(response.json()["auth_code"])

    def login(self, username: str, password: str) -> None:
        """Log in through the login flow, as the frontend's login page does."""
        flow = self._check(
            self.session.post(
                f"{self.base_url}/auth/login_flow",
                json={
                    "client_id": self.client_id,
                    "handler": ["homeassistant", None],
                    "redirect_uri": self.client_id,
                },
                timeout=30,
            )
        ).json()
        result = self._check(
            self.session.post(
                f"{self.base_url}/auth/login_flow/{flow['flow_id']}",
                json={"client_id": self.client_id, "username": username, "password": password},
                timeout=30,
            )
        ).json()
        if result.get("type") != "create_entry":
            raise HassError(f"login failed: {result.get('errors')}")
        self._exchange_code(result["result"])
        self.wait_until_running()

    def wait_until_running(self, timeout: float = 120) -> None:
        """Wait until start-up is over: the HTTP API answers while integrations still load."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.get("/api/config").get("state") == "RUNNING":
                return
            time.sleep(0.25)
        raise HassError(f"Home Assistant did not finish starting within {timeout} s")

    def is_onboarded(self) -> bool:
        """True when the owner account exists (the onboarding API is gone once onboarded)."""
        response = self.session.get(f"{self.base_url}/api/onboarding", timeout=10)
        if response.status_code == HTTPStatus.NOT_FOUND:
            return True
        steps = self._check(response).json()
        return all(step["done"] for step in steps if step["step"] == "user")

    def _exchange_code(self, code: str) -> None:
        token = self._check(
            self.session.post(
                f"{self.base_url}/auth/token",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": self.client_id,
                },
                timeout=30,
            )
        ).json()
        self.session.headers["Authorization"] = f"Bearer {token['access_token']}"

    @staticmethod
    def _check(response: requests.Response) -> requests.Response:
        if not response.ok:
            raise HassError(
                f"{response.request.method} {response.url}: {response.status_code} {response.text}"
            )
        return response

    def get(self, path: str) -> Any:
        """GET a JSON API path."""
        return self._check(self.session.get(f"{self.base_url}{path}", timeout=30)).json()

    def post(self, path: str, payload: Mapping[str, Any] | None = None) -> Any:
        """POST JSON to an API path."""
        response = self.session.post(f"{self.base_url}{path}", json=payload or {}, timeout=60)
        return self._check(response).json()

    def delete(self, path: str) -> None:
        """DELETE an API path (abort a flow)."""
        self._check(self.session.delete(f"{self.base_url}{path}", timeout=30))

    def states(self) -> dict[str, dict[str, Any]]:
        """All entity states by entity id."""
        return {state["entity_id"]: state for state in self.get("/api/states")}

    def config_entries(self, domain: str) -> list[dict[str, Any]]:
        """The config entries of ``domain``."""
        entries: list[dict[str, Any]] = self.get(
            f"/api/config/config_entries/entry?domain={domain}"
        )
        return entries

    def run_config_flow(self, domain: str, steps: list[Mapping[str, Any]]) -> dict[str, Any]:
        """Start a config flow and submit ``steps`` in order; returns the last result."""
        result: dict[str, Any] = self.post(
            "/api/config/config_entries/flow",
            {"handler": domain, "show_advanced_options": False},
        )
        for step in steps:
            if result.get("type") != "form":
                raise HassError(f"flow ended early: {result}")
            result = self.post(f"/api/config/config_entries/flow/{result['flow_id']}", step)
        return result

    def run_subentry_flow(
        self, entry_id: str, subentry_type: str, steps: list[Mapping[str, Any]]
    ) -> dict[str, Any]:
        """Add a subentry (an appliance, a plant) to a config entry as the UI does."""
        result: dict[str, Any] = self.post(
            "/api/config/config_entries/subentries/flow",
            {"handler": [entry_id, subentry_type], "show_advanced_options": False},
        )
        for step in steps:
            if result.get("type") != "form":
                raise HassError(f"flow ended early: {result}")
            result = self.post(
                f"/api/config/config_entries/subentries/flow/{result['flow_id']}", step
            )
        return result

    def call_service(
        self, domain: str, service: str, data: Mapping[str, Any], *, response: bool = False
    ) -> Any:
        """Call a service (an action) as a dashboard or automation would."""
        suffix = "?return_response" if response else ""
        return self.post(f"/api/services/{domain}/{service}{suffix}", data)

    def ws(self, *commands: Mapping[str, Any]) -> list[Any]:
        """Send websocket commands in order (the frontend's API); returns each one's result."""
        token = self.session.headers["Authorization"].removeprefix("Bearer ")
        url = self.base_url.replace("http", "ws", 1) + "/api/websocket"

        async def run() -> list[Any]:
            results: list[Any] = []
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
                await socket.receive_json()  # auth_required
                await socket.send_json({"type": "auth", "access_token": token})
                if (await socket.receive_json()).get("type") != "auth_ok":
                    raise HassError("websocket authentication failed")
                for number, command in enumerate(commands, start=1):
                    await socket.send_json({**command, "id": number})
                    while (answer := await socket.receive_json()).get("id") != number:
                        pass
                    if not answer.get("success"):
                        raise HassError(f"{command['type']}: {answer.get('error')}")
                    results.append(answer.get("result"))
            return results

        # An event loop of its own on a worker thread: the caller's thread may be running one
        # already (a test framework's, or Playwright's sync API).
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, run()).result()

    def integration_entities(self, domain: str) -> list[str]:
        """Entity ids that belong to ``domain``, via the template API's own helper."""
        response = self._check(
            self.session.post(
                f"{self.base_url}/api/template",
                json={"template": f"{{{{ integration_entities('{domain}') | tojson }}}}"},
                timeout=30,
            )
        )
        entity_ids: list[str] = json.loads(response.text)
        return entity_ids

    def wait_for(
        self, predicate: Any, timeout: float = 30, interval: float = 0.25
    ) -> dict[str, dict[str, Any]]:
        """Poll states until ``predicate(states)`` is true; returns those states."""
        deadline = time.monotonic() + timeout
        states: dict[str, dict[str, Any]] = {}
        while time.monotonic() < deadline:
            states = self.states()
            if predicate(states):
                return states
            time.sleep(interval)
        raise HassError(f"condition not met within {timeout} s; states: {sorted(states)}")


def prepare_dev_config(config_dir: Path) -> None:
    """Link the integration and pre-answer onboarding's settings steps on a first start."""
    install_integration(config_dir, link=True)
    onboarding = config_dir / ".storage" / "onboarding"
    if not onboarding.exists():
        onboarding.parent.mkdir(parents=True, exist_ok=True)
        onboarding.write_text(json.dumps(_PRESET_ONBOARDING, indent=2))


def ensure_demo_home(api: HassApi) -> str:
    """Create the demo home and its appliances through the UI flows unless a home exists."""
    if api.config_entries("voltwise"):
        return "kept the existing VoltWise home"
    result = api.run_config_flow("voltwise", [DEMO_HOME])
    if result.get("type") != "create_entry":
        raise HassError(f"could not create the demo home: {result}")
    entry_id = result["result"]["entry_id"]
    for appliance in DEMO_APPLIANCES:
        added = api.run_subentry_flow(entry_id, "appliance", [appliance])
        if added.get("type") != "create_entry":
            raise HassError(f"could not add {appliance['name']!r}: {added}")
    return f"created the demo home {DEMO_HOME['name']!r} with {len(DEMO_APPLIANCES)} appliances"


# The demo home's options: its consumption is a simulated household, whose year of statistics
# is imported at its first start, so forecasts, scores and anomalies show at once.
DEMO_OPTIONS = {
    "notify": False,
    "peak_warning_minutes": 15,
    "best_window_minutes": 120,
    "schedule_grace_minutes": 15,
    "consumption_source": "simulated",
}


def ensure_demo_insight(api: HassApi) -> str:
    """Give the demo home the simulated household unless it already has a consumption source."""
    entry = next(
        (e for e in api.config_entries("voltwise") if e["title"] == DEMO_HOME["name"]), None
    )
    if entry is None:
        return "no demo home: its consumption source is left alone"
    form = api.post(
        "/api/config/config_entries/options/flow",
        {"handler": entry["entry_id"], "show_advanced_options": False},
    )
    current = {
        field["name"]: (field.get("description") or {}).get("suggested_value")
        for field in form.get("data_schema", [])
    }
    if current.get("consumption_source") not in (None, "none"):
        api.delete(f"/api/config/config_entries/options/flow/{form['flow_id']}")
        return "kept the demo home's consumption source"
    result = api.post(
        f"/api/config/config_entries/options/flow/{form['flow_id']}",
        {
            **DEMO_OPTIONS,
            **{key: value for key, value in current.items() if value is not None},
            "consumption_source": "simulated",
        },
    )
    if result.get("type") != "create_entry":
        raise HassError(f"could not give the demo home its simulated household: {result}")
    # The new options reload the home: the next steps need it loaded again, with its meter.
    api.wait_for(
        lambda states: any(
            entity_id.endswith("_simulated_household_energy")
            and state["state"] not in ("unavailable", "unknown")
            for entity_id, state in states.items()
        ),
        timeout=120,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        states = {e["entry_id"]: e["state"] for e in api.config_entries("voltwise")}
        if states.get(entry["entry_id"]) == "loaded":
            break
        time.sleep(0.25)
    return "the demo home's consumption is a simulated household (a year of history imported)"


DASHBOARD_URL_PATH = "voltwise-dashboard"
# The demo's simulated grid event: a critical DISCOM alert a minute after start, for 10 minutes.
DEMO_GRID_EVENT_ID = "demo-grid-event"
DEMO_GRID_EVENT_DELAY = timedelta(minutes=1)
DEMO_GRID_EVENT_LENGTH = timedelta(minutes=10)


def simulate_grid_event(api: HassApi) -> str:
    """Let a newcomer see the autopilot act: a simulated critical grid event in a minute.

    Switches the demo home's Autopilot and Grid protection on and its delegated appliances on,
    then reports a critical peak alert starting a minute from now through the same service any
    utility alert would use (voltwise.report_grid_event). At its start grid protection turns the
    delegated appliances off (source grid_protection); ten minutes later it turns them back on.
    Started during a dear period, the autopilot turns them off at once instead (source autopilot).
    """
    entries = api.config_entries("voltwise")
    if not entries:
        return "no VoltWise home: no simulated grid event"
    entry_id = entries[0]["entry_id"]
    entities = [e for e in voltwise_entities(api) if e["config_entry_id"] == entry_id]
    keys = {e["translation_key"]: e["entity_id"] for e in entities if e["translation_key"]}
    for key in ("autopilot", "grid_protection"):
        if key in keys:
            api.call_service("switch", "turn_on", {"entity_id": keys[key]})
    delegated_devices = {
        e["device_id"] for e in entities if e["translation_key"] == "autopilot_delegated"
    }
    appliances = [
        e["entity_id"]
        for e in entities
        if e["device_id"] in delegated_devices and e["unique_id"].endswith("_switch")
    ]
    for entity_id in appliances:
        api.call_service("switch", "turn_on", {"entity_id": entity_id})
        # Switched on by a person (this API user): in a dear period that is an override, which
        # outranks even a critical grid event. The demo hands them back to the autopilot.
        api.call_service("voltwise", "resume_autopilot", {"appliance": entity_id})
    start = datetime.now(UTC) + DEMO_GRID_EVENT_DELAY
    api.call_service(
        "voltwise",
        "report_grid_event",
        {
            "config_entry_id": entry_id,
            "type": "peak_alert",
            "severity": "critical",
            "message": "Demo: a simulated DISCOM peak alert",
            "start": start.isoformat(),
            "end": (start + DEMO_GRID_EVENT_LENGTH).isoformat(),
            "event_id": DEMO_GRID_EVENT_ID,
        },
    )
    local = start.astimezone().strftime("%H:%M:%S")
    return (
        f"simulated grid event at {local}: the autopilot turns off {len(appliances)} "
        f"appliance(s) then, and back on {DEMO_GRID_EVENT_LENGTH.seconds // 60} minutes later"
    )


def voltwise_entities(api: HassApi) -> list[dict[str, Any]]:
    """VoltWise's entity registry entries (entity id, device, unique id, subentry...)."""
    (entries,) = api.ws({"type": "config/entity_registry/list"})
    return [entry for entry in entries if entry["platform"] == "voltwise"]


def dashboard_config(entities: list[dict[str, Any]]) -> dict[str, Any]:
    """The VoltWise dashboard: every card, pointed at the first home (and plant, if any)."""

    def entity(suffix: str) -> dict[str, Any] | None:
        return next((e for e in entities if e["unique_id"].endswith(f"_home_{suffix}")), None)

    home = entity("tariff_rate")
    home_device = home["device_id"] if home else None
    plant = next((e for e in entities if e["translation_key"] == "active_schedule"), None)
    overview = [
        e["entity_id"]
        for key in (
            "strategy",
            "penalty_threshold",
            "tariff_rate",
            "tariff_slot",
            "carbon_intensity",
            "penalty_score",
            "best_window_start",
        )
        if (e := entity(key)) is not None
    ]
    home_option = {"home": home_device} if home_device else {}
    cards: list[dict[str, Any]] = [
        {"type": "custom:voltwise-timeline-card", **home_option, "hours": 24},
        {"type": "custom:voltwise-autopilot-card", **home_option},
        {"type": "custom:voltwise-insight-card", **home_option},
        {"type": "custom:voltwise-schedules-card", **home_option},
        {"type": "custom:voltwise-plant-card", **({"plant": plant["device_id"]} if plant else {})},
        {"type": "entities", "title": "Home", "entities": overview},
    ]
    return {"title": "VoltWise", "views": [{"title": "VoltWise", "path": "home", "cards": cards}]}


def ensure_dashboard(api: HassApi, *, replace: bool = False) -> str:
    """Create the VoltWise dashboard (a storage-mode Lovelace dashboard) unless it exists.

    An existing dashboard keeps the user's edits unless ``replace`` is set.
    """
    (dashboards,) = api.ws({"type": "lovelace/dashboards/list"})
    exists = any(d["url_path"] == DASHBOARD_URL_PATH for d in dashboards)
    if exists and not replace:
        return f"kept the dashboard /{DASHBOARD_URL_PATH}"
    if not exists:
        api.ws(
            {
                "type": "lovelace/dashboards/create",
                "url_path": DASHBOARD_URL_PATH,
                "title": "VoltWise",
                "icon": "mdi:lightning-bolt-circle",
                "show_in_sidebar": True,
                "require_admin": False,
            }
        )
    api.ws(
        {
            "type": "lovelace/config/save",
            "url_path": DASHBOARD_URL_PATH,
            "config": dashboard_config(voltwise_entities(api)),
        }
    )
    return f"created the dashboard /{DASHBOARD_URL_PATH}"


# The translation key of the home's consumption meter that VoltWise itself publishes: the
# simulated household's energy (a total_increasing kWh sensor, as a real grid meter would be).
HOME_CONSUMPTION_KEY = "simulated_energy"


def grid_consumption_source(entities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The home's consumption as the Energy dashboard's grid consumption, priced by its tariff.

    None when no home has a consumption meter of VoltWise's own (a real meter is the user's to
    choose). Every optional field is given: HA's schema reads the two prices by key.
    """
    meter = next((e for e in entities if e["translation_key"] == HOME_CONSUMPTION_KEY), None)
    if meter is None:
        return None
    rate = next(
        (
            e
            for e in entities
            if e["device_id"] == meter["device_id"] and e["translation_key"] == "tariff_rate"
        ),
        None,
    )
    return {
        "type": "grid",
        "flow_from": [
            {
                "stat_energy_from": meter["entity_id"],
                "stat_cost": None,
                "entity_energy_price": rate["entity_id"] if rate else None,
                "number_energy_price": None,
            }
        ],
        "flow_to": [],
        "cost_adjustment_day": 0.0,
    }


def energy_preferences(entities: list[dict[str, Any]]) -> dict[str, Any]:
    """The home's consumption as grid consumption, each appliance as an individual device."""
    devices: list[dict[str, Any]] = []
    for energy in entities:
        subentry = energy.get("config_subentry_id")
        if not subentry or not energy["unique_id"].endswith(f"_{subentry}_energy"):
            continue
        device: dict[str, Any] = {"stat_consumption": energy["entity_id"]}
        power = next(
            (e for e in entities if e["unique_id"].endswith(f"_{subentry}_power")),
            None,
        )
        if power is not None:
            device["stat_rate"] = power["entity_id"]
        devices.append(device)
    preferences: dict[str, Any] = {"device_consumption": devices}
    grid = grid_consumption_source(entities)
    if grid is not None:
        preferences["energy_sources"] = [grid]
    return preferences


def ensure_energy_dashboard(api: HassApi) -> str:
    """Configure the Energy dashboard unless it was configured already.

    A configuration from before the home had a consumption meter (appliances only, no energy
    source) gets the grid consumption added; anything with an energy source is the user's.
    """
    try:
        (current,) = api.ws({"type": "energy/get_prefs"})
    except HassError:
        current = None  # never configured: the energy integration has no preferences yet
    if current and current.get("energy_sources"):
        return "kept the Energy dashboard's settings"
    preferences = energy_preferences(voltwise_entities(api))
    if current and current.get("device_consumption"):
        if "energy_sources" not in preferences:
            return "kept the Energy dashboard's settings"
        api.ws({"type": "energy/save_prefs", "energy_sources": preferences["energy_sources"]})
        return "added the home's consumption to the Energy dashboard"
    api.ws({"type": "energy/save_prefs", **preferences})
    grid = " and the home's consumption" if "energy_sources" in preferences else ""
    return f"put {len(preferences['device_consumption'])} appliances{grid} on the Energy dashboard"


def develop(config_dir: Path, port: int, *, grid_event: bool = True) -> int:
    """Serve a development Home Assistant with a demo home until interrupted."""
    prepare_dev_config(config_dir)
    process = HassProcess(config_dir, port)

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Starting Home Assistant (config: {config_dir}, log: {process.log_path}) ...")
    try:
        process.start()
        api = HassApi(process.base_url)
        try:
            if api.is_onboarded():
                api.login(DEV_USER["username"], DEV_USER["password"])
            else:
                api.onboard(**DEV_USER)
            print(ensure_demo_home(api))
            print(ensure_demo_insight(api))
            print(ensure_dashboard(api))
            print(ensure_energy_dashboard(api))
            if grid_event:
                print(simulate_grid_event(api))
        except HassError as err:
            print(f"Could not prepare the demo home ({err}); Home Assistant keeps running.")
        print(
            f"\nHome Assistant is ready at {process.base_url}"
            f"  (VoltWise dashboard: {process.base_url}/{DASHBOARD_URL_PATH})"
            f"  (user {DEV_USER['username']!r}, password {DEV_USER['password']!r})."
            "\nPress Ctrl-C to stop."
        )
        return process.wait()
    except KeyboardInterrupt:
        print("\nStopping Home Assistant ...")
        process.stop()
        return 0
    finally:
        process.stop()


def main(argv: list[str] | None = None) -> int:
    """Command line: ``develop`` serves the development instance."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["develop"])
    parser.add_argument("--config", type=Path, default=ROOT / "config")
    parser.add_argument("--port", type=int, default=8123, help="as in the config's http section")
    parser.add_argument(
        "--no-grid-event",
        action="store_true",
        help="do not simulate a critical grid event a minute after start (the autopilot demo)",
    )
    args = parser.parse_args(argv)
    return develop(args.config.resolve(), args.port, grid_event=not args.no_grid_event)


if __name__ == "__main__":
    sys.exit(main())
