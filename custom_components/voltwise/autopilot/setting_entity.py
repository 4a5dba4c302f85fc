"""The base of an appliance's autopilot settings entities (switch, select, time).

Each shiftable appliance has Delegated, Preferred action, Protected window with its start and
end; essential appliances have none (the autopilot never touches them). The values live in the
appliance's subentry (settings.py); the entities are fed by the home's autopilot.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import callback

from ..appliances.coordinator import ApplianceCoordinator
from ..entity import VoltWiseApplianceAutopilotEntity
from .controller import Autopilot
from .settings import ApplianceAutopilot


class ApplianceSetting(VoltWiseApplianceAutopilotEntity):
    """One autopilot setting of an appliance."""

    _shown: tuple[Any, ...] | None = None

    def shown(self) -> tuple[Any, ...]:
        """Everything the entity's state is made of."""
        return (self.settings, self.available)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state only when the settings changed, not after every decision.

        The autopilot publishes after each decision; with a hundred appliances, rewriting their
        five settings entities each time cost more than the decision itself.
        """
        if (shown := self.shown()) != self._shown:
            self._shown = shown
            self.async_write_ha_state()

    @property
    def settings(self) -> ApplianceAutopilot:
        """The appliance's settings now."""
        return self.coordinator.settings.get(self.appliance_id, ApplianceAutopilot())

    def _update(self, **changes: Any) -> None:
        self.coordinator.async_update_appliance(self.appliance_id, **changes)


def shiftable(autopilot: Autopilot) -> list[tuple[str, ApplianceCoordinator]]:
    """The appliances the autopilot may act on, by id."""
    return [
        (appliance_id, coordinator)
        for appliance_id, coordinator in autopilot.appliances.items()
        if coordinator.appliance.shiftable
    ]
