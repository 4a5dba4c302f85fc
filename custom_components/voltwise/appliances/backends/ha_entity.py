"""Drive an existing Home Assistant entity (a plug, light, fan, climate...) through its services.

Most households already have their smart plugs in Home Assistant; VoltWise switches them with
``<domain>.turn_on`` / ``turn_off`` and reads watts from an optional power sensor (else the
runtime estimates them from the nameplate). A change VoltWise did not command is attributed from
the state's context: a user, an automation, or (with neither) the device itself.

A power sensor's state is converted to watts and passed on whatever its size; the appliance
runtime's plausibility gate judges it. A sensor that is unavailable, unknown or not a number in a
power unit reports that the power is unknown, so the last reading is not held.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import replace
from datetime import datetime
from typing import Any

from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfPower,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_conversion import PowerConverter

from ..config import (
    CLIMATE_DOMAIN,
    LEVEL_ATTRIBUTES,
    RANGE_DOMAINS,
    RANGE_FULL_LEVEL,
    HaEntityConfig,
)
from ..model import (
    COMMAND_TIMEOUT,
    ActionSource,
    BackendError,
    BackendUpdate,
    Capability,
    RelayBackend,
    UpdateListener,
)

# States that mean "off" for entities whose state is a mode rather than on/off.
_OFF_STATES = frozenset({STATE_OFF, "standby", "idle"})
_OFFLINE_STATES = frozenset({STATE_UNAVAILABLE})


def is_on_state(state: State) -> bool | None:
    """Whether an entity's state means the appliance is on (None when unknown)."""
    if state.state in (STATE_UNKNOWN, STATE_UNAVAILABLE):
        return None
    return state.state not in _OFF_STATES


def power_from_state(state: State | None) -> float | None:
    """Watts from a power sensor's state in any power unit, or None when it holds no number.

    The number is converted, not judged (1e308 kW is infinite watts): plausibility is the
    runtime's gate, one for every backend.
    """
    if state is None:
        return None
    try:
        value = float(state.state)
    except ValueError:
        return None
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if unit not in PowerConverter.VALID_UNITS:
        return None
    return PowerConverter.convert(value, unit, UnitOfPower.WATT)


def power_update(at: datetime, state: State | None) -> BackendUpdate:
    """What a power sensor's state says: a reading, or that the power is unknown now."""
    watts = power_from_state(state)
    if watts is None:
        return BackendUpdate(at=at, power_unknown=True)
    return BackendUpdate(at=at, power_w=watts)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _range(state: State) -> tuple[float, float, float] | None:
    """A number entity's (min, max, step), when they make a range."""
    low, high = _number(state.attributes.get("min")), _number(state.attributes.get("max"))
    step = _number(state.attributes.get("step")) or 0.0
    if low is None or high is None or high <= low or step < 0:
        return None
    return low, high, step


# Climate modes whose power the target temperature sets, and which way: cooling works down from
# max_temp, heating up from min_temp.
_COOLING = frozenset({"cool", "dry"})
_HEATING = frozenset({"heat"})


def _climate(state: State) -> tuple[float, float, float, bool] | None:
    """(target, min_temp, max_temp, cooling) of a climate entity in a mode with a target."""
    target = _number(state.attributes.get("temperature"))
    low = _number(state.attributes.get("min_temp"))
    high = _number(state.attributes.get("max_temp"))
    if target is None or low is None or high is None or high <= low:
        return None
    if state.state not in _COOLING | _HEATING:
        return None
    return target, low, high, state.state in _COOLING


def climate_target(state: State, level: float) -> float | None:
    """The target temperature at ``level``, on the entity's step (None: no mode with a target)."""
    found = _climate(state)
    if found is None:
        return None
    _, low, high, cooling = found
    share = level / RANGE_FULL_LEVEL * (high - low)
    target = high - share if cooling else low + share
    step = _number(state.attributes.get("target_temp_step")) or 0.5
    return min(max(round(target / step) * step, low), high)


