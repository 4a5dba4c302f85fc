"""The vocabulary shared by the pipeline, the appliance runtime and every backend.

A backend is the only code that knows how to reach a device. It reports what it learns as
``BackendUpdate``s through a listener and carries out commands, raising ``BackendError`` (with a
translation key) when the device did not do what was asked. Everything else (state, energy
accounting, logs, entities) is the same for every backend.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol


class BackendKind(StrEnum):
    """How an appliance is driven; chosen when the appliance is added."""

    VIRTUAL = "virtual"
    HA_ENTITY = "ha_entity"
    TUYA = "tuya"
    MQTT = "mqtt"


class Category(StrEnum):
    """Whether VoltWise may move an appliance in time (turn_off_all, autopilot)."""

    SHIFTABLE = "shiftable"
    ESSENTIAL = "essential"


class ActionSource(StrEnum):
    """Who asked for an action; shown in logs, events and the logbook."""

    USER = "user"
    AUTOMATION = "automation"
    SCHEDULE = "schedule"
    AUTOPILOT = "autopilot"
    GRID_PROTECTION = "grid_protection"
    PHYSICAL = "physical"


class ApplianceAction(StrEnum):
    """What was done to an appliance."""

    TURN_ON = "turn_on"
    TURN_OFF = "turn_off"
    ECO_ON = "eco_on"
    ECO_OFF = "eco_off"
    # A power level: percent of a virtual appliance's power, a light's brightness, a fan's speed.
    SET_LEVEL = "set_level"


class ApplianceStatus(StrEnum):
    """What an appliance is doing, as its status sensor shows it."""

    ON = "on"
    OFF = "off"
    ECO = "eco"
    SCHEDULED = "scheduled"
    OVERRIDE = "override"


class Capability(StrEnum):
    """What a backend measures; decides metering and which extra sensors an appliance gets.

    Without POWER the runtime estimates power from the nameplate (eco) watts while on.
    """

    POWER = "power"
    ENERGY_COUNTER = "energy_counter"
    VOLTAGE = "voltage"
    CURRENT = "current"
    FREQUENCY = "frequency"
    POWER_FACTOR = "power_factor"
    DEVICE_STATUS = "device_status"  # firmware version, Wi-Fi signal, uptime (an MQTT node)


@dataclass(frozen=True, slots=True)
class BackendUpdate:
    """What a backend learnt at ``at``; ``None`` means "not part of this update".

    ``changed_by`` is set only when the relay changed for a reason other than a VoltWise command
    (a physical button, another app, an automation acting on the underlying entity), as far as
    the backend can tell. ``power_unknown`` says the power is no longer known (a power sensor
    became unavailable): the last reading must not be held.
    """

    at: datetime
    online: bool | None = None
    is_on: bool | None = None
    power_w: float | None = None
    counter_kwh: float | None = None
    voltage_v: float | None = None
    current_a: float | None = None
    frequency_hz: float | None = None
    power_factor: float | None = None
    changed_by: ActionSource | None = None
    power_unknown: bool = False
    # The power level the device reports (a light's brightness, a fan's speed percentage).
    level: float | None = None
    # What a node says about itself, and the quality (0-100) of its latest reading.
    firmware: str | None = None
    rssi_dbm: int | None = None
    uptime_s: int | None = None
    quality: int | None = None


type UpdateListener = Callable[[BackendUpdate], None]

# The most characters of a device's own text (an error message) VoltWise passes on.
MAX_TEXT_LENGTH = 200


def short_text(value: object, limit: int = MAX_TEXT_LENGTH) -> str:
    """``value`` as one printable line of at most ``limit`` characters (cut ones end in "…").

    Control characters (newlines, terminal escapes) become spaces and runs of spaces one, so a
    device's text cannot forge log lines or fill a screen.
    """
    raw = str(value)
    cut = len(raw) > 4 * limit  # more than can survive: do not clean what is thrown away
    text = " ".join("".join(c if c.isprintable() else " " for c in raw[: 4 * limit]).split())
    if cut or len(text) > limit:
        return text[: limit - 1] + "…"
    return text


class BackendError(Exception):
    """A device did not carry out a command (offline, timeout, refused, wrong key...).

    ``key`` is a translation key under ``exceptions`` in translations/en.json; ``placeholders``
    fill its message. The text is for logs only.
    """

    def __init__(self, key: str, **placeholders: str) -> None:
        """Keep the translation key and its placeholders, made short and printable.

        Placeholders may carry a device's own words (an MQTT node's error, an exception's
        text); they reach the user's error, the log and diagnostics, so none may be long.
        """
        self.key = key
        self.placeholders = {name: short_text(value) for name, value in placeholders.items()}
        details = ", ".join(f"{name}={value}" for name, value in sorted(self.placeholders.items()))
        super().__init__(f"{key} ({details})" if details else key)


class ApplianceBackend(Protocol):
    """One device (or none, for virtual appliances) behind the control pipeline.

    Lifecycle: ``async_start(listener)`` once, then commands, then ``async_stop()`` once. A
    backend reports every change it learns through the listener, in the event loop, including
    an initial update once it knows the device's state (or that it is offline). Commands return
    only once the device has confirmed them; on failure they raise ``BackendError``. No method
    may block the event loop.
    """

    capabilities: frozenset[Capability]

    async def async_start(self, listener: UpdateListener) -> None:
        """Connect or subscribe and begin reporting updates."""

    async def async_stop(self) -> None:
        """Release connections, subscriptions, timers and threads."""

    async def async_turn_on(self) -> None:
        """Switch the appliance on; return once the device confirmed it."""

    async def async_turn_off(self) -> None:
        """Switch the appliance off; return once the device confirmed it."""

    async def async_set_eco(self, enabled: bool) -> None:
        """Enter or leave eco mode where the device supports it (a no-op otherwise)."""

    async def async_set_level(self, level: float) -> None:
        """Set the power level where the device has one (a no-op where it is only modelled)."""

    def diagnostics(self) -> dict[str, Any]:
        """Counters and state for diagnostics; never a secret."""


class RelayBackend:
    """A backend whose commands all switch one relay: on, off, and no eco mode of its own.

    Eco mode is the runtime's estimate (eco watts instead of the nameplate), never a device's.
    Subclasses implement ``_async_switch``, which returns once the device confirmed.
    """

    async def async_turn_on(self) -> None:
        """Switch the appliance on; return once the device confirmed it."""
        await self._async_switch(True)

    async def async_turn_off(self) -> None:
        """Switch the appliance off; return once the device confirmed it."""
        await self._async_switch(False)

    async def async_set_eco(self, enabled: bool) -> None:
        """No device has an eco mode VoltWise drives; only the estimated power changes."""

    async def async_set_level(self, level: float) -> None:
        """A relay has no level: only the modelled power changes (virtual appliances)."""

    async def _async_switch(self, on: bool) -> None:
        raise NotImplementedError


# How long a command may take before it counts as unanswered.
COMMAND_TIMEOUT = timedelta(seconds=10)

# Who asked for the command a backend is carrying out (the control pipeline sets it around each
# backend call). A backend that learns only after the time limit that a command took effect
# attributes the change to this source, not to someone at the device.
COMMAND_SOURCE: ContextVar[ActionSource | None] = ContextVar(
    "voltwise_command_source", default=None
)
