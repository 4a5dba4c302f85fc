"""A plant at run time: its plan, the executor that applies it, and the snapshot entities show.

Event-driven, never polling: after every evaluation ONE timer is armed for the earliest of the
plan's next change, a pending retry and local midnight (when "API calls today" restarts). An
evaluation resolves the plan for now and, only when the desired values differ from the last
applied ones, writes the differing controls through SolisCloud (read, write, read back). Every
edit, override and "apply now" is saved first, then re-plans at once.

Failures follow one policy, whatever started the attempt (startup, boundary, edit, override,
apply now): the client retries transient errors (2, 5, 10 s within 30 s); if the apply still
fails, its values are held back (``BackOff``): transient failures are tried again after 5, 15,
30 and then every 60 minutes, refusals by SolisCloud (a code such as B0049) not on their own.
Only other values (the next boundary, an edit or override that changes them) or the user's
"apply now" end the wait early, so no re-evaluation can turn into a retry loop. Rejected
credentials stop the executor and start Home Assistant's reauthentication of the home for this
plant; other refusals, or three failed attempts in a row, raise a repair issue that the next
success removes. The daily request budget raises its own issue until midnight.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir, translation
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, EVENT_PLANT_APPLIED, LOGGER
from ..engine.errors import EngineError
from ..engine.metering import next_local_midnight
from ..engine.plant.edits import clear_override, expire_override, new_plan, set_bounds, set_override
from ..engine.plant.model import OverrideMode, PlantPlan, Resolution, validate_plan
from ..engine.plant.resolve import resolve
from ..runtime import VoltWiseConfigEntry
from ..solis.client import BudgetStatus
from ..solis.errors import SolisAuthError, SolisError
from ..solis.executor import (
    AppliedState,
    ApplyOutcome,
    ApplyRecord,
    ApplyResult,
    BackOff,
    ControlValues,
    apply_controls,
)
from .client import create_client
from .config import PlantConfig
from .errors import apply_failed
from .store import PlantState, PlantStore

# Transient failures in a row before the plant gets a repair issue.
FAILURES_BEFORE_ISSUE: Final = 3
# The data key that tells the home's reauth flow which plant to fix.
REAUTH_PLANT_ID: Final = "plant_subentry_id"


class Trigger(StrEnum):
    """What started an evaluation or apply (recorded in the control log and events)."""

    STARTUP = "startup"
    SCHEDULE = "schedule"
    EDIT = "edit"
    OVERRIDE = "override"
    RETRY = "retry"
    APPLY_NOW = "apply_now"


class PlanChangedError(Exception):
    """The plan was changed elsewhere while a flow edited its own copy."""


@dataclass(frozen=True, slots=True)
class PlantSnapshot:
    """What a plant's entities show ("Today")."""

    at: datetime
    plan: PlantPlan
    resolution: Resolution
    applied: AppliedState
    last_record: ApplyRecord | None
    api_calls_today: int
    daily_budget: int
    problem: str | None  # translation key of the failure in force, if any
    retry_at: datetime | None


def _values(resolution: Resolution) -> ControlValues:
    return ControlValues(resolution.peak_shaving_w, resolution.grid_charging_allowed)


