"""An appliance's configuration (a config subentry of its home), parsed and validated.

The subentry flow and the runtime share these parsers, so what the flow accepts is exactly what
setup can build. Validators return translation keys of form errors (``config_subentries``
section of translations/en.json), never text.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..engine.telemetry import MAX_RELAY
from ..engine.windows import Cycle
from .model import BackendKind, Category

# Subentry type and data keys.
SUBENTRY_APPLIANCE: Final = "appliance"
CONF_BACKEND: Final = "backend"
CONF_NAMEPLATE_W: Final = "nameplate_w"
CONF_ECO_W: Final = "eco_w"
CONF_CATEGORY: Final = "category"
CONF_CYCLE_MINUTES: Final = "cycle_minutes"
CONF_CYCLE_PROFILE: Final = "cycle_profile"  # kW per profile step
CONF_PROFILE_STEP_MINUTES: Final = "profile_step_minutes"
# Home Assistant entity backend.
CONF_ENTITY_ID: Final = "entity_id"
CONF_POWER_SENSOR: Final = "power_sensor"
# Tuya LAN backend.
CONF_DEVICE_ID: Final = "device_id"
CONF_HOST: Final = "host"
CONF_LOCAL_KEY: Final = "local_key"
CONF_PROTOCOL_VERSION: Final = "protocol_version"
CONF_PORT: Final = "port"
CONF_DPS: Final = "dps"
# MQTT meter/relay backend.
CONF_MQTT_HOME_ID: Final = "mqtt_home_id"
CONF_NODE_ID: Final = "node_id"
CONF_MONITOR_ONLY: Final = "monitor_only"  # a meter without a relay (a CT clamp)
CONF_WHOLE_HOME: Final = "whole_home"  # a monitor-only node on the home's mains
CONF_RELAY: Final = "relay"  # which relay of a multi-relay node (0, the first, is not stored)

# Beyond any single household appliance (a 3-phase EV charger draws 22 kW).
MAX_APPLIANCE_W: Final = 50_000.0
DEFAULT_PROFILE_STEP_MINUTES: Final = 5
MAX_CYCLE_MINUTES: Final = 24 * 60
TUYA_VERSIONS: Final = ("3.3", "3.4", "3.5")
TUYA_PORT: Final = 6668
# Domains whose entities switch with <domain>.turn_on / <domain>.turn_off.
SWITCHABLE_DOMAINS: Final = (
    "switch",
    "light",
    "fan",
    "climate",
    "water_heater",
    "humidifier",
    "input_boolean",
    "media_player",
)

# Entities whose power can be limited (limit_power), with the attribute that sets the level and
# its full scale: a light's brightness (0-255), a fan's speed percentage.
LEVEL_ATTRIBUTES: Final = {"light": ("brightness", 255.0), "fan": ("percentage", 100.0)}
# Number entities (a boiler's power setting, a charger's current) are limited by their value: the
# level is the percentage of the entity's range (min to max) the value stands at.
RANGE_DOMAINS: Final = frozenset({"number", "input_number"})
# A climate entity's level is how much of its range the target temperature leaves to work with:
# cooling, from the target up to its max_temp; heating, from its min_temp up to the target. A
# lower level raises a cooling target and lowers a heating one.
CLIMATE_DOMAIN: Final = "climate"
RANGE_FULL_LEVEL: Final = 100.0
# A virtual appliance's level is a percentage of its nameplate.
VIRTUAL_FULL_LEVEL: Final = 100.0

_TUYA_DEVICE_ID = re.compile(r"^[A-Za-z0-9]{10,32}$")
_TUYA_LOCAL_KEY = re.compile(r"^[\x21-\x7e]{16}$")  # 16 printable ASCII characters, no space
_MQTT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")  # no '/', '+', '#', spaces or control chars


@dataclass(frozen=True, slots=True)
class TuyaDps:
    """Which data point carries what, and each value's scale to W, kWh, V and A.

    Defaults fit the common v3.3 plug (../shared/facts/tuya.md): 1 switch, 17 added energy (Wh),
    18 current (mA), 19 power (0.1 W), 20 voltage (0.1 V). ``None`` means the plug lacks it.
    """

    switch: int = 1
    power: int | None = 19
    power_scale: float = 0.1
    energy: int | None = 17
    energy_scale: float = 0.001
    voltage: int | None = 20
    voltage_scale: float = 0.1
    current: int | None = 18
    current_scale: float = 0.001

    def as_dict(self) -> dict[str, Any]:
        """The stored form (subentry data)."""
        return {
            "switch": self.switch,
            "power": self.power,
            "power_scale": self.power_scale,
            "energy": self.energy,
            "energy_scale": self.energy_scale,
            "voltage": self.voltage,
            "voltage_scale": self.voltage_scale,
            "current": self.current,
            "current_scale": self.current_scale,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> TuyaDps:
        """The inverse of as_dict; missing keys take the common plug's defaults."""
        defaults = cls()
        values = {**defaults.as_dict(), **(data or {})}
        return cls(
            switch=int(values["switch"]),
            power=_optional_int(values["power"]),
            power_scale=float(values["power_scale"]),
            energy=_optional_int(values["energy"]),
            energy_scale=float(values["energy_scale"]),
            voltage=_optional_int(values["voltage"]),
            voltage_scale=float(values["voltage_scale"]),
            current=_optional_int(values["current"]),
            current_scale=float(values["current_scale"]),
        )


