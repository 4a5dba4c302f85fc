"""The insight sensors of a home: simulated meter, forecasts, efficiency, leaderboard, background.

``sensor.py`` adds them; they live here so the platform stays a list of who is added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfEnergy, UnitOfPower
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity

from ..engine.efficiency import Period, wording
from ..entity import VoltWiseHomeFeatureEntity
from . import board
from .compute import DayForecast, InsightResult
from .config import ConsumptionSource
from .coordinator import InsightCoordinator
from .manager import SIMULATED_ENERGY_KEY, InsightManager
from .simulated import SimulatedMeter

CHART_ATTRIBUTES = frozenset({"forecast"})
_HOUR = timedelta(hours=1)


def insight_sensors(manager: InsightManager | None) -> Iterator[Entity]:
    """The sensors of a home's insight (none when it has no consumption source)."""
    if manager is None:
        return
    if manager.simulated is not None:
        yield SimulatedSensor(manager.simulated, SIMULATED_ENERGY)
        yield SimulatedSensor(manager.simulated, SIMULATED_POWER)
    coordinator = manager.coordinator
    for description in INSIGHT_SENSORS:
        yield InsightSensor(coordinator, description)
    yield LeaderboardSensor(coordinator, LEADERBOARD)
    if manager.config.source is ConsumptionSource.BOTH:
        yield BackgroundSensor(coordinator, BACKGROUND)


# -- the simulated household's meter ----------------------------------------------------------

SIMULATED_ENERGY = SensorEntityDescription(
    key=SIMULATED_ENERGY_KEY,
    translation_key=SIMULATED_ENERGY_KEY,
    device_class=SensorDeviceClass.ENERGY,
    state_class=SensorStateClass.TOTAL_INCREASING,
    native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    suggested_display_precision=3,
)
SIMULATED_POWER = SensorEntityDescription(
    key="simulated_power",
    translation_key="simulated_power",
    device_class=SensorDeviceClass.POWER,
    state_class=SensorStateClass.MEASUREMENT,
    native_unit_of_measurement=UnitOfPower.WATT,
    suggested_display_precision=0,
)


class SimulatedSensor(VoltWiseHomeFeatureEntity[SimulatedMeter], SensorEntity):
    """The simulated meter's energy (since its reference instant) or its power now."""

    @property
    def native_value(self) -> float:
        """The reading of the last minute."""
        reading = self.coordinator.data
        if self.entity_description.key == SIMULATED_ENERGY_KEY:
            return round(reading.energy_kwh, 4)
        return round(reading.power_w, 1)


# -- forecasts and efficiency -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InsightSensorDescription(SensorEntityDescription):
    """An insight sensor: its value and attributes from the hourly result."""

    value_fn: Callable[[InsightResult], float | None]
    attributes_fn: Callable[[InsightCoordinator, InsightResult], dict[str, Any]]


def _day_value(day: DayForecast | None) -> float | None:
    return round(day.total_kwh, 3) if day is not None else None


def _day_attributes(day: DayForecast | None) -> dict[str, Any]:
    if day is None:
        return {}
    return {
        "date": day.day.isoformat(),
        "forecast": [
            {
                "start": (day.start + index * _HOUR).isoformat(),
                "expected": round(expected, 3),
                "lower": round(day.lower[index], 3) if index < len(day.lower) else None,
                "upper": round(day.upper[index], 3) if index < len(day.upper) else None,
            }
            for index, expected in enumerate(day.expected)
        ],
    }


def _this_hour_attributes(
    _coordinator: InsightCoordinator, result: InsightResult
) -> dict[str, Any]:
    hour = result.this_hour
    if hour is None:
        return {}
    return {
        "start": hour.start.isoformat(),
        "lower": round(hour.lower, 3),
        "upper": round(hour.upper, 3),
    }


def _efficiency(period: Period) -> InsightSensorDescription:
    def value(result: InsightResult) -> float | None:
        usage = result.usage.get(period)
        score = usage.efficiency_pct if usage is not None else None
        return round(score, 1) if score is not None else None

    def attributes(coordinator: InsightCoordinator, result: InsightResult) -> dict[str, Any]:
        usage = result.usage.get(period)
        if usage is None:
            return {}
        standing = result.own_rank.get(period)
        return {
            "summary": wording(usage.efficiency_pct),
            "expected_kwh": round(usage.expected_kwh, 3),
            "actual_kwh": round(usage.actual_kwh, 3),
            "saved_kwh": round(usage.saved_kwh, 3),
            "saved_cost": round(usage.saved_cost, 2),
            "currency": coordinator.home.currency,
            "own_rank": standing.rank if standing else None,
            "own_periods": standing.total if standing else None,
        }

    return InsightSensorDescription(
        key=f"efficiency_{period.value}",
        translation_key=f"efficiency_{period.value}",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=value,
        attributes_fn=attributes,
    )


