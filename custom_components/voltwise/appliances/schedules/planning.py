"""Planning a schedule, changing nothing: its smart starts, next trigger and calendar state.

The executor plans a schedule whole before it stores or arms anything, so a schedule that cannot
be planned is refused (a service call) or disabled (a stored one) with nothing half done.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ...const import LOGGER
from ...engine.errors import EngineError
from ...engine.horizon import build_horizon
from ...engine.limits import LAST_PLANNABLE_DATE
from ...engine.recurrence import (
    Action,
    Occurrence,
    Run,
    SmartWindow,
    next_occurrences,
    next_smart_windows,
    runs_between,
)
from ...engine.schedule_spec import ScheduleSpec
from ...engine.windows import Cycle, find_best_window
from ...home.context import HomeContext
from .store import ScheduleRecord

# A run without an auto-off is shown as this long from its start.
TURN_ON_ONLY = timedelta(minutes=1)
# How far around now the calendar's state looks for the run in progress or the next one.
LOOKAROUND = timedelta(days=8)
# How soon a schedule with no run within the look-around is looked at again.
_RECHECK_NOTHING = timedelta(hours=1)
# The power a smart run is planned with when its appliance is gone.
_DEFAULT_WATTS = 1000.0
# Instants beyond which nothing is planned (a schedule's dates end before; see engine.limits).
PLANNABLE_UNTIL = datetime.combine(LAST_PLANNABLE_DATE, time(), UTC)


def shown_end(run: Run) -> datetime:
    """The instant a run ends as users see it (a turn_on-only run lasts a minute)."""
    return run.end if run.end is not None else run.start + TURN_ON_ONLY


def parse_starts(starts: Mapping[str, str]) -> dict[date, datetime]:
    """A smart schedule's stored starts, as the engine takes them."""
    return {date.fromisoformat(day): datetime.fromisoformat(start) for day, start in starts.items()}


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything arming one schedule needs."""

    starts: dict[str, str]  # the record's smart starts after resolving
    resolve_at: datetime | None  # when to resolve the next smart window again
    occurrence: Occurrence | None  # the next trigger
    upcoming: tuple[Run | None, datetime]  # the calendar's run, and when to look again
    next_on: datetime | None  # the next turn_on (the appliance shows "scheduled")


class Planner:
    """Plans a home's schedules; reads the journal's executed keys, changes nothing."""

    def __init__(
        self,
        home: HomeContext,
        watts: Callable[[str], float | None],
        executed: Callable[[], Mapping[str, str]],
    ) -> None:
        """``watts`` gives an appliance's nameplate power; ``executed`` the journal's keys."""
        self._home = home
        self._tz: tzinfo = home.time_zone
        self._watts = watts
        self._executed = executed

    def plan(
        self, spec: ScheduleSpec, record: ScheduleRecord, now: datetime, after: datetime
    ) -> Plan:
        """Smart starts, the next trigger after ``after`` and the calendar's state.

        Raises what a damaged record or an instant beyond the calendar raises.
        """
        starts, resolve_at = self._resolve_smart(spec, record, now)
        chosen = parse_starts(starts)
        found = next_occurrences(spec, after, self._tz, starts=chosen)
        created_at = datetime.fromisoformat(record["created_at"])
        return Plan(
            starts=starts,
            resolve_at=resolve_at,
            occurrence=found[0] if found else None,
            upcoming=self.current_or_next(spec, created_at, chosen, now),
            next_on=next(
                (
                    occurrence.at
                    for occurrence in next_occurrences(spec, now, self._tz, limit=2, starts=chosen)
                    if occurrence.action is Action.TURN_ON
                ),
                None,
            ),
        )

    def current_or_next(
        self,
        spec: ScheduleSpec,
        created_at: datetime,
        starts: Mapping[date, datetime],
        now: datetime,
    ) -> tuple[Run | None, datetime]:
        """One schedule's run in progress or next run, and when to look again."""
        first = max(now - LOOKAROUND, created_at)
        for run in runs_between(spec, first, now + LOOKAROUND, self._tz, starts=starts):
            if (end := shown_end(run)) > now:
                return run, end
        return None, now + _RECHECK_NOTHING

    def _resolve_smart(
        self, spec: ScheduleSpec, record: ScheduleRecord, now: datetime
    ) -> tuple[dict[str, str], datetime | None]:
        """The smart starts with the next window's best start chosen, and when to choose again.

        A window's start is chosen when it is first seen and again when it approaches (fresh
        tariff and carbon data), never once its run has started.
        """
        starts = dict(record["starts"])
        if not spec.smart:
            return starts, None
        executed = self._executed()
        for window in next_smart_windows(spec, now, self._tz, limit=2):
            if window.on_key in executed:
                continue
            day = window.day.isoformat()
            due = window.resolve_at <= now or day not in starts
            if due and (chosen := self._choose_start(record["appliance_id"], window, now)):
                starts[day] = chosen.isoformat()
            if window.resolve_at > now:
                return starts, window.resolve_at
        return starts, None

    def _choose_start(
        self, appliance_id: str, window: SmartWindow, now: datetime
    ) -> datetime | None:
        bounds = window.bounds(now)
        if bounds is None:
            return None
        watts = self._watts(appliance_id)
        state = self._home.state
        horizon = build_horizon(self._home.config.tariff, state.carbon_input(), self._tz, now)
        try:
            cycle = Cycle.constant(
                window.duration.total_seconds() / 60,
                _DEFAULT_WATTS if watts is None else watts,
                horizon.grid.step_minutes,
            )
            plan = find_best_window(horizon, state.settings.weights, cycle, *bounds)
        except EngineError as err:
            # Beyond the planning horizon for now: keep the earliest start until the next try.
            LOGGER.debug("Smart schedule window %s not resolved yet: %s", window.on_key, err)
            return None
        return window.clamp(plan.start)
