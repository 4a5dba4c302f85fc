"""The one control path every appliance action takes, whoever asks and whatever the backend.

A switch toggled in the UI, an automation, a schedule, the autopilot and grid protection all call
``async_execute``: the backend carries the command out (and confirms it), the appliance's state
follows, and the action is logged with its source (kept for diagnostics, fired as an event that
the logbook shows). Changes a backend notices but VoltWise did not make (a physical button) are
logged the same way through ``record_external``.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, EVENT_APPLIANCE_ACTION, LOGGER
from ..errors import failed, invalid
from .coordinator import ApplianceCoordinator
from .model import COMMAND_SOURCE, COMMAND_TIMEOUT, ActionSource, ApplianceAction, BackendError

# Actions kept for diagnostics (and across restarts).
ACTION_LOG_SIZE = 100
# A backend bounds its own commands by COMMAND_TIMEOUT; this is the pipeline's last resort.
_PIPELINE_TIMEOUT_SECONDS = COMMAND_TIMEOUT.total_seconds() + 5


class ActionResult(StrEnum):
    """How an action ended."""

    SUCCESS = "success"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One logged action."""

    at: datetime
    appliance_id: str
    appliance: str
    action: ApplianceAction
    source: ActionSource
    result: ActionResult
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly, for the Store and diagnostics."""
        return {
            "at": self.at.isoformat(),
            "appliance_id": self.appliance_id,
            "appliance": self.appliance,
            "action": self.action.value,
            "source": self.source.value,
            "result": self.result.value,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActionRecord | None:
        """The inverse of as_dict; None for a record this version cannot read."""
        try:
            return cls(
                at=datetime.fromisoformat(data["at"]),
                appliance_id=str(data["appliance_id"]),
                appliance=str(data["appliance"]),
                action=ApplianceAction(data["action"]),
                source=ActionSource(data["source"]),
                result=ActionResult(data["result"]),
                error=data.get("error"),
            )
        except (KeyError, TypeError, ValueError):
            return None


def source_from_context(context: Context | None) -> ActionSource:
    """Who called a service: a signed-in user, else an automation or script."""
    return ActionSource.USER if context is not None and context.user_id else ActionSource.AUTOMATION


class ControlPipeline:
    """Executes and logs appliance actions for one home."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        home_name: str,
        appliances: Mapping[str, ApplianceCoordinator],
        on_persist: Callable[[], None],
    ) -> None:
        """Act on ``appliances`` (the manager's live mapping)."""
        self._hass = hass
        self._entry_id = entry_id
        self._home_name = home_name
        self._appliances = appliances
        self._on_persist = on_persist
        self.actions: deque[ActionRecord] = deque(maxlen=ACTION_LOG_SIZE)
        self._listeners: list[Callable[[ActionRecord], None]] = []

    def async_add_listener(self, listener: Callable[[ActionRecord], None]) -> CALLBACK_TYPE:
        """Call ``listener(record)`` after every logged action (the autopilot's triggers)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def restore(self, saved: Iterable[Mapping[str, Any]]) -> None:
        """Reload the action log saved before a restart."""
        self.actions.extend(
            record for item in saved if (record := ActionRecord.from_dict(item)) is not None
        )

    def appliance(self, appliance_id: str) -> ApplianceCoordinator:
        """The appliance with this id, or a translated validation error."""
        try:
            return self._appliances[appliance_id]
        except KeyError:
            raise invalid("appliance_not_found", appliance=appliance_id) from None

    async def async_execute(
        self,
        appliance_id: str,
        action: ApplianceAction,
        source: ActionSource,
        context: Context | None = None,
        level: float | None = None,
    ) -> ActionRecord:
        """Carry out ``action`` and log it; raise a translated error when it failed.

        Eco mode is refused, before anything is done or logged, for an appliance without one;
        a power level (``level`` on the appliance's scale) for one without a level.
        """
        coordinator = self.appliance(appliance_id)
        if action in (ApplianceAction.ECO_ON, ApplianceAction.ECO_OFF) and not (
            coordinator.supports_eco
        ):
            raise invalid("eco_mode_unsupported", appliance=coordinator.appliance.name)
        if action is ApplianceAction.SET_LEVEL and not coordinator.supports_level:
            raise invalid("power_level_unsupported", appliance=coordinator.appliance.name)
        record, error = await self._async_attempt(coordinator, action, source, context, level)
        if error is not None:
            raise error
        return record

    async def async_turn_off_all(
        self, source: ActionSource, context: Context | None = None
    ) -> list[ActionRecord]:
        """Turn off every shiftable appliance that is on; one record each, failed or not."""
        attempts = await asyncio.gather(
            *(
                self._async_attempt(coordinator, ApplianceAction.TURN_OFF, source, context, None)
                for coordinator in self._appliances.values()
                if coordinator.appliance.shiftable and coordinator.is_on
            )
        )
        return [record for record, _error in attempts]

    async def _async_attempt(
        self,
        coordinator: ApplianceCoordinator,
        action: ApplianceAction,
        source: ActionSource,
        context: Context | None,
        level: float | None,
    ) -> tuple[ActionRecord, HomeAssistantError | None]:
        """Run one action through the backend; the error is returned, not raised."""
        backend = coordinator.backend
        source_token = COMMAND_SOURCE.set(source)
        try:
            async with asyncio.timeout(_PIPELINE_TIMEOUT_SECONDS):
                if action is ApplianceAction.TURN_ON:
                    await backend.async_turn_on()
                elif action is ApplianceAction.TURN_OFF:
                    await backend.async_turn_off()
                elif action is ApplianceAction.SET_LEVEL:
                    await backend.async_set_level(coordinator.level if level is None else level)
                else:
                    await backend.async_set_eco(action is ApplianceAction.ECO_ON)
        except (BackendError, TimeoutError) as err:
            key = err.key if isinstance(err, BackendError) else "command_timeout"
            placeholders = err.placeholders if isinstance(err, BackendError) else {}
            record = self._record(
                coordinator, action, source, context, ActionResult.FAILED, error=key
            )
            return record, failed(key, {"appliance": coordinator.appliance.name, **placeholders})
        finally:
            COMMAND_SOURCE.reset(source_token)
        coordinator.apply_confirmed(action, level)
        return self._record(coordinator, action, source, context, ActionResult.SUCCESS), None

    def record_external(
        self, coordinator: ApplianceCoordinator, action: ApplianceAction, source: ActionSource
    ) -> None:
        """Log a change the backend saw but VoltWise did not make."""
        self._record(coordinator, action, source, None, ActionResult.SUCCESS)

    def _record(
        self,
        coordinator: ApplianceCoordinator,
        action: ApplianceAction,
        source: ActionSource,
        context: Context | None,
        result: ActionResult,
        *,
        error: str | None = None,
    ) -> ActionRecord:
        appliance = coordinator.appliance
        record = ActionRecord(
            at=dt_util.utcnow(),
            appliance_id=appliance.appliance_id,
            appliance=appliance.name,
            action=action,
            source=source,
            result=result,
            error=error,
        )
        self.actions.append(record)
        log = LOGGER.warning if result is ActionResult.FAILED else LOGGER.debug
        log("%s: %s %s by %s (%s)", self._home_name, appliance.name, action, source, result)
        self._hass.bus.async_fire(
            EVENT_APPLIANCE_ACTION,
            {
                "config_entry_id": self._entry_id,
                "home": self._home_name,
                "appliance_id": appliance.appliance_id,
                "appliance": appliance.name,
                "entity_id": self._switch_entity_id(appliance.appliance_id),
                "action": action.value,
                "source": source.value,
                "result": result.value,
                "error": error,
            },
            context=context,
        )
        self._on_persist()
        for listener in list(self._listeners):
            listener(record)
        return record

    def _switch_entity_id(self, appliance_id: str) -> str | None:
        """The appliance's switch, so the logbook links the entry to it."""
        return er.async_get(self._hass).async_get_entity_id(
            Platform.SWITCH, DOMAIN, f"{self._entry_id}_{appliance_id}_switch"
        )
