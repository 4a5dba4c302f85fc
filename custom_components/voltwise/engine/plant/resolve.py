"""What a plant plan says at an instant, and when that next changes.

Plans are local wall-clock times, so a day of 23 or 25 hours (DST) just skips or repeats local
minutes; the instant and the plant's time zone are arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from ..calendar import MINUTES_PER_DAY
from ..timegrid import floor_to_step, require_aware
from .model import (
    SEGMENT_ALIGNMENT_MINUTES,
    DailyPlan,
    PlanCollection,
    PlantDefaults,
    PlantPlan,
    Resolution,
    Segment,
    Source,
)

_SLOTS_PER_DAY = MINUTES_PER_DAY // SEGMENT_ALIGNMENT_MINUTES
_STEP = timedelta(minutes=SEGMENT_ALIGNMENT_MINUTES)
# The plan repeats weekly in local time. Two weeks and a day visit every local quarter hour of the
# week at least once even when a DST gap skips one occurrence, so a plan that shows no change in
# that window never changes.
_NEXT_CHANGE_HORIZON = timedelta(days=15)


@dataclass(frozen=True, slots=True)
class _Base:
    """What the plan without override says for one local quarter hour."""

    peak_shaving_w: int
    grid_charging_allowed: bool
    source: Source
    daily: DailyPlan | None
    segment: Segment | None

    @property
    def key(self) -> tuple[object, ...]:
        """Identity for change detection (the daily plan by id, not by value)."""
        plan_id = self.daily.id if self.daily else None
        return (self.peak_shaving_w, self.grid_charging_allowed, plan_id, self.segment)


type _WeekTable = tuple[tuple[_Base, ...], ...]


@lru_cache(maxsize=64)
def _week_table(collection: PlanCollection, defaults: PlantDefaults) -> _WeekTable:
    """The winning entry for every quarter hour of every weekday (priorities applied)."""
    fallback = _Base(
        defaults.peak_shaving_w, defaults.grid_charging_allowed, Source.DEFAULTS, None, None
    )
    days: list[tuple[_Base, ...]] = []
    for weekday in range(7):
        slots = [fallback] * _SLOTS_PER_DAY
        # Lowest priority first, so every higher one paints over it.
        for item in reversed(collection.week.on(weekday)):
            daily = collection.daily_plan(item.plan_id)
            if daily is None:
                continue
            for segment in daily.segments:
                entry = _Base(
                    segment.peak_shaving_w,
                    segment.grid_charging_allowed,
                    Source.SEGMENT,
                    daily,
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


def next_base_change(plan: PlantPlan, now: datetime, tz: tzinfo) -> datetime | None:
    """The first instant after ``now`` at which the plan without its override changes."""
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
        daily_plan_id=base.daily.id if base.daily else None,
        daily_plan_name=base.daily.name if base.daily else None,
        segment=base.segment,
        override=active,
        override_expired=expired,
        next_change=next_change.astimezone(UTC) if next_change is not None else None,
    )
