"""Switches: an appliance itself and its eco mode; a plant's default grid charging; the autopilot.

Appliance switches act only through the control pipeline, so a toggle in the UI is logged (with
its source) and confirmed by the device exactly like a schedule or the autopilot acting. A
plant's switch edits its plan, which the plant then applies.

Only an appliance with eco watts whose power is modelled (not measured) has an eco mode, and so an
eco switch: no backend has one of its own, so otherwise eco mode would change nothing but the
status. An eco switch left in the entity registry by an appliance that has none (an older version,
eco watts removed, a power sensor added) is removed, and so is the switch of an appliance that
became a meter without a relay (a monitor-only MQTT node).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .appliances.coordinator import ApplianceCoordinator, ApplianceSnapshot
from .appliances.model import ApplianceAction
from .appliances.pipeline import source_from_context
from .autopilot.switch import appliance_switches, home_switches
from .const import DOMAIN
from .entity import VoltWiseApplianceEntity, VoltWisePlantEntity
from .runtime import VoltWiseConfigEntry

# Each appliance is its own device and the pipeline bounds each command.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ApplianceSwitchDescription(SwitchEntityDescription):
    """A switch: its state and the actions that turn it on and off."""

    is_on_fn: Callable[[ApplianceSnapshot], bool]
    on_action: ApplianceAction
    off_action: ApplianceAction


ECO_MODE_KEY = "eco_mode"
SWITCH_KEY = "switch"
APPLIANCE_SWITCHES: tuple[ApplianceSwitchDescription, ...] = (
    ApplianceSwitchDescription(
        key=SWITCH_KEY,
        name=None,  # the appliance's own name: switch.washing_machine
        is_on_fn=lambda snapshot: snapshot.is_on,
        on_action=ApplianceAction.TURN_ON,
        off_action=ApplianceAction.TURN_OFF,
    ),
    ApplianceSwitchDescription(
        key=ECO_MODE_KEY,
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
    """Add each appliance's switches and each plant's default, attached to their subentries."""
    appliances = entry.runtime_data.appliances
    async_add_entities(home_switches(entry.runtime_data.coordinator))
    autopilot = appliance_switches(entry.runtime_data.autopilot)
    for appliance_id, entities in autopilot.items():
        async_add_entities(entities, config_subentry_id=appliance_id)
    for appliance_id, coordinator in appliances.appliances.items():
        if not coordinator.supports_eco:
            _remove_switch(hass, coordinator, ECO_MODE_KEY)
        if not coordinator.switchable:  # a meter without a relay (it became one)
            _remove_switch(hass, coordinator, SWITCH_KEY)
        async_add_entities(
            (
                ApplianceSwitch(coordinator, description)
                for description in APPLIANCE_SWITCHES
                if description.key != ECO_MODE_KEY or coordinator.supports_eco
                if description.key != SWITCH_KEY or coordinator.switchable
            ),
            config_subentry_id=appliance_id,
        )
    for plant_id, plant in entry.runtime_data.plants.plants.items():
        async_add_entities(
            [DefaultGridChargingSwitch(plant, DEFAULT_GRID_CHARGING)], config_subentry_id=plant_id
        )


def _remove_switch(hass: HomeAssistant, coordinator: ApplianceCoordinator, key: str) -> None:
    """Remove a switch the appliance no longer has (rather than leave it unavailable)."""
    registry = er.async_get(hass)
    unique_id = f"{coordinator.config_entry.entry_id}_{coordinator.appliance.appliance_id}_{key}"
    if entity_id := registry.async_get_entity_id(Platform.SWITCH, DOMAIN, unique_id):
        registry.async_remove(entity_id)


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
        await self.coordinator.async_act(action, source_from_context(self._context), self._context)


DEFAULT_GRID_CHARGING = SwitchEntityDescription(
    key="default_grid_charging",
    translation_key="default_grid_charging",
    entity_category=EntityCategory.CONFIG,
)


class DefaultGridChargingSwitch(VoltWisePlantEntity, SwitchEntity):
    """Whether a plant may charge from the grid where no schedule says (its plan's default)."""

    @property
    def is_on(self) -> bool:
        """The plan's default."""
        return self.coordinator.data.plan.defaults.grid_charging_allowed

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Allow grid charging by default."""
        await self._async_set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Forbid grid charging by default."""
        await self._async_set(False)

    async def _async_set(self, allowed: bool) -> None:
        await self.coordinator.async_set_defaults(grid_charging_allowed=allowed)
