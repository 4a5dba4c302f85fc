"""Sensors of a VoltWise home."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .const import CARBON_UNIT
from .coordinator import HomeCoordinator
from .engine.home_state import HomeState
from .engine.tariff import SLOT_KINDS
from .entity import VoltWiseHomeEntity
from .runtime import VoltWiseConfigEntry

# Entities only read the coordinator's snapshot.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HomeSensorDescription(SensorEntityDescription):
    """A home sensor: its value, unit and attributes as functions of the home's state."""

    value_fn: Callable[[HomeState], StateType | datetime]
    unit_fn: Callable[[HomeCoordinator], str | None] | None = None
    attributes_fn: Callable[[HomeCoordinator, HomeState], dict[str, Any]] | None = None


def _carbon_attributes(coordinator: HomeCoordinator, state: HomeState) -> dict[str, Any]:
    live = coordinator.live_carbon
    return {
        "daily_mean": round(float(state.horizon.day_mean_intensities[0]), 1),
        "source": live.entity_id if live is not None else coordinator.home.region,
        "profile": live.profile_source if live is not None else "region",
    }


def _penalty_attributes(_coordinator: HomeCoordinator, state: HomeState) -> dict[str, Any]:
    weights = state.settings.weights
    return {
        "strategy": state.settings.strategy.value,
        "cost_weight": weights.cost,
        "carbon_weight": weights.carbon,
        "threshold": state.settings.threshold,
        "delay_recommended": state.delay_recommended,
        # For charts (ApexCharts' data_generator); excluded from the recorder.
        "timeline": [
            {
                "start": point.start.isoformat(),
                "penalty": round(point.penalty, 4),
                "rate": point.rate,
                "intensity": round(point.intensity, 1),
            }
            for point in state.timeline()
        ],
    }


def _best_window_attributes(_coordinator: HomeCoordinator, state: HomeState) -> dict[str, Any]:
    window = state.best_window
    return {
        "end": window.end.isoformat() if window else None,
        "duration_minutes": state.settings.best_window_minutes,
    }


HOME_SENSORS: tuple[HomeSensorDescription, ...] = (
    HomeSensorDescription(
        key="tariff_rate",
        translation_key="tariff_rate",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda state: state.rate,
        unit_fn=lambda coordinator: f"{coordinator.home.currency}/{UnitOfEnergy.KILO_WATT_HOUR}",
    ),
    HomeSensorDescription(
        key="tariff_slot",
        translation_key="tariff_slot",
        device_class=SensorDeviceClass.ENUM,
        options=list(SLOT_KINDS),
        value_fn=lambda state: state.slot.kind.value,
    ),
    HomeSensorDescription(
        key="next_slot_change",
        translation_key="next_slot_change",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda state: state.next_slot_change,
    ),
    HomeSensorDescription(
        key="carbon_intensity",
        translation_key="carbon_intensity",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=CARBON_UNIT,
        suggested_display_precision=0,
        value_fn=lambda state: state.intensity,
        attributes_fn=_carbon_attributes,
    ),
    HomeSensorDescription(
        key="penalty_score",
        translation_key="penalty_score",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda state: round(state.penalty, 4),
        attributes_fn=_penalty_attributes,
    ),
    HomeSensorDescription(
        key="best_window_start",
        translation_key="best_window_start",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda state: state.best_window.start if state.best_window else None,
        attributes_fn=_best_window_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home's sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        (PenaltySensor if description.key == "penalty_score" else HomeSensor)(
            coordinator, description
        )
        for description in HOME_SENSORS
    )


class HomeSensor(VoltWiseHomeEntity, SensorEntity):
    """A sensor whose value is a function of the home's snapshot."""

    entity_description: HomeSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The value for the current snapshot."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Units that depend on the home (its currency), else the description's."""
        if self.entity_description.unit_fn is not None:
            return self.entity_description.unit_fn(self.coordinator)
        return super().native_unit_of_measurement

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details for dashboards and templates."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator, self.coordinator.data)


class PenaltySensor(HomeSensor):
    """The penalty score; its chart timeline stays out of the recorder's database."""

    _unrecorded_attributes = frozenset({"timeline"})
