"""Diagnostics for a home: its configuration and current state, with secrets redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .runtime import VoltWiseConfigEntry

# Credentials that appliances and plants keep in their subentries, and anything like them.
TO_REDACT = {
    "api_id",
    "api_key",
    "api_secret",
    "local_key",
    "password",
    "secret",
    "token",
    "username",
}


# The newest appliance actions shown (the store keeps more).
RECENT_ACTIONS = 50


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: VoltWiseConfigEntry
) -> dict[str, Any]:
    """Return what support needs to understand a home, never a secret."""
    runtime = entry.runtime_data
    state = runtime.coordinator.data
    return {
        "entry": {
            "title": entry.title,
            "version": f"{entry.version}.{entry.minor_version}",
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": async_redact_data(dict(entry.options), TO_REDACT),
            "subentries": [
                {
                    "type": subentry.subentry_type,
                    "title": subentry.title,
                    "data": async_redact_data(dict(subentry.data), TO_REDACT),
                }
                for subentry in entry.subentries.values()
            ],
        },
        "tariff": runtime.home.tariff.as_dict(),
        "carbon_region": runtime.home.region,
        "appliances": [
            {
                "id": appliance_id,
                "name": coordinator.appliance.name,
                "backend": coordinator.appliance.backend.value,
                "category": coordinator.appliance.category.value,
                "online": coordinator.online,
                "is_on": coordinator.is_on,
                "eco": coordinator.eco,
                "power_w": coordinator.power_w,
                "meter": coordinator.meter.as_dict(),
                "device": async_redact_data(coordinator.backend.diagnostics(), TO_REDACT),
            }
            for appliance_id, coordinator in runtime.appliances.appliances.items()
        ],
        "recent_actions": [record.as_dict() for record in runtime.appliances.pipeline.actions][
            -RECENT_ACTIONS:
        ],
        "schedules": runtime.schedules.store.data,
        "state": {
            "at": state.at.isoformat(),
            "slot": state.slot.label(),
            "slot_kind": state.slot.kind.value,
            "rate": state.rate,
            "next_slot_change": state.next_slot_change.isoformat()
            if state.next_slot_change
            else None,
        },
    }
