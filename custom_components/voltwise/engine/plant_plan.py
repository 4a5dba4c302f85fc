"""Plant control plans: daily schedules, week assignments with priorities, defaults, overrides.

A plant (an inverter reached through SolisCloud) follows the *active* schedule collection of its
plan. A collection holds a library of named daily schedules (time segments that set the
peak-shaving limit and whether the battery may charge from the grid) and one week schedule that
assigns zero or more of them to each weekday with explicit priorities: at any local minute the
highest-priority schedule with a segment there wins, the next lower one fills its gaps, and plant
defaults cover what no schedule covers. An override sits on top until the next boundary of that
resolved plan, until a chosen time, or until it is cleared.

Everything here is pure: plans are immutable values, every edit returns a new plan validated as a
whole (so a failed edit changes nothing and a cancelled draft is simply dropped), and resolution
takes the instant and the plant's time zone as arguments. Schedules are local wall-clock times, so
a day of 23 or 25 hours (DST) just skips or repeats local minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Any

from .errors import EngineError
from .tariff import format_minute, parse_minute
from .timegrid import floor_to_step, require_aware

MINUTES_PER_DAY = 1440
SEGMENT_ALIGNMENT_MINUTES = 15
PEAK_SHAVING_STEP_W = 100
MAX_NAME_LENGTH = 50
MAX_PRIORITY = 1000
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_COLLECTION_NAME = "Default"
# Version of the dict shape written by plan_to_dict (for the shell's versioned Store).
PLAN_FORMAT_VERSION = 1

_SLOTS_PER_DAY = MINUTES_PER_DAY // SEGMENT_ALIGNMENT_MINUTES
_STEP = timedelta(minutes=SEGMENT_ALIGNMENT_MINUTES)
# The plan repeats weekly in local time. Two weeks and a day visit every local quarter hour of the
# week at least once even when a DST gap skips one occurrence, so a plan that shows no change in
# that window never changes.
_NEXT_CHANGE_HORIZON = timedelta(days=15)
_FULL_DAY_NAMES = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


# -- the data model ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bounds:
    """The peak-shaving limits the plant accepts, in W (deploy-time configuration)."""

    min_w: int = 0
    max_w: int = 10_000


DEFAULT_BOUNDS = Bounds()


@dataclass(frozen=True, slots=True)
class PlantDefaults:
    """What the plant does when no schedule covers the current minute."""

    peak_shaving_w: int
    grid_charging_allowed: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """A half-open span ``[start, end)`` of minutes of the local day and its control values."""

    start: int
    end: int
    peak_shaving_w: int
    grid_charging_allowed: bool

    def contains(self, minute: int) -> bool:
        """True when ``minute`` of the local day (0..1439) lies in the segment."""
        return self.start <= minute < self.end

    def label(self) -> str:
        """``HH:MM-HH:MM`` for messages, attributes and logs."""
        return f"{format_minute(self.start)}-{format_minute(self.end)}"


@dataclass(frozen=True, slots=True)
class DailySchedule:
    """A named list of non-overlapping segments (kept sorted by start)."""

    id: str
    name: str
    segments: tuple[Segment, ...] = ()

    def segment_at(self, minute: int) -> Segment | None:
        """The segment covering ``minute`` of the local day, if any."""
        for segment in self.segments:
            if segment.contains(minute):
                return segment
        return None


@dataclass(frozen=True, slots=True)
class Assignment:
    """A daily schedule placed on a weekday; a higher priority overlays a lower one."""

    schedule_id: str
    priority: int


_EMPTY_WEEK: tuple[tuple[Assignment, ...], ...] = ((),) * 7


@dataclass(frozen=True, slots=True)
class WeekSchedule:
    """Assignments for each weekday, Monday (0) to Sunday (6), highest priority first."""

    days: tuple[tuple[Assignment, ...], ...] = _EMPTY_WEEK

    def on(self, weekday: int) -> tuple[Assignment, ...]:
        """The assignments of ``weekday`` (Monday 0), highest priority first."""
        return self.days[weekday]

    def days_of(self, schedule_id: str) -> tuple[int, ...]:
        """The weekdays ``schedule_id`` is assigned to."""
        return tuple(
            weekday
            for weekday, assignments in enumerate(self.days)
            if any(item.schedule_id == schedule_id for item in assignments)
        )


@dataclass(frozen=True, slots=True)
class ScheduleCollection:
    """A named set of daily schedules and the week that uses them (e.g. "Default", "Holiday")."""

    id: str
    name: str
    library: tuple[DailySchedule, ...] = ()
    week: WeekSchedule = WeekSchedule()

    def schedule(self, schedule_id: str) -> DailySchedule | None:
        """The daily schedule with ``schedule_id`` in this collection, if any."""
        for schedule in self.library:
            if schedule.id == schedule_id:
                return schedule
        return None


class OverrideMode(StrEnum):
    """When an override ends on its own.

    Turning an override *off* is not a mode: it is ``clear_override``, which removes it. The
    executor also removes an override that has ended (``expire_override``).
    """

    UNTIL_NEXT_BOUNDARY = "until_next_boundary"
    UNTIL_TIME = "until_time"
    UNTIL_CLEARED = "until_cleared"


@dataclass(frozen=True, slots=True)
class Override:
    """Values forced on top of the plan from ``starts_at`` until ``ends_at`` (``None``: open).

    A value left ``None`` keeps following the plan. For ``UNTIL_NEXT_BOUNDARY`` the end is fixed
    when the override is set (the next change of the plan without override), so later edits do
    not move it; ``None`` there means the plan had no further change.
    """

    mode: OverrideMode
    starts_at: datetime
    ends_at: datetime | None
    peak_shaving_w: int | None = None
    grid_charging_allowed: bool | None = None

    def active_at(self, when: datetime) -> bool:
        """True when the override is in force at instant ``when``."""
        return self.starts_at <= when and (self.ends_at is None or when < self.ends_at)


@dataclass(frozen=True, slots=True)
class PlantPlan:
    """Everything that decides what a plant should do, at any instant."""

    collections: tuple[ScheduleCollection, ...]
    active_collection_id: str
    defaults: PlantDefaults
    bounds: Bounds = DEFAULT_BOUNDS
    override: Override | None = None
    # Highest numeric id handed out so far; new ids never reuse a deleted one.
    last_id: int = 0

    def collection(self, collection_id: str) -> ScheduleCollection | None:
        """The collection with ``collection_id``, if any."""
        for collection in self.collections:
            if collection.id == collection_id:
                return collection
        return None

    @property
    def active_collection(self) -> ScheduleCollection:
        """The collection the plant follows."""
        collection = self.collection(self.active_collection_id)
        if collection is None:
            raise EngineError("unknown_collection", collection=self.active_collection_id)
        return collection


class Source(StrEnum):
    """Where a resolved value comes from."""

    SEGMENT = "segment"
    DEFAULTS = "defaults"
    OVERRIDE = "override"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the plant should do at an instant, why, and until when.

    ``schedule_id``/``schedule_name``/``segment`` describe the plan underneath (the winning
    schedule's segment, or ``None`` when defaults apply) even while an override is active;
    ``base_source`` is that plan's source and ``source`` is ``OVERRIDE`` while an override is in
    force. ``next_change`` is the first later instant at which anything here changes (``None``:
    never). ``override_expired`` tells the executor to drop the plan's override
    (``expire_override``).
    """

    peak_shaving_w: int
    grid_charging_allowed: bool
    source: Source
    base_source: Source
    schedule_id: str | None
    schedule_name: str | None
    segment: Segment | None
    override: Override | None
    override_expired: bool
    next_change: datetime | None

    def as_dict(self) -> dict[str, Any]:
        """What it says, as plain data (service responses, diagnostics)."""
        return {
            "peak_shaving_w": self.peak_shaving_w,
            "grid_charging_allowed": self.grid_charging_allowed,
            "source": self.source.value,
            "schedule": self.schedule_name,
            "segment": self.segment.label() if self.segment else None,
            "next_change": self.next_change.isoformat() if self.next_change else None,
        }


