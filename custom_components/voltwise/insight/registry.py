"""Forget the insight entities a home no longer has (its consumption source changed)."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from ..const import DOMAIN
from ..entity import HOME_KEY
from .binary_sensor import ANOMALY, insight_binary_sensors
from .manager import InsightManager
from .sensor import (
    BACKGROUND,
    INSIGHT_SENSORS,
    LEADERBOARD,
    SIMULATED_ENERGY,
    SIMULATED_POWER,
    insight_sensors,
)

_EVERY_INSIGHT_ENTITY: tuple[tuple[Platform, str], ...] = (
    *(
        (Platform.SENSOR, description.key)
        for description in (
            SIMULATED_ENERGY,
            SIMULATED_POWER,
            *INSIGHT_SENSORS,
            LEADERBOARD,
            BACKGROUND,
        )
    ),
    (Platform.BINARY_SENSOR, ANOMALY.key),
)


def async_remove_stale_insight_entities(
    hass: HomeAssistant, entry_id: str, manager: InsightManager | None
) -> list[str]:
    """Remove the registry entries of insight entities the home's source no longer makes.

    Without this, switching the source back to none (or from simulated to a meter) leaves
    them behind as unavailable entities. Returns the entity ids removed.
    """
    kept = {
        entity.unique_id for entity in (*insight_sensors(manager), *insight_binary_sensors(manager))
    }
    registry = er.async_get(hass)
    removed = []
    for platform, key in _EVERY_INSIGHT_ENTITY:
        unique_id = f"{entry_id}_{HOME_KEY}_{key}"
        if unique_id in kept:
            continue
        entity_id = registry.async_get_entity_id(platform, DOMAIN, unique_id)
        if entity_id is not None:
            registry.async_remove(entity_id)
            removed.append(entity_id)
    return removed
