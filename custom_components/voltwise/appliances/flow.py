"""Add, edit and remove a home's appliances in the UI (config subentries of the home).

One form for what every appliance has (name, watts, category, typical cycle), then one for its
backend. Every field is validated with a translated error, and nothing is saved until the last
step succeeds; cancelling leaves the home as it was.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentryFlow, SubentryFlowResult
from homeassistant.const import CONF_NAME
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

from ..autopilot.form import autopilot_fields, autopilot_suggestions, validate_autopilot
from ..autopilot.settings import CONF_AUTOPILOT, autopilot_settings, available_actions
from ..const import DOMAIN, MAX_NAME_LENGTH
from ..engine.appliance_catalogue import AppliancePreset, appliance_presets
from ..engine.autopilot import PreferredAction
from .backends.ha_entity import power_from_state
from .backends.tuya_lan import async_probe_tuya
from .config import (
    CLIMATE_DOMAIN,
    CONF_BACKEND,
    CONF_CATEGORY,
    CONF_CYCLE_MINUTES,
    CONF_CYCLE_PROFILE,
    CONF_DEVICE_ID,
    CONF_DPS,
    CONF_ECO_W,
    CONF_ENTITY_ID,
    CONF_HOST,
    CONF_LOCAL_KEY,
    CONF_MONITOR_ONLY,
    CONF_MQTT_HOME_ID,
    CONF_NAMEPLATE_W,
    CONF_NODE_ID,
    CONF_PORT,
    CONF_POWER_SENSOR,
    CONF_PROFILE_STEP_MINUTES,
    CONF_PROTOCOL_VERSION,
    CONF_RELAY,
    CONF_WHOLE_HOME,
    DEFAULT_PROFILE_STEP_MINUTES,
    MAX_CYCLE_MINUTES,
    SUBENTRY_APPLIANCE,
    SWITCHABLE_DOMAINS,
    TUYA_PORT,
    TUYA_VERSIONS,
    ApplianceConfig,
    TuyaConfig,
    TuyaDps,
    dp_error,
    host_error,
    mqtt_id_error,
    mqtt_unique_id,
    parse_appliance,
    port_error,
    relay_error,
    scale_error,
    tuya_device_id_error,
    tuya_local_key_error,
    tuya_version_error,
    watts_error,
)
from .model import BackendKind, Category
from .presets import CONF_PRESET, preset_form_values, preset_selector, profile_text

# Backends a user can choose when adding an appliance.
BACKENDS: tuple[BackendKind, ...] = tuple(BackendKind)
MAX_PROFILE_STEPS = 288  # 24 h at 5-minute steps
MAX_PROFILE_STEP_MINUTES = 240

# No min/max on the selectors: out-of-range values get the validators' translated errors
# (a schema rejection would only say "invalid").
_WATTS = NumberSelector(
    NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any", unit_of_measurement="W")
)
_MINUTES = NumberSelector(
    NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any", unit_of_measurement="min")
)


def _common_schema(presets: Mapping[str, AppliancePreset] | None = None) -> vol.Schema:
    """Fields every appliance has; when adding, also the catalogue and the backend.

    When adding, the name and watts are optional to the form (the validators still demand them
    with translated errors) so that a preset can be picked before anything is typed.
    """
    fields: dict[vol.Marker, Any] = {}
    if presets is not None:
        fields[vol.Optional(CONF_PRESET)] = preset_selector(presets)
        fields[vol.Optional(CONF_NAME)] = TextSelector()
        fields[vol.Required(CONF_BACKEND)] = SelectSelector(
            SelectSelectorConfig(
                options=[backend.value for backend in BACKENDS],
                mode=SelectSelectorMode.LIST,
                translation_key=CONF_BACKEND,
            )
        )
        fields[vol.Optional(CONF_NAMEPLATE_W)] = _WATTS
    else:
        fields[vol.Required(CONF_NAME)] = TextSelector()
        fields[vol.Required(CONF_NAMEPLATE_W)] = _WATTS
    fields.update(
        {
            vol.Optional(CONF_ECO_W): _WATTS,
            vol.Required(CONF_CATEGORY): SelectSelector(
                SelectSelectorConfig(
                    options=[category.value for category in Category],
                    mode=SelectSelectorMode.LIST,
                    translation_key=CONF_CATEGORY,
                )
            ),
            vol.Optional(CONF_CYCLE_MINUTES): _MINUTES,
            vol.Optional(CONF_CYCLE_PROFILE): TextSelector(),
            vol.Optional(CONF_PROFILE_STEP_MINUTES): _MINUTES,
        }
    )
    return vol.Schema(fields)


HA_ENTITY_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_ENTITY_ID): EntitySelector(
            EntitySelectorConfig(domain=list(SWITCHABLE_DOMAINS))
        ),
        vol.Optional(CONF_POWER_SENSOR): EntitySelector(
            EntitySelectorConfig(domain="sensor", device_class=SensorDeviceClass.POWER)
        ),
    }
)


def _tuya_schema(*, key_known: bool) -> vol.Schema:
    """The plug's address and key; a key already known (stored or typed) may be left empty."""
    key = vol.Optional(CONF_LOCAL_KEY) if key_known else vol.Required(CONF_LOCAL_KEY)
    return vol.Schema(
        {
            vol.Required(CONF_DEVICE_ID): TextSelector(),
            vol.Required(CONF_HOST): TextSelector(),
            key: TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD)),
            vol.Required(CONF_PROTOCOL_VERSION): SelectSelector(
                SelectSelectorConfig(options=list(TUYA_VERSIONS), mode=SelectSelectorMode.LIST)
            ),
            vol.Optional(CONF_PORT): NumberSelector(
                NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1)
            ),
        }
    )


