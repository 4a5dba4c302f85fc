"""A plant at run time: its plan, when to apply it, and the snapshot its entities show.

Event-driven, never polling: after every evaluation ONE timer is armed for the earliest of the
plan's next change, a pending retry and local midnight (when "API calls today" restarts). An
evaluation resolves the plan for now and, only when the desired values differ from the last
applied ones and the retry policy allows it (``apply.RetryPolicy``), writes the differing
controls through SolisCloud. Every edit, override and "apply now" is saved first, then re-plans
at once; an edit the plan's rules refuse raises the translated error here, for every caller.
Repair issues and reauthentication are ``repairs``'; the account's shared state is ``client``'s.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from enum import StrEnum

from homeassistant.core import CALLBACK_TYPE, HassJob, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import EVENT_PLANT_APPLIED, LOGGER
from ..engine.errors import EngineError
from ..engine.metering import next_local_midnight
from ..engine.plant.edits import (
    activate_collection,
    clear_override,
    collection_named,
    expire_override,
    new_plan,
    set_bounds,
    set_defaults,
    set_override,
)
from ..engine.plant.model import OverrideMode, PlantDefaults, PlantPlan, Resolution, validate_plan
from ..engine.plant.resolve import resolve
from ..errors import failed, from_engine
from ..home.context import HomeContext, HomePartCoordinator
from .apply import (
    AppliedState,
    ApplyOutcome,
    ApplyRecord,
    ApplyResult,
    ControlValues,
    RetryPolicy,
    apply_controls,
)
from .client import create_client, hold_account, release_account
from .config import PlantConfig
from .repairs import PlantRepairs
from .soliscloud.errors import SolisError
from .store import PlantState, PlantStore


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


def _apply_failed(err: SolisError | None) -> HomeAssistantError:
    """An apply SolisCloud refused or could not carry out, translated."""
    if err is None:
        return failed("solis_request_failed", {"code": "?"})
    return failed(err.key, err.placeholders)


class PlantCoordinator(HomePartCoordinator[PlantSnapshot]):
    """Owns one plant's plan, store, timer and SolisCloud client; its entities listen to it.

    Shut down with its home's entry: the timer and any apply in flight stop, the state is
    saved and the account is released.
    """

    def __init__(self, home: HomeContext, plant: PlantConfig, tz: tzinfo) -> None:
        """Nothing is loaded or applied until the first refresh and ``async_start``."""
        super().__init__(home, f"plant {plant.name}")
        self.plant = plant
        self.tz = tz
        self._repairs = PlantRepairs(home.hass, home.entry, plant.plant_id, plant.name)
        self.client = create_client(
            home.hass,
            plant.api_id,
            plant.api_secret,
            account=hold_account(home.hass, plant.api_id, self),
            budget_tz=tz,
            on_budget=self._repairs.budget,
        )
        self._store = PlantStore(home.hass, home.entry_id, plant.plant_id)
        self._state = PlantState()
        self._retry = RetryPolicy()
        self._lock = asyncio.Lock()
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._timer_job = HassJob(
            self._handle_timer, f"VoltWise plant {plant.name}", cancel_on_shutdown=True
        )
        self._apply_task: asyncio.Task[None] | None = None
        self._rerun: Trigger | None = None
        self.last_error: SolisError | None = None
        self._stopped = False

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
        self._retry = RetryPolicy(state.failures)
        if is_new:
            await self._store.async_save(state)

    async def _async_update_data(self) -> PlantSnapshot:
        """The snapshot for now (no I/O: the plan is resolved in memory)."""
        now = dt_util.utcnow()
        return self._snapshot(now, resolve(self.plan, now, self.tz))

    @callback
    def async_start(self) -> None:
        """Begin applying: apply what the plan wants now if needed, arm the timer."""
        self._async_evaluate(Trigger.STARTUP)

    async def async_shutdown(self) -> None:
        """Stop the timer and any apply in flight; save what is known; release the account."""
        self._stopped = True
        self._cancel_timer()
        task, self._apply_task = self._apply_task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await super().async_shutdown()
        release_account(self.hass, self.plant.api_id, self)
        if self._state.plan is not None:
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
            problem=self._retry.problem,
            retry_at=self._retry.retry_at,
        )

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
        self._repairs.new_day(now.astimezone(self.tz).date())
        self._arm_timer(now, resolution)
        self.async_set_updated_data(self._snapshot(now, resolution))
        desired = _values(resolution)
        if self._retry.allows(desired, self._state.applied, now) and not (
            self.client.budget_status().exhausted
        ):
            self._start_apply(trigger)

    @callback
    def _arm_timer(self, now: datetime, resolution: Resolution) -> None:
        candidates = [
            resolution.next_change,
            next_local_midnight(now, self.tz),
            self._retry.retry_at,
        ]
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
        retry_at = self._retry.retry_at
        due_retry = retry_at is not None and now >= retry_at
        self._async_evaluate(Trigger.RETRY if due_retry else Trigger.SCHEDULE)

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
        """Keep an attempt's outcome, tell the log, the repairs and the event bus about it."""
        state = self._state
        record, error = outcome.record, outcome.error
        was_failing = state.failures > 0
        state.applied = outcome.applied
        state.log.append(record)
        self.last_error = error
        budget = self.client.budget_status()
        state.requests_day, state.requests_count = budget.day, budget.used
        self._retry.settle(outcome, now)
        state.failures = self._retry.failures
        if error is None:
            if was_failing:
                LOGGER.info("%s: the plan is applied again", self.plant.name)
            self._repairs.applied()
        else:
            LOGGER.warning(
                "%s: could not apply %s W, grid charging %s (attempt %d): %s; %s",
                self.plant.name,
                record.peak_shaving_w,
                "allowed" if record.grid_charging_allowed else "forbidden",
                state.failures,
                error,
                self._retry.next_try(),
            )
            self._repairs.failed(error, state.failures)
        event = {
            "entry_id": self.config_entry.entry_id,
            "plant_id": self.plant.plant_id,
            "plant": self.plant.name,
            **record.as_dict(),
        }
        event.pop("detail")
        self.hass.bus.async_fire(EVENT_PLANT_APPLIED, event)

    # -- commands (entities, services, flows) --------------------------------------------------

    async def async_apply_now(self) -> ApplyRecord:
        """Check both controls on the inverter and write what differs, now.

        Raises a translated ``HomeAssistantError`` when SolisCloud refused or failed (the
        attempt is logged and retried like any other).
        """
        record = await self._async_apply(Trigger.APPLY_NOW, force=True)
        self._async_evaluate(Trigger.APPLY_NOW)
        if record is None or record.result is ApplyResult.FAILED:
            raise _apply_failed(self.last_error)
        return record

    async def async_edit(
        self, edit: Callable[[PlantPlan], PlantPlan], trigger: Trigger = Trigger.EDIT
    ) -> PlantPlan:
        """Change the plan as a whole: validated by ``edit``, saved, then re-planned.

        A refused edit (an ``EngineError`` from ``edit``) changes nothing and raises the
        translated ``ServiceValidationError`` every entity, service and caller shows.
        """
        current = self.plan
        try:
            updated = edit(current)
        except EngineError as err:
            raise from_engine(err) from err
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

    async def async_set_defaults(
        self, *, peak_shaving_w: int | None = None, grid_charging_allowed: bool | None = None
    ) -> PlantPlan:
        """Change what the plant does where no daily plan applies (what is not given stays)."""

        def edit(plan: PlantPlan) -> PlantPlan:
            current = plan.defaults
            return set_defaults(
                plan,
                PlantDefaults(
                    current.peak_shaving_w if peak_shaving_w is None else peak_shaving_w,
                    current.grid_charging_allowed
                    if grid_charging_allowed is None
                    else grid_charging_allowed,
                ),
            )

        return await self.async_edit(edit)

    async def async_activate_collection(self, name: str) -> PlantPlan:
        """Follow another collection (by name, any case) from now on."""
        return await self.async_edit(
            lambda plan: activate_collection(plan, collection_named(plan, name).id)
        )
