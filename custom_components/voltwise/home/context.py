"""What a part of a home (appliances, schedules, plants) may know about the home it belongs to.

Parts get this small context instead of the typed config entry: they never import the runtime
hub that holds them, so nothing imports back, and a part can be built on its own in a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, ClassVar, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_utc_time_change
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from ..const import LOGGER
from ..engine.autopilot import AutopilotSettings
from ..engine.home_state import HomeSettings, HomeState
from ..engine.horizon import CarbonInput
from ..engine.metering import Price
from .config import HomeConfig


class HomeView(Protocol):
    """The home coordinator's public face: what is in force now, and when the price changes."""

    @property
    def settings(self) -> HomeSettings:
        """The decision settings in force (strategy, weights, threshold)."""

    @property
    def autopilot(self) -> AutopilotSettings:
        """The autopilot's switches, strategy and threshold."""

    @property
    def data(self) -> HomeState:
        """The home's state since its last transition."""

    def price(self) -> Price:
        """The rate and carbon intensity in force now."""

    def async_add_listener(
        self, update_callback: CALLBACK_TYPE, context: Any = None
    ) -> Callable[[], None]:
        """Call ``update_callback`` after every recomputation (a transition, a setting)."""

    def carbon_input(self) -> CarbonInput:
        """Where carbon intensity comes from right now."""

    def async_add_price_change_hook(self, hook: Callable[[datetime], None]) -> CALLBACK_TYPE:
        """Call ``hook(now)`` just before every recomputation, while the old price holds."""


@dataclass(frozen=True, slots=True)
class HomeContext:
    """A home as its parts see it.

    ``entry`` is the plain config entry: parts hand it to their coordinators and register their
    own teardown on it (``entry.async_on_unload``), never read its runtime data.
    """

    hass: HomeAssistant
    entry: ConfigEntry
    config: HomeConfig
    state: HomeView

    @property
    def entry_id(self) -> str:
        """The home's config entry id (in unique ids, stores and events)."""
        return self.entry.entry_id

    @property
    def name(self) -> str:
        """The home's name."""
        return self.config.name

    @property
    def time_zone(self) -> tzinfo:
        """The home's time zone: days, schedules and "today" totals are local to it."""
        return self.config.time_zone

    @property
    def currency(self) -> str:
        """The home's currency."""
        return self.config.currency


class HomePartCoordinator[DataT](DataUpdateCoordinator[DataT]):
    """The coordinator of one part of a home (an appliance, a plant), pushed, never polled.

    Home Assistant shuts it down with the home's entry (it registers that when the coordinator
    is created), whether or not the home finished setting up.
    """

    config_entry: ConfigEntry

    def __init__(self, home: HomeContext, name: str) -> None:
        """A coordinator of ``home``'s entry, named for logs."""
        super().__init__(
            home.hass,
            LOGGER,
            config_entry=home.entry,
            name=f"VoltWise {name}",
            update_interval=None,
        )
        self.home = home


class HourlyHomePartCoordinator[DataT](HomePartCoordinator[DataT]):
    """A part recomputed from the recorder's hourly statistics, once after every hour.

    The recorder writes an hour's statistics a few seconds past the hour (at :10);
    ``refresh_second`` says how long after the hour each part looks.
    """

    refresh_second: ClassVar[int]
    data: DataT | None  # type: ignore[assignment]  # None until the first refresh

    @callback
    def async_start_hourly(self) -> None:
        """Refresh at every hour from now on, until the home unloads."""
        self.home.entry.async_on_unload(
            async_track_utc_time_change(
                self.hass, self._async_hourly, minute=0, second=self.refresh_second
            )
        )

    async def _async_hourly(self, _now: datetime) -> None:
        await self.async_refresh()
