"""The insight service: acknowledging an anomaly. The registrar (``services.py``) finds the home."""

from __future__ import annotations

import voluptuous as vol
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util.json import JsonValueType

from ..errors import invalid
from .manager import InsightManager

ATTR_ANOMALY_ID = "anomaly_id"

ACKNOWLEDGE_ANOMALY_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_ANOMALY_ID): cv.string,
    }
)


async def async_acknowledge_anomaly(manager: InsightManager, call: ServiceCall) -> ServiceResponse:
    """Acknowledge one open anomaly, or every open one when no id is given."""
    anomaly_id: str | None = call.data.get(ATTR_ANOMALY_ID)
    acknowledged = await manager.async_acknowledge(anomaly_id)
    if anomaly_id is not None and not acknowledged:
        raise invalid("anomaly_not_found", anomaly_id=anomaly_id)
    return {"acknowledged": list[JsonValueType](acknowledged)}