class PlantCoordinator(DataUpdateCoordinator[PlantSnapshot]):
    """Owns one plant's plan, store, timer and SolisCloud client; its entities listen to it."""

    config_entry: VoltWiseConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: VoltWiseConfigEntry,
        plant: PlantConfig,
        tz: tzinfo,
    ) -> None:
        """Nothing is loaded or applied until the first refresh and ``async_start``."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"VoltWise plant {plant.name}",
            update_interval=None,
        )
        self.plant = plant
        self.tz = tz
        self.client = create_client(
            hass,
            plant.api_id,
            plant.api_secret,
            base_url=plant.base_url,
            budget_tz=tz,
            on_budget=self._handle_budget,
        )
        self._store = PlantStore(hass, entry.entry_id, plant.plant_id)
        self._state = PlantState()
        self._lock = asyncio.Lock()
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._timer_job = HassJob(
            self._handle_timer, f"VoltWise plant {plant.name}", cancel_on_shutdown=True
        )
        self._apply_task: asyncio.Task[None] | None = None
        self._rerun: Trigger | None = None
        self._back_off: BackOff | None = None
        self._problem: str | None = None
        self.last_error: SolisError | None = None
        self._auth_failed = False
        self._stopped = False
        self._budget_day: date | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def _async_setup(self) -> None:
        """Load the stored plan (or start one from the plant's initial defaults)."""
        state = await self._store.async_load()
        plan = state.plan
        if plan is None:
            plan = new_plan(self.plant.initial_defaults, self.plant.bounds)
        elif plan.bounds != self.plant.bounds:
            try:
                plan = set_bounds(plan, self.plant.bounds)
            except EngineError as err:
                LOGGER.warning(
                    "%s: keeping the plan's peak-shaving range, the configured one does not "
                    "fit it (%s)",
                    self.plant.name,
                    err,
                )
        is_new = state.plan is None
        state.plan = plan
        if state.requests_day is not None:
            self.client.restore_requests(state.requests_day, state.requests_count)
        self._state = state
        if is_new:
            await self._store.async_save(state)

    async def _async_update_data(self) -> PlantSnapshot:
        """The snapshot for now (no I/O: the plan is resolved in memory)."""
        now = dt_util.utcnow()
        return self._snapshot(now, resolve(self.plan, now, self.tz))

    @callback
    def async_start(self) -> None:
        """Begin executing: apply what the plan wants now if needed, arm the timer."""
        self._async_evaluate(Trigger.STARTUP)

    async def async_shutdown(self) -> None:
        """Stop the timer and any apply in flight; save what is known."""
        first = not self._stopped
        self._stopped = True
        self._cancel_timer()
        task, self._apply_task = self._apply_task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await super().async_shutdown()
        if first and self._state.plan is not None:
            await self._store.async_save(self._state)

    # -- state -------------------------------------------------------------------------------

    @property
    def plan(self) -> PlantPlan:
        """The plan in force (loaded in the first refresh)."""
        plan = self._state.plan
        if plan is None:
            raise RuntimeError("the plant's plan is not loaded yet")
        return plan

    @property
    def log(self) -> tuple[ApplyRecord, ...]:
        """The control log, oldest first."""
        return tuple(self._state.log)

    @property
    def applied(self) -> AppliedState:
        """What the inverter was last verified to hold."""
        return self._state.applied

    def _snapshot(self, now: datetime, resolution: Resolution) -> PlantSnapshot:
        budget = self.client.budget_status()
        return PlantSnapshot(
            at=now,
            plan=self.plan,
            resolution=resolution,
            applied=self._state.applied,
            last_record=self._state.log[-1] if self._state.log else None,
            api_calls_today=budget.used,
            daily_budget=budget.budget,
            problem=self._problem,
            retry_at=self._retry_at,
        )

    @property
    def _retry_at(self) -> datetime | None:
        """When the values that failed are tried again on their own (``None``: not)."""
        if self._back_off is None or self._auth_failed:
            return None
        return self._back_off.retry_at

    # -- evaluation and the one timer ----------------------------------------------------------

    @callback
    def _async_evaluate(self, trigger: Trigger) -> None:
        """Resolve the plan for now, publish it, re-arm the timer, apply if values differ."""
        if self._stopped:
            return
        now = dt_util.utcnow()
        expired = expire_override(self.plan, now)
        if expired is not self._state.plan:
            LOGGER.debug("%s: the override ended", self.plant.name)
            self._state.plan = expired
            self.config_entry.async_create_task(
                self.hass, self._store.async_save(self._state), "voltwise plant save"
            )
        resolution = resolve(self.plan, now, self.tz)
        self._roll_day(now)
        self._arm_timer(now, resolution)
        self.async_set_updated_data(self._snapshot(now, resolution))
        if self._needs_apply(_values(resolution), now):
            self._start_apply(trigger)

    def _needs_apply(self, desired: ControlValues, now: datetime) -> bool:
        """Whether to write now; what started the evaluation never matters (see ``BackOff``)."""
        if self._auth_failed or self._state.applied.matches(desired):
            return False
        if self._back_off is not None and self._back_off.holds(desired, now):
            return False
        return not self.client.budget_status().exhausted

    @callback
    def _arm_timer(self, now: datetime, resolution: Resolution) -> None:
        candidates = [resolution.next_change, next_local_midnight(now, self.tz), self._retry_at]
        wake = min(moment for moment in candidates if moment is not None and moment > now)
        self._cancel_timer()
        self._unsub_timer = async_track_point_in_utc_time(self.hass, self._timer_job, wake)

    @callback
    def _cancel_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None

    @callback
    def _handle_timer(self, now: datetime) -> None:
        self._unsub_timer = None
        due_retry = self._retry_at is not None and now >= self._retry_at
        self._async_evaluate(Trigger.RETRY if due_retry else Trigger.SCHEDULE)

    @callback
    def _roll_day(self, now: datetime) -> None:
        """A new day (in the plant's zone) clears yesterday's budget warning."""
        today = now.astimezone(self.tz).date()
        if self._budget_day is not None and self._budget_day != today:
            self._budget_day = None
            ir.async_delete_issue(self.hass, DOMAIN, f"plant_budget_{self.plant.plant_id}")

    # -- applying ------------------------------------------------------------------------------

    @callback
    def _start_apply(self, trigger: Trigger) -> None:
        if self._apply_task is not None and not self._apply_task.done():
            self._rerun = trigger  # evaluated again when the running apply is done
            return
        self._apply_task = self.config_entry.async_create_task(
            self.hass, self._async_run_apply(trigger), f"voltwise apply {self.plant.name}"
        )

    async def _async_run_apply(self, trigger: Trigger) -> None:
        try:
            await self._async_apply(trigger, force=False)
        finally:
            if not self._stopped:
                self._apply_task = None
                rerun, self._rerun = self._rerun, None
                self._async_evaluate(rerun or trigger)

    async def _async_apply(self, trigger: Trigger, *, force: bool) -> ApplyRecord | None:
        """One attempt under the plant's lock; ``None`` when nothing needed writing."""
        async with self._lock:
            now = dt_util.utcnow()
            resolution = resolve(self.plan, now, self.tz)
            desired = _values(resolution)
            if not force and self._state.applied.matches(desired):
                return None
            outcome = await apply_controls(
                self.client,
                self.plant.serial,
                self.plant.controls,
                desired,
                self._state.applied,
                now=now,
                source=resolution.source.value,
                trigger=trigger.value,
                force=force,
            )
            self._record(outcome, now)
            await self._store.async_save(self._state)
            return outcome.record

    @callback
    def _record(self, outcome: ApplyOutcome, now: datetime) -> None:
        state = self._state
        record, error = outcome.record, outcome.error
        state.applied = outcome.applied
        state.log.append(record)
        self.last_error = error
        budget = self.client.budget_status()
        state.requests_day, state.requests_count = budget.day, budget.used
        failing_issue = f"plant_failing_{self.plant.plant_id}"
        if error is None:
            if state.failures:
                LOGGER.info("%s: the plan is applied again", self.plant.name)
            state.failures = 0
            self._back_off = None
            self._problem = None
            ir.async_delete_issue(self.hass, DOMAIN, failing_issue)
        else:
            state.failures += 1
            self._problem = error.key
            values = ControlValues(record.peak_shaving_w, record.grid_charging_allowed)
            self._back_off = BackOff.after(error, values, state.failures, now)
            refused_credentials = isinstance(error, SolisAuthError)
            self._auth_failed = self._auth_failed or refused_credentials
            LOGGER.warning(
                "%s: could not apply %s W, grid charging %s (attempt %d): %s; %s",
                self.plant.name,
                record.peak_shaving_w,
                "allowed" if record.grid_charging_allowed else "forbidden",
                state.failures,
                error,
                self._next_try(),
            )
            if refused_credentials:
                self._start_reauth()
            elif not error.transient or state.failures >= FAILURES_BEFORE_ISSUE:
                ir.async_create_issue(
                    self.hass,
                    DOMAIN,
                    failing_issue,
                    is_fixable=False,
                    severity=ir.IssueSeverity.ERROR,
                    translation_key="plant_failing",
                    translation_placeholders={
                        "plant": self.plant.name,
                        "failures": str(state.failures),
                        "error": translation.async_get_exception_message(
                            DOMAIN, error.key, error.placeholders
                        ),
                    },
                )
        event = {
            "entry_id": self.config_entry.entry_id,
            "plant_id": self.plant.plant_id,
            "plant": self.plant.name,
            **record.as_dict(),
        }
        event.pop("detail")
        self.hass.bus.async_fire(EVENT_PLANT_APPLIED, event)

    def _next_try(self) -> str:
        """When the values that failed are tried again, for the log."""
        if self._auth_failed:
            return "waiting for new credentials"
        if self._retry_at is not None:
            return f"trying again at {self._retry_at.isoformat()}"
        return "trying again when the plan's values change or on apply now"

    @callback
    def _start_reauth(self) -> None:
        """Ask for new credentials through the home's reauthentication flow, for this plant."""
        self.config_entry.async_start_reauth(
            self.hass,
            context={"title_placeholders": {"name": self.plant.name}},
            data={REAUTH_PLANT_ID: self.plant.plant_id},
        )

    @callback
    def _handle_budget(self, status: BudgetStatus) -> None:
        """The account nears (or reached) its daily request budget: tell the user until midnight."""
        self._budget_day = status.day
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            f"plant_budget_{self.plant.plant_id}",
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR if status.exhausted else ir.IssueSeverity.WARNING,
            translation_key="plant_budget",
            translation_placeholders={
                "plant": self.plant.name,
                "used": str(status.used),
                "budget": str(status.budget),
            },
        )

    # -- commands (entities, services, flows) --------------------------------------------------

    async def async_apply_now(self) -> ApplyRecord:
        """Check both controls on the inverter and write what differs, now.

        Raises a translated ``HomeAssistantError`` when SolisCloud refused or failed (the
        attempt is logged and retried like any other).
        """
        record = await self._async_apply(Trigger.APPLY_NOW, force=True)
        self._async_evaluate(Trigger.APPLY_NOW)
        if record is None or record.result is ApplyResult.FAILED:
            raise apply_failed(self.last_error)
        return record

    async def async_edit(
        self, edit: Callable[[PlantPlan], PlantPlan], trigger: Trigger = Trigger.EDIT
    ) -> PlantPlan:
        """Change the plan as a whole: validated by ``edit``, saved, then re-planned.

        An ``EngineError`` from ``edit`` leaves everything as it was.
        """
        current = self.plan
        updated = edit(current)
        if updated == current:
            return current
        self._state.plan = updated
        await self._store.async_save(self._state)
        self._async_evaluate(trigger)
        return updated

    async def async_replace_plan(self, plan: PlantPlan, base: PlantPlan) -> None:
        """Save a plan a flow edited from ``base``; refuse if the plan changed meanwhile.

        The override in force is kept (flows do not edit it) unless the new plan's range no
        longer admits it.
        """
        if replace(self.plan, override=None) != replace(base, override=None):
            raise PlanChangedError

        def swap(current: PlantPlan) -> PlantPlan:
            candidate = replace(plan, override=current.override)
            try:
                validate_plan(candidate)
            except EngineError:
                candidate = replace(plan, override=None)
                validate_plan(candidate)
            return candidate

        await self.async_edit(swap)

    async def async_set_override(
        self,
        mode: OverrideMode | str,
        *,
        peak_shaving_w: int | None = None,
        grid_charging_allowed: bool | None = None,
        until: datetime | None = None,
    ) -> PlantPlan:
        """Force values from now on (replacing any override), until the mode's end."""
        now = dt_util.utcnow()
        return await self.async_edit(
            lambda plan: set_override(
                plan,
                now,
                self.tz,
                mode=mode,
                peak_shaving_w=peak_shaving_w,
                grid_charging_allowed=grid_charging_allowed,
                until=until,
            ),
            Trigger.OVERRIDE,
        )

    async def async_clear_override(self) -> PlantPlan:
        """Turn the override off: the plan applies again at once."""
        return await self.async_edit(clear_override, Trigger.OVERRIDE)
