"""Appliance schedules: when a schedule turns its appliance on and off, in the home's time zone.

A schedule is a local wall-clock start, an optional auto-off (a wall-clock end time or a duration)
and a repeat rule. Each matching local day gives one *run*; a run gives a ``turn_on`` occurrence
and, with an auto-off, a ``turn_off`` occurrence. Occurrences carry a stable idempotency key,
``{schedule_id}:{YYYY-MM-DD}:{on|off}``, where the date is the local day of the run (so the
auto-off of a 22:00-06:00 run shares the date of its 22:00 start).

Time rules, in the home's time zone:

- A local time that does not exist that day (spring-forward gap) happens at the first valid
  instant after the gap, once. A local time that exists twice (fall-back fold) happens once, at
  the first of the two instants. Equivalently: a wall-clock time happens at the first instant
  whose local wall clock reads that time or later.
- End times are wall-clock: "until 06:00" means until the clock on the wall says 06:00, which is
  what a user setting an end time means (and what time-of-day tariffs follow). A 22:00-06:00 run
  across a DST change therefore lasts 7 or 9 hours. An end time before the start time on a
  repeating schedule is the next morning; on a one-off it is an error unless an end date is given.
- Durations are elapsed time: a 2-hour cycle needs 2 hours whatever the clock does, so the auto-off
  is the start instant plus the duration.
- Runs of one schedule never overlap. Every run is shorter than the repeat period, but a DST
  change can shorten the real gap between two starts below a run's length (a 23.5-hour daily
  run on a 23-hour day). Then the run has no auto-off of its own: it continues into the next
  run, whose auto-off ends both. So one schedule's occurrences are strictly increasing in time.

Smart schedules choose their start within a window (the start time is the earliest start, the end
time the latest end, the duration the run's length). Until the shell stores a chosen start for a
run (see ``SmartWindow``), the run starts at the window's earliest start.

Nothing here reads a clock or performs an action: the shell passes instants in and carries out
the occurrences and plans that come back.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, NamedTuple

from .errors import EngineError
from .limits import minutes_text
from .schedule_spec import MAX_RUN, ONE_DAY, Repeat, ScheduleSpec, required
from .timegrid import require_aware

# A missed turn_on still runs if HA comes back within this long after it (the option's default).
DEFAULT_GRACE = timedelta(minutes=15)
# Smart runs are re-resolved this long before their window opens, on fresh tariff and carbon data.
SMART_RESOLVE_LEAD = timedelta(hours=1)
# A run's last occurrence is at most MAX_RUN plus a day (its start's day) and a DST shift after
# its local date; looking back this many days from an instant finds every run still pending.
_LOOKBACK = timedelta(days=MAX_RUN.days + 2)
# Runs continue into the next one only across a DST change that shortens the gap between their
# starts, so chains of merged runs are short; they are followed back at most this far.
_MAX_CHAIN = 8


class Action(StrEnum):
    """What an occurrence does; the values match the appliance pipeline's actions."""

    TURN_ON = "turn_on"
    TURN_OFF = "turn_off"


# -- wall clock to instants -----------------------------------------------------------------------


def _wall(when: datetime, tz: tzinfo) -> datetime:
    """The naive local wall-clock reading at instant ``when``."""
    return when.astimezone(tz).replace(tzinfo=None)


def local_instant(day: date, wall: time, tz: tzinfo) -> datetime:
    """The UTC instant at which ``wall`` on local ``day`` happens in ``tz`` (a PEP 495 zone).

    In a fold, the first of the two instants; in a gap, the first instant after the gap (the
    transition itself). Both are "the first instant whose wall clock reads ``wall`` or later".
    """
    naive = datetime.combine(day, wall.replace(fold=0))
    first = naive.replace(tzinfo=tz).astimezone(UTC)
    if _wall(first, tz) == naive:
        return first  # exists; fold=0 is the earlier instant when it exists twice
    # In a gap: fold 0 and 1 read the wall clock with the offsets either side of the transition,
    # which bracket it. Transitions fall on whole seconds, so bisect on seconds.
    other = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    low, high = min(first, other), max(first, other)
    while high - low > timedelta(seconds=1):
        middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
        if _wall(middle, tz) > naive:
            high = middle
        else:
            low = middle
    return high


