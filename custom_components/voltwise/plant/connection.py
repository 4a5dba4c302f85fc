"""A plant's connection in its flow: the form, its validation, and the signed connection test.

Whole numbers from number selectors (which send floats) are stored as ints. Keys of the stored
data that nothing reads (``base_url``, once written by tests) are not carried over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from ..const import CONF_TIME_ZONE, MAX_NAME_LENGTH
from ..engine.plant.model import PEAK_SHAVING_STEP_W, Bounds, whole_or_raw
from ..home.config import async_find_time_zone
from .client import borrowed_account, create_client
from .config import (
    CONF_API_ID,
    CONF_API_SECRET,
    CONF_DEFAULT_GRID_CHARGING,
    CONF_DEFAULT_PEAK_SHAVING_W,
    CONF_GRID_CHARGING_CID,
    CONF_GRID_CHARGING_METHOD,
    CONF_INVERTER_SERIAL,
    CONF_MAX_W,
    CONF_MIN_W,
    CONF_PEAK_SHAVING_CID,
    CONF_STORAGE_MODE_CID,
    bounds_error,
    cid_error,
    credential_error,
    peak_shaving_error,
    serial_error,
)
from .soliscloud.controls import (
    DEFAULT_GRID_CHARGING_CID,
    DEFAULT_PEAK_SHAVING_CID,
    DEFAULT_STORAGE_MODE_CID,
    GridChargingMethod,
)
from .soliscloud.errors import (
    SolisAuthError,
    SolisClockError,
    SolisConnectionError,
    SolisDataloggerOfflineError,
    SolisError,
    SolisThrottledError,
    SolisUnknownInverterError,
)

WATTS = NumberSelector(
    NumberSelectorConfig(
        mode=NumberSelectorMode.BOX, step=PEAK_SHAVING_STEP_W, unit_of_measurement="W"
    )
)
_CID = NumberSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1))


def connection_schema(*, new: bool) -> vol.Schema:
    """The plant's connection; a new plant also sets the defaults its plan starts with."""
    secret = vol.Required(CONF_API_SECRET) if new else vol.Optional(CONF_API_SECRET)
    fields: dict[vol.Marker, Any] = {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_API_ID): TextSelector(),
        secret: TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD)),
        vol.Required(CONF_INVERTER_SERIAL): TextSelector(),
        vol.Required(CONF_TIME_ZONE): TextSelector(),
        vol.Required(CONF_MIN_W): WATTS,
        vol.Required(CONF_MAX_W): WATTS,
    }
    if new:
        fields[vol.Required(CONF_DEFAULT_PEAK_SHAVING_W)] = WATTS
        fields[vol.Required(CONF_DEFAULT_GRID_CHARGING)] = BooleanSelector()
    fields.update(
        {
            vol.Required(CONF_PEAK_SHAVING_CID): _CID,
            vol.Required(CONF_GRID_CHARGING_METHOD): SelectSelector(
                SelectSelectorConfig(
                    options=[method.value for method in GridChargingMethod],
                    mode=SelectSelectorMode.DROPDOWN,
                    translation_key=CONF_GRID_CHARGING_METHOD,
                )
            ),
            vol.Required(CONF_GRID_CHARGING_CID): _CID,
            vol.Required(CONF_STORAGE_MODE_CID): _CID,
        }
    )
    return vol.Schema(fields)


def without_secret(values: dict[str, Any]) -> dict[str, Any]:
    """Form values to show again: never the API secret, stored or just typed."""
    return {key: value for key, value in values.items() if key != CONF_API_SECRET}


def connection_defaults(hass: HomeAssistant) -> dict[str, Any]:
    """What a new plant's form suggests (Home Assistant's time zone, the usual controls)."""
    return {
        CONF_TIME_ZONE: hass.config.time_zone,
        CONF_MIN_W: 0,
        CONF_MAX_W: 10_000,
        CONF_DEFAULT_PEAK_SHAVING_W: 10_000,
        CONF_DEFAULT_GRID_CHARGING: False,
        CONF_PEAK_SHAVING_CID: DEFAULT_PEAK_SHAVING_CID,
        CONF_GRID_CHARGING_METHOD: GridChargingMethod.SWITCH.value,
        CONF_GRID_CHARGING_CID: DEFAULT_GRID_CHARGING_CID,
        CONF_STORAGE_MODE_CID: DEFAULT_STORAGE_MODE_CID,
    }


