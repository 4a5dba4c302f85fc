"""The autopilot's switches: Autopilot, Grid protection; each appliance's Delegated and window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.helpers.entity import Entity

from ..entity import VoltWiseHomeEntity
from ..home.coordinator import HomeCoordinator
from .controller import Autopilot
from .setting_entity import ApplianceSetting, shiftable
from .settings import CONF_DELEGATED, CONF_PROTECTED, ApplianceAutopilot

# -- home switches ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HomeSettingSwitchDescription(SwitchEntityDescription):
    """A switch over one of the home's stored settings."""

    setting: str


HOME_SWITCHES = (
    HomeSettingSwitchDescription(key="autopilot", translation_key="autopilot", setting="autopilot"),
    HomeSettingSwitchDescription(
        key="grid_protection", translation_key="grid_protection", setting="grid_protection"
    ),
)


class HomeSettingSwitch(VoltWiseHomeEntity, SwitchEntity):
    """The home's Autopilot or Grid protection switch; a change decides again at once."""

    entity_description: HomeSettingSwitchDescription

    @property
    def is_on(self) -> bool:
        """The stored setting."""
        return bool(self.coordinator.settings_store.data[self.entity_description.setting])  # type: ignore[literal-required]

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on (saved, then the home and its autopilot follow)."""
        await self.coordinator.async_update_settings(**{self.entity_description.setting: True})

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off: the autopilot gives back what it holds."""
        await self.coordinator.async_update_settings(**{self.entity_description.setting: False})


# -- appliance settings ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApplianceFlagDescription(SwitchEntityDescription):
    """A switch over one boolean autopilot setting of an appliance."""

    setting: str
    value_fn: Callable[[ApplianceAutopilot], bool]


APPLIANCE_SWITCHES = (
    ApplianceFlagDescription(
        key="autopilot_delegated",
        translation_key="autopilot_delegated",
        entity_category=EntityCategory.CONFIG,
        setting=CONF_DELEGATED,
        value_fn=lambda settings: settings.delegated,
    ),
    ApplianceFlagDescription(
        key="protected_window",
        translation_key="protected_window",
        entity_category=EntityCategory.CONFIG,
        setting=CONF_PROTECTED,
        value_fn=lambda settings: settings.protected,
    ),
)


class ApplianceFlagSwitch(ApplianceSetting, SwitchEntity):
    """Delegated, or the protected window switched on."""

    entity_description: ApplianceFlagDescription

    @property
    def is_on(self) -> bool:
        """The stored setting."""
        return self.entity_description.value_fn(self.settings)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Store it in the appliance's subentry; the autopilot decides again."""
        self._update(**{self.entity_description.setting: True})

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Store it in the appliance's subentry; the autopilot decides again."""
        self._update(**{self.entity_description.setting: False})


def home_switches(home: HomeCoordinator) -> list[Entity]:
    """The home's Autopilot and Grid protection switches."""
    return [HomeSettingSwitch(home, description) for description in HOME_SWITCHES]


def appliance_switches(autopilot: Autopilot) -> dict[str, list[Entity]]:
    """Each shiftable appliance's Delegated and Protected window switches, by subentry."""
    return {
        appliance_id: [
            ApplianceFlagSwitch(autopilot, description, coordinator)
            for description in APPLIANCE_SWITCHES
        ]
        for appliance_id, coordinator in shiftable(autopilot)
    }
