"""The prepaid meter's and the spike alert's options, kept in the home's bill section.

A prepaid home's meter is the bill's meter, priced the same way, so its options sit with the
bill's; the spike alert watches the same home's power, and is off until it has a threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

import voluptuous as vol
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from ..engine.billing.checks import MAX_AMOUNT, MAX_DAYS, check_amount, check_days
from ..engine.billing.prepaid import DEFAULT_LOW_BALANCE_DAYS, low_balance_threshold
from ..engine.billing.spike import MAX_SPIKE_HOLD, MAX_SPIKE_THRESHOLD_W, SpikeSettings
from ..engine.errors import EngineError

CONF_PREPAID: Final = "prepaid"
CONF_LOW_BALANCE_DAYS: Final = "low_balance_days"
CONF_LOW_BALANCE_AMOUNT: Final = "low_balance_amount"  # 0: the days of average use decide
CONF_SPIKE_THRESHOLD_W: Final = "spike_threshold_w"  # 0: no spike alert
CONF_SPIKE_MINUTES: Final = "spike_minutes"
CONF_SPIKE_POWER_SENSOR: Final = "spike_power_sensor"  # none: the appliances' power summed
DEFAULT_SPIKE_MINUTES: Final = 5
MAX_SPIKE_MINUTES: Final = int(MAX_SPIKE_HOLD / timedelta(minutes=1))


def _box(low: float, high: float, step: float, unit: str = "") -> NumberSelector:
    config = NumberSelectorConfig(min=low, max=high, step=step, mode=NumberSelectorMode.BOX)
    if unit:
        config["unit_of_measurement"] = unit
    return NumberSelector(config)


# Merged into the bill section's schema (billing/config.py).
ALERT_FIELDS: Final[dict[vol.Marker, Any]] = {
    vol.Required(CONF_PREPAID, default=False): BooleanSelector(),
    vol.Required(CONF_LOW_BALANCE_DAYS, default=DEFAULT_LOW_BALANCE_DAYS): _box(
        0, MAX_DAYS, 0.5, "d"
    ),
    vol.Required(CONF_LOW_BALANCE_AMOUNT, default=0): _box(0, MAX_AMOUNT, 1),
    vol.Required(CONF_SPIKE_THRESHOLD_W, default=0): _box(0, MAX_SPIKE_THRESHOLD_W, 1, "W"),
    vol.Required(CONF_SPIKE_MINUTES, default=DEFAULT_SPIKE_MINUTES): _box(
        1, MAX_SPIKE_MINUTES, 1, "min"
    ),
    vol.Optional(CONF_SPIKE_POWER_SENSOR): EntitySelector(
        EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.POWER)
    ),
}


@dataclass(frozen=True, slots=True)
class PrepaidOptions:
    """Whether the home is prepaid, and when its balance counts as low."""

    enabled: bool = False
    low_balance_days: float = DEFAULT_LOW_BALANCE_DAYS
    low_balance_amount: float | None = None  # None: days of average use

    def threshold(self, average_daily: float | None) -> float | None:
        """The low-balance threshold in the tariff's currency (None while it is not known)."""
        return low_balance_threshold(
            average_daily, days=self.low_balance_days, amount=self.low_balance_amount
        )


@dataclass(frozen=True, slots=True)
class SpikeOptions:
    """The spike alert's settings (None: off) and the power sensor it watches, if any."""

    settings: SpikeSettings | None = None
    power_sensor: str | None = None


def _section(options: Mapping[str, Any]) -> Mapping[str, Any]:
    section = options.get("billing")
    return section if isinstance(section, Mapping) else {}


def _prepaid(section: Mapping[str, Any]) -> PrepaidOptions:
    amount = check_amount(CONF_LOW_BALANCE_AMOUNT, section.get(CONF_LOW_BALANCE_AMOUNT, 0))
    return PrepaidOptions(
        enabled=section.get(CONF_PREPAID) is True,
        low_balance_days=check_days(
            CONF_LOW_BALANCE_DAYS, section.get(CONF_LOW_BALANCE_DAYS, DEFAULT_LOW_BALANCE_DAYS)
        ),
        low_balance_amount=amount or None,
    )


def _spike(section: Mapping[str, Any]) -> SpikeOptions:
    threshold = section.get(CONF_SPIKE_THRESHOLD_W, 0)
    minutes = section.get(CONF_SPIKE_MINUTES, DEFAULT_SPIKE_MINUTES)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise EngineError("spike_duration_invalid", value=str(minutes))
    if not (isinstance(minutes, int) or (math.isfinite(minutes) and minutes.is_integer())):
        raise EngineError("spike_duration_invalid", value=str(minutes))
    if not 1 <= minutes <= MAX_SPIKE_MINUTES:
        raise EngineError("spike_duration_invalid", value=str(minutes))
    sensor = section.get(CONF_SPIKE_POWER_SENSOR) or None
    if threshold == 0:
        return SpikeOptions(None, sensor)
    return SpikeOptions(SpikeSettings(threshold, timedelta(minutes=minutes)), sensor)


def prepaid_options(options: Mapping[str, Any]) -> PrepaidOptions:
    """The stored prepaid options; a damaged record is not prepaid (no false alerts)."""
    try:
        return _prepaid(_section(options))
    except EngineError:
        return PrepaidOptions()


def spike_options(options: Mapping[str, Any]) -> SpikeOptions:
    """The stored spike options; a damaged record turns the alert off."""
    try:
        return _spike(_section(options))
    except EngineError:
        return SpikeOptions()


def validate_alert_options(section: Mapping[str, Any]) -> dict[str, Any]:
    """The section's prepaid and spike fields, normalised; EngineError when one is out of range."""
    prepaid = _prepaid(section)
    spike = _spike(section)
    stored: dict[str, Any] = {
        CONF_PREPAID: bool(section.get(CONF_PREPAID, False)),
        CONF_LOW_BALANCE_DAYS: prepaid.low_balance_days,
        CONF_LOW_BALANCE_AMOUNT: prepaid.low_balance_amount or 0.0,
        CONF_SPIKE_THRESHOLD_W: 0.0 if spike.settings is None else spike.settings.threshold_w,
        CONF_SPIKE_MINUTES: int(section.get(CONF_SPIKE_MINUTES, DEFAULT_SPIKE_MINUTES)),
    }
    if spike.power_sensor is not None:
        stored[CONF_SPIKE_POWER_SENSOR] = spike.power_sensor
    return stored
