"""Config flow: create a home, reconfigure it, tune its options, and renew a plant's credentials."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, CONF_NAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.generated.currencies import ACTIVE_CURRENCIES
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
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
from homeassistant.util import slugify

from .appliances.config import SUBENTRY_APPLIANCE, parse_appliance
from .appliances.flow import ApplianceSubentryFlow
from .autopilot.grid_sensors import CONF_GRID_SENSORS, GridSensorConfig, threshold_error
from .billing.config import BILLING_SECTION_SCHEMA, CONF_BILLING, validate_billing_options
from .const import (
    CARBON_UNITS,
    CONF_AUTOPILOT_DEFAULT,
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
    DEFAULT_REGION,
    DEFAULT_SCHEDULE_GRACE_MINUTES,
    DEFAULT_TARIFF,
    DOMAIN,
    MAX_BEST_WINDOW_MINUTES,
    MAX_NAME_LENGTH,
    MAX_NORMAL_RATE,
    MAX_PEAK_WARNING_MINUTES,
    MAX_SCHEDULE_GRACE_MINUTES,
    MIN_BEST_WINDOW_MINUTES,
    TARIFF_CUSTOM,
)
from .engine.carbon import regional_profiles
from .engine.errors import EngineError
from .engine.tariff import day_spec, format_day_text, parse_day, parse_day_text, presets
from .home.config import async_find_time_zone, async_load_builtin_data
from .insight.config import (
    CONF_CONSUMPTION_SENSOR,
    CONF_CONSUMPTION_SOURCE,
    ConsumptionSource,
    validate_consumption_options,
)
from .insight.manager import APPLIANCE_ENERGY_KEY
from .insight.settings import (
    ANOMALY_SETTINGS_SCHEMA,
    CONF_ANOMALY_SETTINGS,
    anomaly_settings_defaults,
    validate_anomaly_settings,
)
from .plant.config import CONF_API_ID, CONF_API_SECRET, SUBENTRY_PLANT, credential_error
from .plant.connection import async_test_connection
from .plant.flow import PlantSubentryFlow
from .plant.repairs import REAUTH_PLANT_ID


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
                    options=[*presets(), TARIFF_CUSTOM],
                    mode=SelectSelectorMode.DROPDOWN,
                    translation_key=CONF_TARIFF,
                )
            ),
            vol.Optional(CONF_NORMAL_RATE): NumberSelector(
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


CUSTOM_TARIFF_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_WEEKDAY): TextSelector(TextSelectorConfig(multiline=True)),
        vol.Optional(CONF_WEEKEND): TextSelector(TextSelectorConfig(multiline=True)),
    }
)


REAUTH_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_API_ID): TextSelector(),
        vol.Required(CONF_API_SECRET): TextSelector(
            TextSelectorConfig(type=TextSelectorType.PASSWORD)
        ),
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
    hass: HomeAssistant, user_input: dict[str, Any]
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
    if data[CONF_TARIFF] == TARIFF_CUSTOM:
        data.pop(CONF_NORMAL_RATE, None)  # custom slots carry their own rates
    elif CONF_NORMAL_RATE not in data:
        errors[CONF_NORMAL_RATE] = "rate_required"
    else:
        rate = float(data[CONF_NORMAL_RATE])
        if not math.isfinite(rate) or not 0 < rate <= MAX_NORMAL_RATE:
            errors[CONF_NORMAL_RATE] = "invalid_rate"
    data[CONF_CURRENCY] = str(data[CONF_CURRENCY]).strip().upper()
    if data[CONF_CURRENCY] not in ACTIVE_CURRENCIES:
        errors[CONF_CURRENCY] = "invalid_currency"
    data[CONF_TIME_ZONE] = str(data[CONF_TIME_ZONE]).strip()
    if await async_find_time_zone(hass, data[CONF_TIME_ZONE]) is None:
        errors[CONF_TIME_ZONE] = "invalid_time_zone"
    return data, errors


def _custom_tariff_text(data: Mapping[str, Any]) -> dict[str, str]:
    """The stored custom tariff as the text the user typed (for editing it again)."""
    custom = data.get(CONF_CUSTOM_TARIFF)
    if not custom:
        return {}
    text = {CONF_WEEKDAY: format_day_text(parse_day(custom[CONF_WEEKDAY]))}
    if custom.get(CONF_WEEKEND):
        text[CONF_WEEKEND] = format_day_text(parse_day(custom[CONF_WEEKEND]))
    return text


class VoltWiseConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create one config entry per home."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Remember the first step's answers while the tariff's slots are asked for."""
        self._home: dict[str, Any] = {}
        self._reauth_plant_id = ""

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> VoltWiseOptionsFlow:
        """Tunables of an existing home."""
        return VoltWiseOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """A home's appliances and plants are its subentries."""
        return {SUBENTRY_APPLIANCE: ApplianceSubentryFlow, SUBENTRY_PLANT: PlantSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the home's name, region, tariff, currency and time zone."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data, errors = await _async_validate_home(self.hass, user_input)
            if not errors:
                await self.async_set_unique_id(slugify(data[CONF_NAME]))
                self._abort_if_unique_id_configured()
                return await self._async_finish_home(data)
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
            data, errors = await _async_validate_home(self.hass, user_input)
            if not errors and self._name_taken_by_other_home(slugify(data[CONF_NAME]), entry):
                errors[CONF_NAME] = "name_in_use"
            if not errors:
                return await self._async_finish_home(data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                await _async_home_schema(self.hass), user_input or entry.data
            ),
            errors=errors,
        )

    async def _async_finish_home(self, data: dict[str, Any]) -> ConfigFlowResult:
        """Save the home, after asking for its slots when the tariff is custom."""
        data.pop(CONF_CUSTOM_TARIFF, None)
        self._home = data
        if data[CONF_TARIFF] == TARIFF_CUSTOM:
            return await self.async_step_custom_tariff()
        return self._save_home()

    async def async_step_custom_tariff(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Slots of a custom tariff, one per line, for weekdays and (optionally) weekends."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            custom: dict[str, Any] = {}
            for field in (CONF_WEEKDAY, CONF_WEEKEND):
                text = str(user_input.get(field) or "").strip()
                if field == CONF_WEEKEND and not text:
                    continue
                try:
                    custom[field] = day_spec(parse_day_text(text))
                except EngineError as err:
                    errors[field] = err.code
                    placeholders = err.placeholders
                    break
            if not errors:
                self._home[CONF_CUSTOM_TARIFF] = custom
                return self._save_home()
        suggested: Mapping[str, Any] = user_input or (
            _custom_tariff_text(self._get_reconfigure_entry().data)
            if self.source == SOURCE_RECONFIGURE
            else {}
        )
        return self.async_show_form(
            step_id="custom_tariff",
            data_schema=self.add_suggested_values_to_schema(CUSTOM_TARIFF_SCHEMA, suggested),
            errors=errors,
            description_placeholders=placeholders or None,
        )

    def _save_home(self) -> ConfigFlowResult:
        data = self._home
        if self.source == SOURCE_RECONFIGURE:
            # The entry's update listener reloads it (see __init__.py).
            return self.async_update_and_abort(
                self._get_reconfigure_entry(),
                unique_id=slugify(data[CONF_NAME]),
                title=data[CONF_NAME],
                data=data,
            )
        return self.async_create_entry(
            title=data[CONF_NAME], data={**data, CONF_AUTOPILOT_DEFAULT: True}
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """A plant's SolisCloud credentials stopped working (started by the plant itself).

        Home Assistant 2026.2 has no reauthentication for config subentries, so the plant asks
        for it through its home's entry and names itself in the flow's data. The plant exists
        for as long as this flow does: removing it reloads the home, and Home Assistant aborts
        the home's reauthentication flows whenever it reloads (or removes) the home.
        """
        self._reauth_plant_id = str(entry_data[REAUTH_PLANT_ID])
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """New API ID and secret for the plant, tested before they replace the old ones."""
        entry = self._get_reauth_entry()
        subentry = entry.subentries[self._reauth_plant_id]
        errors: dict[str, str] = {}
        if user_input is not None:
            credentials = {
                field: str(user_input.get(field) or "").strip()
                for field in (CONF_API_ID, CONF_API_SECRET)
            }
            for field, value in credentials.items():
                if error := credential_error(value):
                    errors[field] = error
            if not errors:
                errors = await async_test_connection(self.hass, {**subentry.data, **credentials})
            if not errors:
                # The home's update listener reloads it, and the plant starts again.
                self.hass.config_entries.async_update_subentry(
                    entry, subentry, data={**subentry.data, **credentials}
                )
                return self.async_abort(reason="reauth_successful")
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                REAUTH_SCHEMA, user_input or {CONF_API_ID: subentry.data.get(CONF_API_ID, "")}
            ),
            errors=errors,
            description_placeholders={"plant": subentry.title},
        )

    def _name_taken_by_other_home(self, unique_id: str, entry: ConfigEntry) -> bool:
        return any(
            other.unique_id == unique_id and other.entry_id != entry.entry_id
            for other in self._async_current_entries(include_ignore=False)
        )


