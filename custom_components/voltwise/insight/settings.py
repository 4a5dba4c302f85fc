"""The home's anomaly settings (severity bands and detector knobs), as an options section."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any, Final

import voluptuous as vol
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from ..const import LOGGER
from ..engine.anomaly import DEFAULT_SETTINGS, SETTING_RANGES, AnomalySettings

CONF_ANOMALY_SETTINGS: Final = "anomaly_settings"
_UNITS: Final = {
    "medium_from_pct": "%",
    "high_from_pct": "%",
    "sustained_hours": "h",
    "lookback_days": "d",
}
_WHOLE: Final = frozenset({"sustained_hours", "lookback_days"})


def _selector(name: str) -> NumberSelector:
    low, high = SETTING_RANGES[name]
    config = NumberSelectorConfig(
        mode=NumberSelectorMode.BOX, min=low, max=high, step=1 if name in _WHOLE else "any"
    )
    if name in _UNITS:
        config["unit_of_measurement"] = _UNITS[name]
    return NumberSelector(config)


ANOMALY_SETTINGS_SCHEMA: Final = vol.Schema(
    {vol.Required(field.name): _selector(field.name) for field in fields(AnomalySettings)}
)


def anomaly_settings_defaults() -> dict[str, Any]:
    """What the form shows before the home chose anything."""
    return asdict(DEFAULT_SETTINGS)


def validate_anomaly_settings(section: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The settings from the form, and the error key when the engine would refuse them.

    Whole-number fields must be whole; ``high_from_pct`` must not lie below ``medium_from_pct``.
    """
    values: dict[str, Any] = {}
    for field in fields(AnomalySettings):
        value = float(section.get(field.name, getattr(DEFAULT_SETTINGS, field.name)))
        low, high = SETTING_RANGES[field.name]
        if field.name in _WHOLE:
            if not value.is_integer():
                return {}, "invalid_anomaly_settings"
            values[field.name] = int(value)
        else:
            values[field.name] = value
        if not low <= value <= high:
            return {}, "invalid_anomaly_settings"
    if values["high_from_pct"] < values["medium_from_pct"]:
        return {}, "anomaly_high_below_medium"
    return values, None


def anomaly_settings_from_options(options: Mapping[str, Any]) -> AnomalySettings:
    """The stored settings; damaged ones fall back to the defaults (with a warning)."""
    stored = options.get(CONF_ANOMALY_SETTINGS)
    if not stored:
        return DEFAULT_SETTINGS
    known = {field.name for field in fields(AnomalySettings)}
    try:
        return AnomalySettings(**{k: v for k, v in dict(stored).items() if k in known})
    except (TypeError, ValueError) as err:
        LOGGER.warning("Ignoring damaged anomaly settings (%s); using the defaults", err)
        return DEFAULT_SETTINGS