def _optional_int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


@dataclass(frozen=True, slots=True)
class HaEntityConfig:
    """Drive an existing Home Assistant entity; read watts from a sensor if one is given."""

    entity_id: str
    power_sensor: str | None = None


@dataclass(frozen=True, slots=True)
class TuyaConfig:
    """A Tuya plug on the LAN, reached with its local key."""

    device_id: str
    host: str
    local_key: str
    protocol_version: str
    dps: TuyaDps
    port: int = TUYA_PORT


@dataclass(frozen=True, slots=True)
class MqttConfig:
    """A NodeMCU + PZEM-004T node on ``homesync/{home_id}/nodes/{node_id}/...``."""

    home_id: str
    node_id: str
    monitor_only: bool = False  # no relay: it measures, it cannot be switched
    relay: int = 0  # the relay (or metered circuit) of a multi-relay node, from 0
    # A monitor-only node metering the whole home: it is the home, not one of its appliances.
    whole_home: bool = False

    @property
    def base_topic(self) -> str:
        """The node's topic prefix."""
        return f"homesync/{self.home_id}/nodes/{self.node_id}"


@dataclass(frozen=True, slots=True)
class ApplianceConfig:
    """Everything the runtime needs to know about one appliance."""

    appliance_id: str  # the subentry id
    name: str
    backend: BackendKind
    nameplate_w: float
    eco_w: float | None
    category: Category
    cycle_minutes: int | None = None
    cycle_profile_kw: tuple[float, ...] | None = None
    profile_step_minutes: int = DEFAULT_PROFILE_STEP_MINUTES
    ha_entity: HaEntityConfig | None = None
    tuya: TuyaConfig | None = None
    mqtt: MqttConfig | None = None

    @property
    def shiftable(self) -> bool:
        """Whether turn_off_all and the autopilot may act on it (a meter without a relay: never)."""
        return self.category is Category.SHIFTABLE and not (self.mqtt and self.mqtt.monitor_only)

    @property
    def whole_home(self) -> bool:
        """Whether it meters the home's mains: never added into the appliances' sums."""
        return self.mqtt is not None and self.mqtt.monitor_only and self.mqtt.whole_home

    def watts(self, eco: bool) -> float:
        """What the appliance draws while on, by its nameplate (eco watts in eco mode)."""
        return self.eco_w if eco and self.eco_w is not None else self.nameplate_w

    @property
    def measures_power(self) -> bool:
        """Whether a meter measures its power (a power sensor, a plug's power point, a node)."""
        if self.ha_entity is not None:
            return self.ha_entity.power_sensor is not None
        if self.tuya is not None:
            return self.tuya.dps.power is not None
        return self.mqtt is not None

    @property
    def supports_eco(self) -> bool:
        """Whether it has an eco mode: eco watts, and no meter whose measurement would win."""
        return self.eco_w is not None and not self.measures_power

    @property
    def level_domain(self) -> str | None:
        """The entity's domain when it can be limited (brightness, speed, a number's value)."""
        if self.ha_entity is None:
            return None
        domain = self.ha_entity.entity_id.split(".", 1)[0]
        scaled = domain in RANGE_DOMAINS or domain == CLIMATE_DOMAIN
        return domain if domain in LEVEL_ATTRIBUTES or scaled else None

    @property
    def supports_switch(self) -> bool:
        """Whether it can be turned on and off (a number entity only has its value)."""
        return self.level_domain not in RANGE_DOMAINS

    @property
    def supports_level(self) -> bool:
        """Whether a power level can be set: a modelled power (virtual), a light, fan, number."""
        return self.backend is BackendKind.VIRTUAL or self.level_domain is not None

    @property
    def full_level(self) -> float:
        """The level at full power: 100 % for a virtual appliance, the entity's full scale."""
        domain = self.level_domain
        if domain is None:
            return VIRTUAL_FULL_LEVEL
        if domain in RANGE_DOMAINS or domain == CLIMATE_DOMAIN:
            return RANGE_FULL_LEVEL
        return LEVEL_ATTRIBUTES[domain][1]

    @property
    def max_power_w(self) -> float:
        """The most a meter reading may plausibly show for it (telemetry sanity bound)."""
        return max(self.nameplate_w * 2, 3_680.0)  # at least a 16 A socket at 230 V

    def typical_cycle(self, step_minutes: int) -> Cycle | None:
        """Its usual run on a grid of ``step_minutes``, if its configuration gives one."""
        return Cycle.typical(
            step_minutes,
            self.nameplate_w,
            minutes=self.cycle_minutes,
            profile_kw=self.cycle_profile_kw,
            profile_step_minutes=self.profile_step_minutes,
        )


