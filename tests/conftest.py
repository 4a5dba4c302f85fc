"""Settings shared by every test, and the fixtures of homes and plants in Home Assistant."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# A home (its config entry and subentries) and a plant's fake SolisCloud, for every directory.
pytest_plugins = ["tests.homes", "tests.plant.plants"]

# CI runs more examples than a quick local run; both are deterministic per seed.
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let a test Home Assistant load custom_components/voltwise; tests without one stay bare.

    A module that must prepare something before Home Assistant starts (the recorder's
    database) overrides this fixture by name.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")
