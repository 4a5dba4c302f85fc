"""A live carbon-intensity source: any sensor in gCO2eq/kWh (for example Electricity Maps).

The sensor gives the intensity now; the forecast part of the horizon comes from an hourly profile
learnt from the sensor's recorded hourly statistics, or from the region's built-in profile while
that history is short (or the recorder is not running).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event, async_track_time_interval
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from ..const import CARBON_UNITS, LOGGER
from ..engine.carbon import CarbonProfile, learn_hourly_profile
from ..engine.horizon import CarbonInput

LEARNING_HISTORY = timedelta(days=14)
RELEARN_INTERVAL = timedelta(hours=24)


class LiveCarbonSource:
    """Follows one sensor; calls ``on_change`` whenever its reading or learnt profile changes."""

    def __init__(
        self,
        hass: HomeAssistant,
        entity_id: str,
        fallback: CarbonProfile,
        tz: tzinfo,
        on_change: Callable[[], None],
    ) -> None:
        """Nothing is subscribed until async_start; hours are learnt in the home's ``tz``."""
        self.hass = hass
        self.entity_id = entity_id
        self.tz = tz
        self.fallback = fallback
        self.learnt: CarbonProfile | None = None
        self.learnt_at: datetime | None = None
        self._on_change = on_change
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._reported_bad_state = False

    async def async_start(self) -> None:
        """Learn the profile once, then follow the sensor and relearn daily."""
        await self.async_relearn()
        self._unsubscribers.append(
            async_track_state_change_event(self.hass, self.entity_id, self._handle_state_change)
        )
        self._unsubscribers.append(
            async_track_time_interval(self.hass, self._async_relearn_tick, RELEARN_INTERVAL)
        )

    @callback
    def async_stop(self) -> None:
        """Release every subscription."""
        while self._unsubscribers:
            self._unsubscribers.pop()()

    @property
    def profile(self) -> CarbonProfile:
        """The learnt profile when there is enough history, else the region's."""
        return self.learnt or self.fallback

    @property
    def profile_source(self) -> str:
        """``learnt`` or ``region`` (shown as an attribute and in diagnostics)."""
        return "learnt" if self.learnt is not None else "region"

    def reading(self) -> float | None:
        """The sensor's current intensity, or None when it has no usable value."""
        state = self.hass.states.get(self.entity_id)
        if state is None or state.state in (STATE_UNKNOWN, STATE_UNAVAILABLE):
            return None
        unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
        try:
            value = float(state.state)
        except ValueError:
            value = math.nan
        if unit not in CARBON_UNITS or not math.isfinite(value) or value < 0:
            if not self._reported_bad_state:
                LOGGER.warning(
                    "Carbon sensor %s reports %s %s; using the profile until it reports a "
                    "non-negative value in gCO2eq/kWh",
                    self.entity_id,
                    state.state,
                    unit,
                )
                self._reported_bad_state = True
            return None
        self._reported_bad_state = False
        return value

    def carbon_input(self) -> CarbonInput:
        """What the engine should use now."""
        return CarbonInput(self.profile, self.reading())

    @callback
    def _handle_state_change(self, _event: Event[EventStateChangedData]) -> None:
        self._on_change()

    async def _async_relearn_tick(self, _now: datetime) -> None:
        await self.async_relearn()
        self._on_change()

    async def async_relearn(self) -> None:
        """Learn the hourly profile from the recorder's hourly means of the sensor."""
        if "recorder" not in self.hass.config.components:
            return
        # Imported here: the recorder is an optional (after-)dependency.
        from homeassistant.components.recorder.statistics import (  # noqa: PLC0415
            statistics_during_period,
        )

        end = dt_util.utcnow()
        rows = await get_instance(self.hass).async_add_executor_job(
            statistics_during_period,
            self.hass,
            end - LEARNING_HISTORY,
            end,
            {self.entity_id},
            "hour",
            None,
            {"mean"},
        )
        samples = [
            (dt_util.utc_from_timestamp(row["start"]), float(mean))
            for row in rows.get(self.entity_id, [])
            if (mean := row.get("mean")) is not None
        ]
        self.learnt = learn_hourly_profile(f"learnt:{self.entity_id}", samples, self.tz)
        self.learnt_at = end
        LOGGER.debug(
            "Carbon profile for %s: %s (%d hourly samples)",
            self.entity_id,
            self.profile_source,
            len(samples),
        )