# The form's fields that are shown again as typed (or as stored); never the local key.
_TUYA_SHOWN = (CONF_DEVICE_ID, CONF_HOST, CONF_PROTOCOL_VERSION, CONF_PORT)
MQTT_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_MQTT_HOME_ID): TextSelector(),
        vol.Required(CONF_NODE_ID): TextSelector(),
        vol.Optional(CONF_RELAY): NumberSelector(
            NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1)
        ),
        vol.Optional(CONF_MONITOR_ONLY): BooleanSelector(),
        vol.Optional(CONF_WHOLE_HOME): BooleanSelector(),
    }
)
# Data point fields: (data point key, scale key or None) in the order the form shows them.
DP_FIELDS: tuple[tuple[str, str | None], ...] = (
    ("switch", None),
    ("power", "power_scale"),
    ("energy", "energy_scale"),
    ("voltage", "voltage_scale"),
    ("current", "current_scale"),
)
_DP = NumberSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step=1))
_SCALE = NumberSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any"))


def _dps_schema() -> vol.Schema:
    fields: dict[vol.Marker, Any] = {vol.Required("switch"): _DP}
    for dp, scale in DP_FIELDS[1:]:
        fields[vol.Optional(dp)] = _DP
        fields[vol.Required(str(scale))] = _SCALE
    return vol.Schema(fields)


