"""Sensors of an appliance kept here: "Runtime today" (hours on) and "Cycles today" (starts).

Both restart at the home's local midnight (the manager's midnight tick pushes the new day; the
value is computed for the instant it is shown, so it never shows yesterday's) and survive a
restart through the appliance store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfTime
from homeassistant.util import dt as dt_util

from ..engine.metering import start_of_local_day
from ..engine.runtime_today import DayRuntime, runtime_hours, starts_today
from ..entity import VoltWiseApplianceEntity
from .coordinator import ApplianceCoordinator


@dataclass(frozen=True, kw_only=True)
class RuntimeSensorDescription(SensorEntityDescription):
    """A daily figure of the appliance's runs."""

    value_fn: Callable[[DayRuntime, datetime, ApplianceCoordinator], float | int]


RUNTIME_SENSORS: tuple[RuntimeSensorDescription, ...] = (
    RuntimeSensorDescription(
        key="runtime_today",
        translation_key="runtime_today",
        device_class=SensorDeviceClass.DURATION,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=2,
        value_fn=lambda runtime, now, coordinator: round(
            runtime_hours(runtime, now, coordinator.home.time_zone), 4
        ),
    ),
    RuntimeSensorDescription(
        key="cycles_today",
        translation_key="cycles_today",
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda runtime, now, coordinator: starts_today(
            runtime, now, coordinator.home.time_zone
        ),
    ),
)


def runtime_sensors(coordinator: ApplianceCoordinator) -> Iterable[ApplianceRuntimeSensor]:
    """The runtime sensors of one appliance (every backend has them)."""
    return (ApplianceRuntimeSensor(coordinator, description) for description in RUNTIME_SENSORS)


class ApplianceRuntimeSensor(VoltWiseApplianceEntity, SensorEntity):
    """Hours on, or starts, since the home's local midnight."""

    entity_description: RuntimeSensorDescription

    @property
    def native_value(self) -> float | int:
        """Today's figure as of now."""
        return self.entity_description.value_fn(
            self.coordinator.data.runtime, dt_util.utcnow(), self.coordinator
        )

    @property
    def last_reset(self) -> datetime:
        """Both figures restart at the home's local midnight."""
        return start_of_local_day(dt_util.utcnow(), self.coordinator.home.time_zone)