# -- runs and occurrences -------------------------------------------------------------------------


def _key(schedule_id: str, day: date, action: Action) -> str:
    return f"{schedule_id}:{day.isoformat()}:{'on' if action is Action.TURN_ON else 'off'}"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One action of one run at an exact instant (UTC).

    ``day`` is the local date of the run. ``run_days`` are the days of the runs whose turn_on
    this occurrence answers: the run's own day for a turn_on; for a turn_off, the runs it ends
    (more than one only when earlier runs continued into this one), its own day last.
    """

    schedule_id: str
    day: date
    action: Action
    at: datetime
    run_days: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        """Keep instants in UTC and ``run_days`` complete."""
        require_aware(self.at)
        object.__setattr__(self, "action", Action(self.action))
        object.__setattr__(self, "at", self.at.astimezone(UTC))
        if not self.run_days or self.action is Action.TURN_ON:
            object.__setattr__(self, "run_days", (self.day,))

    @property
    def key(self) -> str:
        """The idempotency key: ``{schedule_id}:{YYYY-MM-DD}:{on|off}``."""
        return _key(self.schedule_id, self.day, self.action)

    @property
    def on_keys(self) -> tuple[str, ...]:
        """Keys of the turn_on occurrences this occurrence answers (see ``run_days``)."""
        return tuple(_key(self.schedule_id, day, Action.TURN_ON) for day in self.run_days)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict for the Store (e.g. the armed next occurrence)."""
        return {
            "schedule_id": self.schedule_id,
            "day": self.day.isoformat(),
            "action": self.action.value,
            "at": self.at.isoformat(),
            "run_days": [day.isoformat() for day in self.run_days],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Occurrence:
        """The occurrence ``as_dict`` produced."""
        try:
            return cls(
                schedule_id=str(data["schedule_id"]),
                day=date.fromisoformat(data["day"]),
                action=Action(data["action"]),
                at=datetime.fromisoformat(data["at"]),
                run_days=tuple(date.fromisoformat(day) for day in data.get("run_days", ())),
            )
        except (KeyError, TypeError, ValueError):
            raise EngineError("schedule_invalid_data", field="occurrence") from None


@dataclass(frozen=True, slots=True)
class SmartWindow:
    """Where a smart run may lie on one day, and when to (re-)resolve its start.

    Hand ``bounds(now)`` to ``engine.windows.find_best_window`` (with a cycle of ``duration``)
    and store the plan's start for ``day``; every occurrence function takes those stored starts.
    ``deadline`` is at least ``earliest + duration``: on a DST day that shortens the window below
    the run's length, the run may end that much later.
    """

    schedule_id: str
    day: date
    earliest: datetime
    deadline: datetime
    duration: timedelta
    resolve_at: datetime

    @property
    def on_key(self) -> str:
        """The idempotency key of this run's turn_on (do not re-resolve once it has run)."""
        return _key(self.schedule_id, self.day, Action.TURN_ON)

    @property
    def latest_start(self) -> datetime:
        """The last start that still ends by the deadline."""
        return self.deadline - self.duration

    def bounds(self, now: datetime) -> tuple[datetime, datetime] | None:
        """(earliest start, deadline) from ``now`` on, or None when the run no longer fits."""
        require_aware(now)
        earliest = max(self.earliest, now.astimezone(UTC))
        if earliest > self.latest_start:
            return None
        return earliest, self.deadline

    def clamp(self, start: datetime) -> datetime:
        """A chosen start moved into ``[earliest, latest_start]`` (stale or rounded choices)."""
        require_aware(start)
        return min(max(start.astimezone(UTC), self.earliest), self.latest_start)


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a schedule: its local day, turn_on instant and auto-off instant (UTC).

    ``end`` is None without an auto-off, or when ``continues`` (the next run's auto-off ends this
    run too). ``window`` is set for smart schedules.
    """

    schedule_id: str
    day: date
    start: datetime
    end: datetime | None
    continues: bool = False
    window: SmartWindow | None = None
    run_days: tuple[date, ...] = ()

    def occurrences(self) -> tuple[Occurrence, ...]:
        """The run's turn_on and, if it has one, its turn_off."""
        on = Occurrence(self.schedule_id, self.day, Action.TURN_ON, self.start)
        if self.end is None:
            return (on,)
        off = Occurrence(
            self.schedule_id, self.day, Action.TURN_OFF, self.end, self.run_days or (self.day,)
        )
        return on, off


class _Draft(NamedTuple):
    """A run before its neighbours are known."""

    day: date
    floor: datetime  # earliest possible start, whatever start is chosen
    start: datetime
    end: datetime | None
    limit: datetime | None  # latest possible end, whatever start is chosen
    window: SmartWindow | None


def smart_window(
    spec: ScheduleSpec, day: date, tz: tzinfo, *, lead: timedelta = SMART_RESOLVE_LEAD
) -> SmartWindow:
    """The window of the smart run on local ``day`` (a day the schedule runs on)."""
    if not spec.smart:
        raise ValueError("not a smart schedule")
    if not spec.runs_on(day):
        raise ValueError(f"{spec.schedule_id} does not run on {day}")
    if lead < timedelta(0):
        raise ValueError("lead must be >= 0")
    duration = required(spec.duration)
    earliest = local_instant(day, spec.start, tz)
    deadline = max(local_instant(spec.end_day(day), required(spec.end), tz), earliest + duration)
    return SmartWindow(spec.schedule_id, day, earliest, deadline, duration, earliest - lead)


def _draft(spec: ScheduleSpec, tz: tzinfo, day: date, starts: Mapping[date, datetime]) -> _Draft:
    """The run on ``day`` as if no other run existed."""
    if spec.smart:
        window = smart_window(spec, day, tz, lead=timedelta(0))
        chosen = starts.get(day)
        start = window.earliest if chosen is None else window.clamp(chosen)
        return _Draft(day, window.earliest, start, start + window.duration, window.deadline, window)
    start = local_instant(day, spec.start, tz)
    end: datetime | None = None
    if spec.duration is not None:
        end = start + spec.duration
    elif spec.end is not None:
        end_day = spec.end_day(day)
        end = local_instant(end_day, spec.end, tz)
        if end <= start:
            # Start and end fell into the same gap: run for the length the user asked for.
            nominal = datetime.combine(end_day, spec.end) - datetime.combine(day, spec.start)
            end = start + nominal
    return _Draft(day, start, start, end, end, None)


def _days_from(spec: ScheduleSpec, first: date) -> Iterator[date]:
    """Run days on or after ``first``, in order (endless unless the schedule is a one-off)."""
    if spec.repeat is Repeat.ONCE:
        if required(spec.run_date) >= first:
            yield required(spec.run_date)
        return
    weekdays = spec.weekdays
    day = first
    while True:
        if day.weekday() in weekdays:
            yield day
        day += ONE_DAY


def _day_before(spec: ScheduleSpec, day: date) -> date | None:
    """The run day just before ``day``, if any."""
    if spec.repeat is Repeat.ONCE:
        return None
    weekdays = spec.weekdays
    previous = day - ONE_DAY
    while previous.weekday() not in weekdays:
        previous -= ONE_DAY
    return previous


def _continues(draft: _Draft, following: _Draft | None) -> bool:
    """Whether ``draft``'s auto-off could reach the following run's start (so it merges)."""
    return draft.limit is not None and following is not None and draft.limit >= following.floor


def _chain_before(
    spec: ScheduleSpec, tz: tzinfo, first: _Draft, chosen: Mapping[date, datetime]
) -> list[date]:
    """Days of the runs before ``first`` that continue into it, oldest first."""
    chain: list[date] = []
    later = first
    while len(chain) < _MAX_CHAIN and (previous_day := _day_before(spec, later.day)) is not None:
        previous = _draft(spec, tz, previous_day, chosen)
        if not _continues(previous, later):
            break
        chain.insert(0, previous_day)
        later = previous
    return chain


def _runs(
    spec: ScheduleSpec, tz: tzinfo, first: date, starts: Mapping[date, datetime] | None
) -> Iterator[Run]:
    """Every run from local day ``first`` on, in order; their occurrences strictly increase."""
    chosen = starts or {}
    days = _days_from(spec, first)
    day = next(days, None)
    if day is None:
        return
    current = _draft(spec, tz, day, chosen)
    chain = _chain_before(spec, tz, current, chosen)
    while True:
        next_day = next(days, None)
        following = None if next_day is None else _draft(spec, tz, next_day, chosen)
        continues = _continues(current, following)
        yield Run(
            spec.schedule_id,
            current.day,
            current.start,
            None if continues else current.end,
            continues,
            current.window,
            (*chain, current.day),
        )
        if following is None:
            return
        chain = [*chain, current.day][-_MAX_CHAIN:] if continues else []
        current = following


def _first_day(when: datetime, tz: tzinfo) -> date:
    """The earliest local day whose run may still have an occurrence after ``when``."""
    require_aware(when)
    return when.astimezone(tz).date() - _LOOKBACK


def next_occurrences(
    spec: ScheduleSpec,
    after: datetime,
    tz: tzinfo,
    *,
    limit: int = 1,
    starts: Mapping[date, datetime] | None = None,
) -> list[Occurrence]:
    """The next ``limit`` occurrences strictly after ``after``, in time order.

    Arm a timer for the first; after carrying it out, ask again with ``after`` set to its
    instant (not the clock), so nothing between the two is skipped. ``starts`` are the chosen
    starts of smart runs by local day (ignored for plain schedules).
    """
    found: list[Occurrence] = []
    if limit <= 0:
        return found
    for run in _runs(spec, tz, _first_day(after, tz), starts):
        for occurrence in run.occurrences():
            if occurrence.at > after:
                found.append(occurrence)
                if len(found) == limit:
                    return found
    return found


def next_occurrence(
    spec: ScheduleSpec,
    after: datetime,
    tz: tzinfo,
    *,
    starts: Mapping[date, datetime] | None = None,
) -> Occurrence | None:
    """The first occurrence strictly after ``after`` (None once a one-off is over)."""
    found = next_occurrences(spec, after, tz, starts=starts)
    return found[0] if found else None


def runs_between(
    spec: ScheduleSpec,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    *,
    starts: Mapping[date, datetime] | None = None,
) -> list[Run]:
    """Runs that overlap ``[start, end)``: for the calendar.

    A run without its own auto-off counts from its turn_on instant only.
    """
    require_aware(end)
    found: list[Run] = []
    for run in _runs(spec, tz, _first_day(start, tz), starts):
        if run.start >= end:
            break
        if run.start >= start or (run.end is not None and run.end > start):
            found.append(run)
    return found


def occurrences_between(
    spec: ScheduleSpec,
    start: datetime,
    end: datetime,
    tz: tzinfo,
    *,
    starts: Mapping[date, datetime] | None = None,
) -> list[Occurrence]:
    """Occurrences with ``start <= at < end``, in time order."""
    require_aware(end)
    found: list[Occurrence] = []
    for run in _runs(spec, tz, _first_day(start, tz), starts):
        if run.start >= end:
            break
        found.extend(item for item in run.occurrences() if start <= item.at < end)
    return found


def next_smart_windows(
    spec: ScheduleSpec,
    after: datetime,
    tz: tzinfo,
    *,
    limit: int = 1,
    lead: timedelta = SMART_RESOLVE_LEAD,
) -> list[SmartWindow]:
    """The next ``limit`` smart windows whose deadline is after ``after``, in order.

    The first may already be open. Resolve a window when it is created (if it fits the
    horizon) and again at its ``resolve_at``; a window with ``resolve_at <= now`` is due now.
    """
    found: list[SmartWindow] = []
    if limit <= 0:
        return found
    for day in _days_from(spec, _first_day(after, tz)):
        window = smart_window(spec, day, tz, lead=lead)
        if window.deadline > after:
            found.append(window)
            if len(found) == limit:
                break
    return found


def is_finished(spec: ScheduleSpec, now: datetime, tz: tzinfo) -> bool:
    """Whether nothing of the schedule is left after ``now`` (a one-off that is over)."""
    if spec.repeat is not Repeat.ONCE:
        return False
    return not next_occurrences(spec, now, tz)


def require_future(spec: ScheduleSpec, now: datetime, tz: tzinfo) -> None:
    """Refuse a one-off whose start has passed (a smart one: whose run no longer fits)."""
    require_aware(now)
    if spec.repeat is not Repeat.ONCE:
        return
    day = required(spec.run_date)
    if spec.smart:
        if smart_window(spec, day, tz).bounds(now) is not None:
            return
    elif local_instant(day, spec.start, tz) > now:
        return
    start = datetime.combine(day, spec.start)
    raise EngineError("schedule_in_past", start=start.isoformat(sep=" ", timespec="minutes"))


# -- carrying out and catching up -----------------------------------------------------------------


def should_carry_out(occurrence: Occurrence, executed: Collection[str]) -> bool:
    """Whether to act on an occurrence that is due, given the keys already carried out.

    A turn_on acts unless its key is in ``executed``. A turn_off also needs one of its runs'
    turn_ons to have been carried out: VoltWise only turns off what the schedule turned on.
    Save the key as executed before acting, so a crash never repeats it.
    """
    if occurrence.key in executed:
        return False
    if occurrence.action is Action.TURN_ON:
        return True
    return any(key in executed for key in occurrence.on_keys)


@dataclass(frozen=True, slots=True)
class CatchUpPlan:
    """What to do at startup about occurrences that fell due while Home Assistant was down.

    - ``run``: carry out now, in this order (save each key as executed first);
    - ``missed``: turn_ons too late to run (beyond the grace period, or their run already
      ended): log them, tell the user, and remember their keys as reported;
    - ``skipped``: turn_offs with nothing to undo (their run never turned the appliance on).

    Remember the keys of ``missed`` and ``skipped`` as reported, so that planning again (after
    another crash) neither reports nor reconsiders them.
    """

    run: tuple[Occurrence, ...] = ()
    missed: tuple[Occurrence, ...] = ()
    skipped: tuple[Occurrence, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether there is nothing to do or report."""
        return not (self.run or self.missed or self.skipped)


def plan_catch_up(
    spec: ScheduleSpec,
    tz: tzinfo,
    *,
    since: datetime,
    now: datetime,
    executed: Collection[str],
    reported: Collection[str] = (),
    grace: timedelta = DEFAULT_GRACE,
    starts: Mapping[date, datetime] | None = None,
) -> CatchUpPlan:
    """Decide about the occurrences due in ``(since, now]`` that were not carried out.

    ``since`` is the last instant up to which the schedule executor handled everything due (or the
    schedule's creation); ``executed`` and ``reported`` are keys already carried out or
    reported. A turn_on runs if it is at most ``grace`` late and its run has not ended yet;
    otherwise it is missed. A turn_off runs whenever a turn_on it answers was carried out (or
    runs in this plan): an appliance never stays on because Home Assistant was down. No key of
    ``executed`` or ``reported`` appears in the plan, and no key appears twice.
    """
    require_aware(since)
    require_aware(now)
    if grace < timedelta(0):
        raise EngineError("invalid_grace", value=minutes_text(grace))
    run: list[Occurrence] = []
    missed: list[Occurrence] = []
    skipped: list[Occurrence] = []
    running: set[str] = set()
    if since >= now:
        return CatchUpPlan()
    for item in _runs(spec, tz, _first_day(since, tz), starts):
        if item.start > now:
            break
        for occurrence in item.occurrences():
            key = occurrence.key
            if not since < occurrence.at <= now or key in executed or key in reported:
                continue
            if occurrence.action is Action.TURN_ON:
                ended = item.end is not None and item.end <= now
                if not ended and now - occurrence.at <= grace:
                    run.append(occurrence)
                    running.add(key)
                else:
                    missed.append(occurrence)
            elif any(on in executed or on in running for on in occurrence.on_keys):
                run.append(occurrence)
            else:
                skipped.append(occurrence)
    return CatchUpPlan(tuple(run), tuple(missed), tuple(skipped))
