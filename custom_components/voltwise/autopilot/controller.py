"""The autopilot of one home: triggers, the decision, the memory, the actions.

Triggers (never a polling interval): every recomputation of the home (its exact penalty, tariff
and carbon transitions, and every settings change), every change of an appliance the pipeline
logs (commands once confirmed, and changes a backend noticed: a physical switch), a change of
the appliances' autopilot settings, start-up, grid events, and one point-in-time timer at the
decision's ``next_check``. Decisions run one at a time; triggers that arrive during one are
coalesced into one more. Appliance changes come in bursts (a hundred schedules starting on the
same minute): the first decides at once, the rest of the burst in one more decision a second
later (ACTION_COOLDOWN), not one each.

Each decision: build the horizon at now, describe each appliance to the engine, ``decide``,
save the memory (awaited) if it changed, carry out the actions in order through the control
pipeline with source ``autopilot`` or ``grid_protection``, arm the timer, publish the statuses.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from homeassistant.core import CALLBACK_TYPE, Context, Event, HassJob, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.debounce import Debouncer
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..appliances.coordinator import ApplianceCoordinator
from ..appliances.manager import ApplianceManager
from ..appliances.model import ActionSource, ApplianceAction
from ..appliances.pipeline import ActionRecord, ActionResult
from ..const import DOMAIN, LOGGER
from ..engine.autopilot import (
    Action,
    ActionKind,
    ApplianceStatus,
    ApplianceView,
    AutopilotStatus,
    ChangeSource,
    Decision,
    GridStatus,
    HoldReason,
    Memory,
    Pause,
    PreferredAction,
    Suggestion,
    continued_overrides,
    decide,
)
from ..engine.home_state import HomeSettings
from ..engine.horizon import Horizon, build_horizon
from ..home.context import HomeContext, HomePartCoordinator
from .grid import GridNotice, GridSource, ReportedGridSource
from .grid_sensors import GridSensorConfig, SensorGridSource
from .notify import async_announce, async_announce_clean, async_offer
from .offers import EVENT_NOTIFICATION_ACTION, Answer, Offer, Offers
from .settings import (
    CONF_AUTOPILOT,
    ApplianceAutopilot,
    autopilot_settings,
    available_actions,
)
from .store import AutopilotStore
from .views import appliance_view

EVENT_GRID_EVENT_STARTED = f"{DOMAIN}_grid_event_started"
EVENT_GRID_EVENT_ENDED = f"{DOMAIN}_grid_event_ended"

_PIPELINE_ACTIONS = {
    ActionKind.TURN_ON: ApplianceAction.TURN_ON,
    ActionKind.TURN_OFF: ApplianceAction.TURN_OFF,
    ActionKind.ECO_ON: ApplianceAction.ECO_ON,
    ActionKind.ECO_OFF: ApplianceAction.ECO_OFF,
    ActionKind.SET_LEVEL: ApplianceAction.SET_LEVEL,
    ActionKind.RESTORE_LEVEL: ApplianceAction.SET_LEVEL,
}


# How long a burst of appliance changes is gathered into one decision after the first.
ACTION_COOLDOWN = 1.0


@dataclass(frozen=True, slots=True)
class AutopilotSnapshot:
    """What the autopilot's entities show."""

    status: AutopilotStatus
    grid: GridStatus
    appliances: Mapping[str, ApplianceStatus]
    next_check: datetime | None
    grid_events: tuple[GridNotice, ...] = ()
    suggestions: tuple[Suggestion, ...] = field(default=())


