"""The home coordinator: recomputes the home's state exactly when it changes, never by polling.

After each computation it arms one timer for the state's next transition (a tariff slot, a carbon
hour, a day boundary, a peak warning), and announces what changed since the last state as events
on the bus (and, when enabled, as notifications).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from .const import (
    EVENT_BEST_TIME_STARTED,
    EVENT_CLEAN_WINDOW_STARTED,
    EVENT_PEAK_ENDED,
    EVENT_PEAK_STARTED,
    EVENT_PEAK_WARNING,
    EVENT_TARIFF_SLOT_CHANGED,
    LOGGER,
)
from .engine.home_state import HomeSettings, HomeState, compute_home_state
from .engine.horizon import CarbonInput
from .engine.penalty import Strategy
from .home import HomeConfig
from .live_carbon import LiveCarbonSource
from .notifications import NotificationKind, async_notify
from .runtime import VoltWiseConfigEntry
from .storage import HomeSettingsStore


class HomeCoordinator(DataUpdateCoordinator[HomeState]):
    """Holds the current HomeState and a timer for the instant it goes stale."""

    config_entry: VoltWiseConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: VoltWiseConfigEntry,
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

    def _iso(self, when: datetime | None) -> str | None:
        """An instant for event data, in the home's time zone (readable, still unambiguous)."""
        return when.astimezone(self.home.time_zone).isoformat() if when is not None else None

    def _local_time(self, when: datetime | None) -> str:
        return when.astimezone(self.home.time_zone).strftime("%H:%M") if when else "-"

    async def _async_announce(self, before: HomeState, after: HomeState) -> None:
        """Fire an event (and maybe a notification) for each transition between two states."""
        base: dict[str, Any] = {
            "config_entry_id": self.config_entry.entry_id,
            "home": self.home.name,
        }
        currency = self.home.currency
        if (before.slot.kind, before.rate) != (after.slot.kind, after.rate):
            self._fire(
                EVENT_TARIFF_SLOT_CHANGED,
                {
                    **base,
                    "slot": after.slot.kind.value,
                    "rate": after.rate,
                    "currency": currency,
                    "previous_slot": before.slot.kind.value,
                    "previous_rate": before.rate,
                    "next_change": self._iso(after.next_slot_change),
                },
            )
        placeholders = {
            "home": self.home.name,
            "rate": f"{after.rate:g}",
            "currency": currency,
            "until": self._local_time(after.next_slot_change),
        }
        if after.peak and not before.peak:
            self._fire(
                EVENT_PEAK_STARTED,
                {
                    **base,
                    "rate": after.rate,
                    "currency": currency,
                    "ends_at": self._iso(after.next_slot_change),
                },
            )
            await self._async_notify(NotificationKind.PEAK_STARTED, placeholders)
        elif before.peak and not after.peak:
            self._fire(EVENT_PEAK_ENDED, {**base, "rate": after.rate, "currency": currency})
            await self._async_notify(NotificationKind.PEAK_ENDED, placeholders)
        warning = before.peak_warning_at
        if warning is not None and warning <= after.at and not after.peak:
            self._fire(
                EVENT_PEAK_WARNING,
                {
                    **base,
                    "starts_at": self._iso(before.next_peak_start),
                    "minutes": before.settings.peak_warning_minutes,
                },
            )
            await self._async_notify(
                NotificationKind.PEAK_WARNING,
                {
                    **placeholders,
                    "start": self._local_time(before.next_peak_start),
                    "minutes": str(before.settings.peak_warning_minutes),
                },
            )
        if after.clean and not before.clean:
            self._fire(
                EVENT_CLEAN_WINDOW_STARTED,
                {
                    **base,
                    "intensity": after.intensity,
                    "daily_mean": float(after.horizon.day_mean_intensities[0]),
                },
            )
            if not after.best_time:
                await self._async_notify(NotificationKind.CLEAN_WINDOW, placeholders)
        if after.best_time and not before.best_time:
            self._fire(
                EVENT_BEST_TIME_STARTED,
                {**base, "rate": after.rate, "currency": currency, "intensity": after.intensity},
            )
            await self._async_notify(NotificationKind.BEST_TIME, placeholders)

    def _fire(self, event_type: str, data: dict[str, Any]) -> None:
        LOGGER.debug("%s: %s", event_type, data)
        self.hass.bus.async_fire(event_type, data)

    async def _async_notify(self, kind: NotificationKind, placeholders: dict[str, str]) -> None:
        if self.home.notify:
            await async_notify(self.hass, self.config_entry.entry_id, kind, placeholders)
