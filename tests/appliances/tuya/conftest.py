"""A fake Tuya plug on a loopback port, always stopped after the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fake_plug import FakeTuyaPlug

DEVICE_ID = "bf1234567890abcdefgh"
LOCAL_KEY = "0123456789abcdef"


@pytest.fixture(params=["3.3", "3.4", "3.5"])
def protocol_version(request: pytest.FixtureRequest) -> str:
    """Every test runs against each protocol version the backend supports."""
    return str(request.param)


@pytest.fixture
def fake_plug(protocol_version: str, socket_enabled: None) -> Iterator[FakeTuyaPlug]:
    plug = FakeTuyaPlug(DEVICE_ID, LOCAL_KEY, protocol_version)
    plug.start()
    try:
        yield plug
    finally:
        plug.stop()
