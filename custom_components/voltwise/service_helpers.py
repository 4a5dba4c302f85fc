"""What every VoltWise service does the same way: find its target, check its fields.

Lookups: a home by its config entry id, an appliance by any of its entities, a plant by its
device or any of its entities (through the registries), a schedule by its id; each refuses with
one translated error (``errors``) when there is no such thing or its home is not loaded.

Field validators for the service schemas carry the ranges of ``services.yaml``'s selectors, so a
limit is declared once, next to its field. A value of the wrong type (a word where a number
belongs, a list where a text belongs) is left to Home Assistant's own ``vol.Invalid`` message; a
value of the right type that VoltWise does not accept (out of range, not finite, a fraction where
a whole number belongs, a duration or date too far away, an unknown option) raises a
``ServiceValidationError`` with a translation key, from the schema itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from datetime import datetime, timedelta, tzinfo
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.util import dt as dt_util

from .appliances.coordinator import ApplianceCoordinator
from .appliances.schedules.executor import ScheduleExecutor
from .const import DOMAIN
from .engine.errors import EngineError
from .engine.limits import (
    MAX_DURATION,
    check_date,
    duration_text,
    minutes_text,
    number_text,
    supported_dates,
)
from .errors import from_engine, invalid
from .plant.coordinator import PlantCoordinator
from .runtime import VoltWiseConfigEntry

# Long inputs are cut in messages: the message names the value, it does not echo a megabyte.
_SHOWN = 40


# -- targets -------------------------------------------------------------------------------------


@callback
def loaded_homes(hass: HomeAssistant) -> list[VoltWiseConfigEntry]:
    """Every home that is loaded now."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]


