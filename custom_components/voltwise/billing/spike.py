"""The spike alert: the home's power above a threshold for a set time, told once per spike.

The power is a power sensor's when the options name one, else the home's mains meter node's
(an MQTT meter marked as the whole home), else the sum of the appliances' power.
The hold is timed exactly from the reading that crossed the threshold: a timer falls due when
the engine says a start (or an end) would, and a reading back below cancels it by changing the
engine's state. The alert names the three appliances drawing the most at that moment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from homeassistant.components import persistent_notification
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, UnitOfPower
from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, callback
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util

from ..appliances.coordinator import ApplianceCoordinator
from ..const import DOMAIN, LOGGER
from ..engine.billing.spike import (
    SpikeEvent,
    SpikeEventKind,
    SpikeSettings,
    SpikeState,
    advance_spike,
    next_check,
    top_consumers,
)
from ..home.context import HomeContext
from ..home.notifications import async_texts
from ..loop_turn import OncePerLoopTurn

EVENT_SPIKE_ALERT = f"{DOMAIN}_spike_alert"
TOP_COUNT = 3
_WATTS_PER = {UnitOfPower.WATT: 1.0, UnitOfPower.KILO_WATT: 1000.0}


class SpikeWatch:
    """Watches one home's power; started with the home, stopped when it unloads."""

    def __init__(
        self,
        home: HomeContext,
        settings: SpikeSettings,
        power_sensor: str | None,
        appliances: Mapping[str, ApplianceCoordinator],
    ) -> None:
        """Nothing is watched until ``async_start``."""
        self.home = home
        self.settings = settings
        self.power_sensor = power_sensor
        self._appliances = appliances
        self.state = SpikeState()
        self._timer: CALLBACK_TYPE | None = None
        self._seen: dict[str, float | None] = {}  # each appliance's power at the last sample

    @callback
    def async_start(self) -> None:
        """Follow the power sensor, or every appliance's readings, from now on."""
        entry = self.home.entry
        if self.power_sensor is not None:
            entry.async_on_unload(
                async_track_state_change_event(
                    self.home.hass, self.power_sensor, self._sensor_changed
                )
            )
            state = self.home.hass.states.get(self.power_sensor)
            self._sample(dt_util.utcnow(), _watts(state.state, state.attributes) if state else None)
        else:
            # Summed once per turn of the event loop, however many appliances report in it.
            sample = OncePerLoopTurn(self.home.hass, self._appliances_changed)
            for coordinator in self._appliances.values():
                entry.async_on_unload(coordinator.async_add_listener(sample.request))
            entry.async_on_unload(sample.cancel)
            self._sample(dt_util.utcnow(), self._appliance_sum())
        entry.async_on_unload(self._cancel_timer)

    @callback
    def _sensor_changed(self, event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        power = None if new is None else _watts(new.state, new.attributes)
        self._sample(new.last_updated if new is not None else dt_util.utcnow(), power)

    @callback
    def _appliances_changed(self) -> None:
        # Updates reach listeners a moment after the reading (debounced): a changed power is
        # timed by its appliance's last reading, so the hold runs from the crossing itself.
        now = dt_util.utcnow()
        read: list[datetime] = []
        for appliance_id, coordinator in self._appliances.items():
            power = coordinator.power_w if coordinator.power_known else None
            if self._seen.get(appliance_id) != power and coordinator.meter.last_at is not None:
                read.append(coordinator.meter.last_at)
            self._seen[appliance_id] = power
        self._sample(min(max(read), now) if read else now, self._appliance_sum())

    def _appliance_sum(self) -> float | None:
        """The mains meter's power where the home has one (it holds every appliance), else a sum."""
        mains = [c for c in self._appliances.values() if c.appliance.whole_home]
        if mains:
            return (
                math.fsum(c.power_w for c in mains) if all(c.power_known for c in mains) else None
            )
        return math.fsum(self._power_by_name().values())

    def _power_by_name(self) -> dict[str, float]:
        """What each appliance draws now; a mains meter is the home, not an appliance."""
        return {
            coordinator.appliance.name: coordinator.power_w
            for coordinator in self._appliances.values()
            if coordinator.power_known and not coordinator.appliance.whole_home
        }

    @callback
    def _sample(self, at: datetime, power_w: float | None) -> None:
        """Feed a reading (None: unknown) to the engine, and time the next pending change."""
        self.state, events = advance_spike(
            self.state, at, math.nan if power_w is None else power_w, self.settings
        )
        self._after(events)

    @callback
    def _due(self, at: datetime) -> None:
        self._timer = None
        self.state, events = advance_spike(self.state, at, None, self.settings)
        self._after(events)

    @callback
    def _after(self, events: tuple[SpikeEvent, ...]) -> None:
        for event in events:
            if event.kind is SpikeEventKind.STARTED:
                self.home.entry.async_create_background_task(
                    self.home.hass, self._async_tell(event), "voltwise spike alert"
                )
        self._cancel_timer()
        due = next_check(self.state, self.settings)
        if due is not None:
            self._timer = async_track_point_in_utc_time(self.home.hass, self._due, due)

    @callback
    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None

    async def _async_tell(self, event: SpikeEvent) -> None:
        """Fire ``voltwise_spike_alert``; notify when the home notifies."""
        home = self.home
        top = top_consumers(self._power_by_name(), TOP_COUNT)
        power = self.state.power_w
        data: dict[str, Any] = {
            "config_entry_id": home.entry_id,
            "home": home.name,
            "power_w": None if power is None else round(power),
            "peak_w": round(event.peak_w),
            "threshold_w": self.settings.threshold_w,
            "started_at": event.started_at.isoformat(),
            "top_appliances": [{"name": name, "power_w": round(watts)} for name, watts in top],
        }
        LOGGER.debug("%s: %s", EVENT_SPIKE_ALERT, data)
        home.hass.bus.async_fire(EVENT_SPIKE_ALERT, data)
        if not home.config.notify:
            return
        hass = home.hass
        minutes = self.settings.hold.total_seconds() / 60
        placeholders = {
            "home": home.name,
            "power": f"{power or event.peak_w:,.0f} W",
            "threshold": f"{self.settings.threshold_w:,.0f} W",
            "minutes": f"{minutes:g}",
            "appliances": ", ".join(f"{name} ({watts:,.0f} W)" for name, watts in top) or "-",
        }
        title, message = await async_texts(
            hass,
            "spike",
            placeholders,
            message_key="spike",
            fallbacks=("VoltWise power spike", "{power}"),
        )
        persistent_notification.async_create(
            hass,
            message,
            title=title,
            notification_id=f"{DOMAIN}_{home.entry_id}_spike",
        )


def _watts(state: str, attributes: Mapping[str, Any]) -> float | None:
    """A power sensor's state in W; None when unknown or in a unit that is not power."""
    if state in (STATE_UNKNOWN, STATE_UNAVAILABLE):
        return None
    factor = _WATTS_PER.get(attributes.get("unit_of_measurement", UnitOfPower.WATT))
    try:
        value = float(state)
    except ValueError:
        return None
    if factor is None or not math.isfinite(value):
        return None
    return value * factor
