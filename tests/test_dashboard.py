"""The cards' bundle: served by the integration and loaded by every browser that opens the UI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voltwise import dashboard
from custom_components.voltwise.const import DOMAIN

MANIFEST = json.loads((Path(dashboard.__file__).parent / "manifest.json").read_text())
BUNDLE = dashboard.BUNDLE_DIR / dashboard.BUNDLE_NAME


def _module_urls(hass: HomeAssistant) -> list[str]:
    return [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if "voltwise" in url]


async def test_bundle_is_served_and_loaded_as_a_module_with_a_version_query(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_config_entry: MockConfigEntry,
) -> None:
    assert await async_setup_component(hass, "frontend", {})
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    digest = hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:12]
    url = f"/voltwise_static/voltwise-cards.js?v={MANIFEST['version']}-{digest}"
    assert _module_urls(hass) == [url]

    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    assert "javascript" in response.headers["Content-Type"]
    body = await response.text()
    assert body == BUNDLE.read_text()
    for card in (
        "voltwise-timeline-card",
        "voltwise-plant-card",
        "voltwise-schedules-card",
        "voltwise-autopilot-card",
        "voltwise-insight-card",
    ):
        assert card in body


async def test_registered_once_per_hass_not_per_home(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Reloading a home (every reconfigure does) must not add the module again."""
    assert await async_setup_component(hass, "frontend", {})
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len(_module_urls(hass)) == 1


async def test_without_the_frontend_nothing_is_registered(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    assert "frontend" not in hass.config.components
    assert DOMAIN in hass.config.components
    assert DATA_EXTRA_MODULE_URL not in hass.data


async def test_a_missing_bundle_is_logged_and_the_integration_still_loads(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    assert await async_setup_component(hass, "frontend", {})
    with patch.object(dashboard, "BUNDLE_DIR", tmp_path):
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert _module_urls(hass) == []
    assert "card bundle" in caplog.text