def parse_appliance(appliance_id: str, title: str, data: Mapping[str, Any]) -> ApplianceConfig:
    """An ApplianceConfig from stored subentry data (assumed validated by the flow)."""
    backend = BackendKind(data[CONF_BACKEND])
    profile = data.get(CONF_CYCLE_PROFILE)
    return ApplianceConfig(
        appliance_id=appliance_id,
        name=title,
        backend=backend,
        nameplate_w=float(data[CONF_NAMEPLATE_W]),
        eco_w=float(data[CONF_ECO_W]) if data.get(CONF_ECO_W) is not None else None,
        category=Category(data.get(CONF_CATEGORY, Category.SHIFTABLE)),
        cycle_minutes=int(data[CONF_CYCLE_MINUTES]) if data.get(CONF_CYCLE_MINUTES) else None,
        cycle_profile_kw=tuple(float(value) for value in profile) if profile else None,
        profile_step_minutes=int(
            data.get(CONF_PROFILE_STEP_MINUTES) or DEFAULT_PROFILE_STEP_MINUTES
        ),
        ha_entity=HaEntityConfig(data[CONF_ENTITY_ID], data.get(CONF_POWER_SENSOR) or None)
        if backend is BackendKind.HA_ENTITY
        else None,
        tuya=TuyaConfig(
            device_id=data[CONF_DEVICE_ID],
            host=data[CONF_HOST],
            local_key=data[CONF_LOCAL_KEY],
            protocol_version=str(data[CONF_PROTOCOL_VERSION]),
            dps=TuyaDps.from_dict(data.get(CONF_DPS)),
            port=stored_port(data.get(CONF_PORT)),
        )
        if backend is BackendKind.TUYA
        else None,
        mqtt=MqttConfig(
            data[CONF_MQTT_HOME_ID],
            data[CONF_NODE_ID],
            monitor_only=bool(data.get(CONF_MONITOR_ONLY, False)),
            relay=int(data.get(CONF_RELAY) or 0),
            whole_home=bool(data.get(CONF_WHOLE_HOME, False)),
        )
        if backend is BackendKind.MQTT
        else None,
    )