INSIGHT_SENSORS: tuple[InsightSensorDescription, ...] = (
    InsightSensorDescription(
        key="forecast_today",
        translation_key="forecast_today",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda result: _day_value(result.today),
        attributes_fn=lambda _coordinator, result: _day_attributes(result.today),
    ),
    InsightSensorDescription(
        key="forecast_tomorrow",
        translation_key="forecast_tomorrow",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=2,
        value_fn=lambda result: _day_value(result.tomorrow),
        attributes_fn=lambda _coordinator, result: _day_attributes(result.tomorrow),
    ),
    InsightSensorDescription(
        key="forecast_this_hour",
        translation_key="forecast_this_hour",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        suggested_display_precision=3,
        value_fn=lambda result: (
            round(result.this_hour.expected, 3) if result.this_hour is not None else None
        ),
        attributes_fn=_this_hour_attributes,
    ),
    *(_efficiency(period) for period in Period),
)


class InsightSensor(VoltWiseHomeFeatureEntity[InsightCoordinator], SensorEntity):
    """A forecast or an efficiency score; unknown, with the reason, before a week of history."""

    entity_description: InsightSensorDescription
    _unrecorded_attributes = CHART_ATTRIBUTES

    @property
    def native_value(self) -> float | None:
        """The value of the last hourly computation."""
        result = self.coordinator.data
        return self.entity_description.value_fn(result) if result is not None else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Details for charts and templates, or why there is no value yet."""
        result = self.coordinator.data
        if result is None:
            return {"reason": "starting"}
        attributes = self.entity_description.attributes_fn(self.coordinator, result)
        if result.reason is not None:
            attributes["reason"] = result.reason
            attributes["history_hours"] = result.usable_hours
        return attributes


# -- the leaderboard and the unmetered background ----------------------------------------------

LEADERBOARD = SensorEntityDescription(key="leaderboard", translation_key="leaderboard")


class LeaderboardSensor(VoltWiseHomeFeatureEntity[InsightCoordinator], SensorEntity):
    """This week's rank among the homes on this Home Assistant, with the boards as attributes."""

    _unrecorded_attributes = frozenset({"boards"})

    async def async_added_to_hass(self) -> None:
        """Follow every home's publications, not only this home's."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, board.SIGNAL_BOARD_UPDATED, self.async_write_ha_state
            )
        )

    @property
    def native_value(self) -> int | None:
        """The home's rank this week (1 is the best), None before it has a score."""
        standing, _rows = board.standings(self.hass, self.coordinator.home.entry_id)[Period.WEEK]
        return standing.rank if standing is not None else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Total homes, the top ten per period, and the home against its own past periods."""
        boards = board.standings(self.hass, self.coordinator.home.entry_id)
        week, _rows = boards[Period.WEEK]
        result = self.coordinator.data
        own = result.own_rank if result is not None else {}
        return {
            "total": week.total if week is not None else None,
            "boards": {
                period.value: {
                    "rank": standing.rank if standing else None,
                    "total": standing.total if standing else None,
                    "top": [
                        {"rank": row.rank, "home": row.name, "efficiency": row.efficiency_pct}
                        for row in rows
                    ],
                }
                for period, (standing, rows) in boards.items()
            },
            "own": {
                period.value: {"rank": standing.rank, "of": standing.total}
                for period, standing in own.items()
            },
        }


BACKGROUND = SensorEntityDescription(
    key="unmetered_background",
    translation_key="unmetered_background",
    device_class=SensorDeviceClass.ENERGY,
    native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
    suggested_display_precision=2,
)


class BackgroundSensor(VoltWiseHomeFeatureEntity[InsightCoordinator], SensorEntity):
    """Today's use the whole-home meter saw beyond the metered appliances (to the last hour)."""

    @property
    def native_value(self) -> float | None:
        """KWh today so far; None before the first hourly reading."""
        value = self.coordinator.background_today_kwh
        return round(value, 3) if value is not None else None
