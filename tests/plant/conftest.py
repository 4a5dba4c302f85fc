"""SolisCloud clients in plant tests: the fake server on a loopback port, a session, fake time."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from custom_components.voltwise.plant.soliscloud.client import (
    RequestLimiter,
    SolisAccount,
    SolisCloudClient,
)

from .soliscloud.fake_server import API_SECRET, SERIAL, FakeSolisCloud, FakeTime


@pytest.fixture
def api_id() -> str:
    """A fresh API ID per test."""
    return f"13003863816{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def solis_cloud(
    socket_enabled: None, api_id: str, fake_time: FakeTime
) -> AsyncIterator[FakeSolisCloud]:
    """The fake server with one account and one inverter, on fake (= real, unless slept) time."""
    server = FakeSolisCloud(
        {api_id: API_SECRET}, clock=fake_time.now, monotonic=fake_time.monotonic
    )
    server.add_inverter(SERIAL, api_id)
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def make_client(
    session: aiohttp.ClientSession,
    solis_cloud: FakeSolisCloud,
    api_id: str,
    fake_time: FakeTime,
) -> Callable[..., SolisCloudClient]:
    """Clients on fake time: back-offs, read-back delays and rate-limit waits take no real time."""

    def build(**kwargs: Any) -> SolisCloudClient:
        settings: dict[str, Any] = {
            "base_url": solis_cloud.base_url,
            "account": SolisAccount(
                limiter=RequestLimiter(monotonic=fake_time.monotonic, sleep=fake_time.limiter_sleep)
            ),
            "clock": fake_time.now,
            "monotonic": fake_time.monotonic,
            "sleep": fake_time.sleep,
        }
        settings.update(kwargs)
        secret = settings.pop("api_secret", API_SECRET)
        return SolisCloudClient(session, settings.pop("api_id", api_id), secret, **settings)

    return build
