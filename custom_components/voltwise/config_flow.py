"""Config flow: create a home, reconfigure it, and tune its options, all from the UI."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.generated.currencies import ACTIVE_CURRENCIES
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import dt as dt_util, slugify

from .const import (
    CONF_CURRENCY,
    CONF_NORMAL_RATE,
    CONF_NOTIFY,
    CONF_PEAK_WARNING_MINUTES,
    CONF_REGION,
    CONF_TARIFF,
    CONF_TIME_ZONE,
    DEFAULT_NOTIFY,
    DEFAULT_PEAK_WARNING_MINUTES,
    DEFAULT_REGION,
    DEFAULT_TARIFF,
    DOMAIN,
    MAX_NAME_LENGTH,
    MAX_NORMAL_RATE,
    MAX_PEAK_WARNING_MINUTES,
)
from .engine.carbon import regional_profiles
from .engine.tariff import presets
from .home import async_load_builtin_data


async def _async_home_schema(hass: HomeAssistant) -> vol.Schema:
    """Fields of a home; defaults come from suggested values, not the schema."""
    await async_load_builtin_data(hass)
    return vol.Schema(
        {
            vol.Required(CONF_NAME): TextSelector(),
            vol.Required(CONF_REGION): SelectSelector(
                SelectSelectorConfig(
                    options=list(regional_profiles()),
                    mode=SelectSelectorMode.DROPDOWN,
                    translation_key=CONF_REGION,
                )
            ),
            vol.Required(CONF_TARIFF): SelectSelector(
                SelectSelectorConfig(
                    options=list(presets()),
                    mode=SelectSelectorMode.DROPDOWN,
                    translation_key=CONF_TARIFF,
                )
            ),
            vol.Required(CONF_NORMAL_RATE): NumberSelector(
                NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any")
            ),
            # A combo box: pick a listed currency or type a code, validated below.
            vol.Required(CONF_CURRENCY): SelectSelector(
                SelectSelectorConfig(
                    options=sorted(ACTIVE_CURRENCIES),
                    mode=SelectSelectorMode.DROPDOWN,
                    custom_value=True,
                )
            ),
            vol.Required(CONF_TIME_ZONE): TextSelector(),
        }
    )


def _home_defaults(hass: HomeAssistant) -> dict[str, Any]:
    """Suggested values for a new home, taken from Home Assistant's own settings."""
    return {
        CONF_NAME: hass.config.location_name or "Home",
        CONF_REGION: DEFAULT_REGION,
        CONF_TARIFF: DEFAULT_TARIFF,
        CONF_NORMAL_RATE: presets()[DEFAULT_TARIFF].default_rate,
        CONF_CURRENCY: hass.config.currency,
        CONF_TIME_ZONE: hass.config.time_zone,
    }


async def _async_validate_home(
    user_input: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise a submitted home and return it with a field -> error-key map."""
    errors: dict[str, str] = {}
    data = dict(user_input)
    data[CONF_NAME] = str(data[CONF_NAME]).strip()
    if not data[CONF_NAME]:
        errors[CONF_NAME] = "name_required"
    elif len(data[CONF_NAME]) > MAX_NAME_LENGTH:
        errors[CONF_NAME] = "name_too_long"
    elif not any(char.isalnum() for char in data[CONF_NAME]):
        errors[CONF_NAME] = "name_invalid"
    rate = float(data[CONF_NORMAL_RATE])
    if not math.isfinite(rate) or not 0 < rate <= MAX_NORMAL_RATE:
        errors[CONF_NORMAL_RATE] = "invalid_rate"
    data[CONF_CURRENCY] = str(data[CONF_CURRENCY]).strip().upper()
    if data[CONF_CURRENCY] not in ACTIVE_CURRENCIES:
        errors[CONF_CURRENCY] = "invalid_currency"
    data[CONF_TIME_ZONE] = str(data[CONF_TIME_ZONE]).strip()
    if await dt_util.async_get_time_zone(data[CONF_TIME_ZONE]) is None:
        errors[CONF_TIME_ZONE] = "invalid_time_zone"
    return data, errors


class VoltWiseConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create one config entry per home."""

    VERSION = 1
    MINOR_VERSION = 1

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> VoltWiseOptionsFlow:
        """Tunables of an existing home."""
        return VoltWiseOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the home's name, region, tariff, currency and time zone."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data, errors = await _async_validate_home(user_input)
            if not errors:
                await self.async_set_unique_id(slugify(data[CONF_NAME]))
                self._abort_if_unique_id_configured()
                return self.async_create_entry(title=data[CONF_NAME], data=data)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                await _async_home_schema(self.hass), user_input or _home_defaults(self.hass)
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change any of the home's settings; its entities and history stay."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data, errors = await _async_validate_home(user_input)
            unique_id = slugify(data[CONF_NAME])
            if not errors and self._name_taken_by_other_home(unique_id, entry):
                errors[CONF_NAME] = "name_in_use"
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, unique_id=unique_id, title=data[CONF_NAME], data=data
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                await _async_home_schema(self.hass), user_input or entry.data
            ),
            errors=errors,
        )

    def _name_taken_by_other_home(self, unique_id: str, entry: ConfigEntry) -> bool:
        return any(
            other.unique_id == unique_id and other.entry_id != entry.entry_id
            for other in self._async_current_entries(include_ignore=False)
        )


class VoltWiseOptionsFlow(OptionsFlowWithReload):
    """Tunables that change how a home behaves, not what it is."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Notifications and the peak warning lead time."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = _validate_options(user_input)
            if not errors:
                return self.async_create_entry(data=options)
        schema = vol.Schema(
            {
                vol.Required(CONF_NOTIFY): BooleanSelector(),
                vol.Required(CONF_PEAK_WARNING_MINUTES): NumberSelector(
                    NumberSelectorConfig(
                        mode=NumberSelectorMode.BOX, step=1, unit_of_measurement="min"
                    )
                ),
            }
        )
        current: Mapping[str, Any] = user_input or {
            CONF_NOTIFY: DEFAULT_NOTIFY,
            CONF_PEAK_WARNING_MINUTES: DEFAULT_PEAK_WARNING_MINUTES,
            **self.config_entry.options,
        }
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(schema, current),
            errors=errors,
        )


def _validate_options(user_input: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    minutes = float(user_input[CONF_PEAK_WARNING_MINUTES])
    if not minutes.is_integer() or not 0 <= minutes <= MAX_PEAK_WARNING_MINUTES:
        errors[CONF_PEAK_WARNING_MINUTES] = "invalid_peak_warning"
    options = {
        CONF_NOTIFY: bool(user_input[CONF_NOTIFY]),
        CONF_PEAK_WARNING_MINUTES: int(minutes) if not errors else minutes,
    }
    return options, errors
