"""A plant's configuration (a config subentry of its home), parsed and validated.

The subentry data holds the credentials (the only place they live), the inverter's serial number,
the peak-shaving bounds, the control IDs and the time zone the plan is read in. The plan itself
lives in the plant's ``Store`` (see ``store``); the two default values here only seed a new plant's
plan. Keys nothing reads any more (``base_url``, once written by tests) are ignored and dropped the
next time the connection is changed. The flow and the runtime share these parsers, so what the flow
accepts is exactly what setup can build. Validators return form error keys, never text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ..const import CONF_TIME_ZONE
from ..engine.limits import whole_number
from ..engine.plant.model import DEFAULT_BOUNDS, PEAK_SHAVING_STEP_W, Bounds, PlantDefaults
from .soliscloud.controls import (
    DEFAULT_GRID_CHARGING_CID,
    DEFAULT_PEAK_SHAVING_CID,
    DEFAULT_STORAGE_MODE_CID,
    ControlIds,
    GridChargingMethod,
)

SUBENTRY_PLANT: Final = "plant"
CONF_API_ID: Final = "api_id"
CONF_API_SECRET: Final = "api_secret"  # noqa: S105 (a key, not a secret)
CONF_INVERTER_SERIAL: Final = "inverter_serial"
CONF_MIN_W: Final = "min_peak_shaving_w"
CONF_MAX_W: Final = "max_peak_shaving_w"
CONF_PEAK_SHAVING_CID: Final = "peak_shaving_cid"
CONF_GRID_CHARGING_METHOD: Final = "grid_charging_method"
CONF_GRID_CHARGING_CID: Final = "grid_charging_cid"
CONF_STORAGE_MODE_CID: Final = "storage_mode_cid"
CONF_DEFAULT_PEAK_SHAVING_W: Final = "default_peak_shaving_w"
CONF_DEFAULT_GRID_CHARGING: Final = "default_grid_charging"

# SolisCloud's own upper end for the limit (the document's typical range is 0..10,000 W), with
# room for large three-phase inverters.
MAX_PEAK_SHAVING_W: Final = 100_000
MAX_CID: Final = 99_999
MAX_SERIAL_LENGTH: Final = 32
MAX_CREDENTIAL_LENGTH: Final = 128


@dataclass(frozen=True, slots=True)
class PlantConfig:
    """Everything a plant needs from its subentry to run (credentials never printed)."""

    plant_id: str
    name: str
    api_id: str = field(repr=False)
    api_secret: str = field(repr=False)
    serial: str
    time_zone: str
    bounds: Bounds
    controls: ControlIds
    initial_defaults: PlantDefaults


class InvalidPlantConfigError(ValueError):
    """Stored plant data that setup cannot use (a field the flow would have refused)."""


def _whole_field(data: Mapping[str, Any], key: str, default: int) -> int:
    value = whole_number(data.get(key, default))
    if value is None:
        raise InvalidPlantConfigError(f"{key} is not a whole number")
    return value


def parse_plant(plant_id: str, title: str, data: Mapping[str, Any]) -> PlantConfig:
    """Build a plant from its subentry; raise ``InvalidPlantConfigError`` if it cannot work."""
    try:
        api_id = str(data[CONF_API_ID])
        api_secret = str(data[CONF_API_SECRET])
        serial = str(data[CONF_INVERTER_SERIAL])
        time_zone = str(data[CONF_TIME_ZONE])
    except KeyError as err:
        raise InvalidPlantConfigError(f"missing {err.args[0]}") from err
    bounds = Bounds(
        min_w=_whole_field(data, CONF_MIN_W, DEFAULT_BOUNDS.min_w),
        max_w=_whole_field(data, CONF_MAX_W, DEFAULT_BOUNDS.max_w),
    )
    if bounds_error(bounds.min_w, bounds.max_w):
        raise InvalidPlantConfigError("invalid bounds")
    try:
        method = GridChargingMethod(data.get(CONF_GRID_CHARGING_METHOD, GridChargingMethod.SWITCH))
    except ValueError as err:
        raise InvalidPlantConfigError("unknown grid charging method") from err
    controls = ControlIds(
        peak_shaving_cid=_whole_field(data, CONF_PEAK_SHAVING_CID, DEFAULT_PEAK_SHAVING_CID),
        grid_charging_method=method,
        grid_charging_cid=_whole_field(data, CONF_GRID_CHARGING_CID, DEFAULT_GRID_CHARGING_CID),
        storage_mode_cid=_whole_field(data, CONF_STORAGE_MODE_CID, DEFAULT_STORAGE_MODE_CID),
    )
    initial = _whole_field(data, CONF_DEFAULT_PEAK_SHAVING_W, bounds.max_w)
    if peak_shaving_error(initial, bounds):
        initial = bounds.max_w
    return PlantConfig(
        plant_id=plant_id,
        name=title,
        api_id=api_id,
        api_secret=api_secret,
        serial=serial,
        time_zone=time_zone,
        bounds=bounds,
        controls=controls,
        initial_defaults=PlantDefaults(
            peak_shaving_w=initial,
            grid_charging_allowed=bool(data.get(CONF_DEFAULT_GRID_CHARGING, False)),
        ),
    )


# -- validators for the flow (form error keys) ----------------------------------------------


def credential_error(value: object) -> str | None:
    """An API ID or secret: non-empty, printable, no spaces."""
    text = str(value or "")
    if not text or len(text) > MAX_CREDENTIAL_LENGTH or not text.isprintable() or " " in text:
        return "invalid_credential"
    return None


def serial_error(value: object) -> str | None:
    """An inverter serial number: letters and digits."""
    text = str(value or "")
    if not text or len(text) > MAX_SERIAL_LENGTH or not text.isalnum() or not text.isascii():
        return "invalid_serial"
    return None


def cid_error(value: object) -> str | None:
    """A control ID: a whole number from 1 to 99,999."""
    cid = whole_number(value)
    return None if cid is not None and 1 <= cid <= MAX_CID else "invalid_cid"


def bounds_error(min_w: object, max_w: object) -> str | None:
    """Bounds are whole 100 W steps from 0 to 100,000 W, the minimum below the maximum."""
    low, high = whole_number(min_w), whole_number(max_w)
    if low is None or high is None:
        return "invalid_bounds"
    if low < 0 or high > MAX_PEAK_SHAVING_W or low >= high:
        return "invalid_bounds"
    if low % PEAK_SHAVING_STEP_W or high % PEAK_SHAVING_STEP_W:
        return "invalid_bounds"
    return None


def peak_shaving_error(value: object, bounds: Bounds) -> str | None:
    """A limit in whole 100 W steps within the plant's bounds."""
    watts = whole_number(value)
    if watts is None or watts % PEAK_SHAVING_STEP_W:
        return "peak_shaving_step"
    if not bounds.min_w <= watts <= bounds.max_w:
        return "peak_shaving_out_of_bounds"
    return None
