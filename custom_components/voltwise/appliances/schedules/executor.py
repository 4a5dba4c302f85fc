"""The schedule executor: every scheduled action at its exact instant, never twice, none lost.

One timer per schedule, armed for its next occurrence (``async_track_point_in_utc_time``, so
nothing polls) and re-armed after each. When it fires, the occurrence's idempotency key is saved
*before* the appliance is switched through the control pipeline (source ``schedule``), so a crash
can only lose the action, never repeat it; the startup catch-up then decides about what fell due
while Home Assistant was down: a start within the grace period runs once, a later one is reported
as missed, and a missed auto-off is always carried out.

Smart schedules ("within this window, at the best time") choose their start with the decision
core's optimal window, when they are created and again shortly before each window opens.

Everything that can fail is computed before anything changes: a new or changed schedule is
planned whole (its smart starts, next trigger and calendar state), then saved, then armed. A
stored schedule that cannot be planned is disabled instead of failing the home (see
``recovery``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HassJob, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now

from ...const import (
    EVENT_SCHEDULE_EXECUTED,
    EVENT_SCHEDULE_FAILED,
    EVENT_SCHEDULE_MISSED,
    LOGGER,
)
from ...engine.recurrence import (
    Action,
    CatchUpPlan,
    Occurrence,
    Run,
    next_occurrences,
    plan_catch_up,
    runs_between,
    should_carry_out,
)
from ...engine.schedule_spec import ScheduleSpec
from ...engine.transitions import NotificationKind
from ...home.context import HomeContext
from ...loop_turn import OncePerLoopTurn
from ..manager import ApplianceManager
from ..model import ActionSource, ApplianceAction
from . import recovery
from .planning import PLANNABLE_UNTIL, Plan, Planner, parse_starts, shown_end
from .reporting import Reporter
from .store import LogRecord, ScheduleRecord, ScheduleStore

__all__ = ["ScheduleExecutor", "ScheduleView", "shown_end"]

_ACTIONS = {Action.TURN_ON: ApplianceAction.TURN_ON, Action.TURN_OFF: ApplianceAction.TURN_OFF}
# Keys that can no longer matter are forgotten at most this often (and at every setup).
PRUNE_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ScheduleView:
    """A schedule as services and the calendar show it."""

    schedule_id: str
    appliance_id: str
    spec: ScheduleSpec
    created_at: datetime
    starts: Mapping[date, datetime]


class ScheduleExecutor:
    """All schedules of one home."""

    def __init__(self, home: HomeContext, appliances: ApplianceManager) -> None:
        """Nothing is armed until async_setup."""
        self._hass = home.hass
        self._home = home
        self.time_zone = self._tz = home.time_zone
        self.appliances = appliances
        self.store = ScheduleStore(home.hass, home.entry_id)
        self._planner = Planner(home, self._nameplate_w, lambda: self.store.data["executed"])
        self._report = Reporter(home, self.store, self._appliance_name)
        self._loaded = self._armed = False
        self._timers: dict[str, CALLBACK_TYPE] = {}
        self._resolve_timers: dict[str, CALLBACK_TYPE] = {}
        self._update_callbacks: list[CALLBACK_TYPE] = []
        self._specs: dict[str, ScheduleSpec] = {}
        # Per schedule, kept up to date one schedule at a time (a burst of due actions must not
        # recompute all of them for each): its next turn_on, and its run in progress or next run
        # with the instant that answer must be looked at again.
        self._next_on: dict[str, datetime | None] = {}
        self._upcoming: dict[str, tuple[Run | None, datetime]] = {}
        self._publish = OncePerLoopTurn(home.hass, self._publish_now)
        # Occurrences being carried out now. Schedules due on the same minute fire together but
        # finish over many turns of the loop (each waits for the journal and its appliance);
        # what users see is published once, when the last of them is done, not after each.
        self._firing = 0
        self._pruned_at: datetime | None = None

    @property
    def grace(self) -> timedelta:
        """How late a missed start may still run (the home's option)."""
        return timedelta(minutes=self._home.config.schedule_grace_minutes)

    # -- lifecycle -----------------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load, drop schedules of appliances that are gone, catch up, and arm the timers.

        A schedule that cannot be planned is disabled with a repair issue; the home loads. The
        teardown is registered first, so a setup that fails later leaves no timer armed.
        """
        began = time.perf_counter()
        self._home.entry.async_on_unload(self.async_unload)
        data = await self.store.async_load()
        self._loaded = True
        now = dt_util.utcnow()
        for schedule_id, record in list(data["schedules"].items()):
            if record.get("appliance_id") not in self.appliances.appliances:
                LOGGER.info("Dropping schedule %s: its appliance was removed", schedule_id)
                del data["schedules"][schedule_id]
        for schedule_id in list(data["schedules"]):
            if self.is_disabled(schedule_id):
                self._report_disabled(schedule_id)
                continue
            try:
                catch_up = self._catch_up_plan(schedule_id, now)
            except recovery.UNPLANNABLE as err:
                self._disable(schedule_id, err)
                continue
            await self._async_catch_up(schedule_id, catch_up, now)
            try:
                plan = self._plan(schedule_id, now, now)
            except recovery.UNPLANNABLE as err:
                self._disable(schedule_id, err)
                continue
            self._apply(schedule_id, plan)
        # After the catch-up: what it switched is recorded, so only what was lost is restored.
        await recovery.async_restore_appliances(self.appliances, data, self._home.name)
        self._prune(now)
        await self.store.async_save_schedules()
        await self.store.async_commit()
        self._armed = True
        self._publish_now()
        LOGGER.debug(
            "%s: %d schedules loaded, caught up and armed in %.3f s",
            self._home.name,
            len(data["schedules"]),
            time.perf_counter() - began,
        )

    async def async_unload(self) -> None:
        """Cancel every timer; once armed, remember that everything due until now was handled.

        A setup that stopped early keeps the progress it had: the next one catches up.
        """
        self._publish.cancel()
        for timers in (self._timers, self._resolve_timers):
            for unsubscribe in timers.values():
                unsubscribe()
            timers.clear()
        if not self._loaded:
            return  # nothing was loaded, so nothing may be overwritten
        now = dt_util.utcnow().isoformat()
        for schedule_id, record in self.store.data["schedules"].items():
            if self.is_disabled(schedule_id):
                recovery.delete_issue(self._hass, schedule_id)  # raised again at the next setup
            elif self._armed:
                record["handled_until"] = max(record["handled_until"], now)
        await self.store.async_save_schedules()
        await self.store.async_commit()

    @callback
    def async_add_listener(self, update_callback: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update_callback`` whenever schedules or their progress change (calendar)."""
        self._update_callbacks.append(update_callback)
        return lambda: self._update_callbacks.remove(update_callback)

    # -- the schedules -------------------------------------------------------------------------

    def is_disabled(self, schedule_id: str) -> bool:
        """Whether the schedule could not be planned (kept and listed, never armed)."""
        return "disabled" in self.store.data["schedules"][schedule_id]

    def disabled(self) -> dict[str, ScheduleRecord]:
        """The disabled schedules' records, as stored."""
        return {
            schedule_id: record
            for schedule_id, record in self.store.data["schedules"].items()
            if "disabled" in record
        }

    def _nameplate_w(self, appliance_id: str) -> float | None:
        appliance = self.appliances.appliances.get(appliance_id)
        return appliance.appliance.nameplate_w if appliance is not None else None

    def appliance_name(self, appliance_id: str) -> str:
        """An appliance's name (its id once it is gone)."""
        appliance = self.appliances.appliances.get(appliance_id)
        return appliance.appliance.name if appliance is not None else appliance_id

    def spec(self, schedule_id: str) -> ScheduleSpec:
        """The stored spec of a schedule (validated once, then kept)."""
        if (spec := self._specs.get(schedule_id)) is None:
            spec = ScheduleSpec.from_dict(self.store.data["schedules"][schedule_id]["spec"])
            self._specs[schedule_id] = spec
        return spec

    def view(self, schedule_id: str) -> ScheduleView:
        """One schedule as services and the calendar show it."""
        record = self.store.data["schedules"][schedule_id]
        return ScheduleView(
            schedule_id=schedule_id,
            appliance_id=record["appliance_id"],
            spec=self.spec(schedule_id),
            created_at=datetime.fromisoformat(record["created_at"]),
            starts=_starts(record),
        )

    def views(self) -> list[ScheduleView]:
        """Every schedule that can be planned, oldest first."""
        return sorted(
            (
                self.view(schedule_id)
                for schedule_id in self.store.data["schedules"]
                if not self.is_disabled(schedule_id)
            ),
            key=lambda view: view.created_at,
        )

    def next_occurrence(self, schedule_id: str, after: datetime | None = None) -> Occurrence | None:
        """The schedule's next action after ``after`` (default: now)."""
        record = self.store.data["schedules"][schedule_id]
        found = next_occurrences(
            self.spec(schedule_id), after or dt_util.utcnow(), self._tz, starts=_starts(record)
        )
        return found[0] if found else None

    def runs_between(self, start: datetime, end: datetime) -> list[tuple[ScheduleView, Run]]:
        """Runs of every schedule overlapping ``[start, end)`` (not before it was created).

        Only the plannable calendar is looked at: no run lies beyond it, and a calendar asked
        about year 9999 must not overflow.
        """
        found: list[tuple[ScheduleView, Run]] = []
        end = min(end, PLANNABLE_UNTIL)
        for view in self.views():
            first = max(start, view.created_at)
            if first < end:
                found.extend(
                    (view, run)
                    for run in runs_between(view.spec, first, end, self._tz, starts=view.starts)
                )
        return sorted(found, key=lambda pair: pair[1].start)

    def upcoming(self, now: datetime) -> tuple[ScheduleView, Run] | None:
        """The run in progress (earliest started), else the next one, within the look-around."""
        best: tuple[str, Run] | None = None
        for schedule_id in list(self._upcoming):
            run, recheck_at = self._upcoming[schedule_id]
            if recheck_at <= now:
                view = self.view(schedule_id)
                run, _ = self._upcoming[schedule_id] = self._planner.current_or_next(
                    view.spec, view.created_at, view.starts, now
                )
            if run is not None and (best is None or run.start < best[1].start):
                best = (schedule_id, run)
        return None if best is None else (self.view(best[0]), best[1])

    @property
    def log(self) -> list[LogRecord]:
        """The execution log, oldest first."""
        return self.store.data["log"]

    async def async_add(self, appliance_id: str, spec_data: dict[str, Any]) -> str:
        """Plan a new schedule whole, then save it, then arm it; returns its id.

        Raises ``EngineError`` (nothing stored) when the spec is invalid.
        """
        schedule_id = ulid_now()
        now = dt_util.utcnow()
        record = ScheduleRecord(
            spec={},
            appliance_id=appliance_id,
            created_at=now.isoformat(),
            handled_until=now.isoformat(),
            starts={},
        )
        await self._async_store(schedule_id, record, spec_data, now)
        return schedule_id

    async def async_update(self, schedule_id: str, spec_data: dict[str, Any]) -> None:
        """Replace a schedule's timing: planned whole, then saved, then armed.

        Its progress and keys stay. A disabled schedule that can now be planned runs again,
        from now on. Raises ``EngineError`` (nothing changed) when the spec is invalid.
        """
        now = dt_util.utcnow()
        current = self.store.data["schedules"][schedule_id]
        if self.is_disabled(schedule_id):  # its record may be damaged; nothing to catch up
            created_at = recovery.instant_text(current.get("created_at"), now)
            handled_until = now.isoformat()
        else:
            created_at, handled_until = current["created_at"], current["handled_until"]
        record = ScheduleRecord(
            spec={},
            appliance_id=current["appliance_id"],
            created_at=created_at,
            handled_until=handled_until,
            starts={},
        )
        await self._async_store(schedule_id, record, spec_data, now)
        recovery.delete_issue(self._hass, schedule_id)

    async def async_cancel(self, schedule_id: str) -> None:
        """Delete a schedule and its timers (and its repair issue, if it was disabled)."""
        self._cancel_timers(schedule_id)
        del self.store.data["schedules"][schedule_id]
        for cache in (self._specs, self._next_on, self._upcoming):
            cache.pop(schedule_id, None)
        recovery.delete_issue(self._hass, schedule_id)
        await self.store.async_save_schedules()
        self._publish_now()

    async def _async_store(
        self, schedule_id: str, record: ScheduleRecord, spec_data: dict[str, Any], now: datetime
    ) -> None:
        """Validate and plan ``record`` with the spec; only then store, save and arm it."""
        spec = ScheduleSpec.from_dict({**spec_data, "id": schedule_id})
        record["spec"] = spec.as_dict()
        plan = self._planner.plan(spec, record, now, now)
        self._specs[schedule_id] = spec
        self.store.data["schedules"][schedule_id] = record
        self._record_plan(record, plan)
        await self.store.async_save_schedules()
        self._apply(schedule_id, plan)
        self._publish_now()

    async def _async_rearm(self, schedule_id: str, now: datetime) -> None:
        """Plan again (a smart window approaches), save, arm."""
        try:
            plan = self._plan(schedule_id, now, now)
        except recovery.UNPLANNABLE as err:
            self._disable(schedule_id, err)
        else:
            self._record_plan(self.store.data["schedules"][schedule_id], plan)
            await self.store.async_save_schedules()
            self._apply(schedule_id, plan)
        self._publish_now()

    def _cancel_timers(self, schedule_id: str) -> None:
        for timers in (self._timers, self._resolve_timers):
            if (unsubscribe := timers.pop(schedule_id, None)) is not None:
                unsubscribe()

    # -- timers --------------------------------------------------------------------------------

    def _plan(self, schedule_id: str, now: datetime, after: datetime) -> Plan:
        """A stored schedule's plan (raises what a damaged record raises)."""
        record = self.store.data["schedules"][schedule_id]
        return self._planner.plan(self.spec(schedule_id), record, now, after)

    @staticmethod
    def _record_plan(record: ScheduleRecord, plan: Plan) -> None:
        """What the store keeps of a plan."""
        record["starts"] = plan.starts
        record["next_trigger"] = None if plan.occurrence is None else plan.occurrence.at.isoformat()

    @callback
    def _apply(self, schedule_id: str, plan: Plan) -> None:
        """Arm the schedule's timers and show its state, as planned."""
        self._record_plan(self.store.data["schedules"][schedule_id], plan)
        self._cancel_timers(schedule_id)
        if plan.resolve_at is not None:
            self._arm_resolve(schedule_id, plan.resolve_at)
        self._upcoming[schedule_id] = plan.upcoming
        self._next_on[schedule_id] = plan.next_on
        occurrence = plan.occurrence
        if occurrence is None:
            return  # a one-off that is over (it stays listed until cancelled)

        async def fire(_now: datetime) -> None:
            self._timers.pop(schedule_id, None)
            self._firing += 1
            try:
                await self._async_fire(schedule_id, occurrence)
            finally:
                self._firing -= 1
                if not self._firing:
                    self._publish.request()

        self._timers[schedule_id] = async_track_point_in_utc_time(
            self._hass,
            HassJob(fire, f"voltwise schedule {schedule_id}", cancel_on_shutdown=True),
            occurrence.at,
        )

    async def _async_fire(self, schedule_id: str, occurrence: Occurrence) -> None:
        """An occurrence is due now: carry it out once, then arm the next one."""
        if schedule_id not in self.store.data["schedules"] or self.is_disabled(schedule_id):
            return
        record = self.store.data["schedules"][schedule_id]
        now = dt_util.utcnow()
        if now - occurrence.at > self.grace:
            # The clock jumped (suspend, a stalled loop): decide as after a restart rather than
            # replaying every occurrence in between.
            try:
                catch_up = self._catch_up_plan(schedule_id, now)
            except recovery.UNPLANNABLE as err:
                self._disable(schedule_id, err)
                return
            await self._async_catch_up(schedule_id, catch_up, now)
            after = now
        else:
            await self._async_handle(schedule_id, occurrence, late=False)
            record["handled_until"] = max(record["handled_until"], occurrence.at.isoformat())
            after = occurrence.at
        self.store.async_schedule_save()
        now = dt_util.utcnow()
        try:
            plan = self._plan(schedule_id, now, after)
        except recovery.UNPLANNABLE as err:
            self._disable(schedule_id, err)
        else:
            self._apply(schedule_id, plan)
        if self._pruned_at is None or now - self._pruned_at > PRUNE_INTERVAL:
            self._prune(now)

    def _catch_up_plan(self, schedule_id: str, now: datetime) -> CatchUpPlan:
        """What to do about what fell due while Home Assistant was down (or the home unloaded)."""
        record = self.store.data["schedules"][schedule_id]
        return plan_catch_up(
            self.spec(schedule_id),
            self._tz,
            since=datetime.fromisoformat(record["handled_until"]),
            now=now,
            executed=self.store.data["executed"],
            reported=self.store.data["reported"],
            grace=self.grace,
            starts=_starts(record),
        )

    async def _async_catch_up(self, schedule_id: str, plan: CatchUpPlan, now: datetime) -> None:
        """Carry out and report a catch-up plan; everything up to ``now`` is then handled."""
        record = self.store.data["schedules"][schedule_id]
        for occurrence in plan.run:
            await self._async_handle(schedule_id, occurrence, late=True)
        for occurrence in plan.missed:
            self.store.data["reported"][occurrence.key] = occurrence.at.isoformat()
            self._report.log(schedule_id, occurrence, "missed")
            self._report.event(EVENT_SCHEDULE_MISSED, schedule_id, occurrence)
            await self._report.async_notify(
                NotificationKind.SCHEDULE_MISSED, schedule_id, occurrence
            )
            LOGGER.warning(
                "%s: %s was missed while Home Assistant was down",
                self._appliance_name(schedule_id),
                occurrence.key,
            )
        for occurrence in plan.skipped:
            self.store.data["reported"][occurrence.key] = occurrence.at.isoformat()
            self._report.log(schedule_id, occurrence, "skipped")
        record["handled_until"] = now.isoformat()

    async def _async_handle(self, schedule_id: str, occurrence: Occurrence, *, late: bool) -> None:
        """Carry out one occurrence through the pipeline, key saved first; log the outcome."""
        data = self.store.data
        if not should_carry_out(occurrence, data["executed"]):
            if occurrence.key not in data["executed"]:
                # An auto-off whose start never ran: nothing of ours to switch off.
                data["reported"][occurrence.key] = occurrence.at.isoformat()
                self._report.log(schedule_id, occurrence, "skipped")
            return
        data["executed"][occurrence.key] = occurrence.at.isoformat()
        await self.store.async_commit()  # before acting: a crash from here on never repeats it
        appliance_id = data["schedules"][schedule_id]["appliance_id"]
        try:
            await self.appliances.pipeline.async_execute(
                appliance_id, _ACTIONS[occurrence.action], ActionSource.SCHEDULE
            )
        except HomeAssistantError as err:
            error = err.translation_key or str(err)
            self._report.log(schedule_id, occurrence, "failed", error=error)
            self._report.event(EVENT_SCHEDULE_FAILED, schedule_id, occurrence, error=error)
            await self._report.async_notify(
                NotificationKind.SCHEDULE_FAILED, schedule_id, occurrence, error=str(err)
            )
            return
        self._report.log(schedule_id, occurrence, "success")
        self._report.event(EVENT_SCHEDULE_EXECUTED, schedule_id, occurrence, late=late)
        await self._report.async_notify(NotificationKind.SCHEDULE_EXECUTED, schedule_id, occurrence)

    @callback
    def _arm_resolve(self, schedule_id: str, when: datetime) -> None:
        if (unsubscribe := self._resolve_timers.pop(schedule_id, None)) is not None:
            unsubscribe()

        async def resolve(now: datetime) -> None:
            self._resolve_timers.pop(schedule_id, None)
            if schedule_id in self.store.data["schedules"] and not self.is_disabled(schedule_id):
                await self._async_rearm(schedule_id, now)

        self._resolve_timers[schedule_id] = async_track_point_in_utc_time(
            self._hass, HassJob(resolve, f"voltwise smart schedule {schedule_id}"), when
        )

    # -- what users see ------------------------------------------------------------------------

    @callback
    def _publish_now(self) -> None:
        """Each appliance's next scheduled start (its status shows ``scheduled``); calendar."""
        self._publish.cancel()
        next_runs: dict[str, datetime] = {}
        schedules = self.store.data["schedules"]
        for schedule_id, when in self._next_on.items():
            if when is None or schedule_id not in schedules:
                continue
            appliance_id = schedules[schedule_id]["appliance_id"]
            current = next_runs.get(appliance_id)
            next_runs[appliance_id] = min(when, current) if current else when
        for appliance_id, coordinator in self.appliances.appliances.items():
            coordinator.set_next_run(next_runs.get(appliance_id))
        for update_callback in list(self._update_callbacks):
            update_callback()

    def _prune(self, now: datetime) -> None:
        self.store.prune(
            {
                schedule_id: self.spec(schedule_id).period
                for schedule_id in self.store.data["schedules"]
                if not self.is_disabled(schedule_id)
            }
        )
        self._pruned_at = now

    def _appliance_name(self, schedule_id: str) -> str:
        return self.appliance_name(self.store.data["schedules"][schedule_id]["appliance_id"])

    # -- damage ----------------------------------------------------------------------------------

    def _disable(self, schedule_id: str, err: Exception) -> None:
        """Keep a schedule that cannot be planned, unarmed, and tell the user."""
        self._cancel_timers(schedule_id)
        for cache in (self._specs, self._next_on, self._upcoming):
            cache.pop(schedule_id, None)
        record = self.store.data["schedules"][schedule_id]
        record["disabled"] = recovery.describe_error(err)
        record["next_trigger"] = None
        LOGGER.warning(
            "%s: schedule %s of %s cannot be planned (%s); it is disabled until it is changed "
            "or cancelled",
            self._home.name,
            schedule_id,
            self._appliance_name(schedule_id),
            record["disabled"],
        )
        self._report_disabled(schedule_id)
        self.store.async_schedule_save()

    def _report_disabled(self, schedule_id: str) -> None:
        record = self.store.data["schedules"][schedule_id]
        recovery.create_issue(
            self._hass, schedule_id, self._appliance_name(schedule_id), str(record["disabled"])
        )


def _starts(record: ScheduleRecord) -> dict[date, datetime]:
    """A smart schedule's chosen starts, as the engine takes them."""
    return parse_starts(record["starts"])
