"""The home's "Anomaly" binary sensor: on while an anomaly waits to be acknowledged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.helpers.entity import Entity

from ..entity import VoltWiseHomeFeatureEntity
from .coordinator import InsightCoordinator
from .manager import InsightManager

ANOMALY = BinarySensorEntityDescription(
    key="anomaly", translation_key="anomaly", device_class=BinarySensorDeviceClass.PROBLEM
)


def insight_binary_sensors(manager: InsightManager | None) -> Iterator[Entity]:
    """The home's anomaly sensor (none without a consumption source)."""
    if manager is not None:
        yield AnomalySensor(manager.coordinator, ANOMALY)


class AnomalySensor(VoltWiseHomeFeatureEntity[InsightCoordinator], BinarySensorEntity):
    """On while any anomaly is open; the open ones are its attributes."""

    @property
    def is_on(self) -> bool:
        """Whether something unusual waits to be acknowledged."""
        return bool(self.coordinator.anomalies.open)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The open anomalies (kind, severity, value, expected, deviation, hours)."""
        return {"anomalies": self.coordinator.anomalies.open}
