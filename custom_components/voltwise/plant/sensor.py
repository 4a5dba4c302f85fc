"""A plant's sensors: what it is told to do now, why, and how its last apply went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import EntityCategory, UnitOfPower
from homeassistant.helpers.typing import StateType

from ..engine.plant.model import Source
from ..entity import VoltWisePlantEntity
from .apply import ApplyResult
from .coordinator import PlantCoordinator, PlantSnapshot


def plant_sensors(plant: PlantCoordinator) -> list[PlantSensor]:
    """Every sensor of one plant."""
    return [PlantSensor(plant, description) for description in PLANT_SENSORS]


@dataclass(frozen=True, kw_only=True)
class PlantSensorDescription(SensorEntityDescription):
    """A plant sensor: its value and attributes from the plant's snapshot."""

    value_fn: Callable[[PlantSnapshot], StateType | datetime]
    attributes_fn: Callable[[PlantSnapshot], dict[str, Any]] | None = None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _schedule_attributes(snapshot: PlantSnapshot) -> dict[str, Any]:
    return {"collection": snapshot.plan.active_collection.name}


def _source_attributes(snapshot: PlantSnapshot) -> dict[str, Any]:
    override = snapshot.resolution.override
    return {
        "override_mode": override.mode.value if override else None,
        "override_until": _iso(override.ends_at) if override else None,
        "override_peak_shaving_w": override.peak_shaving_w if override else None,
        "override_grid_charging_allowed": override.grid_charging_allowed if override else None,
    }


def _result_attributes(snapshot: PlantSnapshot) -> dict[str, Any]:
    record = snapshot.last_record
    if record is None:
        return {}
    return {
        "attempted_at": record.attempted_at.isoformat(),
        "peak_shaving_w": record.peak_shaving_w,
        "grid_charging_allowed": record.grid_charging_allowed,
        "source": record.source,
        "trigger": record.trigger,
        "requests": record.requests,
        "writes": record.writes,
        "http_status": record.http_status,
        "code": record.code,
        "error": record.error,
        "retry_at": _iso(snapshot.retry_at),
    }


PLANT_SENSORS: tuple[PlantSensorDescription, ...] = (
    PlantSensorDescription(
        key="active_schedule",
        translation_key="active_schedule",
        value_fn=lambda snapshot: snapshot.resolution.daily_plan_name,
        attributes_fn=_schedule_attributes,
    ),
    PlantSensorDescription(
        key="active_segment",
        translation_key="active_segment",
        value_fn=lambda snapshot: (
            snapshot.resolution.segment.label() if snapshot.resolution.segment else None
        ),
    ),
    PlantSensorDescription(
        key="control_source",
        translation_key="control_source",
        device_class=SensorDeviceClass.ENUM,
        options=[source.value for source in Source],
        value_fn=lambda snapshot: snapshot.resolution.source.value,
        attributes_fn=_source_attributes,
    ),
    PlantSensorDescription(
        key="desired_peak_shaving",
        translation_key="desired_peak_shaving",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda snapshot: snapshot.resolution.peak_shaving_w,
    ),
    PlantSensorDescription(
        key="applied_peak_shaving",
        translation_key="applied_peak_shaving",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda snapshot: snapshot.applied.peak_shaving_w,
        attributes_fn=lambda snapshot: {"applied_at": _iso(snapshot.applied.at)},
    ),
    PlantSensorDescription(
        key="next_change",
        translation_key="next_change",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda snapshot: snapshot.resolution.next_change,
    ),
    PlantSensorDescription(
        key="last_apply_result",
        translation_key="last_apply_result",
        device_class=SensorDeviceClass.ENUM,
        options=[result.value for result in ApplyResult],
        value_fn=lambda snapshot: (
            snapshot.last_record.result.value if snapshot.last_record else None
        ),
        attributes_fn=_result_attributes,
    ),
    PlantSensorDescription(
        key="api_calls_today",
        translation_key="api_calls_today",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda snapshot: snapshot.api_calls_today,
        attributes_fn=lambda snapshot: {"daily_budget": snapshot.daily_budget},
    ),
)


class PlantSensor(VoltWisePlantEntity, SensorEntity):
    """A value of a plant's "Today" view."""

    entity_description: PlantSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The value for the plant's current snapshot."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details (never a credential)."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data)
