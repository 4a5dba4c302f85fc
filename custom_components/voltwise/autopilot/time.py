"""Each shiftable appliance's protected window: start and end (local; may wrap midnight)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

from homeassistant.components.time import TimeEntity, TimeEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.helpers.entity import Entity

from .controller import Autopilot
from .setting_entity import ApplianceSetting, shiftable
from .settings import CONF_WINDOW_END, CONF_WINDOW_START, ApplianceAutopilot


@dataclass(frozen=True, kw_only=True)
class WindowTimeDescription(TimeEntityDescription):
    """One edge of the protected window."""

    setting: str
    value_fn: Callable[[ApplianceAutopilot], time]


WINDOW_TIMES = (
    WindowTimeDescription(
        key="protected_window_start",
        translation_key="protected_window_start",
        entity_category=EntityCategory.CONFIG,
        setting=CONF_WINDOW_START,
        value_fn=lambda settings: settings.window_start,
    ),
    WindowTimeDescription(
        key="protected_window_end",
        translation_key="protected_window_end",
        entity_category=EntityCategory.CONFIG,
        setting=CONF_WINDOW_END,
        value_fn=lambda settings: settings.window_end,
    ),
)


class WindowTime(ApplianceSetting, TimeEntity):
    """Start or end of the protected window (local time; the window may wrap midnight)."""

    entity_description: WindowTimeDescription

    @property
    def native_value(self) -> time:
        """The stored time."""
        return self.entity_description.value_fn(self.settings)

    async def async_set_value(self, value: time) -> None:
        """Store the time (seconds dropped: windows are wall-clock minutes)."""
        value = value.replace(second=0, microsecond=0, tzinfo=None)
        self._update(**{self.entity_description.setting: value.isoformat()})


def window_times(autopilot: Autopilot) -> dict[str, list[Entity]]:
    """Each shiftable appliance's window start and end, by subentry."""
    return {
        appliance_id: [
            WindowTime(autopilot, description, coordinator) for description in WINDOW_TIMES
        ]
        for appliance_id, coordinator in shiftable(autopilot)
    }