def stored_port(value: Any) -> int:
    """A stored Tuya port: missing means Tuya's; an invalid one is kept (0 if not a number).

    An invalid port is never replaced by a guess: the backend refuses it (the appliance is
    unavailable and says why) and the reconfigure form asks for a valid one.
    """
    if value is None:
        return TUYA_PORT
    try:
        port = float(value)
    except (TypeError, ValueError):
        return 0
    return int(port) if port.is_integer() else 0


# -- validators (return a form error key, or None when the value is fine) ----------------------


def watts_error(value: Any, *, required: bool = True) -> str | None:
    """Watts must be a finite number from 0 to MAX_APPLIANCE_W."""
    if value is None or value == "":
        return "watts_required" if required else None
    try:
        watts = float(value)
    except (TypeError, ValueError):
        return "invalid_watts"
    if not math.isfinite(watts) or not 0 <= watts <= MAX_APPLIANCE_W:
        return "invalid_watts"
    return None


def host_error(value: str) -> str | None:
    """A Tuya plug is reached by its IPv4 or IPv6 address on the LAN."""
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return "invalid_host"
    return None


def tuya_device_id_error(value: str) -> str | None:
    """Tuya device ids are 10 to 32 letters and digits."""
    return None if _TUYA_DEVICE_ID.match(value.strip()) else "invalid_device_id"


def tuya_local_key_error(value: str) -> str | None:
    """A local key is exactly 16 printable ASCII characters."""
    return None if _TUYA_LOCAL_KEY.match(value) else "invalid_local_key"


def port_error(value: Any) -> str | None:
    """A TCP port number."""
    try:
        port = float(value)
    except (TypeError, ValueError):
        return "invalid_port"
    return None if port.is_integer() and 1 <= port <= 65535 else "invalid_port"


def dp_error(value: Any, *, required: bool) -> str | None:
    """A Tuya data point id: a whole number from 1 to 255 (or empty when optional)."""
    if value is None or value == "":
        return "invalid_dp" if required else None
    try:
        dp = float(value)
    except (TypeError, ValueError):
        return "invalid_dp"
    return None if dp.is_integer() and 1 <= dp <= 255 else "invalid_dp"


def scale_error(value: Any) -> str | None:
    """A positive, finite multiplier."""
    try:
        scale = float(value)
    except (TypeError, ValueError):
        return "invalid_scale"
    return None if math.isfinite(scale) and scale > 0 else "invalid_scale"


def tuya_version_error(value: str) -> str | None:
    """Only the protocol versions tinytuya and VoltWise support."""
    return None if str(value) in TUYA_VERSIONS else "invalid_protocol_version"


def relay_error(value: Any) -> str | None:
    """A relay index: a whole number from 0 to MAX_RELAY (empty: relay 0)."""
    if value is None or value == "":
        return None
    try:
        relay = float(value)
    except (TypeError, ValueError):
        return "invalid_relay"
    return None if relay.is_integer() and 0 <= relay <= MAX_RELAY else "invalid_relay"


def mqtt_unique_id(home_id: str, node_id: str, relay: int) -> str:
    """An MQTT appliance's unique id; the relay only when not 0 (single-relay ids unchanged)."""
    base = f"{BackendKind.MQTT}:{home_id}/{node_id}"
    return f"{base}/{relay}" if relay else base


def mqtt_id_error(value: str) -> str | None:
    """MQTT topic levels: no wildcards (+, #), no '/', no spaces, at most 64 characters."""
    return None if _MQTT_ID.match(value) else "invalid_mqtt_id"