def _limit(unit: str, step: float) -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=step, unit_of_measurement=unit)
    )


_GRID_DEFAULTS = GridSensorConfig()
_GRID_FIELDS: dict[vol.Marker, Any] = {
    vol.Optional("frequency_sensor"): EntitySelector(EntitySelectorConfig(domain="sensor")),
    vol.Optional("voltage_sensor"): EntitySelector(EntitySelectorConfig(domain="sensor")),
    vol.Optional("mains_sensor"): EntitySelector(EntitySelectorConfig(domain="binary_sensor")),
}
_GRID_LIMITS: dict[vol.Marker, Any] = {
    vol.Required(name, default=getattr(_GRID_DEFAULTS, name)): _limit(unit, step)
    for name, unit, step in (
        ("frequency_warning_hz", "Hz", 0.01),
        ("frequency_warning_seconds", "s", 1),
        ("frequency_critical_hz", "Hz", 0.01),
        ("frequency_critical_seconds", "s", 1),
        ("voltage_warning_low", "V", 1),
        ("voltage_warning_high", "V", 1),
        ("voltage_warning_seconds", "s", 1),
        ("voltage_critical_low", "V", 1),
        ("voltage_critical_high", "V", 1),
        ("voltage_critical_seconds", "s", 1),
    )
}
GRID_SENSORS_SCHEMA = vol.Schema({**_GRID_FIELDS, **_GRID_LIMITS})

