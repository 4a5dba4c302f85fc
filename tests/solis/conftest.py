"""A fake SolisCloud on a loopback port, an aiohttp session, and time the tests control."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from custom_components.voltwise.plant.soliscloud.client import (
    RequestLimiter,
    SolisAccount,
    SolisCloudClient,
)

from .fake_server import FakeSolisCloud

API_SECRET = "6680182547"  # not a real secret
SERIAL = "1031D2222110085"


class FakeTime:
    """Real time plus whatever the code under test slept: back-offs cost no real time.

    ``sleep`` records the client's back-off and read-back waits; ``limiter_sleep`` is the rate
    limiter's, kept apart so tests can assert the back-off sequence exactly.
    """

    def __init__(self) -> None:
        self.offset = 0.0
        self.sleeps: list[float] = []
        self.limiter_sleeps: list[float] = []

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds
        await asyncio.sleep(0)

    async def limiter_sleep(self, seconds: float) -> None:
        self.limiter_sleeps.append(seconds)
        self.offset += seconds
        await asyncio.sleep(0)


@pytest.fixture
def api_id() -> str:
    """A fresh API ID per test, so the process-wide account state never leaks between tests."""
    return f"13003863816{uuid.uuid4().hex[:8]}"


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


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
