"""Metered appliances' anomalies: drawing far more than usual, or running far longer.

Every five minutes (at 20 s past, tied to the clock) each metered appliance's recent power
readings are read from the recorder's state history of its power sensor and judged against its
profile; the profile is learnt from the last 14 days once a local day and kept in the insight
store. What is found goes the home anomalies' way (stored, then event, sensor, notification).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Final

from homeassistant.components.recorder import history
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, State, callback
from homeassistant.helpers.event import async_track_utc_time_change
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..engine.anomaly import (
    ApplianceAnomalyState,
    ApplianceProfile,
    PowerSamples,
    learn_appliance_profile,
    observe_appliance,
)
from ..home.context import HomeContext
from .anomalies import AnomalyTracker
from .history import recorder_loaded
from .store import InsightStore

LEARN_DAYS: Final = 14
RECENT: Final = timedelta(days=1)
_PROFILES_KEY = "appliance_profiles"
_STATE_KEY = "appliance_anomaly_state"


def _samples(states: list[State]) -> PowerSamples:
    watts = []
    for state in states:
        try:
            watts.append(float(state.state))
        except ValueError:
            watts.append(float("nan"))  # unknown, unavailable: neither on nor off
    return PowerSamples.of([state.last_changed for state in states], watts)


def _read(hass: HomeAssistant, entity_id: str, start: datetime, end: datetime) -> PowerSamples:
    """The sensor's readings from ``start`` (the one in force then included); recorder executor."""
    found = history.state_changes_during_period(
        hass, start, end, entity_id, no_attributes=True, include_start_time_state=True
    )
    return _samples(found.get(entity_id.lower(), []))


class ApplianceWatch:
    """Learns each metered appliance's profile daily and judges its runs every five minutes."""

    def __init__(
        self,
        home: HomeContext,
        store: InsightStore,
        tracker: AnomalyTracker,
        power_sensors: Callable[[], Mapping[str, str]],
        changed: Callable[[], None],
    ) -> None:
        """``power_sensors`` maps each metered appliance to its power sensor's entity id."""
        self.home = home
        self._store = store
        self._tracker = tracker
        self._power_sensors = power_sensors
        self._changed = changed
        self._unsubscribe: CALLBACK_TYPE | None = None

    def async_start(self) -> None:
        """Check every five minutes; stops with the home."""
        self._unsubscribe = async_track_utc_time_change(
            self.home.hass, self._handle_tick, minute="/5", second=20
        )
        self.home.entry.async_on_unload(self.async_stop)

    @callback
    def async_stop(self) -> None:
        """No more checks."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @callback
    def _handle_tick(self, now: datetime) -> None:
        self.home.entry.async_create_background_task(
            self.home.hass, self.async_check(), "voltwise appliance anomalies"
        )

    def profiles(self) -> dict[str, Any]:
        """The learnt profiles (for diagnostics)."""
        return dict(self._store.data.get(_PROFILES_KEY) or {})

    async def async_check(self) -> None:
        """Learn what is due and judge every metered appliance's recent runs."""
        if not recorder_loaded(self.home.hass):
            return
        now = dt_util.utcnow()
        for appliance_id, entity_id in self._power_sensors().items():
            try:
                await self._async_check_one(appliance_id, entity_id, now)
            except Exception:  # noqa: BLE001 - one appliance's bad history must not stop the rest
                LOGGER.exception("Could not judge %s's power history", appliance_id)

    async def _async_check_one(self, appliance_id: str, entity_id: str, now: datetime) -> None:
        recorder = get_instance(self.home.hass)
        profile = await self._async_profile(appliance_id, entity_id, now)
        states = dict(self._store.data.get(_STATE_KEY) or {})
        state = ApplianceAnomalyState.from_dict(states.get(appliance_id))
        start = now - RECENT
        if state.run_ongoing and state.run_start is not None:
            start = max(min(start, state.run_start), now - timedelta(days=LEARN_DAYS))
        samples = await recorder.async_add_executor_job(
            _read, self.home.hass, entity_id, start, now
        )
        step = await self.home.hass.async_add_executor_job(
            partial(
                observe_appliance,
                state,
                appliance_id,
                profile,
                samples,
                now=now,
                settings=self._tracker.settings,
            )
        )
        states[appliance_id] = step.state.as_dict()
        await self._tracker.async_record(step.detected, step.updated, _STATE_KEY, states)
        if step.detected or step.updated:
            self._changed()

    async def _async_profile(
        self, appliance_id: str, entity_id: str, now: datetime
    ) -> ApplianceProfile | None:
        """The stored profile, learnt again when it was learnt on an earlier local day."""
        profiles = self.profiles()
        stored = profiles.get(appliance_id) or {}
        today = dt_util.as_local(now).date().isoformat()
        if stored.get("learned") == today:
            return ApplianceProfile.from_dict(stored.get("profile"))
        samples = await get_instance(self.home.hass).async_add_executor_job(
            _read, self.home.hass, entity_id, now - timedelta(days=LEARN_DAYS), now
        )
        profile = await self.home.hass.async_add_executor_job(
            partial(learn_appliance_profile, samples, now=now)
        )
        profiles[appliance_id] = {
            "learned": today,
            "profile": profile.as_dict() if profile is not None else None,
        }
        await self._store.async_set(_PROFILES_KEY, profiles)
        return profile
