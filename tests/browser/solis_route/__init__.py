"""Test support, copied into the browser tests' config dir: SolisCloud is the fake server.

The tests' real Home Assistant has no internet and VoltWise has no test hook, so this component
patches the boundary a test in-process would patch: the SolisCloud client class the plants build
their clients from. It then reloads the VoltWise homes once Home Assistant has started, because a
plant may have been set up before this component patched the class.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

DOMAIN = "voltwise_solis_route"
CONFIG_SCHEMA = vol.Schema(
    {DOMAIN: vol.Schema({vol.Required("url"): cv.url})}, extra=vol.ALLOW_EXTRA
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Route every SolisCloud client to the fake server's URL."""
    from custom_components.voltwise.plant import client  # noqa: PLC0415

    url: str = config[DOMAIN]["url"]
    real = client.SolisCloudClient

    def routed(*args: Any, **kwargs: Any) -> Any:
        return real(*args, **{**kwargs, "base_url": url})

    client.SolisCloudClient = routed  # type: ignore[assignment,misc]

    async def reload_homes(_: Event) -> None:
        for entry in hass.config_entries.async_entries("voltwise"):
            await hass.config_entries.async_reload(entry.entry_id)

    hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STARTED, reload_homes)
    return True