class Autopilot(HomePartCoordinator[AutopilotSnapshot]):
    """Decides for a home's appliances and carries the decisions out."""

    def __init__(self, home: HomeContext, appliances: ApplianceManager) -> None:
        """Nothing runs until async_setup."""
        super().__init__(home, f"{home.name} autopilot")
        self._appliances = appliances
        self.store = AutopilotStore(home.hass, home.entry_id)
        self.memory = Memory()
        self.pauses: dict[str, Pause] = {}
        self.resumed: dict[str, datetime] = {}
        self.changes: dict[str, tuple[datetime, ChangeSource]] = {}
        self.settings: dict[str, ApplianceAutopilot] = {}
        self.reported = ReportedGridSource(self.request)
        self.sensors = SensorGridSource(
            home.hass, GridSensorConfig.from_options(home.entry.options), self.request
        )
        self.sources: list[GridSource] = [self.reported, self.sensors]
        self._announced: dict[str, GridNotice] = {}
        self.offers = Offers(home.entry_id)
        # Runs people chose with an offer's "Run at": (start, end); started by the autopilot.
        self.runs: dict[str, tuple[datetime, datetime]] = {}
        # Appliances such a run started: their override was asked for, it gets no offer.
        self._answered: set[str] = set()
        # Whether the penalty was above the threshold at the last decision, under which settings
        # (None: not yet known). A new strategy or threshold is no period that begins.
        self._dear: tuple[bool, HomeSettings] | None = None
        self._lock = asyncio.Lock()
        self._pending = False
        self._running = False
        self._unsubscribers: list[CALLBACK_TYPE] = []
        self._unsub_timer: CALLBACK_TYPE | None = None
        self._timer_job = HassJob(self._handle_timer, cancel_on_shutdown=True)
        self._action_debouncer = Debouncer(
            home.hass, LOGGER, cooldown=ACTION_COOLDOWN, immediate=True, function=self.request
        )

    # -- lifecycle ---------------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load the memory, follow the triggers and decide once (start-up is a trigger)."""
        self.config_entry.async_on_unload(self.async_unload)
        stored = await self.store.async_load()
        self.memory, self.pauses, self.resumed = stored.memory, stored.pauses, stored.resumed
        self.runs = stored.runs
        self.offers.restore(stored.offers)
        for raw in stored.grid_events:
            if (notice := GridNotice.from_dict(raw)) is not None:
                self.reported.items[notice.event.id] = notice
        self._announced = {
            notice.event.id: notice
            for notice in self.reported.items.values()
            if notice.event.active_at(dt_util.utcnow())
        }
        self.reload_settings()
        # Who changed each appliance last, as the pipeline's log (saved across restarts) says.
        for record in self._appliances.pipeline.actions:
            self._note(record)
        self._running = True
        self.sensors.async_start()
        self._unsubscribers.append(self.sensors.async_stop)
        self._unsubscribers.append(self.home.state.async_add_listener(self.request))
        self._unsubscribers.append(self._appliances.pipeline.async_add_listener(self._on_action))
        self._unsubscribers.append(
            self.hass.bus.async_listen(EVENT_NOTIFICATION_ACTION, self._on_answer)
        )
        await self._async_run()

    async def async_unload(self) -> None:
        """Stop every trigger; a decision under way finishes its actions."""
        self._running = False
        self._action_debouncer.async_shutdown()
        while self._unsubscribers:
            self._unsubscribers.pop()()
        self._cancel_timer()

    def reload_settings(self) -> None:
        """Read every appliance's autopilot settings from its subentry."""
        self.settings = {
            appliance_id: autopilot_settings(subentry.data)
            for appliance_id in self._appliances.appliances
            if (subentry := self.config_entry.subentries.get(appliance_id)) is not None
        }

    async def _async_update_data(self) -> AutopilotSnapshot:
        """Never polled: the snapshot is pushed after each decision."""
        return self.data

    # -- triggers ----------------------------------------------------------------------------

    @callback
    def request(self) -> None:
        """Decide again soon (once, however many triggers arrive meanwhile)."""
        if not self._running or self._pending:
            return
        self._pending = True
        self.config_entry.async_create_task(self.hass, self._async_run(), "voltwise autopilot")

    @callback
    def _on_action(self, record: ActionRecord) -> None:
        self._note(record)
        if record.source not in (ActionSource.AUTOPILOT, ActionSource.GRID_PROTECTION):
            self._action_debouncer.async_schedule_call()

    def _note(self, record: ActionRecord) -> None:
        if record.result is ActionResult.SUCCESS:
            self.changes[record.appliance_id] = (record.at, ChangeSource(record.source.value))

    @callback
    def _handle_timer(self, _now: datetime) -> None:
        self._unsub_timer = None
        self.request()

    @callback
    def _arm_timer(self, when: datetime | None) -> None:
        self._cancel_timer()
        if when is not None and self._running:
            self._unsub_timer = async_track_point_in_utc_time(self.hass, self._timer_job, when)

    @callback
    def _cancel_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None

    # -- the decision ------------------------------------------------------------------------

    async def _async_run(self) -> None:
        async with self._lock:
            self._pending = False
            if not self._running:
                return
            await self._async_decide()

    def horizon(self, now: datetime) -> Horizon:
        """The home's tariff and carbon from the step containing ``now``."""
        config = self.home.config
        return build_horizon(config.tariff, self.home.state.carbon_input(), config.time_zone, now)

    def views(self, step_minutes: int) -> list[ApplianceView]:
        """Every appliance as the engine sees it."""
        return [
            appliance_view(
                self.hass,
                coordinator,
                self.settings.get(appliance_id, ApplianceAutopilot()),
                step_minutes,
                changed=self.changes.get(appliance_id),
                pause=self.pauses.get(appliance_id),
                resumed_at=self.resumed.get(appliance_id),
            )
            for appliance_id, coordinator in self._appliances.appliances.items()
        ]

    def notices(self) -> list[GridNotice]:
        """Every grid event the sources know."""
        return [notice for source in self.sources for notice in source.notices()]

    async def _async_decide(self) -> None:
        now = dt_util.utcnow()
        await self._async_start_runs(now)
        horizon = self.horizon(now)
        notices = self.notices()
        decision = decide(
            now,
            horizon,
            self.home.state.autopilot,
            self.views(horizon.grid.step_minutes),
            self.memory,
            events=[notice.event for notice in notices],
        )
        self.reported.forget_ended(now)
        previous = self.memory
        if decision.memory != self.memory:
            self.memory = decision.memory
            await self.async_save()
        done = [(action, await self._async_carry_out(action)) for action in decision.actions]
        # Overrides already announced; at start-up, those stored before it that still stand.
        known = (
            {key for key, was in self.data.appliances.items() if was.reason is HoldReason.OVERRIDE}
            if self.data is not None
            else continued_overrides(previous, decision.memory)
        )
        started, ended = self._announce_grid(notices, now)
        edges = [
            when
            for notice in notices
            for when in (notice.event.start, notice.event.end)
            if when is not None and when > now
        ]
        if decision.next_check is not None:
            edges.append(decision.next_check)
        edges.extend(start for start, _ in self.runs.values() if start > now)
        self._arm_timer(min(edges, default=None))
        self._publish(decision, notices, now, horizon)
        if self.offers.changed:  # withdrawn: their buttons must not work after a restart
            await self.async_save()
        home_state = self.home.state.data
        dear, before_dear = home_state.delay_recommended, self._dear
        self._dear = (dear, home_state.settings)
        clean_began = before_dear == (True, home_state.settings) and not dear
        config = self.home.config
        if not config.notifies:
            return
        new_overrides = [
            status
            for key, status in self.data.appliances.items()
            if status.reason is HoldReason.OVERRIDE and key not in known
        ]
        offered = await self._async_offer(new_overrides, decision, now)
        await async_announce(
            self.hass,
            config,
            self.home.entry_id,
            self.appliance_names(),
            done=done,
            new_overrides=new_overrides,
            started=started,
            ended=ended,
            overrides_to_service=not offered,
        )
        if clean_began and (idle := self.idle_shiftable()):
            await async_announce_clean(self.hass, config, self.home.entry_id, idle)

    def idle_shiftable(self) -> list[str]:
        """Names of the shiftable appliances that are off and not held: worth running now."""
        held = self.data.appliances if self.data is not None else {}
        return [
            coordinator.appliance.name
            for key, coordinator in self._appliances.appliances.items()
            if coordinator.appliance.shiftable
            and not coordinator.is_on
            and not (key in held and held[key].held)
        ]

    async def async_save(self) -> None:
        """Save memory, pauses, resumes and reported events; awaited before acting."""
        await self.store.async_save(
            self.memory,
            self.pauses,
            self.resumed,
            [notice.as_dict() for notice in self.reported.items.values()],
            self.runs,
            offers=self.offers.as_list(),
        )

    async def _async_carry_out(self, action: Action) -> bool:
        """One action through the pipeline; False when it failed (logged, never raised)."""
        kind = _PIPELINE_ACTIONS.get(action.kind)
        if kind is None:
            return True  # calendar-only actions: the autopilot itself resumes at the start
        if action.appliance_id not in self._appliances.appliances:
            return False
        try:
            await self._appliances.pipeline.async_execute(
                action.appliance_id, kind, ActionSource(action.source.value), level=action.level
            )
        except HomeAssistantError as err:
            LOGGER.warning("%s: autopilot %s failed: %s", self.home.name, action.kind, err)
            return False
        return True

    def _announce_grid(
        self, notices: list[GridNotice], now: datetime
    ) -> tuple[list[GridNotice], list[GridNotice]]:
        """Fire started / ended once per event, as it enters or leaves force."""
        active = {n.event.id: n for n in notices if n.event.active_at(now)}
        identity = {"config_entry_id": self.home.entry_id, "home": self.home.name}
        started = [notice for key, notice in active.items() if key not in self._announced]
        ended = [
            next((n for n in notices if n.event.id == key), notice)
            for key, notice in self._announced.items()
            if key not in active
        ]
        for notice in started:
            self.hass.bus.async_fire(EVENT_GRID_EVENT_STARTED, {**identity, **notice.as_dict()})
        for notice in ended:
            self.hass.bus.async_fire(EVENT_GRID_EVENT_ENDED, {**identity, **notice.as_dict()})
        self._announced = active
        return started, ended

    def _publish(
        self, decision: Decision, notices: list[GridNotice], now: datetime, horizon: Horizon
    ) -> None:
        statuses = {status.appliance_id: status for status in decision.appliances}
        for appliance_id, coordinator in self._appliances.appliances.items():
            status = statuses.get(appliance_id)
            if status is not None and status.reason is HoldReason.OVERRIDE:
                coordinator.set_override(status.until or horizon.grid.end)
            else:
                coordinator.set_override(None)
                self.offers.withdraw(appliance_id)
                self._answered.discard(appliance_id)
        self.async_set_updated_data(
            AutopilotSnapshot(
                status=decision.status,
                grid=decision.grid,
                appliances=statuses,
                next_check=decision.next_check,
                grid_events=tuple(n for n in notices if n.event.active_at(now)),
                suggestions=decision.suggestions,
            )
        )

    # -- actionable notifications ------------------------------------------------------------

    async def _async_offer(
        self, overrides: list[ApplianceStatus], decision: Decision, now: datetime
    ) -> bool:
        """Offer Run now / Run at / Eco on the phone for each appliance a person just started."""
        if self.home.config.notify_service is None:
            return False
        plans = {suggestion.appliance_id: suggestion.plan for suggestion in decision.suggestions}
        offered = False
        for status in overrides:
            key = status.appliance_id
            coordinator = self._appliances.appliances.get(key)
            if coordinator is None or not coordinator.is_on or key in self._answered:
                continue
            if key in self.offers:
                continue  # offered before a restart: those buttons still work
            plan = plans.get(key)
            offer = self.offers.make(
                key,
                plan if plan is not None and plan.start > now else None,
                eco=coordinator.supports_eco and not coordinator.eco,
            )
            await self.async_save()  # its buttons must work after a restart
            await async_offer(
                self.hass, self.home.config, self.home.entry_id, coordinator.appliance.name, offer
            )
            offered = True
        return offered

    @callback
    def _on_answer(self, event: Event) -> None:
        """A button of one of this home's open offers (anything else is ignored)."""
        taken = self.offers.take(event.data.get("action"))
        if taken is not None:
            self.config_entry.async_create_task(
                self.hass, self._async_answer(*taken, event.context), "voltwise autopilot answer"
            )

    async def _async_answer(self, answer: Answer, offer: Offer, context: Context) -> None:
        """Carry the answer out through the pipeline, as the person's own action."""
        key = offer.appliance_id
        if answer is Answer.RUN_NOW or key not in self._appliances.appliances:
            return  # the override stands: the appliance runs now
        chosen = offer.run if answer is Answer.RUN_AT else None
        if chosen is not None:
            self.runs[key] = chosen
        await self.async_save()  # the answer is used up and its run kept, also across a restart
        if chosen is not None:
            self.request()  # arm the timer at the run's start
            self.async_update_listeners()  # the calendar shows the run
        action = ApplianceAction.ECO_ON if answer is Answer.ECO else ApplianceAction.TURN_OFF
        try:
            await self._appliances.pipeline.async_execute(key, action, ActionSource.USER, context)
        except HomeAssistantError as err:
            LOGGER.warning("%s: answer %s for %s failed: %s", self.home.name, answer, key, err)

    async def _async_start_runs(self, now: datetime) -> None:
        """Start the chosen runs that are due (as the person asked: the autopilot leaves them)."""
        due = {key: run for key, run in self.runs.items() if run[0] <= now}
        if not due:
            return
        for key in due:
            del self.runs[key]
        await self.async_save()
        for key, (_, end) in due.items():
            if key not in self._appliances.appliances or end <= now:
                continue
            self._answered.add(key)
            try:
                await self._appliances.pipeline.async_execute(
                    key, ApplianceAction.TURN_ON, ActionSource.USER
                )
            except HomeAssistantError as err:
                LOGGER.warning("%s: chosen run of %s failed: %s", self.home.name, key, err)

    # -- what users ask ----------------------------------------------------------------------

    async def async_pause(self, appliance_id: str, until: datetime | None) -> None:
        """Leave the appliance alone until ``until`` (None: until resumed); give it back now."""
        self.pauses[appliance_id] = Pause(until)
        await self.async_save()
        await self._async_run()

    async def async_report(self, notice: GridNotice) -> None:
        """A reported grid event: saved, then decided on at once."""
        self.reported.items[notice.event.id] = notice
        await self.async_save()
        await self._async_run()

    async def async_cancel_run(self, appliance_id: str) -> bool:
        """Drop the appliance's planned run (False: none); it stays off until someone acts."""
        hold = self.memory.holds.get(appliance_id)
        planned = hold is not None and hold.resume_at is not None
        if not planned and self.runs.pop(appliance_id, None) is None:
            return False
        holds = {key: item for key, item in self.memory.holds.items() if key != appliance_id}
        self.memory = replace(self.memory, holds=holds)
        await self.async_save()
        await self._async_run()
        return True

    async def async_resume(self, appliance_id: str) -> None:
        """Hand the appliance back: the pause and any override before now end."""
        self.pauses.pop(appliance_id, None)
        self.resumed[appliance_id] = dt_util.utcnow()
        await self.async_save()
        await self._async_run()

    @property
    def appliances(self) -> Mapping[str, ApplianceCoordinator]:
        """The home's appliances."""
        return self._appliances.appliances

    def appliance_names(self) -> dict[str, str]:
        """Each appliance's name, by id."""
        return {key: item.appliance.name for key, item in self._appliances.appliances.items()}

    def planned_resumes(self) -> list[tuple[str, datetime, datetime]]:
        """(appliance id, start, end) of every delayed start the autopilot will resume."""
        return [
            (key, hold.resume_at, hold.run_end)
            for key, hold in self.memory.holds.items()
            if hold.resume_at is not None and hold.run_end is not None
        ] + [(key, start, end) for key, (start, end) in self.runs.items()]

    def available_actions(self, appliance_id: str) -> list[PreferredAction]:
        """The preferred actions this appliance's backend can carry out."""
        coordinator = self._appliances.appliances[appliance_id]
        return available_actions(
            can_eco=coordinator.supports_eco,
            can_limit=coordinator.supports_level,
            can_switch=coordinator.appliance.supports_switch,
        )

    @callback
    def async_update_appliance(self, appliance_id: str, **changes: Any) -> None:
        """Store new autopilot settings in the appliance's subentry (validated by the caller).

        The home's update listener sees that only these changed and decides again.
        """
        subentry = self.config_entry.subentries[appliance_id]
        settings = autopilot_settings(subentry.data).with_changes(changes)
        self.settings[appliance_id] = settings
        self.hass.config_entries.async_update_subentry(
            self.config_entry, subentry, data={**subentry.data, CONF_AUTOPILOT: settings.as_dict()}
        )
        self.async_update_listeners()

    async def async_settings_changed(self) -> None:
        """An appliance's autopilot settings changed in its subentry: decide with them."""
        self.reload_settings()
        await self._async_run()
