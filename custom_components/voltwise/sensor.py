"""Sensors of a VoltWise home, its appliances and its plants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfMass,
    UnitOfPower,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .appliances.coordinator import ApplianceCoordinator
from .appliances.manager import ApplianceManager, HomeTotals
from .appliances.model import ApplianceStatus, Capability
from .appliances.sensor import runtime_sensors
from .autopilot.sensor import home_sensors
from .billing.sensor import billing_sensors, prepaid_sensors
from .const import CARBON_UNIT
from .engine.home_state import HomeState
from .engine.metering import MeterState
from .engine.tariff import SLOT_KINDS
from .entity import (
    VoltWiseApplianceEntity,
    VoltWiseHomeEntity,
    VoltWiseHomePartEntity,
    daily_last_reset,
)
from .home.coordinator import HomeCoordinator
from .insight.sensor import insight_sensors
from .loop_turn import OncePerLoopTurn
from .plant.sensor import plant_sensors
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
    """Add the home's sensors, its totals, and each appliance's sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        (PenaltySensor if description.key == "penalty_score" else HomeSensor)(
            coordinator, description
        )
        for description in HOME_SENSORS
    )
    async_add_entities(insight_sensors(entry.runtime_data.insight))
    async_add_entities(billing_sensors(entry.runtime_data.billing))
    async_add_entities(prepaid_sensors(entry.runtime_data.prepaid))
    appliances = entry.runtime_data.appliances
    async_add_entities(
        HomeTotalSensor(coordinator, description, appliances) for description in HOME_TOTALS
    )
    async_add_entities(home_sensors(entry.runtime_data.autopilot))
    for plant_id, plant in entry.runtime_data.plants.plants.items():
        async_add_entities(plant_sensors(plant), config_subentry_id=plant_id)
    for appliance_id, appliance in appliances.appliances.items():
        capabilities = appliance.backend.capabilities
        async_add_entities(
            (
                (ApplianceEnergySensor if description.key == "energy" else ApplianceSensor)(
                    appliance, description
                )
                for description in APPLIANCE_SENSORS
                if description.capability is None or description.capability in capabilities
            ),
            config_subentry_id=appliance_id,
        )
        async_add_entities(runtime_sensors(appliance), config_subentry_id=appliance_id)


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


# -- appliances -----------------------------------------------------------------------------


def _today(coordinator: ApplianceCoordinator, value: Callable[[MeterState], float]) -> float:
    """A "today" total, 0 when the meter has not been ticked since midnight."""
    meter = coordinator.data.meter
    today = dt_util.now(coordinator.home.time_zone).date()
    return round(value(meter), 4) if meter.day == today else 0.0


def _rounded(value: float | None, digits: int) -> float | None:
    """A measurement for display; None (unknown) stays unknown."""
    return None if value is None else round(value, digits)


def _currency(coordinator: ApplianceCoordinator) -> str:
    return coordinator.home.currency


@dataclass(frozen=True, kw_only=True)
class ApplianceSensorDescription(SensorEntityDescription):
    """An appliance sensor; ``capability`` set means only backends that measure it get one."""

    value_fn: Callable[[ApplianceCoordinator], StateType]
    capability: Capability | None = None
    unit_fn: Callable[[ApplianceCoordinator], str] | None = None
    daily: bool = False  # a total that restarts at local midnight (has a last_reset)


APPLIANCE_SENSORS: tuple[ApplianceSensorDescription, ...] = (
    ApplianceSensorDescription(
        key="power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda coordinator: _rounded(coordinator.data.power_w, 1),
    ),
    ApplianceSensorDescription(
        key="energy",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        value_fn=lambda coordinator: round(coordinator.data.meter.total_kwh, 6),
    ),
    ApplianceSensorDescription(
        key="cost_today",
        translation_key="cost_today",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda coordinator: _today(coordinator, lambda meter: meter.today_cost),
        unit_fn=_currency,
        daily=True,
    ),
    ApplianceSensorDescription(
        key="co2_today",
        translation_key="co2_today",
        device_class=SensorDeviceClass.WEIGHT,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=UnitOfMass.KILOGRAMS,
        suggested_display_precision=3,
        value_fn=lambda coordinator: _today(coordinator, lambda meter: meter.today_co2_kg),
        daily=True,
    ),
    ApplianceSensorDescription(
        key="status",
        translation_key="status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in ApplianceStatus],
        value_fn=lambda coordinator: coordinator.data.status.value,
    ),
    ApplianceSensorDescription(
        key="voltage",
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        entity_category=EntityCategory.DIAGNOSTIC,
        suggested_display_precision=1,
        capability=Capability.VOLTAGE,
        value_fn=lambda coordinator: coordinator.data.voltage_v,
    ),
    ApplianceSensorDescription(
        key="current",
        device_class=SensorDeviceClass.CURRENT,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        entity_category=EntityCategory.DIAGNOSTIC,
        suggested_display_precision=3,
        capability=Capability.CURRENT,
        value_fn=lambda coordinator: coordinator.data.current_a,
    ),
    ApplianceSensorDescription(
        key="frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        suggested_display_precision=1,
        capability=Capability.FREQUENCY,
        value_fn=lambda coordinator: coordinator.data.frequency_hz,
    ),
    ApplianceSensorDescription(
        key="power_factor",
        device_class=SensorDeviceClass.POWER_FACTOR,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        suggested_display_precision=2,
        capability=Capability.POWER_FACTOR,
        value_fn=lambda coordinator: coordinator.data.power_factor,
    ),
)


