"""The typed object each home's config entry carries in ``entry.runtime_data``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .home import HomeConfig

if TYPE_CHECKING:
    from .appliances.manager import ApplianceManager
    from .coordinator import HomeCoordinator
    from .schedules.executor import ScheduleExecutor


@dataclass(slots=True)
class VoltWiseRuntime:
    """What a loaded home owns; everything here is released on unload."""

    home: HomeConfig
    coordinator: HomeCoordinator
    appliances: ApplianceManager
    schedules: ScheduleExecutor


type VoltWiseConfigEntry = ConfigEntry[VoltWiseRuntime]
