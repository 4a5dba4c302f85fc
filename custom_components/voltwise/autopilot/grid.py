"""Where grid events come from: the ``GridSource`` protocol and its sources.

- ``ReportedGridSource``: events reported through ``voltwise.report_grid_event`` (any utility
  alert an automation can see), saved with the autopilot's memory; the mock source of tests and
  the demo home is the same kind, marked ``mock``.
- ``SensorGridSource`` (grid_sensors.py): events derived from the home's own frequency, voltage
  and mains-present sensors.

The autopilot asks every source for its events at each decision; a source tells it when its
events change (``on_change``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..engine.autopilot import GridEvent, GridEventType, Severity

MAX_MESSAGE_LENGTH = 500
MAX_AREAS = 50


@dataclass(frozen=True, slots=True)
class GridNotice:
    """A grid event with what people are told about it (the engine needs only ``event``)."""

    event: GridEvent
    message: str = ""
    areas: tuple[str, ...] = ()
    source: str = "service"

    def as_dict(self) -> dict[str, Any]:
        """Stored, and the data of the started / ended events (the blueprint reads these)."""
        event = self.event
        return {
            "id": event.id,
            "type": event.type.value,
            "severity": event.severity.value,
            "start": event.start.isoformat(),
            "end": None if event.end is None else event.end.isoformat(),
            "message": self.message,
            "affected_areas": list(self.areas),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> GridNotice | None:
        """The inverse of as_dict; None for what cannot be trusted."""
        try:
            end = raw.get("end")
            event = GridEvent(
                id=str(raw["id"]),
                type=GridEventType(raw["type"]),
                severity=Severity(raw["severity"]),
                start=datetime.fromisoformat(raw["start"]),
                end=None if end is None else datetime.fromisoformat(end),
            )
            areas = tuple(str(area) for area in raw.get("affected_areas") or ())
            return cls(event, str(raw.get("message") or ""), areas, str(raw.get("source", "")))
        except (KeyError, TypeError, ValueError):
            return None


class GridSource(Protocol):
    """Anything that knows about grid events."""

    def notices(self) -> Sequence[GridNotice]:
        """The events this source knows (past ones may be forgotten)."""


@dataclass(slots=True)
class ReportedGridSource:
    """Events reported by a service call (or, marked ``mock``, raised by tests and the demo)."""

    on_change: Callable[[], None]
    items: dict[str, GridNotice] = field(default_factory=dict)

    def notices(self) -> Sequence[GridNotice]:
        """Every reported event not yet forgotten."""
        return list(self.items.values())

    def report(self, notice: GridNotice) -> None:
        """Add or replace an event (same id: an update, e.g. its end becomes known)."""
        self.items[notice.event.id] = notice
        self.on_change()

    def forget_ended(self, now: datetime) -> None:
        """Drop events that have ended (they were announced when they did)."""
        for key, notice in list(self.items.items()):
            if notice.event.end is not None and notice.event.end <= now:
                del self.items[key]
