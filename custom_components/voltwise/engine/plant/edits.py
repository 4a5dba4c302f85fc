"""Edits of a plant plan: each returns a new plan, validated as a whole, or raises.

A failed edit changes nothing (plans are immutable values), so a cancelled draft is simply
dropped and a refused service call stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, tzinfo

from ..calendar import WEEKDAYS, parse_weekday_ranges
from ..errors import EngineError
from ..timegrid import require_aware
from .model import (
    DEFAULT_BOUNDS,
    DEFAULT_COLLECTION_NAME,
    Assignment,
    Bounds,
    DailyPlan,
    Override,
    OverrideMode,
    PlanCollection,
    PlantDefaults,
    PlantPlan,
    Segment,
    WeekPlan,
    clean_name,
    validated,
    whole_or_raw,
)
from .resolve import next_base_change


def parse_days(text: str) -> tuple[int, ...]:
    """Weekdays (Monday 0) from ``"mon-fri"``, ``"sat,sun"``, ``"fri-mon"`` or ``"all"``."""
    return parse_weekday_ranges(text, "invalid_days")


def _weekdays(days: Iterable[int]) -> tuple[int, ...]:
    result = tuple(sorted(set(days)))
    for day in result:
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise EngineError("invalid_days", days=str(day))
    if not result:
        raise EngineError("invalid_days", days="")
    return result


def new_plan(
    defaults: PlantDefaults,
    bounds: Bounds = DEFAULT_BOUNDS,
    collection_name: str = DEFAULT_COLLECTION_NAME,
) -> PlantPlan:
    """A plan for a new plant: one empty collection (active), so defaults apply everywhere."""
    collection = PlanCollection(id="c1", name=clean_name(collection_name))
    return validated(
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


def collection_named(plan: PlantPlan, name: str | None) -> PlanCollection:
    """A collection by name (any case, spaces around ignored); the active one for ``None``."""
    if name is None:
        return plan.active_collection
    for collection in plan.collections:
        if collection.name.casefold() == name.strip().casefold():
            return collection
    raise EngineError("unknown_collection_name", name=name)


def daily_plan_named(collection: PlanCollection, name: str) -> DailyPlan | None:
    """A daily plan of ``collection`` by name (any case, spaces around ignored)."""
    for daily in collection.library:
        if daily.name.casefold() == name.strip().casefold():
            return daily
    return None


def _collection_for(plan: PlantPlan, collection_id: str | None) -> PlanCollection:
    collection = plan.collection(
        plan.active_collection_id if collection_id is None else collection_id
    )
    if collection is None:
        raise EngineError("unknown_collection", collection=str(collection_id))
    return collection


def _locate(plan: PlantPlan, plan_id: str) -> tuple[PlanCollection, DailyPlan]:
    for collection in plan.collections:
        daily = collection.daily_plan(plan_id)
        if daily is not None:
            return collection, daily
    raise EngineError("unknown_schedule", schedule=str(plan_id))


def _with_collection(plan: PlantPlan, collection: PlanCollection) -> PlantPlan:
    return replace(
        plan,
        collections=tuple(collection if c.id == collection.id else c for c in plan.collections),
    )


def _with_daily_plan(plan: PlantPlan, daily: DailyPlan) -> PlantPlan:
    collection, _ = _locate(plan, daily.id)
    library = tuple(daily if s.id == daily.id else s for s in collection.library)
    return _with_collection(plan, replace(collection, library=library))


def _sorted_segments(segments: Iterable[Segment]) -> tuple[Segment, ...]:
    return tuple(sorted(segments, key=lambda item: (item.start, item.end)))


def set_defaults(plan: PlantPlan, defaults: PlantDefaults) -> PlantPlan:
    """Change what applies where no daily plan does."""
    return validated(replace(plan, defaults=defaults))


def set_bounds(plan: PlantPlan, bounds: Bounds) -> PlantPlan:
    """Change the accepted peak-shaving range; refused while any value lies outside it."""
    return validated(replace(plan, bounds=bounds))


def create_collection(plan: PlantPlan, name: str) -> tuple[PlantPlan, PlanCollection]:
    """Add an empty collection (not active)."""
    plan, collection_id = _next_id(plan, "c")
    collection = PlanCollection(id=collection_id, name=clean_name(name))
    return validated(replace(plan, collections=(*plan.collections, collection))), collection


def rename_collection(plan: PlantPlan, collection_id: str, name: str) -> PlantPlan:
    """Give a collection another (unique) name."""
    collection = _collection_for(plan, collection_id)
    return validated(_with_collection(plan, replace(collection, name=clean_name(name))))


def delete_collection(plan: PlantPlan, collection_id: str) -> PlantPlan:
    """Remove a collection with its daily plans; the active one cannot be deleted."""
    collection = _collection_for(plan, collection_id)
    if collection.id == plan.active_collection_id:
        raise EngineError("collection_active", collection=collection.name)
    remaining = tuple(c for c in plan.collections if c.id != collection.id)
    return validated(replace(plan, collections=remaining))


def activate_collection(plan: PlantPlan, collection_id: str) -> PlantPlan:
    """Make the plant follow another collection from now on."""
    collection = _collection_for(plan, collection_id)
    return validated(replace(plan, active_collection_id=collection.id))


def create_daily_plan(
    plan: PlantPlan,
    name: str,
    segments: Iterable[Segment] = (),
    *,
    collection_id: str | None = None,
) -> tuple[PlantPlan, DailyPlan]:
    """Add a daily plan to a collection's library (the active one by default)."""
    collection = _collection_for(plan, collection_id)
    plan, plan_id = _next_id(plan, "s")
    daily = DailyPlan(id=plan_id, name=clean_name(name), segments=_sorted_segments(segments))
    collection = replace(collection, library=(*collection.library, daily))
    return validated(_with_collection(plan, collection)), daily


