"""Switches of a VoltWise appliance: the appliance itself and its eco mode.

Both act only through the control pipeline, so a toggle in the UI is logged (with its source)
and confirmed by the device exactly like a schedule or the autopilot acting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .appliances.model import ApplianceAction
from .appliances.pipeline import source_from_context
from .appliances.runtime import ApplianceSnapshot
from .entity import VoltWiseApplianceEntity
from .runtime import VoltWiseConfigEntry

# Each appliance is its own device and the pipeline bounds each command.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ApplianceSwitchDescription(SwitchEntityDescription):
    """A switch: its state and the actions that turn it on and off."""

    is_on_fn: Callable[[ApplianceSnapshot], bool]
    on_action: ApplianceAction
    off_action: ApplianceAction


APPLIANCE_SWITCHES: tuple[ApplianceSwitchDescription, ...] = (
    ApplianceSwitchDescription(
        key="switch",
        name=None,  # the appliance's own name: switch.washing_machine
        is_on_fn=lambda snapshot: snapshot.is_on,
        on_action=ApplianceAction.TURN_ON,
        off_action=ApplianceAction.TURN_OFF,
    ),
    ApplianceSwitchDescription(
        key="eco_mode",
        translation_key="eco_mode",
        entity_category=EntityCategory.CONFIG,
        is_on_fn=lambda snapshot: snapshot.eco,
        on_action=ApplianceAction.ECO_ON,
        off_action=ApplianceAction.ECO_OFF,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoltWiseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add each appliance's switches, attached to its subentry."""
    for appliance_id, coordinator in entry.runtime_data.appliances.appliances.items():
        async_add_entities(
            (ApplianceSwitch(coordinator, description) for description in APPLIANCE_SWITCHES),
            config_subentry_id=appliance_id,
        )


class ApplianceSwitch(VoltWiseApplianceEntity, SwitchEntity):
    """Turns the appliance (or its eco mode) on and off through the pipeline."""

    entity_description: ApplianceSwitchDescription

    @property
    def is_on(self) -> bool:
        """The confirmed state."""
        return self.entity_description.is_on_fn(self.coordinator.data)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Ask the pipeline; the state changes once the device confirmed."""
        await self._async_act(self.entity_description.on_action)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Ask the pipeline; the state changes once the device confirmed."""
        await self._async_act(self.entity_description.off_action)

    async def async_set_eco_mode(self, enabled: bool) -> None:
        """The ``voltwise.set_eco_mode`` entity service (on either switch of an appliance)."""
        await self._async_act(ApplianceAction.ECO_ON if enabled else ApplianceAction.ECO_OFF)

    async def _async_act(self, action: ApplianceAction) -> None:
        await self.coordinator.config_entry.runtime_data.appliances.pipeline.async_execute(
            self.coordinator.appliance.appliance_id,
            action,
            source_from_context(self._context),
            self._context,
        )
