"""Versioned persistence for what users change at run time (not in the config entry)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN
from ..engine.penalty import DEFAULT_CUSTOM_COST_WEIGHT, DEFAULT_THRESHOLD, Strategy

SETTINGS_VERSION = 1


class SettingsData(TypedDict):
    """The stored shape of a home's decision settings."""

    strategy: str
    custom_cost_weight: float
    threshold: float


def _coerce(values: Mapping[str, Any]) -> SettingsData:
    """Settings from stored or changed values, with defaults for anything missing or unknown."""
    strategy = values.get("strategy", Strategy.BALANCED.value)
    if strategy not in {known.value for known in Strategy}:
        strategy = Strategy.BALANCED.value
    return SettingsData(
        strategy=str(strategy),
        custom_cost_weight=float(values.get("custom_cost_weight", DEFAULT_CUSTOM_COST_WEIGHT)),
        threshold=float(values.get("threshold", DEFAULT_THRESHOLD)),
    )


class HomeSettingsStore:
    """Strategy, custom weight and threshold of one home, saved as soon as they change."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """One file per home: ``.storage/voltwise.<entry_id>.settings``."""
        self._store: Store[SettingsData] = Store(
            hass, SETTINGS_VERSION, f"{DOMAIN}.{entry_id}.settings"
        )
        self.data: SettingsData = _coerce({})

    async def async_load(self) -> SettingsData:
        """Load saved settings, keeping defaults for anything missing or unknown."""
        self.data = _coerce(await self._store.async_load() or {})
        return self.data

    async def async_update(self, **changes: Any) -> SettingsData:
        """Apply and persist changes before anyone acts on them."""
        self.data = _coerce({**self.data, **changes})
        await self._store.async_save(self.data)
        return self.data

    async def async_remove(self) -> None:
        """Delete the file when the home is removed."""
        await self._store.async_remove()
