"""Start-up after damage: schedules that cannot be planned, appliance state lost in a crash.

A stored schedule that cannot be planned (a record from an older version whose instants overflow,
a corrupted file) must not stop the home from loading: it is disabled, kept and listed, and a
repair issue names it and its appliance until it is changed or cancelled.

A virtual appliance's relay lives only in the appliance store, which is written every few
seconds; the schedule journal is written *before* each scheduled action. After a kill between
the two writes, the journal knows of an action the appliance store never saw. The rule, applied
after the start-up catch-up: for each virtual appliance, take the latest executed occurrence of
its schedules that can be planned; if the appliance store's action log reaches back to that
instant (it was never trimmed, or its oldest record is not newer) and holds no record of that
appliance since then, the store was written before the action, and the journal's action wins.
Otherwise the store's state stands: it saw the action (or a later one, such as the user
switching the appliance back, or the catch-up's auto-off), or it cannot tell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from ...const import DOMAIN, LOGGER
from ..coordinator import ApplianceCoordinator
from ..manager import ApplianceManager
from ..model import ActionSource, ApplianceAction, BackendKind
from ..pipeline import ACTION_LOG_SIZE, ActionRecord
from .store import ScheduleStoreData

# What planning a stored record can raise when the record is damaged or overflows the calendar.
UNPLANNABLE: tuple[type[Exception], ...] = (
    OverflowError,
    ValueError,  # EngineError too
    LookupError,
    TypeError,
    AttributeError,
)


def issue_id(schedule_id: str) -> str:
    """The repair issue of a disabled schedule."""
    return f"schedule_disabled_{schedule_id}"


def instant_text(value: object, default: datetime) -> str:
    """A stored instant if it is one, else ``default`` (repairing a damaged record)."""
    try:
        return datetime.fromisoformat(str(value)).isoformat()
    except ValueError:
        return default.isoformat()


def describe_error(err: Exception) -> str:
    """Why a schedule cannot be planned, for the repair issue and diagnostics."""
    return str(err) or type(err).__name__


def create_issue(hass: HomeAssistant, schedule_id: str, appliance: str, error: str) -> None:
    """Tell the user which schedule is disabled, of which appliance, and what to do."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(schedule_id),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="schedule_disabled",
        translation_placeholders={
            "schedule_id": schedule_id,
            "appliance": appliance,
            "error": error,
        },
    )


def delete_issue(hass: HomeAssistant, schedule_id: str) -> None:
    """The schedule was changed, cancelled, or its home unloaded."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(schedule_id))


def _latest_executed(
    executed: Mapping[str, str], schedules: Mapping[str, Any]
) -> dict[str, tuple[datetime, ApplianceAction]]:
    """Per appliance, the journal's latest executed occurrence: its instant and action."""
    latest: dict[str, tuple[datetime, ApplianceAction]] = {}
    for key, at_text in executed.items():
        head, _, kind = key.rpartition(":")
        record = schedules.get(head.split(":", 1)[0])
        if not isinstance(record, Mapping) or "disabled" in record or kind not in {"on", "off"}:
            continue  # gone, or a schedule that could not be planned: nothing to trust
        try:
            at = datetime.fromisoformat(at_text)
        except (TypeError, ValueError):
            continue
        action = ApplianceAction.TURN_ON if kind == "on" else ApplianceAction.TURN_OFF
        appliance_id = record.get("appliance_id")
        if isinstance(appliance_id, str) and (
            appliance_id not in latest or at > latest[appliance_id][0]
        ):
            latest[appliance_id] = (at, action)
    return latest


def lost_actions(
    executed: Mapping[str, str],
    schedules: Mapping[str, Any],
    appliances: Mapping[str, ApplianceCoordinator],
    actions: Sequence[ActionRecord],
    log_size: int,
) -> dict[str, ApplianceAction]:
    """Virtual appliances whose journalled action their store never saw, and that action."""
    complete = len(actions) < log_size
    lost: dict[str, ApplianceAction] = {}
    for appliance_id, (at, action) in _latest_executed(executed, schedules).items():
        coordinator = appliances.get(appliance_id)
        if coordinator is None or coordinator.appliance.backend is not BackendKind.VIRTUAL:
            continue  # a real device reports its own state when it comes back
        if coordinator.is_on == (action is ApplianceAction.TURN_ON):
            continue
        reaches_back = complete or (bool(actions) and actions[0].at <= at)
        seen = any(record.appliance_id == appliance_id and record.at >= at for record in actions)
        if reaches_back and not seen:
            lost[appliance_id] = action
    return lost


async def async_restore_appliances(
    manager: ApplianceManager, data: ScheduleStoreData, home: str
) -> None:
    """Virtual appliances follow the journal where their store missed an action (a kill).

    The action goes through the pipeline (source ``schedule``), so the appliance store records
    it and the next start-up finds nothing to restore.
    """
    pipeline = manager.pipeline
    lost = lost_actions(
        data["executed"],
        data["schedules"],
        manager.appliances,
        list(pipeline.actions),
        ACTION_LOG_SIZE,
    )
    for appliance_id, action in lost.items():
        name = manager.appliances[appliance_id].appliance.name
        LOGGER.info("%s: restoring %s to %s, as the schedule journal records", home, name, action)
        await pipeline.async_execute(appliance_id, action, ActionSource.SCHEDULE)
