"""An appliance's Runtime today and Cycles today, and a node's own status as diagnostics.

Runtime (hours on) and cycles (starts) restart at the home's local midnight (the manager's
midnight tick pushes the new day; the value is computed for the instant it is shown, so it never
shows yesterday's) and survive a restart through the appliance store. A node that reports its
status (an MQTT node's ``device_status``) also gets its firmware version (shown in the device's
info too), Wi-Fi signal (with the quality of its latest reading) and uptime.
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
from homeassistant.const import (
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfTime,
)
from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util

from ..engine.runtime_today import DayRuntime, runtime_hours, starts_today
from ..entity import VoltWiseApplianceEntity, daily_last_reset
from .coordinator import ApplianceCoordinator, ApplianceSnapshot
from .model import Capability


@dataclass(frozen=True, kw_only=True)
class RuntimeSensorDescription(SensorEntityDescription):
    """A figure of the appliance (its runs today) or of its device (``capability`` set)."""

    value_fn: Callable[
        [ApplianceSnapshot, datetime, ApplianceCoordinator], float | int | str | None
    ]
    capability: Capability | None = None
    daily: bool = True


def _runtime(snapshot: ApplianceSnapshot) -> DayRuntime:
    return snapshot.runtime


RUNTIME_SENSORS: tuple[RuntimeSensorDescription, ...] = (
    RuntimeSensorDescription(
        key="runtime_today",
        translation_key="runtime_today",
        device_class=SensorDeviceClass.DURATION,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=2,
        value_fn=lambda snapshot, now, coordinator: round(
            runtime_hours(_runtime(snapshot), now, coordinator.home.time_zone), 4
        ),
    ),
    RuntimeSensorDescription(
        key="cycles_today",
        translation_key="cycles_today",
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda snapshot, now, coordinator: starts_today(
            _runtime(snapshot), now, coordinator.home.time_zone
        ),
    ),
    RuntimeSensorDescription(
        key="firmware",
        translation_key="firmware",
        entity_category=EntityCategory.DIAGNOSTIC,
        capability=Capability.DEVICE_STATUS,
        daily=False,
        value_fn=lambda snapshot, _now, _coordinator: snapshot.firmware,
    ),
    RuntimeSensorDescription(
        key="rssi",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        capability=Capability.DEVICE_STATUS,
        daily=False,
        value_fn=lambda snapshot, _now, _coordinator: snapshot.rssi_dbm,
    ),
    RuntimeSensorDescription(
        key="uptime",
        translation_key="uptime",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.HOURS,
        entity_category=EntityCategory.DIAGNOSTIC,
        capability=Capability.DEVICE_STATUS,
        daily=False,
        value_fn=lambda snapshot, _now, _coordinator: snapshot.uptime_s,
    ),
)


def runtime_sensors(coordinator: ApplianceCoordinator) -> Iterable[ApplianceRuntimeSensor]:
    """Runtime and cycles (every appliance), and a node's status where its backend reports it."""
    capabilities = coordinator.backend.capabilities
    return (
        ApplianceRuntimeSensor(coordinator, description)
        for description in RUNTIME_SENSORS
        if description.capability is None or description.capability in capabilities
    )


class ApplianceRuntimeSensor(VoltWiseApplianceEntity, SensorEntity):
    """Hours on, or starts, since the home's local midnight."""

    entity_description: RuntimeSensorDescription

    @property
    def native_value(self) -> float | int | str | None:
        """The figure as of now."""
        return self.entity_description.value_fn(
            self.coordinator.data, dt_util.utcnow(), self.coordinator
        )

    @property
    def last_reset(self) -> datetime | None:
        """Daily figures restart at the home's local midnight."""
        return daily_last_reset(self.entity_description.daily, self.coordinator.home.time_zone)

    @property
    def extra_state_attributes(self) -> dict[str, int] | None:
        """The signal's quality (0-100) as the node rated its latest reading."""
        if self.entity_description.key != "rssi" or self.coordinator.data.quality is None:
            return None
        return {"quality": self.coordinator.data.quality}

    @callback
    def _handle_coordinator_update(self) -> None:
        """The firmware version also shows in the device's info (``sw_version``)."""
        firmware = self.coordinator.data.firmware
        device = self.device_entry
        if (
            self.entity_description.key == "firmware"
            and firmware is not None
            and device is not None
            and device.sw_version != firmware
        ):
            dr.async_get(self.hass).async_update_device(device.id, sw_version=firmware)
        super()._handle_coordinator_update()
