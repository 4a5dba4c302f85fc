"""What a home's insight remembers across restarts: its day-ahead forecasts and anomaly state."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from ..const import DOMAIN, LOGGER
from .compute import DayForecast

STORAGE_VERSION = 1


class InsightStore:
    """One Store per home: its day-ahead forecasts, the simulated meter and the anomaly state.

    Forecasts are stored when made, before their day; the simulated meter keeps its reference
    instant and whether its year of statistics was imported.
    """

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Name the store after the home."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.insight"
        )
        self.data: dict[str, Any] = {}

    async def async_load(self) -> None:
        """Read what was saved (nothing yet: an empty record)."""
        loaded = await self._store.async_load()
        self.data = loaded if isinstance(loaded, dict) else {}

    def forecasts(self) -> dict[date, DayForecast]:
        """The stored day-ahead forecasts; a damaged one is dropped (and made again)."""
        result: dict[date, DayForecast] = {}
        for key, value in dict(self.data.get("forecasts") or {}).items():
            try:
                day = date.fromisoformat(key)
                result[day] = DayForecast.from_dict(day, value)
            except (KeyError, TypeError, ValueError):
                LOGGER.warning("Dropping a damaged stored forecast for %s", key)
        return result

    async def async_save_forecasts(self, forecasts: Mapping[date, DayForecast]) -> None:
        """Replace the stored forecasts (only when they changed: the disk is written rarely)."""
        encoded = {
            day.isoformat(): forecast.as_dict() for day, forecast in sorted(forecasts.items())
        }
        if encoded != self.data.get("forecasts"):
            self.data["forecasts"] = encoded
            await self._store.async_save(self.data)

    def instant(self, key: str) -> datetime | None:
        """A stored instant (the simulated meter's reference), None when absent or damaged."""
        value = self.data.get(key)
        try:
            return datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    async def async_set(self, key: str, value: Any) -> None:
        """Store one value now."""
        self.data[key] = value
        await self._store.async_save(self.data)

    async def async_remove(self) -> None:
        """Delete the home's insight record."""
        await self._store.async_remove()
