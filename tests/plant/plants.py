"""Plants in Home Assistant tests: a fake SolisCloud, fake back-off time, and a seeded plan."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import ClientSession
from homeassistant.core import Event, HomeAssistant

from custom_components.voltwise.const import EVENT_PLANT_APPLIED
from custom_components.voltwise.engine.plant.codec import plan_to_dict
from custom_components.voltwise.engine.plant.edits import (
    assign_daily_plan,
    create_daily_plan,
    new_plan,
)
from custom_components.voltwise.engine.plant.model import PlantDefaults, PlantPlan, Segment
from custom_components.voltwise.plant import client as plant_client
from custom_components.voltwise.plant.soliscloud.client import (
    RequestLimiter,
    SolisAccount,
    SolisCloudClient,
)
from tests.plant.soliscloud.fake_server import API_SECRET, SERIAL, FakeSolisCloud, FakeTime

ENTRY_ID = "01JTESTHOME00000000000000"
PLANT_ID = "01JTESTPLANT0000000000000"
PLANT_TITLE = "Roof"
TZ_NAME = "Asia/Kolkata"
# Monday 2 March 2026, 00:00 in Kolkata.
MONDAY = datetime(2026, 3, 1, 18, 30, tzinfo=UTC)

__all__ = ["API_SECRET", "SERIAL"]


def plant_subentry(
    api_id: str, subentry_id: str = PLANT_ID, title: str = PLANT_TITLE, **data: Any
) -> dict[str, Any]:
    """Subentry data for a plant, as the plant flow stores it."""
    return {
        "data": {
            "api_id": api_id,
            "api_secret": API_SECRET,
            "inverter_serial": SERIAL,
            "time_zone": TZ_NAME,
            "min_peak_shaving_w": 0,
            "max_peak_shaving_w": 10_000,
            "default_peak_shaving_w": 5000,
            "default_grid_charging": False,
            "peak_shaving_cid": 5035,
            "grid_charging_method": "switch",
            "grid_charging_cid": 43110,
            "storage_mode_cid": 636,
            **data,
        },
        "subentry_id": subentry_id,
        "subentry_type": "plant",
        "title": title,
        "unique_id": f"solis:{data.get('inverter_serial', SERIAL)}",
    }


def store_key(plant_id: str = PLANT_ID) -> str:
    return f"voltwise.{ENTRY_ID}.plant.{plant_id}"


def seed_plan(hass_storage: dict[str, Any], plan: PlantPlan, **extra: Any) -> None:
    """Put a plan in the plant's store before the home is set up."""
    key = store_key()
    hass_storage[key] = {
        "version": 1,
        "minor_version": 1,
        "key": key,
        "data": {"plan_format": 1, "plan": plan_to_dict(plan), **extra},
    }


def day_plan() -> PlantPlan:
    """Six segments on weekdays, as a household might use (defaults 5000 W, no grid charging).

    00:00-05:00 0 W on   (cheap night: charge, import nothing beyond the battery)
    05:00-07:00 2000 W off
    07:00-10:00 3000 off
    10:00-16:00 8000 on  (solar hours)
    16:00-18:00 8000 off
    18:00-22:00 1000 off (peak)
    22:00-24:00 default
    """
    plan = new_plan(PlantDefaults(5000, False))
    plan, workday = create_daily_plan(
        plan,
        "Workday",
        [
            Segment(0, 300, 0, True),
            Segment(300, 420, 2000, False),
            Segment(420, 600, 3000, False),
            Segment(600, 960, 8000, True),
            Segment(960, 1080, 8000, False),
            Segment(1080, 1320, 1000, False),
        ],
    )
    return assign_daily_plan(plan, workday.id, range(5), 10)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def solis_api_id() -> str:
    """A fresh API ID per test."""
    return f"1300386381{uuid.uuid4().hex[:8]}"


class SolisRoute:
    """Where the integration's SolisCloud clients go in a test: a fake server, on fake time.

    It stands in for ``SolisCloudClient`` and ``SolisAccount`` where ``plant/client.py`` builds
    them (the boundary): back-offs, read-back waits and rate waits cost no real time.
    """

    def __init__(self, fake_time: FakeTime) -> None:
        self.fake_time = fake_time
        self.base_url = ""
        self.options: dict[str, Any] = {}

    def client(
        self, session: ClientSession, api_id: str, api_secret: str, **settings: Any
    ) -> SolisCloudClient:
        return SolisCloudClient(
            session,
            api_id,
            api_secret,
            **{
                **settings,
                "base_url": self.base_url,
                "clock": self.fake_time.now,
                "monotonic": self.fake_time.monotonic,
                "sleep": self.fake_time.sleep,
                **self.options,
            },
        )

    def account(self) -> SolisAccount:
        time = self.fake_time
        return SolisAccount(
            limiter=RequestLimiter(monotonic=time.monotonic, sleep=time.limiter_sleep)
        )


@pytest.fixture
def solis_route(monkeypatch: pytest.MonkeyPatch, fake_time: FakeTime) -> SolisRoute:
    route = SolisRoute(fake_time)
    monkeypatch.setattr(plant_client, "SolisCloudClient", route.client)
    monkeypatch.setattr(plant_client, "SolisAccount", route.account)
    return route


@pytest.fixture
def solis_time(solis_route: SolisRoute) -> FakeTime:
    """Every plant client on fake time: back-offs, read-back waits and rate waits cost nothing."""
    return solis_route.fake_time


@pytest.fixture
async def solis_server(
    socket_enabled: None, solis_api_id: str, solis_time: FakeTime, solis_route: SolisRoute
) -> AsyncIterator[FakeSolisCloud]:
    """The fake SolisCloud with the test account and its inverter (5035=10000, 43110=0)."""
    server = FakeSolisCloud(
        {solis_api_id: API_SECRET}, clock=solis_time.now, monotonic=solis_time.monotonic
    )
    server.add_inverter(SERIAL, solis_api_id)
    solis_route.base_url = await server.start()
    yield server
    await server.close()


@pytest.fixture
def plant_events(hass: HomeAssistant) -> list[Event]:
    """Every voltwise_plant_applied event."""
    events: list[Event] = []
    hass.bus.async_listen(EVENT_PLANT_APPLIED, events.append)
    return events


def controls(server: FakeSolisCloud) -> tuple[str, str]:
    """The inverter's peak-shaving limit and grid-charging switch as the server holds them."""
    values = server.inverters[SERIAL].controls
    return values[5035], values[43110]
