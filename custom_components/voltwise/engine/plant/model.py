"""Plant plans: the data model and the rules every plan obeys.

A plant (an inverter reached through SolisCloud) follows the *active* collection of its plan. A
collection holds a library of named daily plans (what users see as "daily schedules": time
segments that set the peak-shaving limit and whether the battery may charge from the grid) and
one week plan that assigns zero or more of them to each weekday with explicit priorities: at any
local minute the highest-priority daily plan with a segment there wins, the next lower one fills
its gaps, and plant defaults cover what no daily plan covers. An override sits on top until the
next boundary of that resolved plan, until a chosen time, or until it is cleared.

Everything here is pure: plans are immutable values, every edit returns a new plan validated as a
whole (so a failed edit changes nothing and a cancelled draft is simply dropped), and resolution
takes the instant and the plant's time zone as arguments. (In code, "schedule" means an
appliance schedule; the plant's are plans. Error codes and stored keys keep the word users see.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..calendar import MINUTES_PER_DAY, WEEKDAYS, format_minute
from ..errors import EngineError
from ..limits import whole_number
from ..timegrid import require_aware

SEGMENT_ALIGNMENT_MINUTES = 15
PEAK_SHAVING_STEP_W = 100
MAX_NAME_LENGTH = 50
MAX_PRIORITY = 1000
DEFAULT_COLLECTION_NAME = "Default"

# -- the data model ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bounds:
    """The peak-shaving limits the plant accepts, in W (deploy-time configuration)."""

    min_w: int = 0
    max_w: int = 10_000


DEFAULT_BOUNDS = Bounds()


@dataclass(frozen=True, slots=True)
class PlantDefaults:
    """What the plant does when no daily plan covers the current minute."""

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
class DailyPlan:
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
    """A daily plan placed on a weekday; a higher priority overlays a lower one."""

    plan_id: str
    priority: int


_EMPTY_WEEK: tuple[tuple[Assignment, ...], ...] = ((),) * 7


@dataclass(frozen=True, slots=True)
class WeekPlan:
    """Assignments for each weekday, Monday (0) to Sunday (6), highest priority first."""

    days: tuple[tuple[Assignment, ...], ...] = _EMPTY_WEEK

    def on(self, weekday: int) -> tuple[Assignment, ...]:
        """The assignments of ``weekday`` (Monday 0), highest priority first."""
        return self.days[weekday]

    def days_of(self, plan_id: str) -> tuple[int, ...]:
        """The weekdays ``plan_id`` is assigned to."""
        return tuple(
            weekday
            for weekday, assignments in enumerate(self.days)
            if any(item.plan_id == plan_id for item in assignments)
        )


@dataclass(frozen=True, slots=True)
class PlanCollection:
    """A named set of daily plans and the week that uses them (e.g. "Default", "Holiday")."""

    id: str
    name: str
    library: tuple[DailyPlan, ...] = ()
    week: WeekPlan = WeekPlan()

    def daily_plan(self, plan_id: str) -> DailyPlan | None:
        """The daily plan with ``plan_id`` in this collection, if any."""
        for daily in self.library:
            if daily.id == plan_id:
                return daily
        return None


class OverrideMode(StrEnum):
    """When an override ends on its own.

    Turning an override *off* is not a mode: it is ``clear_override``, which removes it. The
    plant's coordinator also removes an override that has ended (``expire_override``).
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

    collections: tuple[PlanCollection, ...]
    active_collection_id: str
    defaults: PlantDefaults
    bounds: Bounds = DEFAULT_BOUNDS
    override: Override | None = None
    # Highest numeric id handed out so far; new ids never reuse a deleted one.
    last_id: int = 0

    def collection(self, collection_id: str) -> PlanCollection | None:
        """The collection with ``collection_id``, if any."""
        for collection in self.collections:
            if collection.id == collection_id:
                return collection
        return None

    @property
    def active_collection(self) -> PlanCollection:
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

    ``daily_plan_id``/``daily_plan_name``/``segment`` describe the plan underneath (the winning
    daily plan's segment, or ``None`` when defaults apply) even while an override is active;
    ``base_source`` is that plan's source and ``source`` is ``OVERRIDE`` while an override is in
    force. ``next_change`` is the first later instant at which anything here changes (``None``:
    never). ``override_expired`` tells the plant's coordinator to drop the plan's override
    (``expire_override``).
    """

    peak_shaving_w: int
    grid_charging_allowed: bool
    source: Source
    base_source: Source
    daily_plan_id: str | None
    daily_plan_name: str | None
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
            "schedule": self.daily_plan_name,
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


def validate_segments(daily: DailyPlan, bounds: Bounds) -> None:
    """Segments are aligned to 15 minutes, non-empty, inside the day, and never overlap."""
    previous: Segment | None = None
    for segment in sorted(daily.segments, key=lambda item: (item.start, item.end)):
        for minute in (segment.start, segment.end):
            if not isinstance(minute, int) or isinstance(minute, bool):
                raise EngineError("plan_corrupt", detail=f"segment minute {minute!r}")
            if not 0 <= minute <= MINUTES_PER_DAY:
                raise EngineError("segment_outside_day", schedule=daily.name, minute=str(minute))
            if minute % SEGMENT_ALIGNMENT_MINUTES:
                raise EngineError(
                    "segment_unaligned", schedule=daily.name, time=format_minute(minute)
                )
        if segment.end <= segment.start:
            raise EngineError("segment_empty", schedule=daily.name, segment=segment.label())
        _check_power(segment.peak_shaving_w, bounds)
        _check_flag(segment.grid_charging_allowed)
        if previous is not None and segment.start < previous.end:
            raise EngineError(
                "segment_overlap",
                schedule=daily.name,
                first=previous.label(),
                second=segment.label(),
            )
        previous = segment


def _validate_week(collection: PlanCollection) -> None:
    days = collection.week.days
    if len(days) != len(WEEKDAYS):
        raise EngineError("plan_corrupt", detail="a week needs seven days")
    for weekday, assignments in enumerate(days):
        priorities: dict[int, str] = {}
        seen: set[str] = set()
        for item in assignments:
            daily = collection.daily_plan(item.plan_id)
            if daily is None:
                raise EngineError("unknown_schedule", schedule=str(item.plan_id))
            if item.plan_id in seen:
                raise EngineError(
                    "schedule_assigned_twice", schedule=daily.name, day=WEEKDAYS[weekday]
                )
            seen.add(item.plan_id)
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
            priorities[priority] = daily.name
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

    def claim(item: PlanCollection | DailyPlan, names: set[str], taken: str) -> None:
        """An id unique in the plan, and a name unique (in any case) among ``names``."""
        if not isinstance(item.id, str) or not item.id:
            raise EngineError("plan_corrupt", detail=f"invalid id {item.id!r}")
        if item.id in ids:
            raise EngineError("plan_duplicate_id", id=item.id)
        ids.add(item.id)
        name = _check_name(item.name).casefold()
        if name in names:
            raise EngineError(taken, name=item.name)
        names.add(name)

    collection_names: set[str] = set()
    for collection in plan.collections:
        claim(collection, collection_names, "collection_name_taken")
        plan_names: set[str] = set()
        for daily in collection.library:
            claim(daily, plan_names, "schedule_name_taken")
            validate_segments(daily, plan.bounds)
        _validate_week(collection)
    if plan.collection(plan.active_collection_id) is None:
        raise EngineError("unknown_collection", collection=str(plan.active_collection_id))
    if plan.override is not None:
        _validate_override(plan.override, plan.bounds)


def validated(plan: PlantPlan) -> PlantPlan:
    """``plan`` once ``validate_plan`` found nothing wrong with it."""
    validate_plan(plan)
    return plan


def clean_name(name: str) -> str:
    """Names are stored trimmed; validation then checks what is stored."""
    return name.strip() if isinstance(name, str) else name


def whole_or_raw(value: object) -> int:
    """Whole numbers as ints (1000.0 and "1000" too); anything else is left for validation."""
    number = whole_number(value)
    return number if number is not None else value  # type: ignore[return-value]
