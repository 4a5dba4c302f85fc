"""Sensors of a VoltWise home."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .engine.home_state import HomeState
from .entity import VoltWiseHomeEntity
from .home import HomeConfig
from .runtime import VoltWiseConfigEntry

# Entities only read the coordinator's snapshot.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HomeSensorDescription(SensorEntityDescription):
    """A home sensor: how to read its value from the snapshot, and its unit from the config."""

    value_fn: Callable[[HomeState], StateType | datetime]
    unit_fn: Callable[[HomeConfig], str | None] = lambda _: None


HOME_SENSORS: tuple[HomeSensorDescription, ...] = (
    HomeSensorDescription(
        key="tariff_rate",
        translation_key="tariff_rate",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda state: state.rate,
        unit_fn=lambda home: f"{home.currency}/{UnitOfEnergy.KILO_WATT_HOUR}",
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(HomeSensor(coordinator, description) for description in HOME_SENSORS)


class HomeSensor(VoltWiseHomeEntity, SensorEntity):
    """A sensor whose value is a function of the home's snapshot."""

    entity_description: HomeSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The value for the current snapshot."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Units that depend on the home (its currency)."""
        return self.entity_description.unit_fn(self.coordinator.home)