def _error_key(err: SolisError) -> tuple[str, str]:
    """(field, form error key) for a failed connection test."""
    if isinstance(err, SolisAuthError):
        return "base", "invalid_auth"
    if isinstance(err, SolisUnknownInverterError):
        return CONF_INVERTER_SERIAL, "unknown_inverter"
    if isinstance(err, SolisDataloggerOfflineError):
        return "base", "datalogger_offline"
    if isinstance(err, SolisClockError):
        return "base", "clock_rejected"
    if isinstance(err, SolisThrottledError):
        return "base", "throttled"
    if isinstance(err, SolisConnectionError):
        return "base", "cannot_connect"
    return "base", "request_failed"


async def async_test_connection(hass: HomeAssistant, data: Mapping[str, Any]) -> dict[str, str]:
    """Signed reads of the inverter with these credentials; form errors if they fail."""
    api_id = str(data[CONF_API_ID])
    with borrowed_account(hass, api_id) as account:
        client = create_client(hass, api_id, str(data[CONF_API_SECRET]), account=account)
        try:
            await client.check_inverter(
                str(data[CONF_INVERTER_SERIAL]),
                int(data.get(CONF_PEAK_SHAVING_CID, DEFAULT_PEAK_SHAVING_CID)),
            )
        except SolisError as err:
            field, key = _error_key(err)
            return {field: key}
    return {}


async def async_validate_connection(
    hass: HomeAssistant, user_input: Mapping[str, Any], current: Mapping[str, Any] | None
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """Normalise the connection fields; returns (title, data, field -> error key)."""
    errors: dict[str, str] = {}
    title = str(user_input.get(CONF_NAME, "")).strip()
    if not title or not any(char.isalnum() for char in title):
        errors[CONF_NAME] = "name_invalid"
    elif len(title) > MAX_NAME_LENGTH:
        errors[CONF_NAME] = "name_too_long"
    data: dict[str, Any] = {
        key: value
        for key, value in (current or {}).items()
        if key in {CONF_DEFAULT_PEAK_SHAVING_W, CONF_DEFAULT_GRID_CHARGING}
    }
    data[CONF_API_ID] = str(user_input.get(CONF_API_ID, "")).strip()
    secret = str(user_input.get(CONF_API_SECRET) or "").strip()
    if not secret and current is not None:
        secret = str(current.get(CONF_API_SECRET, ""))  # left empty: keep the stored one
    data[CONF_API_SECRET] = secret
    for field in (CONF_API_ID, CONF_API_SECRET):
        if error := credential_error(data[field]):
            errors[field] = error
    data[CONF_INVERTER_SERIAL] = str(user_input.get(CONF_INVERTER_SERIAL, "")).strip().upper()
    if error := serial_error(data[CONF_INVERTER_SERIAL]):
        errors[CONF_INVERTER_SERIAL] = error
    data[CONF_TIME_ZONE] = str(user_input.get(CONF_TIME_ZONE, "")).strip()
    if await async_find_time_zone(hass, data[CONF_TIME_ZONE]) is None:
        errors[CONF_TIME_ZONE] = "invalid_time_zone"
    data[CONF_MIN_W] = whole_or_raw(user_input.get(CONF_MIN_W))
    data[CONF_MAX_W] = whole_or_raw(user_input.get(CONF_MAX_W))
    if error := bounds_error(data[CONF_MIN_W], data[CONF_MAX_W]):
        errors[CONF_MAX_W] = error
    if current is None:
        data[CONF_DEFAULT_PEAK_SHAVING_W] = whole_or_raw(
            user_input.get(CONF_DEFAULT_PEAK_SHAVING_W)
        )
        data[CONF_DEFAULT_GRID_CHARGING] = bool(user_input.get(CONF_DEFAULT_GRID_CHARGING))
        if CONF_MAX_W not in errors and (
            error := peak_shaving_error(
                data[CONF_DEFAULT_PEAK_SHAVING_W], Bounds(data[CONF_MIN_W], data[CONF_MAX_W])
            )
        ):
            errors[CONF_DEFAULT_PEAK_SHAVING_W] = error
    for field in (CONF_PEAK_SHAVING_CID, CONF_GRID_CHARGING_CID, CONF_STORAGE_MODE_CID):
        data[field] = whole_or_raw(user_input.get(field))
        if error := cid_error(data[field]):
            errors[field] = error
    data[CONF_GRID_CHARGING_METHOD] = GridChargingMethod(
        user_input.get(CONF_GRID_CHARGING_METHOD, GridChargingMethod.SWITCH)
    ).value
    return title, data, errors
