"""Binary sensors of a VoltWise home: peak now, clean-energy window, best time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .engine.home_state import HomeState
from .entity import VoltWiseHomeEntity
from .runtime import VoltWiseConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HomeBinarySensorDescription(BinarySensorEntityDescription):
    """A home binary sensor: whether it is on, from the home's state."""

    is_on_fn: Callable[[HomeState], bool]


HOME_BINARY_SENSORS: tuple[HomeBinarySensorDescription, ...] = (
    HomeBinarySensorDescription(
        key="peak",
        translation_key="peak",
        is_on_fn=lambda state: state.peak,
    ),
    HomeBinarySensorDescription(
        key="clean_energy_window",
        translation_key="clean_energy_window",
        is_on_fn=lambda state: state.clean,
    ),
    HomeBinarySensorDescription(
        key="best_time",
        translation_key="best_time",
        is_on_fn=lambda state: state.best_time,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's binary sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        HomeBinarySensor(coordinator, description) for description in HOME_BINARY_SENSORS
    )


class HomeBinarySensor(VoltWiseHomeEntity, BinarySensorEntity):
    """On or off as a function of the home's snapshot."""

    entity_description: HomeBinarySensorDescription

    @property
    def is_on(self) -> bool:
        """Whether the condition holds now."""
        return self.entity_description.is_on_fn(self.coordinator.data)
