"""Diagnostics for a home and for each of its devices, with secrets redacted.

The home's diagnostics show everything; an appliance's or a plant's device shows its own
configuration (without credentials), state and log, which is what support needs for one device.
"""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceEntry

from .appliances.coordinator import ApplianceCoordinator
from .autopilot.diagnostics import autopilot_diagnostics
from .billing.diagnostics import billing_diagnostics
from .engine.plant.codec import plan_to_dict
from .entity import appliance_device_identifier, plant_device_identifier
from .plant.coordinator import PlantCoordinator
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


def _subentry(subentry: ConfigSubentry) -> dict[str, Any]:
    return {
        "type": subentry.subentry_type,
        "title": subentry.title,
        "data": async_redact_data(dict(subentry.data), TO_REDACT),
    }


def _appliance(appliance_id: str, coordinator: ApplianceCoordinator) -> dict[str, Any]:
    """An appliance's state, meter, dropped readings and what its backend reports."""
    return {
        "id": appliance_id,
        "name": coordinator.appliance.name,
        "backend": coordinator.appliance.backend.value,
        "category": coordinator.appliance.category.value,
        "online": coordinator.online,
        "is_on": coordinator.is_on,
        "eco": coordinator.eco,
        "power_w": coordinator.power_w if coordinator.power_known else None,
        "meter": coordinator.meter.as_dict(),
        "rejected_readings": dict(coordinator.rejected_readings),
        "device": async_redact_data(coordinator.backend.diagnostics(), TO_REDACT),
    }


def _plant(coordinator: PlantCoordinator) -> dict[str, Any]:
    """A plant's configuration without credentials, its plan, state and control log."""
    plant = coordinator.plant
    snapshot = coordinator.data
    budget = coordinator.client.budget_status()
    return {
        "id": plant.plant_id,
        "name": plant.name,
        "serial": plant.serial,
        "time_zone": plant.time_zone,
        "bounds": {"min_w": plant.bounds.min_w, "max_w": plant.bounds.max_w},
        "controls": {
            "peak_shaving_cid": plant.controls.peak_shaving_cid,
            "grid_charging_method": plant.controls.grid_charging_method.value,
            "grid_charging_cid": plant.controls.grid_charging_cid,
            "storage_mode_cid": plant.controls.storage_mode_cid,
        },
        "plan": plan_to_dict(coordinator.plan),
        "now": snapshot.resolution.as_dict(),
        "applied": coordinator.applied.as_dict(),
        "problem": snapshot.problem,
        "retry_at": snapshot.retry_at.isoformat() if snapshot.retry_at else None,
        "budget": {"day": budget.day.isoformat(), "used": budget.used, "budget": budget.budget},
        "control_log": [record.as_dict() for record in coordinator.log][-RECENT_ACTIONS:],
    }


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
            "subentries": [_subentry(subentry) for subentry in entry.subentries.values()],
        },
        "tariff": runtime.home.tariff.as_dict(),
        "carbon_region": runtime.home.region,
        "appliances": [
            _appliance(appliance_id, coordinator)
            for appliance_id, coordinator in runtime.appliances.appliances.items()
        ],
        "recent_actions": [record.as_dict() for record in runtime.appliances.pipeline.actions][
            -RECENT_ACTIONS:
        ],
        "schedules": runtime.schedules.store.data,
        "plants": [_plant(coordinator) for coordinator in runtime.plants.plants.values()],
        "autopilot": autopilot_diagnostics(runtime.autopilot),
        "insight": runtime.insight.diagnostics() if runtime.insight is not None else None,
        "billing": billing_diagnostics(
            entry.options, runtime.billing, runtime.prepaid, runtime.spike
        ),
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


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: VoltWiseConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """One appliance or plant (its configuration without secrets, state and log), or the home."""
    runtime = entry.runtime_data
    for appliance_id, coordinator in runtime.appliances.appliances.items():
        if appliance_device_identifier(entry.entry_id, appliance_id) in device.identifiers:
            return {
                "appliance": {
                    **_appliance(appliance_id, coordinator),
                    "config": _subentry(entry.subentries[appliance_id])["data"],
                },
                "recent_actions": [
                    record.as_dict()
                    for record in runtime.appliances.pipeline.actions
                    if record.appliance_id == appliance_id
                ][-RECENT_ACTIONS:],
            }
    for plant_id, plant in runtime.plants.plants.items():
        if plant_device_identifier(entry.entry_id, plant_id) in device.identifiers:
            return {
                "plant": {
                    **_plant(plant),
                    "config": _subentry(entry.subentries[plant_id])["data"],
                }
            }
    return await async_get_config_entry_diagnostics(hass, entry)
