"""Grid events from the home's own sensors: frequency, voltage and a mains-present sensor.

Defaults fit India's 230 V / 50 Hz grid: a warning below 49.7 Hz for 30 s or outside 216-244 V
for 60 s; critical below 49.5 Hz for 10 s or outside 207-253 V for 10 s; load shedding (critical)
as soon as mains is lost. Each threshold and duration is a home option. Durations are measured
with exact timers from the reading that crossed the threshold, never by polling; a reading back
inside the limits ends the event at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util

from ..engine.autopilot import GridEvent, GridEventType, Severity
from .grid import GridNotice

CONF_GRID_SENSORS: Final = "grid_sensors"


@dataclass(frozen=True, slots=True)
class GridSensorConfig:
    """Which sensors to watch, and the limits (India's grid by default)."""

    frequency_sensor: str | None = None
    voltage_sensor: str | None = None
    mains_sensor: str | None = None
    frequency_warning_hz: float = 49.7
    frequency_warning_seconds: float = 30
    frequency_critical_hz: float = 49.5
    frequency_critical_seconds: float = 10
    voltage_warning_low: float = 216
    voltage_warning_high: float = 244
    voltage_warning_seconds: float = 60
    voltage_critical_low: float = 207
    voltage_critical_high: float = 253
    voltage_critical_seconds: float = 10

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> GridSensorConfig:
        """The options' section (already validated by the options flow)."""
        raw = options.get(CONF_GRID_SENSORS)
        if not isinstance(raw, Mapping):
            return cls()
        known = {item.name for item in fields(cls)}
        return replace(cls(), **{key: value for key, value in raw.items() if key in known})

    @property
    def any(self) -> bool:
        """Whether any sensor is chosen."""
        return bool(self.frequency_sensor or self.voltage_sensor or self.mains_sensor)


def threshold_error(config: GridSensorConfig) -> str | None:
    """A form error key when the limits contradict each other or are not plausible."""
    checks = (
        45 <= config.frequency_critical_hz <= config.frequency_warning_hz <= 55,
        150
        <= config.voltage_critical_low
        <= config.voltage_warning_low
        < config.voltage_warning_high
        <= config.voltage_critical_high
        <= 300,
        all(
            0 <= seconds <= 3600
            for seconds in (
                config.frequency_warning_seconds,
                config.frequency_critical_seconds,
                config.voltage_warning_seconds,
                config.voltage_critical_seconds,
            )
        ),
    )
    return None if all(checks) else "invalid_grid_thresholds"


@dataclass(slots=True)
class _Condition:
    """One limit on one sensor: when it is crossed, for how long, and its event."""

    key: str
    entity_id: str
    type: GridEventType
    severity: Severity
    seconds: float
    crossed: Callable[[State], bool | None]  # None: unknown (unavailable), changes nothing
    since: datetime | None = None
    notice: GridNotice | None = None
    unsub: CALLBACK_TYPE | None = field(default=None, repr=False)


def _number(state: State) -> float | None:
    try:
        value = float(state.state)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _below(limit: float) -> Callable[[State], bool | None]:
    def crossed(state: State) -> bool | None:
        value = _number(state)
        return None if value is None else value < limit

    return crossed


def _outside(low: float, high: float) -> Callable[[State], bool | None]:
    def crossed(state: State) -> bool | None:
        value = _number(state)
        return None if value is None else not low <= value <= high

    return crossed


def _mains_lost(state: State) -> bool | None:
    if state.state == STATE_OFF:
        return True
    return False if state.state == STATE_ON else None


def conditions(config: GridSensorConfig) -> list[_Condition]:
    """Every limit of the chosen sensors."""
    found: list[_Condition] = []
    if sensor := config.frequency_sensor:
        found += [
            _Condition(
                "frequency_warning",
                sensor,
                GridEventType.FREQUENCY_DROP,
                Severity.WARNING,
                config.frequency_warning_seconds,
                _below(config.frequency_warning_hz),
            ),
            _Condition(
                "frequency_critical",
                sensor,
                GridEventType.FREQUENCY_DROP,
                Severity.CRITICAL,
                config.frequency_critical_seconds,
                _below(config.frequency_critical_hz),
            ),
        ]
    if sensor := config.voltage_sensor:
        found += [
            _Condition(
                "voltage_warning",
                sensor,
                GridEventType.VOLTAGE_ANOMALY,
                Severity.WARNING,
                config.voltage_warning_seconds,
                _outside(config.voltage_warning_low, config.voltage_warning_high),
            ),
            _Condition(
                "voltage_critical",
                sensor,
                GridEventType.VOLTAGE_ANOMALY,
                Severity.CRITICAL,
                config.voltage_critical_seconds,
                _outside(config.voltage_critical_low, config.voltage_critical_high),
            ),
        ]
    if sensor := config.mains_sensor:
        found.append(
            _Condition(
                "mains_lost", sensor, GridEventType.LOAD_SHEDDING, Severity.CRITICAL, 0, _mains_lost
            )
        )
    return found


class SensorGridSource:
    """Watches the chosen sensors and holds the events they show."""

    def __init__(
        self, hass: HomeAssistant, config: GridSensorConfig, on_change: Callable[[], None]
    ) -> None:
        """Nothing is watched until async_start."""
        self._hass = hass
        self._on_change = on_change
        self._conditions = conditions(config)
        self._unsub: CALLBACK_TYPE | None = None

    def notices(self) -> Sequence[GridNotice]:
        """The events in force."""
        return [item.notice for item in self._conditions if item.notice is not None]

    @callback
    def async_start(self) -> None:
        """Follow the sensors; a limit crossed before a restart counts from its last change."""
        if not self._conditions:
            return
        entities = sorted({item.entity_id for item in self._conditions})
        self._unsub = async_track_state_change_event(self._hass, entities, self._handle_change)
        for item in self._conditions:
            if (state := self._hass.states.get(item.entity_id)) is not None:
                self._evaluate(item, state, state.last_changed, notify=False)

    @callback
    def async_stop(self) -> None:
        """Stop following the sensors and cancel every timer."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
        for item in self._conditions:
            self._cancel(item)

    @callback
    def _handle_change(self, event: Event[EventStateChangedData]) -> None:
        state = event.data["new_state"]
        if state is None:
            return
        for item in self._conditions:
            if item.entity_id == state.entity_id:
                self._evaluate(item, state, dt_util.utcnow(), notify=True)

    def _evaluate(self, item: _Condition, state: State, at: datetime, *, notify: bool) -> None:
        crossed = item.crossed(state)
        if crossed is None:
            return
        if not crossed:
            self._cancel(item)
            item.since = None
            if item.notice is not None:
                item.notice = None
                if notify:
                    self._on_change()
            return
        if item.since is not None:
            return  # already counting, or already an event
        item.since = at
        due = at + timedelta(seconds=item.seconds)
        if due <= dt_util.utcnow():
            self._begin(item, due, notify=notify)
        else:

            @callback
            def fire(now: datetime) -> None:
                self._fire(item, now)

            item.unsub = async_track_point_in_utc_time(self._hass, fire, due)

    @callback
    def _fire(self, item: _Condition, now: datetime) -> None:
        item.unsub = None
        self._begin(item, now, notify=True)

    def _begin(self, item: _Condition, start: datetime, *, notify: bool) -> None:
        since = item.since or start
        item.notice = GridNotice(
            GridEvent(
                id=f"sensor-{item.key}-{int(since.timestamp())}",
                type=item.type,
                severity=item.severity,
                start=start,
            ),
            message=f"{item.entity_id}: {item.key.replace('_', ' ')}",
            source="sensor",
        )
        if notify:
            self._on_change()

    @staticmethod
    def _cancel(item: _Condition) -> None:
        if item.unsub is not None:
            item.unsub()
            item.unsub = None
