"""An appliance as the autopilot's engine sees it, from its coordinator and its settings."""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import HomeAssistant

from ..appliances.backends.ha_entity import climate_level_step
from ..appliances.config import CLIMATE_DOMAIN, ApplianceConfig
from ..appliances.coordinator import ApplianceCoordinator
from ..engine.autopilot import ApplianceState, ApplianceView, ChangeSource, Pause
from .settings import ApplianceAutopilot


def appliance_view(
    hass: HomeAssistant,
    coordinator: ApplianceCoordinator,
    settings: ApplianceAutopilot,
    step_minutes: int,
    *,
    changed: tuple[datetime, ChangeSource] | None,
    pause: Pause | None,
    resumed_at: datetime | None,
) -> ApplianceView:
    """The engine's view: state, abilities, the user's settings and the typical run."""
    appliance = coordinator.appliance
    return ApplianceView(
        id=appliance.appliance_id,
        name=appliance.name,
        state=ApplianceState(
            on=coordinator.is_on,
            eco=coordinator.eco,
            level=coordinator.level if coordinator.supports_level else None,
            changed_at=changed[0] if changed else None,
            changed_by=changed[1] if changed else None,
        ),
        essential=not appliance.shiftable,
        delegated=settings.delegated,
        preferred_action=settings.preferred_action,
        can_switch=appliance.supports_switch,
        can_eco=coordinator.supports_eco,
        can_limit=coordinator.supports_level,
        protected_window=settings.window,
        limit_percent=settings.limit_percent,
        limit_step=_climate_step(hass, appliance, settings.limit_degrees),
        cycle=appliance.typical_cycle(step_minutes),
        max_delay=settings.max_delay,
        pause=pause,
        resumed_at=resumed_at,
        power_w=appliance.nameplate_w,
        eco_power_w=appliance.eco_w,
    )


def _climate_step(hass: HomeAssistant, appliance: ApplianceConfig, degrees: float) -> float | None:
    """A climate appliance is limited by degrees of its target, in its level's points."""
    if appliance.level_domain != CLIMATE_DOMAIN or appliance.ha_entity is None:
        return None
    return climate_level_step(hass.states.get(appliance.ha_entity.entity_id), degrees)
