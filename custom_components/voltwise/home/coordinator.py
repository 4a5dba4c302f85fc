"""The home coordinator: recomputes the home's state exactly when it changes, never by polling.

After each computation it arms one timer for the state's next transition (a tariff slot, a carbon
hour, a day boundary, a peak warning), and fires the events (and, when enabled, shows the
notifications) that ``engine.transitions`` finds between the last state and the new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..engine.autopilot import AutopilotSettings
from ..engine.home_state import HomeSettings, HomeState, compute_home_state
from ..engine.horizon import CarbonInput
from ..engine.metering import Price
from ..engine.penalty import Strategy
from ..engine.transitions import announcements
from .config import HomeConfig
from .live_carbon import LiveCarbonSource
from .notifications import async_notify
from .settings_store import HomeSettingsStore


class HomeCoordinator(DataUpdateCoordinator[HomeState]):
    """Holds the current HomeState and a timer for the instant it goes stale."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        home: HomeConfig,
        settings_store: HomeSettingsStore,
    ) -> None:
        """Create the coordinator; nothing is scheduled until the first refresh."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"VoltWise {home.name}",
            update_interval=None,
        )
        self.home = home
        self.settings_store = settings_store
        self.live_carbon = (
            LiveCarbonSource(
                hass, home.carbon_sensor, home.carbon, home.time_zone, self._handle_input_change
            )
            if home.carbon_sensor
            else None
        )
        self._unsub_transition: CALLBACK_TYPE | None = None
        self._price_change_hooks: list[Callable[[datetime], None]] = []
        self._transition_job = HassJob(self._async_handle_transition, cancel_on_shutdown=True)

    async def _async_setup(self) -> None:
        """Load the saved settings and start following the live carbon source, once."""
        await self.settings_store.async_load()
        if self.live_carbon is not None:
            await self.live_carbon.async_start()

    @property
    def settings(self) -> HomeSettings:
        """The decision settings now in force."""
        stored = self.settings_store.data
        return HomeSettings(
            strategy=Strategy(stored["strategy"]),
            custom_cost_weight=stored["custom_cost_weight"],
            threshold=stored["threshold"],
            best_window_minutes=self.home.best_window_minutes,
            peak_warning_minutes=self.home.peak_warning_minutes,
        )

    @property
    def autopilot(self) -> AutopilotSettings:
        """The autopilot's switches with the strategy and threshold now in force."""
        stored = self.settings_store.data
        return AutopilotSettings(
            enabled=stored["autopilot"],
            grid_protection=stored["grid_protection"],
            strategy=Strategy(stored["strategy"]),
            threshold=stored["threshold"],
            custom_cost_weight=stored["custom_cost_weight"],
        )

    def price(self) -> Price:
        """The rate and intensity in force now (appliance meters price their energy with it)."""
        return Price(rate=self.data.rate, intensity=self.data.intensity)

    def carbon_input(self) -> CarbonInput:
        """Where intensity comes from right now."""
        if self.live_carbon is not None:
            return self.live_carbon.carbon_input()
        return CarbonInput(self.home.carbon)

    @callback
    def async_add_price_change_hook(self, hook: Callable[[datetime], None]) -> CALLBACK_TYPE:
        """Call ``hook(now)`` before every recomputation, while the old price is in force.

        Appliance meters use it to close their intervals at the old rate and intensity.
        """
        self._price_change_hooks.append(hook)
        return lambda: self._price_change_hooks.remove(hook)

    async def _async_update_data(self) -> HomeState:
        """Compute the state for now, arm the next transition, announce what changed."""
        now = dt_util.utcnow()
        for hook in list(self._price_change_hooks):
            hook(now)
        state = compute_home_state(
            self.home.tariff,
            self.carbon_input(),
            self.home.time_zone,
            now,
            self.settings,
        )
        self._arm_transition_timer(state.next_transition)
        if self.data is not None:
            await self._async_announce(self.data, state)
        return state

    async def async_update_settings(self, **changes: Any) -> None:
        """Persist new settings, then recompute with them at once."""
        await self.settings_store.async_update(**changes)
        await self.async_refresh()

    @callback
    def _handle_input_change(self) -> None:
        self.config_entry.async_create_background_task(
            self.hass, self.async_request_refresh(), "voltwise carbon input changed"
        )

    @callback
    def _arm_transition_timer(self, when: datetime) -> None:
        self._cancel_transition_timer()
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
        """Cancel the transition timer and the live source along with the coordinator."""
        self._cancel_transition_timer()
        if self.live_carbon is not None:
            self.live_carbon.async_stop()
        await super().async_shutdown()

    # -- announcements -----------------------------------------------------------------------

    async def _async_announce(self, before: HomeState, after: HomeState) -> None:
        """Fire the events (and show the notifications) of the transition between two states."""
        home = self.home
        identity = {"config_entry_id": self.config_entry.entry_id, "home": home.name}
        told = announcements(
            before, after, home=home.name, currency=home.currency, tz=home.time_zone
        )
        for item in told:
            event_type = f"{DOMAIN}_{item.event}"
            data = {**identity, **item.data}
            LOGGER.debug("%s: %s", event_type, data)
            self.hass.bus.async_fire(event_type, data)
            if item.notification is not None and home.notifies:
                await async_notify(
                    self.hass,
                    home,
                    self.config_entry.entry_id,
                    item.notification,
                    item.placeholders,
                )