# -- validation --------------------------------------------------------------------------------


def _check_power(value: object, bounds: Bounds) -> None:
    """A peak-shaving limit must be whole 100 W steps inside the plant's bounds."""
    if not isinstance(value, int) or isinstance(value, bool) or value % PEAK_SHAVING_STEP_W:
        raise EngineError("peak_shaving_step", value=str(value))
    if not bounds.min_w <= value <= bounds.max_w:
        raise EngineError(
            "peak_shaving_out_of_bounds",
            value=str(value),
            minimum=str(bounds.min_w),
            maximum=str(bounds.max_w),
        )


def _check_flag(value: object) -> None:
    if not isinstance(value, bool):
        raise EngineError("plan_corrupt", detail=f"not a boolean: {value!r}")


def validate_bounds(bounds: Bounds) -> None:
    """Bounds are whole 100 W steps, not negative, min not above max."""
    values = (bounds.min_w, bounds.max_w)
    if (
        any(not isinstance(v, int) or isinstance(v, bool) for v in values)
        or bounds.min_w < 0
        or bounds.min_w > bounds.max_w
        or any(v % PEAK_SHAVING_STEP_W for v in values)
    ):
        raise EngineError("invalid_bounds", minimum=str(bounds.min_w), maximum=str(bounds.max_w))


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise EngineError("plan_name_empty")
    if len(name) > MAX_NAME_LENGTH:
        raise EngineError("plan_name_too_long", name=name, maximum=str(MAX_NAME_LENGTH))
    return name


