"""Where a home's consumption comes from, as chosen in its options."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from ..engine.anomaly import DEFAULT_SETTINGS, AnomalySettings
from .settings import anomaly_settings_from_options

CONF_CONSUMPTION_SOURCE: Final = "consumption_source"
CONF_CONSUMPTION_SENSOR: Final = "consumption_sensor"


class ConsumptionSource(StrEnum):
    """What a home's consumption is read from (``none``: no insight entities)."""

    NONE = "none"
    METER = "meter"  # a whole-home total_increasing energy sensor
    APPLIANCES = "appliances"  # the sum of the home's appliances' energy sensors
    BOTH = "both"  # the meter is the home; the appliances show what it leaves unexplained
    SIMULATED = "simulated"  # a simulated household (a demo, or trying VoltWise out)


METER_SOURCES: Final = frozenset({ConsumptionSource.METER, ConsumptionSource.BOTH})


@dataclass(frozen=True, slots=True)
class InsightConfig:
    """The home's consumption source; ``meter`` is the whole-home sensor's entity id."""

    source: ConsumptionSource = ConsumptionSource.NONE
    meter: str | None = None
    anomaly: AnomalySettings = DEFAULT_SETTINGS

    @property
    def enabled(self) -> bool:
        """Whether the home has insight entities at all."""
        return self.source is not ConsumptionSource.NONE

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> InsightConfig:
        """The stored options; a source the code no longer knows turns insight off."""
        try:
            source = ConsumptionSource(options.get(CONF_CONSUMPTION_SOURCE, "none"))
        except ValueError:
            source = ConsumptionSource.NONE
        meter = options.get(CONF_CONSUMPTION_SENSOR) or None
        if source in METER_SOURCES and meter is None:
            source = ConsumptionSource.NONE
        return cls(
            source=source,
            meter=meter if source in METER_SOURCES else None,
            anomaly=anomaly_settings_from_options(options),
        )


ENERGY_UNITS: Final = frozenset({"Wh", "kWh", "MWh"})


def validate_consumption_options(
    states: Callable[[str], Any], user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The consumption options from the form, and the errors of what cannot be used.

    ``states`` looks up an entity's current state (``hass.states.get``). A meter must be an
    energy sensor counting up (kWh, Wh or MWh, ``total_increasing`` or ``total``): the recorder
    keeps hourly statistics only of those.
    """
    source = str(user_input.get(CONF_CONSUMPTION_SOURCE, ConsumptionSource.NONE))
    meter = user_input.get(CONF_CONSUMPTION_SENSOR)
    options: dict[str, Any] = {}
    if source != ConsumptionSource.NONE:
        options[CONF_CONSUMPTION_SOURCE] = source
    if meter and source in METER_SOURCES:
        options[CONF_CONSUMPTION_SENSOR] = meter
    if source not in METER_SOURCES:
        return options, {}
    if not meter:
        return options, {CONF_CONSUMPTION_SENSOR: "consumption_sensor_required"}
    state = states(meter)
    if state is None:
        return options, {CONF_CONSUMPTION_SENSOR: "consumption_sensor_missing"}
    attributes = state.attributes
    if attributes.get("unit_of_measurement") not in ENERGY_UNITS or attributes.get(
        "state_class"
    ) not in ("total_increasing", "total"):
        return options, {CONF_CONSUMPTION_SENSOR: "consumption_sensor_not_energy"}
    return options, {}