OPTIONS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NOTIFY): BooleanSelector(),
        vol.Optional(CONF_NOTIFY_ENTITY): EntitySelector(EntitySelectorConfig(domain="notify")),
        vol.Optional(CONF_NOTIFY_SERVICE): TextSelector(),
        vol.Required(CONF_PEAK_WARNING_MINUTES): NumberSelector(
            NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1, unit_of_measurement="min")
        ),
        vol.Required(CONF_BEST_WINDOW_MINUTES): NumberSelector(
            NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=5, unit_of_measurement="min")
        ),
        vol.Required(CONF_SCHEDULE_GRACE_MINUTES): NumberSelector(
            NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1, unit_of_measurement="min")
        ),
        vol.Optional(CONF_CARBON_SENSOR): EntitySelector(EntitySelectorConfig(domain="sensor")),
        vol.Optional(CONF_GRID_SENSORS): section(GRID_SENSORS_SCHEMA, {"collapsed": True}),
        vol.Optional(CONF_CONSUMPTION_SOURCE, default=ConsumptionSource.NONE.value): SelectSelector(
            SelectSelectorConfig(
                options=[source.value for source in ConsumptionSource],
                translation_key=CONF_CONSUMPTION_SOURCE,
            )
        ),
        vol.Optional(CONF_CONSUMPTION_SENSOR): EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class="energy")
        ),
        vol.Optional(CONF_ANOMALY_SETTINGS): section(ANOMALY_SETTINGS_SCHEMA, {"collapsed": True}),
        vol.Optional(CONF_BILLING): section(BILLING_SECTION_SCHEMA, {"collapsed": True}),
    }
)


def _whole_home_meter(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, str]:
    """The energy sensor of a node metering the home's mains, offered as its consumption meter."""
    registry = er.async_get(hass)
    found = [
        entity_id
        for subentry in entry.subentries.values()
        if subentry.subentry_type == SUBENTRY_APPLIANCE
        and parse_appliance(subentry.subentry_id, subentry.title, subentry.data).whole_home
        and (
            entity_id := registry.async_get_entity_id(
                "sensor", DOMAIN, f"{entry.entry_id}_{subentry.subentry_id}_{APPLIANCE_ENERGY_KEY}"
            )
        )
    ]
    return {CONF_CONSUMPTION_SENSOR: found[0]} if found else {}