def climate_level_step(state: State | None, degrees: float) -> float | None:
    """The level points (see ``level_from_state``) that move a climate target by ``degrees``."""
    if state is None:
        return None
    low = _number(state.attributes.get("min_temp"))
    high = _number(state.attributes.get("max_temp"))
    if low is None or high is None or high <= low:
        return None
    return degrees / (high - low) * RANGE_FULL_LEVEL


def level_from_state(state: State | None) -> float | None:
    """The level an entity reports (None: none to limit).

    A light's brightness, a fan's speed percentage, where a number stands in its range, or how
    much a climate entity's target leaves to its range (see ``CLIMATE_DOMAIN``).
    """
    if state is None:
        return None
    if state.domain == CLIMATE_DOMAIN:
        found = _climate(state)
        if found is None:
            return None
        target, low, high, cooling = found
        room = high - target if cooling else target - low
        return room / (high - low) * RANGE_FULL_LEVEL if room > 0 else None
    if state.domain in RANGE_DOMAINS:
        value, bounds = _number(state.state), _range(state)
        if value is None or bounds is None or value <= bounds[0]:
            return None
        return (value - bounds[0]) / (bounds[1] - bounds[0]) * RANGE_FULL_LEVEL
    if state.domain not in LEVEL_ATTRIBUTES:
        return None
    value = state.attributes.get(LEVEL_ATTRIBUTES[state.domain][0])
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return float(value)


def range_value(state: State, level: float) -> float | None:
    """The number entity's value at ``level`` % of its range, on its step (None: no range)."""
    bounds = _range(state)
    if bounds is None:
        return None
    low, high, step = bounds
    value = low + level / RANGE_FULL_LEVEL * (high - low)
    if step > 0:
        value = low + round((value - low) / step) * step
    return min(max(value, low), high)


