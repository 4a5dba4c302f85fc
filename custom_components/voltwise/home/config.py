"""The home's configuration as typed engine objects, built from its config entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..const import (
    CONF_BEST_WINDOW_MINUTES,
    CONF_CARBON_SENSOR,
    CONF_CURRENCY,
    CONF_CUSTOM_TARIFF,
    CONF_NORMAL_RATE,
    CONF_NOTIFY,
    CONF_NOTIFY_ENTITY,
    CONF_NOTIFY_SERVICE,
    CONF_PEAK_WARNING_MINUTES,
    CONF_REGION,
    CONF_SCHEDULE_GRACE_MINUTES,
    CONF_TARIFF,
    CONF_TIME_ZONE,
    CONF_WEEKDAY,
    CONF_WEEKEND,
    DEFAULT_BEST_WINDOW_MINUTES,
    DEFAULT_NOTIFY,
    DEFAULT_PEAK_WARNING_MINUTES,
    DEFAULT_SCHEDULE_GRACE_MINUTES,
    TARIFF_CUSTOM,
)
from ..engine.carbon import CarbonProfile, profile_for_region, regional_profiles
from ..engine.errors import EngineError
from ..engine.tariff import TariffPlan, parse_day, presets


@dataclass(frozen=True, slots=True)
class HomeConfig:
    """Everything the engine needs to know about a home, validated."""

    name: str
    region: str
    tariff: TariffPlan
    carbon: CarbonProfile
    currency: str
    time_zone: ZoneInfo
    notify: bool
    peak_warning_minutes: int
    best_window_minutes: int
    carbon_sensor: str | None
    schedule_grace_minutes: int = DEFAULT_SCHEDULE_GRACE_MINUTES
    notify_entity: str | None = None
    notify_service: str | None = None

    @property
    def notifies(self) -> bool:
        """Whether any notification target is chosen (persistent, entity or service)."""
        return self.notify or self.notify_entity is not None or self.notify_service is not None


class InvalidHomeConfigError(Exception):
    """Stored configuration that no longer makes sense (for example a removed preset)."""

    def __init__(self, key: str, placeholders: Mapping[str, str]) -> None:
        """Remember which translation key describes the problem."""
        super().__init__(key)
        self.key = key
        self.placeholders = dict(placeholders)


async def async_load_builtin_data(hass: HomeAssistant) -> None:
    """Read the engine's data files in an executor job; later calls hit the engine's cache."""

    def load() -> None:
        presets()
        regional_profiles()

    await hass.async_add_executor_job(load)


@cache
def _available_time_zones() -> frozenset[str]:
    """Names in the time zone database (reads it from disk: call in an executor job)."""
    return frozenset(available_timezones())


async def async_find_time_zone(hass: HomeAssistant, name: str) -> ZoneInfo | None:
    """The IANA time zone called ``name``, or None when there is none.

    Only names listed in the database reach zoneinfo: for others (empty, a directory, a path,
    a data file, a NUL byte, thousands of characters) it raises ValueError or OSError rather
    than saying "not found". Every time zone a user types or VoltWise stored goes through here.
    """
    if name not in await hass.async_add_executor_job(_available_time_zones):
        return None
    return await dt_util.async_get_time_zone(name)


def build_tariff(data: Mapping[str, Any]) -> TariffPlan:
    """The tariff plan described by a home's data (raises EngineError when invalid)."""
    if data[CONF_TARIFF] == TARIFF_CUSTOM:
        custom = data[CONF_CUSTOM_TARIFF]
        weekday = parse_day(custom[CONF_WEEKDAY])
        weekend = parse_day(custom[CONF_WEEKEND]) if custom.get(CONF_WEEKEND) else weekday
        return TariffPlan(TARIFF_CUSTOM, data[CONF_CURRENCY], weekday, weekend)
    preset = presets().get(data[CONF_TARIFF])
    if preset is None:
        raise EngineError("unknown_tariff", tariff=str(data[CONF_TARIFF]))
    return preset.build(float(data[CONF_NORMAL_RATE]), data[CONF_CURRENCY])


async def async_build_home_config(
    hass: HomeAssistant, data: Mapping[str, Any], options: Mapping[str, Any]
) -> HomeConfig:
    """Validate stored data and options into a HomeConfig."""
    await async_load_builtin_data(hass)
    time_zone = await async_find_time_zone(hass, str(data[CONF_TIME_ZONE]))
    if time_zone is None:
        raise InvalidHomeConfigError("invalid_time_zone", {"time_zone": str(data[CONF_TIME_ZONE])})
    try:
        tariff = build_tariff(data)
        carbon = profile_for_region(data[CONF_REGION])
    except EngineError as err:
        raise InvalidHomeConfigError(err.code, err.placeholders) from err
    return HomeConfig(
        name=data[CONF_NAME],
        region=data[CONF_REGION],
        tariff=tariff,
        carbon=carbon,
        currency=data[CONF_CURRENCY],
        time_zone=time_zone,
        notify=options.get(CONF_NOTIFY, DEFAULT_NOTIFY),
        peak_warning_minutes=options.get(CONF_PEAK_WARNING_MINUTES, DEFAULT_PEAK_WARNING_MINUTES),
        best_window_minutes=options.get(CONF_BEST_WINDOW_MINUTES, DEFAULT_BEST_WINDOW_MINUTES),
        carbon_sensor=options.get(CONF_CARBON_SENSOR) or None,
        schedule_grace_minutes=options.get(
            CONF_SCHEDULE_GRACE_MINUTES, DEFAULT_SCHEDULE_GRACE_MINUTES
        ),
        notify_entity=options.get(CONF_NOTIFY_ENTITY) or None,
        notify_service=options.get(CONF_NOTIFY_SERVICE) or None,
    )
