"""Each appliance's autopilot settings, kept in its subentry's data under ``autopilot``.

The subentry is the one source of truth: the appliance's subentry flow and its autopilot
entities (delegated, preferred action, protected window, limit) edit the same values. The home's
update listener compares everything but these settings (``reload_fingerprint``), so a change of
them does not reload the home: the autopilot re-reads them and decides again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import time, timedelta
from typing import Any, Final

from ..engine.autopilot import DEFAULT_LIMIT_PERCENT, DEFAULT_MAX_DELAY, PreferredAction
from ..engine.penalty import ProtectedWindow

CONF_AUTOPILOT: Final = "autopilot"
CONF_DELEGATED: Final = "delegated"
CONF_PREFERRED_ACTION: Final = "preferred_action"
CONF_PROTECTED: Final = "protected_window"
CONF_WINDOW_START: Final = "window_start"
CONF_WINDOW_END: Final = "window_end"
CONF_LIMIT_PERCENT: Final = "limit_percent"
CONF_LIMIT_DEGREES: Final = "limit_degrees"
CONF_MAX_DELAY_HOURS: Final = "max_delay_hours"

MIN_LIMIT_PERCENT: Final = 10.0
MAX_LIMIT_PERCENT: Final = 100.0
# A climate appliance's limit: degrees its target moves the saving way (Home Assistant's unit).
MIN_LIMIT_DEGREES: Final = 0.5
MAX_LIMIT_DEGREES: Final = 10.0
DEFAULT_LIMIT_DEGREES: Final = 2.0
MIN_MAX_DELAY_HOURS: Final = 1.0
MAX_MAX_DELAY_HOURS: Final = 24.0
DEFAULT_WINDOW_START: Final = time(22, 0)
DEFAULT_WINDOW_END: Final = time(6, 0)


@dataclass(frozen=True, slots=True)
class ApplianceAutopilot:
    """What the autopilot may do to one appliance."""

    delegated: bool = True
    preferred_action: PreferredAction = PreferredAction.TURN_OFF
    protected: bool = False
    window_start: time = DEFAULT_WINDOW_START
    window_end: time = DEFAULT_WINDOW_END
    limit_percent: float = DEFAULT_LIMIT_PERCENT
    limit_degrees: float = DEFAULT_LIMIT_DEGREES
    max_delay_hours: float = DEFAULT_MAX_DELAY.total_seconds() / 3600

    @property
    def window(self) -> ProtectedWindow | None:
        """The protected window while it is switched on (an empty one protects nothing)."""
        if not self.protected or self.window_start == self.window_end:
            return None
        return ProtectedWindow(self.window_start, self.window_end)

    @property
    def max_delay(self) -> timedelta:
        """How long after a delay its run must be done."""
        return timedelta(hours=self.max_delay_hours)

    def as_dict(self) -> dict[str, Any]:
        """The stored form (subentry data)."""
        return {
            CONF_DELEGATED: self.delegated,
            CONF_PREFERRED_ACTION: self.preferred_action.value,
            CONF_PROTECTED: self.protected,
            CONF_WINDOW_START: self.window_start.isoformat(),
            CONF_WINDOW_END: self.window_end.isoformat(),
            CONF_LIMIT_PERCENT: self.limit_percent,
            CONF_LIMIT_DEGREES: self.limit_degrees,
            CONF_MAX_DELAY_HOURS: self.max_delay_hours,
        }

    def with_changes(self, changes: Mapping[str, Any]) -> ApplianceAutopilot:
        """These settings with stored-form ``changes`` applied (validated by the caller)."""
        return autopilot_settings({CONF_AUTOPILOT: {**self.as_dict(), **changes}})


def _time(raw: Any, default: time) -> time:
    if isinstance(raw, time):
        return raw.replace(tzinfo=None)
    try:
        return time.fromisoformat(str(raw)).replace(tzinfo=None)
    except ValueError:
        return default


def _bounded(raw: Any, low: float, high: float, default: float) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    return value if math.isfinite(value) and low <= value <= high else default


def autopilot_settings(data: Mapping[str, Any]) -> ApplianceAutopilot:
    """An appliance's settings from its subentry data; anything unreadable takes its default.

    The flow and the entities validate what they store; this only keeps an older or
    hand-edited entry from breaking the home.
    """
    raw = data.get(CONF_AUTOPILOT)
    if not isinstance(raw, Mapping):
        return ApplianceAutopilot()
    defaults = ApplianceAutopilot()
    try:
        action = PreferredAction(raw.get(CONF_PREFERRED_ACTION, defaults.preferred_action))
    except ValueError:
        action = defaults.preferred_action
    return replace(
        defaults,
        delegated=bool(raw.get(CONF_DELEGATED, True)),
        preferred_action=action,
        protected=bool(raw.get(CONF_PROTECTED, False)),
        window_start=_time(raw.get(CONF_WINDOW_START), DEFAULT_WINDOW_START),
        window_end=_time(raw.get(CONF_WINDOW_END), DEFAULT_WINDOW_END),
        limit_percent=_bounded(
            raw.get(CONF_LIMIT_PERCENT),
            MIN_LIMIT_PERCENT,
            MAX_LIMIT_PERCENT,
            defaults.limit_percent,
        ),
        limit_degrees=_bounded(
            raw.get(CONF_LIMIT_DEGREES),
            MIN_LIMIT_DEGREES,
            MAX_LIMIT_DEGREES,
            defaults.limit_degrees,
        ),
        max_delay_hours=_bounded(
            raw.get(CONF_MAX_DELAY_HOURS),
            MIN_MAX_DELAY_HOURS,
            MAX_MAX_DELAY_HOURS,
            defaults.max_delay_hours,
        ),
    )


def available_actions(
    *, can_eco: bool, can_limit: bool, can_switch: bool = True
) -> list[PreferredAction]:
    """The preferred actions an appliance can carry out (turn off and delay: all that switch)."""
    actions = [PreferredAction.TURN_OFF] if can_switch else []
    if can_eco:
        actions.append(PreferredAction.ECO_MODE)
    if can_switch:
        actions.append(PreferredAction.DELAY_START)
    if can_limit:
        actions.append(PreferredAction.LIMIT_POWER)
    return actions


def reload_fingerprint(
    data: Mapping[str, Any],
    options: Mapping[str, Any],
    subentries: Mapping[str, tuple[str, str, Mapping[str, Any]]],
) -> tuple[Any, ...]:
    """Everything whose change needs the home reloaded: all but the autopilot settings.

    ``subentries`` maps each subentry id to (type, title, data).
    """
    return (
        dict(data),
        dict(options),
        {
            subentry_id: (kind, title, {k: v for k, v in sub.items() if k != CONF_AUTOPILOT})
            for subentry_id, (kind, title, sub) in subentries.items()
        },
    )