class HaEntityBackend(RelayBackend):
    """An appliance that is an entity Home Assistant already has."""

    def __init__(self, hass: HomeAssistant, config: HaEntityConfig) -> None:
        """Nothing is subscribed until async_start."""
        self._hass = hass
        self._config = config
        self._domain = config.entity_id.split(".", 1)[0]
        self.capabilities: frozenset[Capability] = (
            frozenset({Capability.POWER}) if config.power_sensor else frozenset()
        )
        self._listener: UpdateListener | None = None
        self._unsubscribe: CALLBACK_TYPE | None = None
        self._is_on: bool | None = None
        self._online = False
        self._pending: tuple[bool, asyncio.Future[None]] | None = None
        self._commands = 0
        self._external_changes = 0

    async def async_start(self, listener: UpdateListener) -> None:
        """Follow the entity (and power sensor) and report their current states."""
        self._listener = listener
        tracked = [self._config.entity_id]
        if self._config.power_sensor:
            tracked.append(self._config.power_sensor)
        self._unsubscribe = async_track_state_change_event(self._hass, tracked, self._handle)
        state = self._hass.states.get(self._config.entity_id)
        self._is_on = is_on_state(state) if state is not None else None
        self._online = state is not None and state.state not in _OFFLINE_STATES
        listener(
            self._with_power(
                BackendUpdate(
                    at=dt_util.utcnow(),
                    online=self._online,
                    is_on=self._is_on,
                    level=level_from_state(state),
                )
            )
        )

    async def async_stop(self) -> None:
        """Stop following the entity; a command still waiting gives up."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._pending is not None and not self._pending[1].done():
            self._pending[1].cancel()
        self._listener = None

    def diagnostics(self) -> dict[str, Any]:
        """Which entities are driven and read, and how often."""
        return {
            "entity_id": self._config.entity_id,
            "power_sensor": self._config.power_sensor,
            "is_on": self._is_on,
            "commands": self._commands,
            "external_changes": self._external_changes,
        }

    async def _async_switch(self, turn_on: bool) -> None:
        state = self._hass.states.get(self._config.entity_id)
        if state is None or state.state in _OFFLINE_STATES:
            raise BackendError("device_offline")
        self._commands += 1
        confirmed: asyncio.Future[None] = self._hass.loop.create_future()
        self._pending = (turn_on, confirmed)
        if is_on_state(state) is turn_on:
            confirmed.set_result(None)  # already there; the call below keeps it so
        try:
            await self._hass.services.async_call(
                self._domain,
                SERVICE_TURN_ON if turn_on else SERVICE_TURN_OFF,
                {ATTR_ENTITY_ID: self._config.entity_id},
                blocking=True,
                context=Context(),
            )
            async with asyncio.timeout(COMMAND_TIMEOUT.total_seconds()):
                await confirmed
        except TimeoutError as err:
            raise BackendError("command_not_confirmed", entity_id=self._config.entity_id) from err
        except HomeAssistantError as err:
            raise BackendError("command_failed", error=str(err)) from err
        finally:
            self._pending = None

    async def async_set_level(self, level: float) -> None:
        """Set a light's brightness, a fan's speed or a number's value (percent of its range).

        The level becomes a whole step of the entity's scale, so a level read from it before is
        restored exactly.
        """
        state = self._hass.states.get(self._config.entity_id)
        if state is None or state.state in _OFFLINE_STATES:
            raise BackendError("device_offline")
        data: dict[str, Any]
        if self._domain == CLIMATE_DOMAIN:
            target = climate_target(state, level)
            if target is None:
                raise BackendError(
                    "command_failed", error=f"{self._config.entity_id} has no target temperature"
                )
            service, data = "set_temperature", {"temperature": target}
        elif self._domain in RANGE_DOMAINS:
            value = range_value(state, level)
            if value is None:
                raise BackendError("command_failed", error=f"{self._config.entity_id} has no range")
            service, data = "set_value", {"value": value}
        elif self._domain == "light":
            service, data = "turn_on", {"brightness": round(level)}
        else:
            service, data = "set_percentage", {"percentage": round(level)}
        self._commands += 1
        try:
            await self._hass.services.async_call(
                self._domain,
                service,
                {ATTR_ENTITY_ID: self._config.entity_id, **data},
                blocking=True,
                context=Context(),
            )
        except HomeAssistantError as err:
            raise BackendError("command_failed", error=str(err)) from err

    @callback
    def _handle(self, event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        now = dt_util.utcnow()
        listener = self._listener
        if listener is None:
            return
        if event.data["entity_id"] != self._config.entity_id:
            listener(power_update(now, new_state))
            return
        if new_state is None or new_state.state in _OFFLINE_STATES:
            self._online = False
            listener(BackendUpdate(at=now, online=False))
            return
        is_on = is_on_state(new_state)
        changed_by: ActionSource | None = None
        pending = self._pending
        if pending is not None and is_on is pending[0]:
            if not pending[1].done():
                pending[1].set_result(None)
        elif is_on is not None and self._is_on is not None and is_on != self._is_on:
            context = new_state.context
            self._external_changes += 1
            changed_by = (
                ActionSource.USER
                if context.user_id
                else ActionSource.AUTOMATION
                if context.parent_id
                else ActionSource.PHYSICAL
            )
        self._is_on = is_on if is_on is not None else self._is_on
        update = BackendUpdate(
            at=now,
            online=True,
            is_on=is_on,
            changed_by=changed_by,
            level=level_from_state(new_state),
        )
        if not self._online:
            # Back: a steady load sends no new state, so read the sensor's present one.
            self._online = True
            update = self._with_power(update)
        listener(update)

    def _with_power(self, update: BackendUpdate) -> BackendUpdate:
        """``update`` with the power sensor's present state, when there is a sensor."""
        if not self._config.power_sensor:
            return update
        power = power_update(update.at, self._hass.states.get(self._config.power_sensor))
        return replace(update, power_w=power.power_w, power_unknown=power.power_unknown)
