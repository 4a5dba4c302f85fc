"""Schedules as the text the UI edits: segment lines and week lines.

A daily schedule is one segment per line, ``HH:MM-HH:MM <watts> <grid on|off>``, for example
``06:00-09:00 3000 off`` (``24:00`` ends the day; ``W`` after the watts is allowed). A week is one
assignment per line, ``<days> <priority> <schedule name>``, for example ``mon-fri 10 Workday``.
Blank lines and lines starting with ``#`` are ignored. Parsing only reads the text; the engine's
edit functions then validate the whole result, so both report the same translated error codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..engine.calendar import WEEKDAYS, format_minute, format_weekday_ranges, parse_minute
from ..engine.errors import EngineError
from ..engine.plant.edits import parse_days
from ..engine.plant.model import Assignment, DailyPlan, PlanCollection, Segment

_SEGMENT = re.compile(
    r"^(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s+"
    r"(?P<watts>\d+)\s*(?:w)?\s+(?P<grid>\S+)$",
    re.IGNORECASE,
)
_WEEK = re.compile(r"^(?P<days>\S+)\s+(?P<priority>\d+)\s+(?P<name>.+)$")
_ON = frozenset({"on", "yes", "true", "1", "allowed", "charge"})
_OFF = frozenset({"off", "no", "false", "0", "forbidden"})


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(str(text).splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def parse_grid(value: str) -> bool | None:
    """``on``/``off`` (and yes/no, true/false, 1/0) as a boolean; ``None`` if neither."""
    word = value.strip().lower()
    if word in _ON:
        return True
    if word in _OFF:
        return False
    return None


def parse_segments(text: str) -> tuple[Segment, ...]:
    """The segments typed for one daily schedule (checked later, as a whole, by the engine)."""
    segments: list[Segment] = []
    for number, line in _lines(text):
        match = _SEGMENT.match(line)
        grid = parse_grid(match["grid"]) if match else None
        if match is None or grid is None:
            raise EngineError("segment_line_invalid", line=str(number), text=line)
        segments.append(
            Segment(
                start=parse_minute(match["start"]),
                end=parse_minute(match["end"]),
                peak_shaving_w=int(match["watts"]),
                grid_charging_allowed=grid,
            )
        )
    return tuple(segments)


def format_segments(schedule: DailyPlan) -> str:
    """A schedule's segments as the lines ``parse_segments`` reads."""
    return "\n".join(
        f"{format_minute(segment.start)}-{format_minute(segment.end)} "
        f"{segment.peak_shaving_w} {'on' if segment.grid_charging_allowed else 'off'}"
        for segment in schedule.segments
    )


def parse_week(text: str, collection: PlanCollection) -> list[list[Assignment]]:
    """Seven lists of assignments (Monday first) from week lines naming the collection's schedules.

    Schedule names are matched without regard to case.
    """
    by_name = {schedule.name.casefold(): schedule for schedule in collection.library}
    days: list[list[Assignment]] = [[] for _ in WEEKDAYS]
    for number, line in _lines(text):
        match = _WEEK.match(line)
        if match is None:
            raise EngineError("week_line_invalid", line=str(number), text=line)
        schedule = by_name.get(match["name"].strip().casefold())
        if schedule is None:
            raise EngineError("unknown_schedule_name", name=match["name"].strip())
        for day in parse_days(match["days"]):
            days[day].append(Assignment(schedule.id, int(match["priority"])))
    return days


def format_week(collection: PlanCollection) -> str:
    """A collection's week as the lines ``parse_week`` reads (highest priority first)."""
    groups: dict[tuple[str, int], list[int]] = {}
    for weekday in range(len(WEEKDAYS)):
        for item in collection.week.on(weekday):
            groups.setdefault((item.plan_id, item.priority), []).append(weekday)
    lines: list[tuple[int, int, str]] = []
    for (schedule_id, priority), weekdays in groups.items():
        schedule = collection.daily_plan(schedule_id)
        if schedule is not None:
            text = f"{format_weekday_ranges(weekdays)} {priority} {schedule.name}"
            lines.append((-priority, weekdays[0], text))
    return "\n".join(line for *_, line in sorted(lines))
