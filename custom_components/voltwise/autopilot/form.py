"""The autopilot's settings in an appliance's reconfigure form (shiftable appliances only).

The same values the appliance's autopilot entities edit (settings.py), offered where the
appliance is changed anyway. Preferred action lists only what the appliance can do; every
other field is checked with a translated error before anything is stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import time
from typing import Any

import voluptuous as vol
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TimeSelector,
)

from ..engine.autopilot import PreferredAction
from .settings import (
    CONF_DELEGATED,
    CONF_LIMIT_DEGREES,
    CONF_LIMIT_PERCENT,
    CONF_MAX_DELAY_HOURS,
    CONF_PREFERRED_ACTION,
    CONF_PROTECTED,
    CONF_WINDOW_END,
    CONF_WINDOW_START,
    MAX_LIMIT_DEGREES,
    MAX_LIMIT_PERCENT,
    MAX_MAX_DELAY_HOURS,
    MIN_LIMIT_DEGREES,
    MIN_LIMIT_PERCENT,
    MIN_MAX_DELAY_HOURS,
    ApplianceAutopilot,
)

# The form's autopilot fields, in the order they are shown.
AUTOPILOT_FIELDS = (
    CONF_DELEGATED,
    CONF_PREFERRED_ACTION,
    CONF_PROTECTED,
    CONF_WINDOW_START,
    CONF_WINDOW_END,
    CONF_LIMIT_PERCENT,
    CONF_LIMIT_DEGREES,
    CONF_MAX_DELAY_HOURS,
)


def autopilot_fields(
    actions: Sequence[PreferredAction], *, climate: bool = False
) -> dict[vol.Marker, Any]:
    """The fields; the power limit only where the appliance can be limited.

    A climate appliance is limited by degrees of its target, anything else by a percentage.
    No bounds on the number selectors: out-of-range values get translated errors.
    """
    fields: dict[vol.Marker, Any] = {
        vol.Optional(CONF_DELEGATED): BooleanSelector(),
        vol.Optional(CONF_PREFERRED_ACTION): SelectSelector(
            SelectSelectorConfig(
                options=[action.value for action in actions],
                mode=SelectSelectorMode.DROPDOWN,
                translation_key=CONF_PREFERRED_ACTION,
            )
        ),
        vol.Optional(CONF_PROTECTED): BooleanSelector(),
        vol.Optional(CONF_WINDOW_START): TimeSelector(),
        vol.Optional(CONF_WINDOW_END): TimeSelector(),
    }
    if PreferredAction.LIMIT_POWER in actions and climate:
        fields[vol.Optional(CONF_LIMIT_DEGREES)] = NumberSelector(
            NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any")
        )
    elif PreferredAction.LIMIT_POWER in actions:
        fields[vol.Optional(CONF_LIMIT_PERCENT)] = NumberSelector(
            NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any", unit_of_measurement="%")
        )
    fields[vol.Optional(CONF_MAX_DELAY_HOURS)] = NumberSelector(
        NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any", unit_of_measurement="h")
    )
    return fields


def autopilot_suggestions(
    settings: ApplianceAutopilot, actions: Sequence[PreferredAction]
) -> dict[str, Any]:
    """What the form shows: the stored settings (an action the appliance lost: turn off)."""
    shown = settings.as_dict()
    if settings.preferred_action not in actions:
        shown[CONF_PREFERRED_ACTION] = PreferredAction.TURN_OFF.value
    return shown


def _in_range(raw: Any, low: float, high: float) -> bool:
    """The number selector gave a float (infinity and NaN included)."""
    value = float(raw)
    return math.isfinite(value) and low <= value <= high


def validate_autopilot(
    user_input: Mapping[str, Any], actions: Sequence[PreferredAction]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The submitted autopilot fields in stored form, and a field -> error key map.

    ``actions`` are what the appliance can do with the form's other answers (an eco mode
    removed in the same form takes eco_mode with it).
    """
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in (CONF_DELEGATED, CONF_PROTECTED):
        if key in user_input:
            changes[key] = bool(user_input[key])
    if (action := user_input.get(CONF_PREFERRED_ACTION)) is not None:
        if action in {item.value for item in actions}:
            changes[CONF_PREFERRED_ACTION] = action
        else:
            errors[CONF_PREFERRED_ACTION] = "preferred_action_unavailable"
    for key in (CONF_WINDOW_START, CONF_WINDOW_END):
        if (raw := user_input.get(key)) is not None:
            # Seconds dropped: windows are wall-clock minutes (the selector checked the form).
            changes[key] = time.fromisoformat(str(raw)).replace(second=0).isoformat()
    for key, low, high, error in (
        (CONF_LIMIT_PERCENT, MIN_LIMIT_PERCENT, MAX_LIMIT_PERCENT, "limit_percent_invalid"),
        (CONF_LIMIT_DEGREES, MIN_LIMIT_DEGREES, MAX_LIMIT_DEGREES, "limit_degrees_invalid"),
        (CONF_MAX_DELAY_HOURS, MIN_MAX_DELAY_HOURS, MAX_MAX_DELAY_HOURS, "max_delay_invalid"),
    ):
        if (raw := user_input.get(key)) is None:
            continue
        if _in_range(raw, low, high):
            changes[key] = float(raw)
        else:
            errors[key] = error
    return changes, errors