def _clean_name(name: str) -> str:
    """Names are stored trimmed; validation then checks what is stored."""
    return name.strip() if isinstance(name, str) else name


def validate_segments(schedule: DailySchedule, bounds: Bounds) -> None:
    """Segments are aligned to 15 minutes, non-empty, inside the day, and never overlap."""
    previous: Segment | None = None
    for segment in sorted(schedule.segments, key=lambda item: (item.start, item.end)):
        for minute in (segment.start, segment.end):
            if not isinstance(minute, int) or isinstance(minute, bool):
                raise EngineError("plan_corrupt", detail=f"segment minute {minute!r}")
            if not 0 <= minute <= MINUTES_PER_DAY:
                raise EngineError("segment_outside_day", schedule=schedule.name, minute=str(minute))
            if minute % SEGMENT_ALIGNMENT_MINUTES:
                raise EngineError(
                    "segment_unaligned", schedule=schedule.name, time=format_minute(minute)
                )
        if segment.end <= segment.start:
            raise EngineError("segment_empty", schedule=schedule.name, segment=segment.label())
        _check_power(segment.peak_shaving_w, bounds)
        _check_flag(segment.grid_charging_allowed)
        if previous is not None and segment.start < previous.end:
            raise EngineError(
                "segment_overlap",
                schedule=schedule.name,
                first=previous.label(),
                second=segment.label(),
            )
        previous = segment


def _validate_week(collection: ScheduleCollection) -> None:
    days = collection.week.days
    if len(days) != len(WEEKDAYS):
        raise EngineError("plan_corrupt", detail="a week needs seven days")
    for weekday, assignments in enumerate(days):
        priorities: dict[int, str] = {}
        seen: set[str] = set()
        for item in assignments:
            schedule = collection.schedule(item.schedule_id)
            if schedule is None:
                raise EngineError("unknown_schedule", schedule=str(item.schedule_id))
            if item.schedule_id in seen:
                raise EngineError(
                    "schedule_assigned_twice", schedule=schedule.name, day=WEEKDAYS[weekday]
                )
            seen.add(item.schedule_id)
            priority = item.priority
            if not isinstance(priority, int) or isinstance(priority, bool):
                raise EngineError("invalid_priority", priority=str(priority))
            if not 0 <= priority <= MAX_PRIORITY:
                raise EngineError("invalid_priority", priority=str(priority))
            if priority in priorities:
                raise EngineError(
                    "priority_taken",
                    day=WEEKDAYS[weekday],
                    priority=str(priority),
                    schedule=priorities[priority],
                )
            priorities[priority] = schedule.name
        if list(assignments) != sorted(assignments, key=lambda item: -item.priority):
            raise EngineError("plan_corrupt", detail="assignments not sorted by priority")


def _validate_override(override: Override, bounds: Bounds) -> None:
    if not isinstance(override.mode, OverrideMode):
        raise EngineError("override_invalid_mode", mode=str(override.mode))
    if override.peak_shaving_w is None and override.grid_charging_allowed is None:
        raise EngineError("override_empty")
    if override.peak_shaving_w is not None:
        _check_power(override.peak_shaving_w, bounds)
    if override.grid_charging_allowed is not None:
        _check_flag(override.grid_charging_allowed)
    require_aware(override.starts_at)
    if override.ends_at is not None:
        require_aware(override.ends_at)
        if override.ends_at <= override.starts_at:
            raise EngineError("override_until_past", until=override.ends_at.isoformat())
    if override.mode is OverrideMode.UNTIL_TIME and override.ends_at is None:
        raise EngineError("override_until_required")
    if override.mode is OverrideMode.UNTIL_CLEARED and override.ends_at is not None:
        raise EngineError("plan_corrupt", detail="an override until cleared has no end")