class VoltWiseOptionsFlow(OptionsFlow):
    """Tunables that change how a home behaves, not what it is."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Notifications, lead times and the live carbon source."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = self._validate(user_input)
            if not errors:
                return self.async_create_entry(data=options)
        current: Mapping[str, Any] = user_input or {
            CONF_NOTIFY: DEFAULT_NOTIFY,
            CONF_PEAK_WARNING_MINUTES: DEFAULT_PEAK_WARNING_MINUTES,
            CONF_BEST_WINDOW_MINUTES: DEFAULT_BEST_WINDOW_MINUTES,
            CONF_SCHEDULE_GRACE_MINUTES: DEFAULT_SCHEDULE_GRACE_MINUTES,
            CONF_CONSUMPTION_SOURCE: ConsumptionSource.NONE.value,
            CONF_ANOMALY_SETTINGS: anomaly_settings_defaults(),
            **_whole_home_meter(self.hass, self.config_entry),
            **self.config_entry.options,
        }
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(OPTIONS_SCHEMA, current),
            errors=errors,
        )

    def _validate(self, user_input: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        errors: dict[str, str] = {}
        options: dict[str, Any] = {CONF_NOTIFY: bool(user_input[CONF_NOTIFY])}
        for field, low, high, error in (
            (CONF_PEAK_WARNING_MINUTES, 0, MAX_PEAK_WARNING_MINUTES, "invalid_peak_warning"),
            (
                CONF_BEST_WINDOW_MINUTES,
                MIN_BEST_WINDOW_MINUTES,
                MAX_BEST_WINDOW_MINUTES,
                "invalid_best_window",
            ),
            (
                CONF_SCHEDULE_GRACE_MINUTES,
                0,
                MAX_SCHEDULE_GRACE_MINUTES,
                "invalid_schedule_grace",
            ),
        ):
            minutes = float(user_input[field])
            if minutes.is_integer() and low <= minutes <= high:
                options[field] = int(minutes)
            else:
                errors[field] = error
        targets, target_errors = self._notify_targets(user_input)
        options.update(targets)
        errors.update(target_errors)
        if grid := user_input.get(CONF_GRID_SENSORS):
            limits = {key: float(value) for key, value in grid.items() if "sensor" not in key}
            chosen = {key: value for key, value in grid.items() if "sensor" in key and value}
            config = GridSensorConfig.from_options({CONF_GRID_SENSORS: {**chosen, **limits}})
            if threshold_error(config) is not None:
                errors[CONF_GRID_SENSORS] = "invalid_grid_thresholds"
            else:
                options[CONF_GRID_SENSORS] = {**chosen, **limits}
        if sensor := user_input.get(CONF_CARBON_SENSOR):
            state = self.hass.states.get(sensor)
            if state is None:
                errors[CONF_CARBON_SENSOR] = "carbon_sensor_missing"
            elif state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) not in CARBON_UNITS:
                errors[CONF_CARBON_SENSOR] = "carbon_sensor_unit"
            options[CONF_CARBON_SENSOR] = sensor
        if anomaly := user_input.get(CONF_ANOMALY_SETTINGS):
            settings, settings_error = validate_anomaly_settings(anomaly)
            if settings_error is not None:
                errors[CONF_ANOMALY_SETTINGS] = settings_error
            else:
                options[CONF_ANOMALY_SETTINGS] = settings
        consumption, consumption_errors = validate_consumption_options(
            self.hass.states.get, user_input
        )
        bill, bill_errors = validate_billing_options(user_input)
        return {**options, **consumption, **bill}, {**errors, **consumption_errors, **bill_errors}

    def _notify_targets(
        self, user_input: Mapping[str, Any]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The notify entity and the legacy notify service, each checked to exist now."""
        options: dict[str, str] = {}
        errors: dict[str, str] = {}
        if entity := user_input.get(CONF_NOTIFY_ENTITY):
            if self.hass.states.get(entity) is not None:
                options[CONF_NOTIFY_ENTITY] = entity
            else:
                errors[CONF_NOTIFY_ENTITY] = "notify_entity_missing"
        if raw := str(user_input.get(CONF_NOTIFY_SERVICE) or "").strip():
            # notify.send_message needs an entity: it is the entity target's, not a service one.
            name = raw.removeprefix("notify.")
            if name != "send_message" and self.hass.services.has_service("notify", name):
                options[CONF_NOTIFY_SERVICE] = name
            else:
                errors[CONF_NOTIFY_SERVICE] = "notify_service_missing"
        return options, errors
