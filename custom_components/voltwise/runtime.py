"""The typed object each home's config entry carries in ``entry.runtime_data``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .appliances.manager import ApplianceManager
from .appliances.schedules.executor import ScheduleExecutor
from .home.config import HomeConfig
from .home.coordinator import HomeCoordinator

if TYPE_CHECKING:
    from .plant.coordinator import PlantCoordinator


@dataclass(slots=True)
class VoltWiseRuntime:
    """What a loaded home owns; everything here is released on unload."""

    home: HomeConfig
    coordinator: HomeCoordinator
    appliances: ApplianceManager
    schedules: ScheduleExecutor
    # Plants by subentry id.
    plants: dict[str, PlantCoordinator] = field(default_factory=dict)


type VoltWiseConfigEntry = ConfigEntry[VoltWiseRuntime]
