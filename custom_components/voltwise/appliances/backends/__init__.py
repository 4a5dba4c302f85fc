"""Device backends: virtual, Home Assistant entity, Tuya LAN plug and MQTT meter/relay."""