class ApplianceSensor(VoltWiseApplianceEntity, SensorEntity):
    """A measurement or total of one appliance."""

    entity_description: ApplianceSensorDescription

    @property
    def native_value(self) -> StateType:
        """The value for the appliance's current state."""
        return self.entity_description.value_fn(self.coordinator)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Units that depend on the home (its currency), else the description's."""
        if self.entity_description.unit_fn is not None:
            return self.entity_description.unit_fn(self.coordinator)
        return super().native_unit_of_measurement

    @property
    def last_reset(self) -> datetime | None:
        """Daily totals restart at the home's local midnight."""
        return daily_last_reset(self.entity_description.daily, self.coordinator.home.time_zone)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The status tells until when an override lasts."""
        until = self.coordinator.data.override_until
        key = self.entity_description.key
        return {"override_until": until and until.isoformat()} if key == "status" else None


class ApplianceEnergySensor(ApplianceSensor, RestoreSensor):
    """The appliance's lifetime energy; it hands its last state back if the saved total is lost.

    Home Assistant keeps an entity's last state across restarts and never accepted a non-finite
    one, so when the saved meter's total could not be read (a version before readings were
    checked saved an infinite total as null) this is the last good total.
    """

    async def async_added_to_hass(self) -> None:
        """Give the coordinator the last total when it lost its own."""
        await super().async_added_to_hass()
        if self.coordinator.total_lost:
            last = await self.async_get_last_sensor_data()
            self.coordinator.recover_total(last.native_value if last is not None else None)


# -- home totals over all appliances -------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HomeTotalDescription(SensorEntityDescription):
    """A sum over the home's appliances."""

    value_fn: Callable[[HomeTotals], float]
    currency: bool = False
    daily: bool = False


HOME_TOTALS: tuple[HomeTotalDescription, ...] = (
    HomeTotalDescription(
        key="total_power",
        translation_key="total_power",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=lambda totals: round(totals.power_w, 1),
    ),
    HomeTotalDescription(
        key="energy_today",
        translation_key="energy_today",
        device_class=SensorDeviceClass.ENERGY,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        value_fn=lambda totals: round(totals.today_kwh, 6),
    ),
    HomeTotalDescription(
        key="cost_today",
        translation_key="home_cost_today",
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        suggested_display_precision=2,
        value_fn=lambda totals: round(totals.today_cost, 4),
        currency=True,
        daily=True,
    ),
    HomeTotalDescription(
        key="co2_today",
        translation_key="home_co2_today",
        device_class=SensorDeviceClass.WEIGHT,
        state_class=SensorStateClass.TOTAL,
        native_unit_of_measurement=UnitOfMass.KILOGRAMS,
        suggested_display_precision=3,
        value_fn=lambda totals: round(totals.today_co2_kg, 4),
        daily=True,
    ),
)


class HomeTotalSensor(VoltWiseHomePartEntity[ApplianceManager], SensorEntity):
    """A home total; it follows every appliance as well as the home."""

    entity_description: HomeTotalDescription

    async def async_added_to_hass(self) -> None:
        """Also update whenever any appliance does, once for all that change together.

        A hundred appliances switched by schedules on the same minute would otherwise sum a
        hundred appliances a hundred times.
        """
        await super().async_added_to_hass()
        write = OncePerLoopTurn(self.hass, self.async_write_ha_state)
        for appliance in self.part.appliances.values():
            self.async_on_remove(appliance.async_add_listener(write.request))
        self.async_on_remove(write.cancel)

    @property
    def native_value(self) -> float:
        """The sum now."""
        return self.entity_description.value_fn(self.part.totals())

    @property
    def native_unit_of_measurement(self) -> str | None:
        """The home's currency for money, else the description's unit."""
        if self.entity_description.currency:
            return self.coordinator.home.currency
        return super().native_unit_of_measurement

    @property
    def last_reset(self) -> datetime | None:
        """Daily totals restart at the home's local midnight."""
        return daily_last_reset(self.entity_description.daily, self.coordinator.home.time_zone)


# -- plants ("Today") ------------------------------------------------------------------------
