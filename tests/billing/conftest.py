"""Bill tests run a real recorder on SQLite: its database is chosen before HA starts."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_db_url: str, enable_custom_integrations: None) -> None:
    """The recorder's database must be chosen before Home Assistant starts."""


@pytest.fixture(autouse=True)
def quiet_sql() -> None:
    """A year of imported statistics is tens of thousands of statements: don't log each one."""
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