def duplicate_daily_plan(plan: PlantPlan, plan_id: str, name: str) -> tuple[PlantPlan, DailyPlan]:
    """Copy a daily plan's segments under a new name in the same collection (not assigned)."""
    collection, original = _locate(plan, plan_id)
    return create_daily_plan(plan, name, original.segments, collection_id=collection.id)


def rename_daily_plan(plan: PlantPlan, plan_id: str, name: str) -> PlantPlan:
    """Give a daily plan another name (unique in its collection)."""
    _, daily = _locate(plan, plan_id)
    return validated(_with_daily_plan(plan, replace(daily, name=clean_name(name))))


def replace_segments(plan: PlantPlan, plan_id: str, segments: Iterable[Segment]) -> PlantPlan:
    """Save an edited segment list in one step; nothing is stored if any segment is invalid."""
    _, daily = _locate(plan, plan_id)
    updated = replace(daily, segments=_sorted_segments(segments))
    return validated(_with_daily_plan(plan, updated))


def daily_plan_days(plan: PlantPlan, plan_id: str) -> tuple[int, ...]:
    """The weekdays a daily plan is assigned to (what deleting it would unassign)."""
    collection, _ = _locate(plan, plan_id)
    return collection.week.days_of(plan_id)


def delete_daily_plan(plan: PlantPlan, plan_id: str) -> tuple[PlantPlan, tuple[int, ...]]:
    """Remove a daily plan and its assignments; return the weekdays it was unassigned from."""
    collection, _ = _locate(plan, plan_id)
    unassigned = collection.week.days_of(plan_id)
    week = WeekPlan(
        tuple(
            tuple(item for item in day if item.plan_id != plan_id) for day in collection.week.days
        )
    )
    library = tuple(s for s in collection.library if s.id != plan_id)
    updated = replace(collection, library=library, week=week)
    return validated(_with_collection(plan, updated)), unassigned


def _sorted_day(assignments: Iterable[Assignment]) -> tuple[Assignment, ...]:
    return tuple(sorted(assignments, key=lambda item: -item.priority))


def assign_daily_plan(
    plan: PlantPlan, plan_id: str, days: Iterable[int], priority: int | None = None
) -> PlantPlan:
    """Put a daily plan on ``days`` (weekdays, Monday 0) with one priority.

    A daily plan already on one of those days moves to the new priority. Without a priority it
    goes on top: one above the highest priority used on any of the days by another daily plan.
    """
    collection, _ = _locate(plan, plan_id)
    weekdays = _weekdays(days)
    if priority is None:
        others = [
            item.priority
            for day in weekdays
            for item in collection.week.days[day]
            if item.plan_id != plan_id
        ]
        priority = max(others, default=0) + 1
    entry = Assignment(plan_id, priority)
    week = WeekPlan(
        tuple(
            _sorted_day((*(i for i in day if i.plan_id != plan_id), entry))
            if weekday in weekdays
            else day
            for weekday, day in enumerate(collection.week.days)
        )
    )
    return validated(_with_collection(plan, replace(collection, week=week)))


def unassign_daily_plan(plan: PlantPlan, plan_id: str, days: Iterable[int] = range(7)) -> PlantPlan:
    """Take a daily plan off ``days`` (all by default); days left empty use the defaults."""
    collection, _ = _locate(plan, plan_id)
    weekdays = _weekdays(days)
    week = WeekPlan(
        tuple(
            tuple(i for i in day if i.plan_id != plan_id) if weekday in weekdays else day
            for weekday, day in enumerate(collection.week.days)
        )
    )
    return validated(_with_collection(plan, replace(collection, week=week)))


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
    week = WeekPlan(tuple(_sorted_day(day) for day in days))
    return validated(_with_collection(plan, replace(collection, week=week)))


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

    ``UNTIL_NEXT_BOUNDARY`` ends at the next change of the plan underneath (any daily plan or
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
        ends_at = next_base_change(plan, now, tz)
    override = Override(
        mode=mode,
        starts_at=now.astimezone(UTC),
        ends_at=ends_at,
        peak_shaving_w=whole_or_raw(peak_shaving_w) if peak_shaving_w is not None else None,
        grid_charging_allowed=grid_charging_allowed,
    )
    return validated(replace(plan, override=override))


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