def _validate_dps(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The data point mapping (empty optional dps: the plug does not report that value)."""
    errors: dict[str, str] = {}
    mapping: dict[str, Any] = {}
    for dp, scale in DP_FIELDS:
        value: Any = user_input.get(dp)
        if error := dp_error(value, required=scale is None):
            errors[dp] = error
        else:
            mapping[dp] = None if value is None or value == "" else int(value)
        if scale is not None:
            if error := scale_error(user_input.get(scale)):
                errors[scale] = error
            else:
                mapping[scale] = float(user_input[scale])
    return mapping, errors


def parse_profile(text: str) -> list[float] | None:
    """Power values (kW) separated by commas, semicolons or spaces; None when unusable."""
    parts = [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]
    try:
        values = [float(part) for part in parts]
    except ValueError:
        return None
    if not values or len(values) > MAX_PROFILE_STEPS:
        return None
    if any(not math.isfinite(value) or value < 0 for value in values):
        return None
    return values


def _actions(appliance: ApplianceConfig) -> list[PreferredAction]:
    """The autopilot's preferred actions this appliance can carry out."""
    return available_actions(
        can_eco=appliance.supports_eco,
        can_limit=appliance.supports_level,
        can_switch=appliance.supports_switch,
    )


def _validate_common(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise the common fields; returns the data and a field -> error key map."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {CONF_NAME: str(user_input.get(CONF_NAME) or "").strip()}
    if not data[CONF_NAME] or not any(char.isalnum() for char in data[CONF_NAME]):
        errors[CONF_NAME] = "name_invalid"
    elif len(data[CONF_NAME]) > MAX_NAME_LENGTH:
        errors[CONF_NAME] = "name_too_long"
    if error := watts_error(user_input.get(CONF_NAMEPLATE_W)):
        errors[CONF_NAMEPLATE_W] = error
    else:
        data[CONF_NAMEPLATE_W] = float(user_input[CONF_NAMEPLATE_W])
    eco = user_input.get(CONF_ECO_W)
    if error := watts_error(eco, required=False):
        errors[CONF_ECO_W] = error
    elif eco is not None:
        data[CONF_ECO_W] = float(eco)
        if CONF_NAMEPLATE_W in data and data[CONF_ECO_W] > data[CONF_NAMEPLATE_W]:
            errors[CONF_ECO_W] = "eco_above_nameplate"
    data[CONF_CATEGORY] = Category(user_input[CONF_CATEGORY]).value
    minutes = user_input.get(CONF_CYCLE_MINUTES)
    profile_text = str(user_input.get(CONF_CYCLE_PROFILE) or "").strip()
    if minutes is not None and profile_text:
        errors[CONF_CYCLE_PROFILE] = "cycle_duration_or_profile"
    elif minutes is not None:
        if float(minutes).is_integer() and 1 <= minutes <= MAX_CYCLE_MINUTES:
            data[CONF_CYCLE_MINUTES] = int(minutes)
        else:
            errors[CONF_CYCLE_MINUTES] = "invalid_cycle_minutes"
    elif profile_text:
        step = user_input.get(CONF_PROFILE_STEP_MINUTES) or DEFAULT_PROFILE_STEP_MINUTES
        profile = parse_profile(profile_text)
        if profile is None:
            errors[CONF_CYCLE_PROFILE] = "invalid_profile"
        elif not (float(step).is_integer() and 1 <= step <= MAX_PROFILE_STEP_MINUTES):
            errors[CONF_PROFILE_STEP_MINUTES] = "invalid_profile_step"
        else:
            data[CONF_CYCLE_PROFILE] = profile
            data[CONF_PROFILE_STEP_MINUTES] = int(step)
    return data, errors


class ApplianceSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure one appliance of a home."""

    def __init__(self) -> None:
        """Answers are kept here until the last step saves them."""
        self._data: dict[str, Any] = {}
        self._backend = BackendKind.VIRTUAL
        self._preset: str | None = None

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """What the appliance is (typed, or filled from the catalogue), and how it is reached."""
        presets = await self.hass.async_add_executor_job(appliance_presets)
        errors: dict[str, str] = {}
        picked = None if user_input is None else user_input.get(CONF_PRESET)
        if user_input is not None and picked is not None and picked != self._preset:
            # A new pick fills the form (what was typed gives way); nothing is validated yet.
            self._preset = picked
            user_input = {
                CONF_PRESET: picked,
                CONF_BACKEND: user_input[CONF_BACKEND],
                **preset_form_values(presets[picked]),
            }
        elif user_input is not None:
            data, errors = _validate_common(user_input)
            self._check_name(data, errors)
            if not errors:
                self._backend = BackendKind(user_input[CONF_BACKEND])
                self._data = {**data, CONF_BACKEND: self._backend.value}
                return await self._async_backend_step()
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                _common_schema(presets),
                user_input
                or {CONF_BACKEND: BackendKind.VIRTUAL.value, CONF_CATEGORY: Category.SHIFTABLE},
            ),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change an appliance; its backend stays, its entities and history too.

        A shiftable appliance's form also holds its autopilot settings (the same values its
        autopilot entities edit); the preferred action offers only what it can do.
        """
        subentry = self._get_reconfigure_subentry()
        self._backend = BackendKind(subentry.data[CONF_BACKEND])
        stored = parse_appliance(subentry.subentry_id, subentry.title, subentry.data)
        actions = _actions(stored) if stored.shiftable else None
        errors: dict[str, str] = {}
        if user_input is not None:
            data, errors = _validate_common(user_input)
            self._check_name(data, errors)
            new_data = {**subentry.data, **data, CONF_BACKEND: self._backend.value}
            for optional in (CONF_ECO_W, CONF_CYCLE_MINUTES, CONF_CYCLE_PROFILE):
                if optional not in data:
                    new_data.pop(optional, None)
            if actions is not None and not errors:
                # What it can do with this form's answers (eco watts removed: no eco mode).
                changed = parse_appliance(subentry.subentry_id, data[CONF_NAME], new_data)
                changes, errors = validate_autopilot(user_input, _actions(changed))
                if changes:
                    settings = autopilot_settings(subentry.data).with_changes(changes)
                    new_data[CONF_AUTOPILOT] = settings.as_dict()
            if not errors:
                self._data = new_data
                return await self._async_backend_step()
        suggested = user_input or {
            **subentry.data,
            **(
                {}
                if actions is None
                else autopilot_suggestions(autopilot_settings(subentry.data), actions)
            ),
            CONF_NAME: subentry.title,
            CONF_CYCLE_PROFILE: profile_text(subentry.data.get(CONF_CYCLE_PROFILE)),
        }
        schema = _common_schema()
        if actions is not None:
            climate = stored.level_domain == CLIMATE_DOMAIN
            schema = schema.extend(autopilot_fields(actions, climate=climate))
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
        )

    async def async_step_ha_entity(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """The Home Assistant entity that switches the appliance, and its power sensor."""
        errors: dict[str, str] = {}
        if user_input is not None:
            entity_id = user_input[CONF_ENTITY_ID]
            sensor = user_input.get(CONF_POWER_SENSOR) or None
            registry = er.async_get(self.hass)
            if self.hass.states.get(entity_id) is None:
                errors[CONF_ENTITY_ID] = "entity_not_found"
            elif (entry := registry.async_get(entity_id)) is not None and entry.platform == DOMAIN:
                errors[CONF_ENTITY_ID] = "entity_is_voltwise"
            if sensor is not None and power_from_state(self.hass.states.get(sensor)) is None:
                errors[CONF_POWER_SENSOR] = "power_sensor_invalid"
            unique_id = f"{BackendKind.HA_ENTITY}:{entity_id}"
            if not errors and self._unique_id_taken(unique_id):
                errors["base"] = "already_configured"
            if not errors:
                self._data[CONF_ENTITY_ID] = entity_id
                self._data.pop(CONF_POWER_SENSOR, None)
                if sensor is not None:
                    self._data[CONF_POWER_SENSOR] = sensor
                return self._async_save(unique_id)
        return self.async_show_form(
            step_id="ha_entity",
            data_schema=self.add_suggested_values_to_schema(
                HA_ENTITY_SCHEMA, user_input or self._data
            ),
            errors=errors,
        )

    async def async_step_tuya(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Where the plug is and its local key; the plug must answer before it is saved.

        The key is never sent back to the browser: a key already known (the stored one when
        reconfiguring, or one typed earlier in this flow) is kept when the field is left empty.
        """
        errors: dict[str, str] = {}
        if user_input is not None:
            port = user_input.get(CONF_PORT)
            values: dict[str, Any] = {
                CONF_DEVICE_ID: str(user_input[CONF_DEVICE_ID]).strip(),
                CONF_HOST: str(user_input[CONF_HOST]).strip(),
                CONF_LOCAL_KEY: str(user_input.get(CONF_LOCAL_KEY) or "")
                or self._data.get(CONF_LOCAL_KEY, ""),
                CONF_PROTOCOL_VERSION: str(user_input[CONF_PROTOCOL_VERSION]),
                # Only a port left empty means Tuya's; 0 is refused like any invalid port.
                CONF_PORT: TUYA_PORT if port is None else port,
            }
            for field, check in (
                (CONF_DEVICE_ID, tuya_device_id_error),
                (CONF_HOST, host_error),
                (CONF_LOCAL_KEY, tuya_local_key_error),
                (CONF_PROTOCOL_VERSION, tuya_version_error),
                (CONF_PORT, port_error),
            ):
                if error := check(values[field]):
                    errors[field] = error
            if CONF_LOCAL_KEY not in errors:
                # Remembered server-side, so a form shown again need not carry it.
                self._data[CONF_LOCAL_KEY] = values[CONF_LOCAL_KEY]
            unique_id = f"{BackendKind.TUYA}:{values[CONF_DEVICE_ID]}"
            if not errors and self._unique_id_taken(unique_id):
                errors[CONF_DEVICE_ID] = "already_configured"
            if not errors:
                values[CONF_PORT] = int(values[CONF_PORT])
                probe = TuyaConfig(
                    device_id=values[CONF_DEVICE_ID],
                    host=values[CONF_HOST],
                    local_key=values[CONF_LOCAL_KEY],
                    protocol_version=values[CONF_PROTOCOL_VERSION],
                    dps=TuyaDps(),
                    port=values[CONF_PORT],
                )
                if error := await async_probe_tuya(self.hass, probe):
                    errors["base"] = error
            if not errors:
                self._data.update(values)
                return await self.async_step_tuya_dps()
        shown = user_input or {CONF_PROTOCOL_VERSION: "3.3", **self._data}
        return self.async_show_form(
            step_id="tuya",
            data_schema=self.add_suggested_values_to_schema(
                _tuya_schema(key_known=bool(self._data.get(CONF_LOCAL_KEY))),
                {key: shown[key] for key in _TUYA_SHOWN if key in shown},
            ),
            errors=errors,
        )

    async def async_step_tuya_dps(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Which data point is which; the defaults fit the common plug."""
        errors: dict[str, str] = {}
        if user_input is not None:
            mapping, errors = _validate_dps(user_input)
            if not errors:
                self._data[CONF_DPS] = TuyaDps.from_dict(mapping).as_dict()
                return self._async_save(f"{BackendKind.TUYA}:{self._data[CONF_DEVICE_ID]}")
        current = TuyaDps.from_dict(self._data.get(CONF_DPS)).as_dict()
        suggested = user_input or {
            key: value for key, value in current.items() if value is not None
        }
        return self.async_show_form(
            step_id="tuya_dps",
            data_schema=self.add_suggested_values_to_schema(_dps_schema(), suggested),
            errors=errors,
        )

    async def async_step_mqtt(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """The node's place in the topic tree: homesync/{home id}/nodes/{node id}/..."""
        if not self.hass.config_entries.async_loaded_entries("mqtt"):
            return self.async_abort(reason="mqtt_not_configured")
        errors: dict[str, str] = {}
        if user_input is not None:
            values = {
                key: str(user_input[key]).strip() for key in (CONF_MQTT_HOME_ID, CONF_NODE_ID)
            }
            for key, value in values.items():
                if error := mqtt_id_error(value):
                    errors[key] = error
            relay_value = user_input.get(CONF_RELAY)
            relay = 0
            if error := relay_error(relay_value):
                errors[CONF_RELAY] = error
            elif relay_value is not None and relay_value != "":
                relay = int(float(relay_value))
            if user_input.get(CONF_WHOLE_HOME) and not user_input.get(CONF_MONITOR_ONLY):
                # A relay on the mains would switch the whole home off.
                errors[CONF_WHOLE_HOME] = "whole_home_needs_monitor_only"
            unique_id = mqtt_unique_id(values[CONF_MQTT_HOME_ID], values[CONF_NODE_ID], relay)
            if not errors and self._unique_id_taken(unique_id):
                # One appliance per relay of a node: a second would fight the first for it.
                errors[CONF_RELAY if relay else CONF_NODE_ID] = (
                    "relay_in_use" if relay else "already_configured"
                )
            if not errors:
                self._data.update(values)
                # Stored only when set: a single-relay node keeps the data it always had.
                for optional in (CONF_MONITOR_ONLY, CONF_WHOLE_HOME, CONF_RELAY):
                    self._data.pop(optional, None)
                for flag in (CONF_MONITOR_ONLY, CONF_WHOLE_HOME):
                    if user_input.get(flag):
                        self._data[flag] = True
                if relay:
                    self._data[CONF_RELAY] = relay
                return self._async_save(unique_id)
        suggested = user_input or {
            CONF_MQTT_HOME_ID: self._data.get(CONF_MQTT_HOME_ID)
            or slugify(self._get_entry().title, separator="-"),
            CONF_NODE_ID: self._data.get(CONF_NODE_ID, ""),
            CONF_RELAY: self._data.get(CONF_RELAY, 0),
            CONF_MONITOR_ONLY: self._data.get(CONF_MONITOR_ONLY, False),
            CONF_WHOLE_HOME: self._data.get(CONF_WHOLE_HOME, False),
        }
        return self.async_show_form(
            step_id="mqtt",
            data_schema=self.add_suggested_values_to_schema(MQTT_SCHEMA, suggested),
            errors=errors,
        )

    async def _async_backend_step(self) -> SubentryFlowResult:
        if self._backend is BackendKind.HA_ENTITY:
            return await self.async_step_ha_entity()
        if self._backend is BackendKind.TUYA:
            return await self.async_step_tuya()
        if self._backend is BackendKind.MQTT:
            return await self.async_step_mqtt()
        return self._async_save(None)

    def _check_name(self, data: Mapping[str, Any], errors: dict[str, str]) -> None:
        """Appliance names are unique within a home (they name devices and entities)."""
        if CONF_NAME in errors:
            return
        own = self._reconfigure_id()
        name = str(data[CONF_NAME]).casefold()
        if any(
            subentry.subentry_type == SUBENTRY_APPLIANCE
            and subentry.subentry_id != own
            and subentry.title.casefold() == name
            for subentry in self._get_entry().subentries.values()
        ):
            errors[CONF_NAME] = "name_in_use"

    def _reconfigure_id(self) -> str | None:
        if self.source != SOURCE_RECONFIGURE:
            return None
        return self._get_reconfigure_subentry().subentry_id

    def _unique_id_taken(self, unique_id: str) -> bool:
        """Whether another appliance of the home already drives this device."""
        own = self._reconfigure_id()
        return any(
            subentry.unique_id == unique_id and subentry.subentry_id != own
            for subentry in self._get_entry().subentries.values()
        )

    def _async_save(self, unique_id: str | None) -> SubentryFlowResult:
        """Create or update the subentry; the home reloads through its update listener."""
        title = self._data.pop(CONF_NAME)
        if self.source == SOURCE_RECONFIGURE:
            return self.async_update_and_abort(
                self._get_entry(),
                self._get_reconfigure_subentry(),
                title=title,
                data=self._data,
                unique_id=unique_id,
            )
        return self.async_create_entry(title=title, data=self._data, unique_id=unique_id)
