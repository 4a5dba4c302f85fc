"""Fixtures for end-to-end tests: a real hass process per test, always cleaned up."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from hass_harness import (
    HassProcess,
    free_port,
    install_integration,
    write_config,
)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """Remember each phase's outcome so fixtures can show hass's log when a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def hass_process(
    request: pytest.FixtureRequest, tmp_path: Path, socket_enabled: None
) -> Iterator[HassProcess]:
    """A configured, not yet started hass process with VoltWise installed (copied)."""
    config_dir = tmp_path / "config"
    port = free_port()
    write_config(config_dir, port)
    install_integration(config_dir, link=False)
    process = HassProcess(config_dir, port)
    try:
        yield process
    finally:
        process.kill()
        call_report = getattr(request.node, "report_call", None)
        if call_report is not None and call_report.failed:
            print(f"\n--- hass log ({process.log_path}) ---\n{process.log_tail(120)}")