def validate_plan(plan: PlantPlan) -> None:
    """Check every rule of the data model at once; raise ``EngineError`` on the first break."""
    validate_bounds(plan.bounds)
    _check_power(plan.defaults.peak_shaving_w, plan.bounds)
    _check_flag(plan.defaults.grid_charging_allowed)
    if not plan.collections:
        raise EngineError("plan_corrupt", detail="a plan needs a collection")
    ids: set[str] = set()
    collection_names: set[str] = set()

    def claim(item_id: object) -> None:
        if not isinstance(item_id, str) or not item_id:
            raise EngineError("plan_corrupt", detail=f"invalid id {item_id!r}")
        if item_id in ids:
            raise EngineError("plan_duplicate_id", id=item_id)
        ids.add(item_id)

    for collection in plan.collections:
        claim(collection.id)
        name = _check_name(collection.name).casefold()
        if name in collection_names:
            raise EngineError("collection_name_taken", name=collection.name)
        collection_names.add(name)
        schedule_names: set[str] = set()
        for schedule in collection.library:
            claim(schedule.id)
            name = _check_name(schedule.name).casefold()
            if name in schedule_names:
                raise EngineError("schedule_name_taken", name=schedule.name)
            schedule_names.add(name)
            validate_segments(schedule, plan.bounds)
        _validate_week(collection)
    if plan.collection(plan.active_collection_id) is None:
        raise EngineError("unknown_collection", collection=str(plan.active_collection_id))
    if plan.override is not None:
        _validate_override(plan.override, plan.bounds)


def _validated(plan: PlantPlan) -> PlantPlan:
    validate_plan(plan)
    return plan


# -- parsing helpers for the shell -------------------------------------------------------------


def parse_segment(spec: Mapping[str, Any]) -> Segment:
    """A segment from ``{"start": "06:00", "end": "09:30", "peak_shaving_w", ...}``.

    Times may be ``HH:MM`` (``24:00`` ends the day) or minutes of the day. The segment is
    checked when it becomes part of a schedule.
    """
    try:
        return Segment(
            start=_minute(spec["start"]),
            end=_minute(spec["end"]),
            peak_shaving_w=_int(spec["peak_shaving_w"]),
            grid_charging_allowed=spec["grid_charging_allowed"],
        )
    except KeyError as err:
        raise EngineError("plan_corrupt", detail=f"segment without {err.args[0]}") from err


