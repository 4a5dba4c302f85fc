"""Metered appliances' anomalies: drawing far more than usual, or running far longer.

Every five minutes (at 20 s past, tied to the clock) each metered appliance's recent power
readings are judged against its profile; the profile is learnt from the last 14 days once a local
day and kept in the insight store. The readings are the recorder's state history of the power
sensor: read whole once (a day, or back to the start of a run still going), then only since the
previous check, the window kept in memory. What is found goes the home anomalies' way (stored,
then event, sensor, notification).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Final

from homeassistant.components.recorder import history
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, State, callback
from homeassistant.helpers.event import async_track_utc_time_change
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..engine.anomaly import (
    AnomalySettings,
    ApplianceAnomalyState,
    ApplianceProfile,
    ApplianceStep,
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
RECORDER_LAG: Final = timedelta(minutes=2)
"""Read again this far before the previous check: states the recorder had not committed then."""
_PROFILES_KEY = "appliance_profiles"
_STATE_KEY = "appliance_anomaly_state"


def _watts(state: State) -> float:
    try:
        return float(state.state)
    except ValueError:
        return float("nan")  # unknown, unavailable: neither on nor off


def _read(
    hass: HomeAssistant, entity_id: str, start: datetime, end: datetime, *, whole: bool
) -> list[tuple[float, float]]:
    """The sensor's readings (POSIX seconds, W) after ``start``, before ``end``; recorder executor.

    ``whole`` includes the reading in force at ``start`` (the recorder dates it ``start``).
    """
    found = history.state_changes_during_period(
        hass, start, end, entity_id, no_attributes=True, include_start_time_state=whole
    )
    return [(s.last_changed.timestamp(), _watts(s)) for s in found.get(entity_id.lower(), [])]


def _read_samples(
    hass: HomeAssistant, entity_id: str, start: datetime, end: datetime
) -> PowerSamples:
    """The sensor's readings from ``start`` to ``end`` (for learning); recorder executor."""
    return _samples(_read(hass, entity_id, start, end, whole=True))


def _samples(readings: Sequence[tuple[float, float]]) -> PowerSamples:
    times = [datetime.fromtimestamp(second, UTC) for second, _ in readings]
    return PowerSamples.of(times, [watts for _, watts in readings])


@dataclass(slots=True)
class _Readings:
    """A power sensor's readings held between checks: complete from ``since`` to ``until``."""

    entity_id: str
    since: datetime
    until: datetime
    seconds: list[float] = field(default_factory=list)
    watts: list[float] = field(default_factory=list)

    def covers(self, entity_id: str, start: datetime, now: datetime) -> bool:
        """Whether reading on from ``until`` gives everything from ``start`` to ``now``."""
        return self.entity_id == entity_id and self.since <= start and self.until <= now

    def extend(self, readings: list[tuple[float, float]], until: datetime) -> None:
        """Add the readings after the last one held (a re-read overlap is skipped)."""
        last = self.seconds[-1] if self.seconds else float("-inf")
        for second, watts in readings:
            if second > last:
                self.seconds.append(second)
                self.watts.append(watts)
                last = second
        self.until = until

    def window(self, start: datetime) -> PowerSamples:
        """The readings from ``start`` on, the one in force then dated ``start``; older dropped.

        What is dropped is never asked for again: the next window starts no earlier.
        """
        first = max(bisect_right(self.seconds, start.timestamp()) - 1, 0)
        del self.seconds[:first], self.watts[:first]
        self.since = start
        readings = list(zip(self.seconds, self.watts, strict=True))
        if readings and readings[0][0] < start.timestamp():
            readings[0] = (start.timestamp(), readings[0][1])
        return _samples(readings)


def _observe(
    readings: _Readings,
    start: datetime,
    state: ApplianceAnomalyState,
    appliance_id: str,
    profile: ApplianceProfile | None,
    *,
    now: datetime,
    settings: AnomalySettings,
) -> ApplianceStep:
    """Judge the readings from ``start`` on (an executor job: a window can be long)."""
    samples = readings.window(start)
    return observe_appliance(state, appliance_id, profile, samples, now=now, settings=settings)


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
        self._readings: dict[str, _Readings] = {}

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
        sensors = self._power_sensors()
        for gone in self._readings.keys() - sensors.keys():
            del self._readings[gone]  # no longer metered: its readings are not needed
        for appliance_id, entity_id in sensors.items():
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
        held = self._readings.get(appliance_id)
        if held is None or not held.covers(entity_id, start, now):
            held = _Readings(entity_id, start, start)
            read = await recorder.async_add_executor_job(
                partial(_read, self.home.hass, entity_id, start, now, whole=True)
            )
        else:
            since = max(held.since, held.until - RECORDER_LAG)
            read = await recorder.async_add_executor_job(
                partial(_read, self.home.hass, entity_id, since, now, whole=False)
            )
        held.extend(read, now)
        self._readings[appliance_id] = held
        step = await self.home.hass.async_add_executor_job(
            partial(
                _observe,
                held,
                start,
                state,
                appliance_id,
                profile,
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
            _read_samples, self.home.hass, entity_id, now - timedelta(days=LEARN_DAYS), now
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
