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
    autopilot: bool
    grid_protection: bool


def _coerce(values: Mapping[str, Any], *, autopilot_default: bool = False) -> SettingsData:
    """Settings from stored or changed values, with defaults for anything missing or unknown."""
    strategy = values.get("strategy", Strategy.BALANCED.value)
    if strategy not in {known.value for known in Strategy}:
        strategy = Strategy.BALANCED.value
    return SettingsData(
        strategy=str(strategy),
        custom_cost_weight=float(values.get("custom_cost_weight", DEFAULT_CUSTOM_COST_WEIGHT)),
        threshold=float(values.get("threshold", DEFAULT_THRESHOLD)),
        autopilot=bool(values.get("autopilot", autopilot_default)),
        grid_protection=bool(values.get("grid_protection", False)),
    )


class HomeSettingsStore:
    """Strategy, custom weight, threshold and the autopilot's switches of one home.

    Saved as soon as they change. The autopilot is on by default only for homes created since
    it exists (``autopilot_default``: the home flow marks them); the first load writes the
    resolved value, so a later change of that mark never flips a home's autopilot.
    """

    def __init__(
        self, hass: HomeAssistant, entry_id: str, *, autopilot_default: bool = False
    ) -> None:
        """One file per home: ``.storage/voltwise.<entry_id>.settings``."""
        self._store: Store[SettingsData] = Store(
            hass, SETTINGS_VERSION, f"{DOMAIN}.{entry_id}.settings"
        )
        self._autopilot_default = autopilot_default
        self.data: SettingsData = _coerce({}, autopilot_default=autopilot_default)

    async def async_load(self) -> SettingsData:
        """Load saved settings, keeping defaults for anything missing or unknown."""
        stored: Mapping[str, Any] = await self._store.async_load() or {}
        self.data = _coerce(stored, autopilot_default=self._autopilot_default)
        if "autopilot" not in stored:
            await self._store.async_save(self.data)
        return self.data

    async def async_update(self, **changes: Any) -> SettingsData:
        """Apply and persist changes before anyone acts on them."""
        self.data = _coerce({**self.data, **changes})
        await self._store.async_save(self.data)
        return self.data

    async def async_remove(self) -> None:
        """Delete the file when the home is removed."""
        await self._store.async_remove()
