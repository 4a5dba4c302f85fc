"""Serve VoltWise's Lovelace cards and load them in every browser that opens Home Assistant.

The cards are one ES module built from ``frontend/`` and committed under ``www/``, so an
installation from HACS needs no build. The module is added to the frontend's extra module URLs
with a version query (the integration's version and the bundle's own hash): a browser that cached
an older bundle asks for the new URL after an update instead of running stale code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration

from .const import DOMAIN, LOGGER

BUNDLE_DIR = Path(__file__).parent / "www"
BUNDLE_NAME = "voltwise-cards.js"
STATIC_URL = f"/{DOMAIN}_static"


def _bundle_hash(bundle: Path) -> str:
    """The first 12 hex digits of the bundle's SHA-256 (read in the executor: file I/O)."""
    return hashlib.sha256(bundle.read_bytes()).hexdigest()[:12]


async def async_register_cards(hass: HomeAssistant) -> None:
    """Serve the card bundle and add it as a frontend module; once per hass, from async_setup.

    A Home Assistant without the web frontend (a headless install, most tests) has no browser to
    load cards into, so nothing is registered there.
    """
    if "frontend" not in hass.config.components:
        LOGGER.debug("The frontend is not loaded; VoltWise's cards are not served")
        return
    bundle = BUNDLE_DIR / BUNDLE_NAME
    try:
        digest = await hass.async_add_executor_job(_bundle_hash, bundle)
    except OSError as err:
        LOGGER.error(
            "VoltWise's card bundle %s cannot be read (%s); the cards are missing", bundle, err
        )
        return
    integration = await async_get_integration(hass, DOMAIN)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(STATIC_URL, str(BUNDLE_DIR), cache_headers=True)]
    )
    add_extra_js_url(hass, f"{STATIC_URL}/{BUNDLE_NAME}?v={integration.version}-{digest}")
