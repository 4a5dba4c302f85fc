"""The typed object each home's config entry carries in ``entry.runtime_data``.

Only the integration's top level (setup, platforms, services, diagnostics, flows' lookups)
reads it; the parts it holds never import it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry

from .appliances.manager import ApplianceManager
from .appliances.schedules.executor import ScheduleExecutor
from .autopilot.controller import Autopilot
from .billing.coordinator import BillingCoordinator
from .billing.prepaid import PrepaidMeter
from .billing.spike import SpikeWatch
from .home.config import HomeConfig
from .home.coordinator import HomeCoordinator
from .insight.manager import InsightManager
from .plant.manager import PlantManager


@dataclass(frozen=True, slots=True)
class VoltWiseRuntime:
    """What a loaded home owns; each part tears itself down when the home unloads."""

    home: HomeConfig
    coordinator: HomeCoordinator
    appliances: ApplianceManager
    schedules: ScheduleExecutor
    plants: PlantManager
    autopilot: Autopilot
    # What a change must differ in to need a reload (all but the autopilot's settings).
    fingerprint: tuple[Any, ...] = ()
    insight: InsightManager | None = None
    billing: BillingCoordinator | None = None
    prepaid: PrepaidMeter | None = None
    spike: SpikeWatch | None = None


type VoltWiseConfigEntry = ConfigEntry[VoltWiseRuntime]