def _minute(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return parse_minute(str(value))


def _int(value: object) -> int:
    """Whole numbers pass (1000.0 too); anything else is left for validation to reject."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value  # type: ignore[return-value]


def parse_days(text: str) -> tuple[int, ...]:
    """Weekdays (Monday 0) from ``"mon-fri"``, ``"sat,sun"``, ``"fri-mon"`` (wraps) or ``"all"``.

    Day names may be three-letter or full English names, in any case.
    """
    cleaned = str(text).strip().lower()
    if cleaned in {"all", "daily", "every day"}:
        return tuple(range(7))
    days: set[int] = set()
    for part in cleaned.split(","):
        bounds = [_weekday(item, text) for item in part.split("-")]
        if len(bounds) == 1:
            days.add(bounds[0])
        elif len(bounds) == 2:
            first, last = bounds
            days.update((first + offset) % 7 for offset in range((last - first) % 7 + 1))
        else:
            raise EngineError("invalid_days", days=str(text))
    return tuple(sorted(days))


def _weekday(name: str, text: str) -> int:
    name = name.strip()
    if name in WEEKDAYS:
        return WEEKDAYS.index(name)
    if name in _FULL_DAY_NAMES:
        return _FULL_DAY_NAMES.index(name)
    raise EngineError("invalid_days", days=str(text))


def _check_weekdays(days: Iterable[int]) -> tuple[int, ...]:
    result = tuple(sorted(set(days)))
    for day in result:
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise EngineError("invalid_days", days=str(day))
    if not result:
        raise EngineError("invalid_days", days="")
    return result


# -- edits -------------------------------------------------------------------------------------


def new_plan(
    defaults: PlantDefaults,
    bounds: Bounds = DEFAULT_BOUNDS,
    collection_name: str = DEFAULT_COLLECTION_NAME,
) -> PlantPlan:
    """A plan for a new plant: one empty collection (active), so defaults apply everywhere."""
    collection = ScheduleCollection(id="c1", name=_clean_name(collection_name))
    return _validated(
        PlantPlan(
            collections=(collection,),
            active_collection_id=collection.id,
            defaults=defaults,
            bounds=bounds,
            last_id=1,
        )
    )


def _next_id(plan: PlantPlan, prefix: str) -> tuple[PlantPlan, str]:
    taken = {c.id for c in plan.collections} | {s.id for c in plan.collections for s in c.library}
    number = plan.last_id + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return replace(plan, last_id=number), f"{prefix}{number}"


def _collection_for(plan: PlantPlan, collection_id: str | None) -> ScheduleCollection:
    collection = plan.collection(
        plan.active_collection_id if collection_id is None else collection_id
    )
    if collection is None:
        raise EngineError("unknown_collection", collection=str(collection_id))
    return collection


def _locate(plan: PlantPlan, schedule_id: str) -> tuple[ScheduleCollection, DailySchedule]:
    for collection in plan.collections:
        schedule = collection.schedule(schedule_id)
        if schedule is not None:
            return collection, schedule
    raise EngineError("unknown_schedule", schedule=str(schedule_id))


def _with_collection(plan: PlantPlan, collection: ScheduleCollection) -> PlantPlan:
    return replace(
        plan,
        collections=tuple(collection if c.id == collection.id else c for c in plan.collections),
    )


def _with_schedule(plan: PlantPlan, schedule: DailySchedule) -> PlantPlan:
    collection, _ = _locate(plan, schedule.id)
    library = tuple(schedule if s.id == schedule.id else s for s in collection.library)
    return _with_collection(plan, replace(collection, library=library))


def _sorted_segments(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    return tuple(sorted(segments, key=lambda item: (item.start, item.end)))


def set_defaults(plan: PlantPlan, defaults: PlantDefaults) -> PlantPlan:
    """Change what applies where no schedule does."""
    return _validated(replace(plan, defaults=defaults))


def set_bounds(plan: PlantPlan, bounds: Bounds) -> PlantPlan:
    """Change the accepted peak-shaving range; refused while any value lies outside it."""
    return _validated(replace(plan, bounds=bounds))


def create_collection(plan: PlantPlan, name: str) -> tuple[PlantPlan, ScheduleCollection]:
    """Add an empty collection (not active)."""
    plan, collection_id = _next_id(plan, "c")
    collection = ScheduleCollection(id=collection_id, name=_clean_name(name))
    return _validated(replace(plan, collections=(*plan.collections, collection))), collection


def rename_collection(plan: PlantPlan, collection_id: str, name: str) -> PlantPlan:
    """Give a collection another (unique) name."""
    collection = _collection_for(plan, collection_id)
    return _validated(_with_collection(plan, replace(collection, name=_clean_name(name))))


def delete_collection(plan: PlantPlan, collection_id: str) -> PlantPlan:
    """Remove a collection with its schedules; the active one cannot be deleted."""
    collection = _collection_for(plan, collection_id)
    if collection.id == plan.active_collection_id:
        raise EngineError("collection_active", collection=collection.name)
    remaining = tuple(c for c in plan.collections if c.id != collection.id)
    return _validated(replace(plan, collections=remaining))


def activate_collection(plan: PlantPlan, collection_id: str) -> PlantPlan:
    """Make the plant follow another collection from now on."""
    collection = _collection_for(plan, collection_id)
    return _validated(replace(plan, active_collection_id=collection.id))


def create_schedule(
    plan: PlantPlan,
    name: str,
    segments: Iterable[Segment] = (),
    *,
    collection_id: str | None = None,
) -> tuple[PlantPlan, DailySchedule]:
    """Add a daily schedule to a collection's library (the active one by default)."""
    collection = _collection_for(plan, collection_id)
    plan, schedule_id = _next_id(plan, "s")
    schedule = DailySchedule(
        id=schedule_id, name=_clean_name(name), segments=_sorted_segments(segments)
    )
    collection = replace(collection, library=(*collection.library, schedule))
    return _validated(_with_collection(plan, collection)), schedule


def duplicate_schedule(
    plan: PlantPlan, schedule_id: str, name: str
) -> tuple[PlantPlan, DailySchedule]:
    """Copy a schedule's segments under a new name in the same collection (not assigned)."""
    collection, original = _locate(plan, schedule_id)
    return create_schedule(plan, name, original.segments, collection_id=collection.id)


def rename_schedule(plan: PlantPlan, schedule_id: str, name: str) -> PlantPlan:
    """Give a daily schedule another name (unique in its collection)."""
    _, schedule = _locate(plan, schedule_id)
    return _validated(_with_schedule(plan, replace(schedule, name=_clean_name(name))))


def replace_segments(plan: PlantPlan, schedule_id: str, segments: Iterable[Segment]) -> PlantPlan:
    """Save an edited segment list in one step; nothing is stored if any segment is invalid."""
    _, schedule = _locate(plan, schedule_id)
    updated = replace(schedule, segments=_sorted_segments(segments))
    return _validated(_with_schedule(plan, updated))


def schedule_usage(plan: PlantPlan, schedule_id: str) -> tuple[int, ...]:
    """The weekdays a schedule is assigned to (what deleting it would unassign)."""
    collection, _ = _locate(plan, schedule_id)
    return collection.week.days_of(schedule_id)


def delete_schedule(plan: PlantPlan, schedule_id: str) -> tuple[PlantPlan, tuple[int, ...]]:
    """Remove a daily schedule and its assignments; return the weekdays it was unassigned from."""
    collection, _ = _locate(plan, schedule_id)
    unassigned = collection.week.days_of(schedule_id)
    week = WeekSchedule(
        tuple(
            tuple(item for item in day if item.schedule_id != schedule_id)
            for day in collection.week.days
        )
    )
    library = tuple(s for s in collection.library if s.id != schedule_id)
    updated = replace(collection, library=library, week=week)
    return _validated(_with_collection(plan, updated)), unassigned


def _sorted_day(assignments: Iterable[Assignment]) -> tuple[Assignment, ...]:
    return tuple(sorted(assignments, key=lambda item: -item.priority))


def assign_schedule(
    plan: PlantPlan, schedule_id: str, days: Iterable[int], priority: int | None = None
) -> PlantPlan:
    """Put a schedule on ``days`` (e.g. ``parse_days("mon-fri")``) with one priority.

    A schedule already on one of those days moves to the new priority. Without a priority it
    goes on top: one above the highest priority used on any of the days by another schedule.
    """
    collection, _ = _locate(plan, schedule_id)
    weekdays = _check_weekdays(days)
    if priority is None:
        others = [
            item.priority
            for day in weekdays
            for item in collection.week.days[day]
            if item.schedule_id != schedule_id
        ]
        priority = max(others, default=0) + 1
    entry = Assignment(schedule_id, priority)
    week = WeekSchedule(
        tuple(
            _sorted_day((*(i for i in day if i.schedule_id != schedule_id), entry))
            if weekday in weekdays
            else day
            for weekday, day in enumerate(collection.week.days)
        )
    )
    return _validated(_with_collection(plan, replace(collection, week=week)))


def unassign_schedule(
    plan: PlantPlan, schedule_id: str, days: Iterable[int] = range(7)
) -> PlantPlan:
    """Take a schedule off ``days`` (all days by default); days left empty use the defaults."""
    collection, _ = _locate(plan, schedule_id)
    weekdays = _check_weekdays(days)
    week = WeekSchedule(
        tuple(
            tuple(i for i in day if i.schedule_id != schedule_id) if weekday in weekdays else day
            for weekday, day in enumerate(collection.week.days)
        )
    )
    return _validated(_with_collection(plan, replace(collection, week=week)))


def replace_week(
    plan: PlantPlan,
    days: Sequence[Iterable[Assignment]],
    *,
    collection_id: str | None = None,
) -> PlantPlan:
    """Save a whole edited week (seven lists of assignments, Monday first) in one step."""
    collection = _collection_for(plan, collection_id)
    if len(days) != len(WEEKDAYS):
        raise EngineError("plan_corrupt", detail="a week needs seven days")
    week = WeekSchedule(tuple(_sorted_day(day) for day in days))
    return _validated(_with_collection(plan, replace(collection, week=week)))


def set_override(
    plan: PlantPlan,
    now: datetime,
    tz: tzinfo,
    *,
    mode: OverrideMode | str,
    peak_shaving_w: int | None = None,
    grid_charging_allowed: bool | None = None,
    until: datetime | None = None,
) -> PlantPlan:
    """Force values from ``now`` on, replacing any earlier override.

    ``UNTIL_NEXT_BOUNDARY`` ends at the next change of the plan underneath (any schedule or
    segment change, priorities considered), ``UNTIL_TIME`` at ``until``, ``UNTIL_CLEARED`` only
    when cleared.
    """
    require_aware(now)
    try:
        mode = OverrideMode(mode)
    except ValueError as err:
        raise EngineError("override_invalid_mode", mode=str(mode)) from err
    ends_at: datetime | None = None
    if mode is OverrideMode.UNTIL_TIME:
        if until is None:
            raise EngineError("override_until_required")
        require_aware(until)
        if until <= now:
            raise EngineError("override_until_past", until=until.astimezone(tz).isoformat())
        ends_at = until.astimezone(UTC)
    elif mode is OverrideMode.UNTIL_NEXT_BOUNDARY:
        ends_at = _next_base_change(plan, now, tz)
    override = Override(
        mode=mode,
        starts_at=now.astimezone(UTC),
        ends_at=ends_at,
        peak_shaving_w=_int(peak_shaving_w) if peak_shaving_w is not None else None,
        grid_charging_allowed=grid_charging_allowed,
    )
    return _validated(replace(plan, override=override))


def clear_override(plan: PlantPlan) -> PlantPlan:
    """Turn the override off: the plan applies again at once."""
    return replace(plan, override=None)


def expire_override(plan: PlantPlan, now: datetime) -> PlantPlan:
    """Drop an override that has ended by ``now`` (the same plan when there is nothing to drop)."""
    require_aware(now)
    override = plan.override
    if override is not None and override.ends_at is not None and override.ends_at <= now:
        return replace(plan, override=None)
    return plan


# -- resolution --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Base:
    """What the plan without override says for one local quarter hour."""

    peak_shaving_w: int
    grid_charging_allowed: bool
    source: Source
    schedule: DailySchedule | None
    segment: Segment | None

    @property
    def key(self) -> tuple[object, ...]:
        """Identity for change detection (the schedule by id, not by value)."""
        schedule_id = self.schedule.id if self.schedule else None
        return (self.peak_shaving_w, self.grid_charging_allowed, schedule_id, self.segment)


type _WeekTable = tuple[tuple[_Base, ...], ...]


@lru_cache(maxsize=64)
def _week_table(collection: ScheduleCollection, defaults: PlantDefaults) -> _WeekTable:
    """The winning entry for every quarter hour of every weekday (priorities applied)."""
    fallback = _Base(
        defaults.peak_shaving_w, defaults.grid_charging_allowed, Source.DEFAULTS, None, None
    )
    days: list[tuple[_Base, ...]] = []
    for weekday in range(7):
        slots = [fallback] * _SLOTS_PER_DAY
        # Lowest priority first, so every higher one paints over it.
        for item in reversed(collection.week.on(weekday)):
            schedule = collection.schedule(item.schedule_id)
            if schedule is None:
                continue
            for segment in schedule.segments:
                entry = _Base(
                    segment.peak_shaving_w,
                    segment.grid_charging_allowed,
                    Source.SEGMENT,
                    schedule,
                    segment,
                )
                first = segment.start // SEGMENT_ALIGNMENT_MINUTES
                last = segment.end // SEGMENT_ALIGNMENT_MINUTES
                slots[first:last] = [entry] * (last - first)
        days.append(tuple(slots))
    return tuple(days)


def _base_at(table: _WeekTable, when: datetime, tz: tzinfo) -> _Base:
    local = when.astimezone(tz)
    return table[local.weekday()][(local.hour * 60 + local.minute) // SEGMENT_ALIGNMENT_MINUTES]


def _first_base_change(table: _WeekTable, now: datetime, tz: tzinfo) -> datetime | None:
    """The first instant after ``now`` at which the plan without override changes.

    Segment boundaries are whole quarter hours of local time and every real UTC offset is a
    multiple of 15 minutes, so every change (DST jumps included) lies on the UTC quarter-hour
    grid: scanning that grid is exact.
    """
    current = _base_at(table, now, tz).key
    when = floor_to_step(now, SEGMENT_ALIGNMENT_MINUTES) + _STEP
    horizon = now + _NEXT_CHANGE_HORIZON
    while when <= horizon:
        if _base_at(table, when, tz).key != current:
            return when
        when += _STEP
    return None


def _next_base_change(plan: PlantPlan, now: datetime, tz: tzinfo) -> datetime | None:
    table = _week_table(plan.active_collection, plan.defaults)
    return _first_base_change(table, now, tz)


def resolve(plan: PlantPlan, now: datetime, tz: tzinfo) -> Resolution:
    """What the plant should do at ``now`` in time zone ``tz``, and when that next changes."""
    require_aware(now)
    table = _week_table(plan.active_collection, plan.defaults)
    base = _base_at(table, now, tz)
    override = plan.override
    active = override if override is not None and override.active_at(now) else None
    expired = override is not None and override.ends_at is not None and override.ends_at <= now
    changes = [_first_base_change(table, now, tz)]
    if override is not None:
        changes.extend(
            moment
            for moment in (override.starts_at, override.ends_at)
            if moment is not None and moment > now
        )
    next_change = min((moment for moment in changes if moment is not None), default=None)
    peak = base.peak_shaving_w
    grid = base.grid_charging_allowed
    if active is not None:
        if active.peak_shaving_w is not None:
            peak = active.peak_shaving_w
        if active.grid_charging_allowed is not None:
            grid = active.grid_charging_allowed
    return Resolution(
        peak_shaving_w=peak,
        grid_charging_allowed=grid,
        source=Source.OVERRIDE if active is not None else base.source,
        base_source=base.source,
        schedule_id=base.schedule.id if base.schedule else None,
        schedule_name=base.schedule.name if base.schedule else None,
        segment=base.segment,
        override=active,
        override_expired=expired,
        next_change=next_change.astimezone(UTC) if next_change is not None else None,
    )


# -- serialisation -----------------------------------------------------------------------------


def _segment_dict(segment: Segment) -> dict[str, Any]:
    return {
        "start": format_minute(segment.start),
        "end": format_minute(segment.end),
        "peak_shaving_w": segment.peak_shaving_w,
        "grid_charging_allowed": segment.grid_charging_allowed,
    }


def plan_to_dict(plan: PlantPlan) -> dict[str, Any]:
    """A JSON-friendly copy of the plan that ``plan_from_dict`` turns back into the same plan."""
    override = plan.override
    return {
        "bounds": {"min_w": plan.bounds.min_w, "max_w": plan.bounds.max_w},
        "defaults": {
            "peak_shaving_w": plan.defaults.peak_shaving_w,
            "grid_charging_allowed": plan.defaults.grid_charging_allowed,
        },
        "active_collection": plan.active_collection_id,
        "last_id": plan.last_id,
        "collections": [
            {
                "id": collection.id,
                "name": collection.name,
                "schedules": [
                    {
                        "id": schedule.id,
                        "name": schedule.name,
                        "segments": [_segment_dict(segment) for segment in schedule.segments],
                    }
                    for schedule in collection.library
                ],
                "week": {
                    WEEKDAYS[weekday]: [
                        {"schedule": item.schedule_id, "priority": item.priority}
                        for item in assignments
                    ]
                    for weekday, assignments in enumerate(collection.week.days)
                },
            }
            for collection in plan.collections
        ],
        "override": None
        if override is None
        else {
            "mode": override.mode.value,
            "starts_at": override.starts_at.isoformat(),
            "ends_at": override.ends_at.isoformat() if override.ends_at else None,
            "peak_shaving_w": override.peak_shaving_w,
            "grid_charging_allowed": override.grid_charging_allowed,
        },
    }


def _instant(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise ValueError("naive datetime in stored plan")
    return moment


def plan_from_dict(data: Mapping[str, Any]) -> PlantPlan:
    """Rebuild and validate a plan written by ``plan_to_dict``."""
    try:
        collections = tuple(
            ScheduleCollection(
                id=str(item["id"]),
                name=str(item["name"]),
                library=tuple(
                    DailySchedule(
                        id=str(schedule["id"]),
                        name=str(schedule["name"]),
                        segments=tuple(parse_segment(spec) for spec in schedule["segments"]),
                    )
                    for schedule in item["schedules"]
                ),
                week=WeekSchedule(
                    tuple(
                        tuple(
                            Assignment(str(entry["schedule"]), _int(entry["priority"]))
                            for entry in item["week"].get(day, ())
                        )
                        for day in WEEKDAYS
                    )
                ),
            )
            for item in data["collections"]
        )
        raw_override = data.get("override")
        override = None
        if raw_override is not None:
            override = Override(
                mode=OverrideMode(raw_override["mode"]),
                starts_at=_instant(raw_override["starts_at"]),
                ends_at=_instant(raw_override["ends_at"]) if raw_override["ends_at"] else None,
                peak_shaving_w=raw_override.get("peak_shaving_w"),
                grid_charging_allowed=raw_override.get("grid_charging_allowed"),
            )
        plan = PlantPlan(
            collections=collections,
            active_collection_id=str(data["active_collection"]),
            defaults=PlantDefaults(
                peak_shaving_w=_int(data["defaults"]["peak_shaving_w"]),
                grid_charging_allowed=data["defaults"]["grid_charging_allowed"],
            ),
            bounds=Bounds(min_w=_int(data["bounds"]["min_w"]), max_w=_int(data["bounds"]["max_w"])),
            override=override,
            last_id=int(data.get("last_id", 0)),
        )
    except EngineError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise EngineError("plan_corrupt", detail=f"{type(err).__name__}: {err}") from err
    return _validated(plan)
