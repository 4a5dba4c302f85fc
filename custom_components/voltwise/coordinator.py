"""The home coordinator: recomputes the home's state exactly when it changes, never by polling."""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import LOGGER
from .engine.home_state import HomeState, compute_home_state
from .home import HomeConfig
from .runtime import VoltWiseConfigEntry


class HomeCoordinator(DataUpdateCoordinator[HomeState]):
    """Holds the current HomeState and a timer for the instant it goes stale."""

    config_entry: VoltWiseConfigEntry

    def __init__(self, hass: HomeAssistant, entry: VoltWiseConfigEntry, home: HomeConfig) -> None:
        """Create the coordinator; nothing is scheduled until the first refresh."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"VoltWise {home.name}",
            update_interval=None,
        )
        self.home = home
        self._unsub_transition: CALLBACK_TYPE | None = None
        self._transition_job = HassJob(self._async_handle_transition, cancel_on_shutdown=True)

    async def _async_update_data(self) -> HomeState:
        """Compute the state for now and arm the timer for its next transition."""
        state = compute_home_state(self.home.tariff, self.home.time_zone, dt_util.utcnow())
        self._arm_transition_timer(state.next_transition)
        return state

    @callback
    def _arm_transition_timer(self, when: datetime | None) -> None:
        self._cancel_transition_timer()
        if when is not None:
            self._unsub_transition = async_track_point_in_utc_time(
                self.hass, self._transition_job, when
            )

    @callback
    def _cancel_transition_timer(self) -> None:
        if self._unsub_transition is not None:
            self._unsub_transition()
            self._unsub_transition = None

    async def _async_handle_transition(self, _now: datetime) -> None:
        self._unsub_transition = None
        await self.async_refresh()

    async def async_shutdown(self) -> None:
        """Cancel the transition timer along with the coordinator's own."""
        self._cancel_transition_timer()
        await super().async_shutdown()