@callback
def home_entry(hass: HomeAssistant, entry_id: str) -> VoltWiseConfigEntry:
    """The loaded home with this config entry id."""
    entry: VoltWiseConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise invalid("home_not_found", entry_id=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise invalid("home_not_loaded", home=entry.title)
    return entry


def _subentry_of(hass: HomeAssistant, target: str) -> tuple[str, str] | None:
    """(config entry id, subentry id) of a VoltWise entity ``target``, or of device ``target``.

    The entity registry knows every entity's entry and subentry in all Home Assistant releases
    VoltWise supports (devices are looked up through their entities, never by their entries).
    """
    registry = er.async_get(hass)
    entity = registry.async_get(target)
    candidates = (
        [entity]
        if entity is not None
        else er.async_entries_for_device(registry, target, include_disabled_entities=True)
    )
    for candidate in candidates:
        if candidate.platform == DOMAIN and candidate.config_subentry_id:
            return str(candidate.config_entry_id), candidate.config_subentry_id
    return None


@callback
def appliance_target(
    hass: HomeAssistant, entity_id: str
) -> tuple[VoltWiseConfigEntry, ApplianceCoordinator]:
    """The appliance a call names by one of its entities, with its (loaded) home."""
    if (found := _subentry_of(hass, entity_id)) is not None:
        entry = home_entry(hass, found[0])
        if (appliance := entry.runtime_data.appliances.appliances.get(found[1])) is not None:
            return entry, appliance
    raise invalid("not_an_appliance", entity_id=entity_id)


@callback
def plant_target(hass: HomeAssistant, target: str) -> PlantCoordinator:
    """The running plant a call names by its device id or one of its entities."""
    if (found := _subentry_of(hass, target)) is not None:
        entry: VoltWiseConfigEntry | None = hass.config_entries.async_get_entry(found[0])
        if entry is not None and entry.state is not ConfigEntryState.LOADED:
            raise invalid("home_not_loaded", home=entry.title)
        if (plant := running_plant(entry, found[1])) is not None:
            return plant
    raise invalid("not_a_plant", plant=target)


@callback
def running_plant(entry: VoltWiseConfigEntry | None, plant_id: str) -> PlantCoordinator | None:
    """The plant ``plant_id`` of a loaded home, if it could start."""
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    return entry.runtime_data.plants.plants.get(plant_id)


@callback
def schedule_target(hass: HomeAssistant, schedule_id: str) -> ScheduleExecutor:
    """The executor of the loaded home holding schedule ``schedule_id``."""
    for entry in loaded_homes(hass):
        if schedule_id in entry.runtime_data.schedules.store.data["schedules"]:
            return entry.runtime_data.schedules
    raise invalid("schedule_not_found", schedule_id=schedule_id)


# -- fields --------------------------------------------------------------------------------------


def shown(value: object) -> str:
    """A value as a message quotes it (shortened)."""
    text = str(value)
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…"


def _as_float(value: Any) -> float:
    """A number or numeric text; anything else is a type error for Home Assistant to report."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise vol.Invalid("expected a number")
    try:
        return float(value)
    except ValueError as err:
        raise vol.Invalid("expected a number") from err
    except OverflowError:  # an integer with hundreds of digits
        return math.inf if value > 0 else -math.inf


def number(
    field: str, minimum: float, maximum: float, *, whole: bool = False
) -> Callable[[Any], float]:
    """A finite number in ``[minimum, maximum]`` (a whole one if ``whole``)."""

    def validate(value: Any) -> float:
        parsed = _as_float(value)
        if math.isnan(parsed) or (math.isinf(parsed) and not isinstance(value, int)):
            raise invalid("value_not_finite", field=field, value=shown(value))
        if not minimum <= parsed <= maximum:
            raise invalid(
                "value_out_of_range",
                field=field,
                value=number_text(parsed) if math.isfinite(parsed) else shown(value),
                minimum=number_text(minimum),
                maximum=number_text(maximum),
            )
        if whole:
            if not parsed.is_integer():
                raise invalid("value_not_whole", field=field, value=number_text(parsed))
            return int(parsed)
        return parsed

    return validate


def one_of_numbers(field: str, options: Collection[int], key: str) -> Callable[[Any], int]:
    """One of a few whole numbers (a select of numbers, such as a resolution)."""
    check = number(field, -math.inf, math.inf)

    def validate(value: Any) -> int:
        parsed = check(value)
        if parsed not in options:
            raise invalid(key, **{field: number_text(parsed)})
        return int(parsed)

    return validate


def choice(field: str, options: Collection[str]) -> Callable[[Any], str]:
    """One of a select's options."""

    def validate(value: Any) -> str:
        text = cv.string(value)
        if text not in options:
            raise invalid(
                "unknown_option", field=field, value=shown(text), options=", ".join(options)
            )
        return text

    return validate


def duration(field: str, *, too_short: str = "invalid_duration") -> Callable[[Any], timedelta]:
    """A positive duration of at most ``MAX_DURATION`` (``HH:MM:SS``, seconds or a dict).

    ``too_short`` is the translation key for zero or less (its ``value`` is in minutes).
    """

    def validate(value: Any) -> timedelta:
        if isinstance(value, bool):
            raise vol.Invalid("expected a duration")
        if isinstance(value, float) and not math.isfinite(value):
            raise invalid("value_not_finite", field=field, value=shown(value))
        try:
            span: timedelta = cv.time_period(value)
        except OverflowError:
            raise invalid(
                "duration_too_long", value=shown(value), maximum=duration_text(MAX_DURATION)
            ) from None
        if span <= timedelta(0):
            raise invalid(too_short, value=minutes_text(span))
        if span > MAX_DURATION:
            raise invalid(
                "duration_too_long",
                value=duration_text(span),
                maximum=duration_text(MAX_DURATION),
            )
        return span

    return validate


def supported_datetime(value: datetime, tz: tzinfo) -> datetime:
    """``value`` (in ``tz`` if it has no zone), if its date is one VoltWise accepts."""
    today = dt_util.utcnow().astimezone(tz).date()
    try:
        check_date(value.date(), *supported_dates(today), "date_out_of_range")
    except EngineError as err:
        raise from_engine(err) from err
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)
