"""Device backends: virtual, Home Assistant entity, Tuya LAN plug and MQTT meter/relay."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from ..config import ApplianceConfig
from ..model import ApplianceBackend, BackendKind
from .ha_entity import HaEntityBackend
from .tuya_lan import TuyaLanBackend
from .virtual import VirtualBackend


def create_backend(
    hass: HomeAssistant, appliance: ApplianceConfig, *, initially_on: bool
) -> ApplianceBackend:
    """The backend an appliance's configuration asks for."""
    if appliance.backend is BackendKind.HA_ENTITY and appliance.ha_entity is not None:
        return HaEntityBackend(hass, appliance.ha_entity)
    if appliance.backend is BackendKind.TUYA and appliance.tuya is not None:
        return TuyaLanBackend(hass, appliance.tuya, name=appliance.name)
    if appliance.backend is BackendKind.MQTT and appliance.mqtt is not None:
        # Imported only for MQTT appliances: the MQTT integration (and paho) may be absent.
        from .mqtt_node import MqttNodeBackend  # noqa: PLC0415

        return MqttNodeBackend(hass, appliance.mqtt, name=appliance.name)
    return VirtualBackend(initially_on=initially_on)
