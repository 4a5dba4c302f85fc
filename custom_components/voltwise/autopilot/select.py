"""Each shiftable appliance's Preferred action: only what its backend can carry out."""

from __future__ import annotations

from typing import Any

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.helpers.entity import Entity

from ..engine.autopilot import PreferredAction
from ..errors import invalid
from .controller import Autopilot
from .setting_entity import ApplianceSetting, shiftable
from .settings import CONF_PREFERRED_ACTION

PREFERRED_ACTION = SelectEntityDescription(
    key="preferred_action",
    translation_key="preferred_action",
    entity_category=EntityCategory.CONFIG,
)


class PreferredActionSelect(ApplianceSetting, SelectEntity):
    """What the autopilot does to the appliance; only what its backend can do is offered."""

    def shown(self) -> tuple[Any, ...]:
        """The settings and what the backend can do now."""
        return (*super().shown(), tuple(self.options))

    @property
    def options(self) -> list[str]:
        """The actions the backend supports."""
        return [action.value for action in self.coordinator.available_actions(self.appliance_id)]

    @property
    def current_option(self) -> str:
        """The stored preference (turn_off if the backend cannot do it)."""
        action = self.settings.preferred_action
        return action.value if action.value in self.options else PreferredAction.TURN_OFF.value

    async def async_select_option(self, option: str) -> None:
        """Store the preference; one the backend cannot carry out is refused."""
        if option not in self.options:
            raise invalid(
                "preferred_action_unsupported",
                appliance=self.appliance.appliance.name,
                action=option,
            )
        self._update(**{CONF_PREFERRED_ACTION: option})


def preferred_action_selects(autopilot: Autopilot) -> dict[str, list[Entity]]:
    """Each shiftable appliance's select, by subentry."""
    return {
        appliance_id: [PreferredActionSelect(autopilot, PREFERRED_ACTION, coordinator)]
        for appliance_id, coordinator in shiftable(autopilot)
    }
