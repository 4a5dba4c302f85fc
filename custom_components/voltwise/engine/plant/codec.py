"""Plant plans as plain data (the plant's store, service responses, diagnostics) and back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..calendar import WEEKDAYS, format_minute, parse_minute
from ..errors import EngineError
from .model import (
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
    validated,
    whole_or_raw,
)

# Version of the dict shape written by plan_to_dict (for the shell's versioned Store).
PLAN_FORMAT_VERSION = 1


def parse_segment(spec: Mapping[str, Any]) -> Segment:
    """A segment from ``{"start": "06:00", "end": "09:30", "peak_shaving_w", ...}``.

    Times may be ``HH:MM`` (``24:00`` ends the day) or minutes of the day. The segment is
    checked when it becomes part of a daily plan.
    """
    try:
        return Segment(
            start=_minute(spec["start"]),
            end=_minute(spec["end"]),
            peak_shaving_w=whole_or_raw(spec["peak_shaving_w"]),
            grid_charging_allowed=spec["grid_charging_allowed"],
        )
    except KeyError as err:
        raise EngineError("plan_corrupt", detail=f"segment without {err.args[0]}") from err


def _minute(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return parse_minute(str(value))


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
                        "id": daily.id,
                        "name": daily.name,
                        "segments": [_segment_dict(segment) for segment in daily.segments],
                    }
                    for daily in collection.library
                ],
                "week": {
                    WEEKDAYS[weekday]: [
                        {"schedule": item.plan_id, "priority": item.priority}
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
            PlanCollection(
                id=str(item["id"]),
                name=str(item["name"]),
                library=tuple(
                    DailyPlan(
                        id=str(daily["id"]),
                        name=str(daily["name"]),
                        segments=tuple(parse_segment(spec) for spec in daily["segments"]),
                    )
                    for daily in item["schedules"]
                ),
                week=WeekPlan(
                    tuple(
                        tuple(
                            Assignment(str(entry["schedule"]), whole_or_raw(entry["priority"]))
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
                peak_shaving_w=whole_or_raw(data["defaults"]["peak_shaving_w"]),
                grid_charging_allowed=data["defaults"]["grid_charging_allowed"],
            ),
            bounds=Bounds(
                min_w=whole_or_raw(data["bounds"]["min_w"]),
                max_w=whole_or_raw(data["bounds"]["max_w"]),
            ),
            override=override,
            last_id=int(data.get("last_id", 0)),
        )
    except EngineError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise EngineError("plan_corrupt", detail=f"{type(err).__name__}: {err}") from err
    return validated(plan)
