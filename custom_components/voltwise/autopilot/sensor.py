"""The home's Autopilot sensor (what it does, holds and leaves alone) and grid status sensor."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.helpers.entity import Entity

from ..engine.autopilot import AutopilotStatus, GridStatus
from ..entity import VoltWiseAutopilotEntity
from .controller import Autopilot

AUTOPILOT_STATUS = SensorEntityDescription(
    key="autopilot_status",
    translation_key="autopilot_status",
    device_class=SensorDeviceClass.ENUM,
    options=[status.value for status in AutopilotStatus],
)
GRID_STATUS = SensorEntityDescription(
    key="grid_status",
    translation_key="grid_status",
    device_class=SensorDeviceClass.ENUM,
    options=[status.value for status in GridStatus],
)


class AutopilotStatusSensor(VoltWiseAutopilotEntity, SensorEntity):
    """Off, watching, acting or grid_protection, with what it holds and leaves alone."""

    @property
    def native_value(self) -> str:
        """The home's autopilot status."""
        return self.coordinator.data.status.value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Held appliances (why, until, action, resume) and those overridden or protected."""
        data = self.coordinator.data
        names = self.coordinator.appliance_names()
        held, other = [], []
        for status in data.appliances.values():
            if status.reason is None:
                continue
            item: dict[str, Any] = {
                "appliance": names.get(status.appliance_id, status.appliance_id),
                "appliance_id": status.appliance_id,
                "reason": status.reason.value,
                "until": None if status.until is None else status.until.isoformat(),
            }
            if status.held:
                item["action"] = None if status.action is None else status.action.value
                item["resume_at"] = (
                    None if status.resume_at is None else status.resume_at.isoformat()
                )
                held.append(item)
            else:
                other.append(item)
        return {
            "held": held,
            "left_alone": other,
            "next_check": None if data.next_check is None else data.next_check.isoformat(),
        }


class GridStatusSensor(VoltWiseAutopilotEntity, SensorEntity):
    """Normal, warning or critical, with the grid events in force."""

    @property
    def native_value(self) -> str:
        """The worst severity in force."""
        return self.coordinator.data.grid.value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The events in force."""
        return {"events": [notice.as_dict() for notice in self.coordinator.data.grid_events]}


def home_sensors(autopilot: Autopilot) -> list[Entity]:
    """The Autopilot and grid status sensors."""
    return [
        AutopilotStatusSensor(autopilot, AUTOPILOT_STATUS),
        GridStatusSensor(autopilot, GRID_STATUS),
    ]
