"""What the autopilot remembers between decisions: the only state a restart needs.

The shell saves ``Memory.as_dict()`` in a Store before it carries out the actions that came with
it, so that a restore is never forgotten. Loading never raises: a record that does not parse is
dropped (the appliance is then treated as never touched), an unknown version gives empty memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .model import ChangeSource, HoldReason, PreferredAction

MEMORY_VERSION = 1


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The parts of an appliance's state the autopilot changes and restores."""

    on: bool
    eco: bool = False
    level: float | None = None


@dataclass(frozen=True, slots=True)
class Hold:
    """An appliance the autopilot has changed and must put back.

    ``before`` is the state observed before the first action; ``applied`` what the autopilot
    last commanded (actions are the difference between it and the new target, so nothing is
    sent twice). Two layers may be engaged at once: the strategy's preferred action and grid
    protection at critical severity. A delayed start keeps ``resume_at`` (the planned start),
    ``run_end`` (when that run is done) and ``finish_by`` (the latest finish).
    """

    before: Snapshot
    applied: Snapshot
    since: datetime
    commanded_at: datetime
    reason: HoldReason
    strategy: PreferredAction | None = None
    critical: bool = False
    resume_at: datetime | None = None
    run_end: datetime | None = None
    finish_by: datetime | None = None


@dataclass(frozen=True, slots=True)
class Override:
    """A change by someone else than the autopilot, respected until the dear period ends.

    ``until`` is that end as the latest forecast sees it (None: beyond the horizon); the
    override also ends when the run it protected is over (the appliance goes off later) or the
    user resumes the autopilot for it.
    """

    since: datetime
    source: ChangeSource
    until: datetime | None = None

    @property
    def by_person(self) -> bool:
        """A person's own action outranks grid protection; an automation's does not."""
        return self.source in (ChangeSource.USER, ChangeSource.PHYSICAL)


@dataclass(frozen=True, slots=True)
class Memory:
    """Per-appliance holds, overrides and settled runs, and when the current periods began.

    ``delay_since`` / ``restorable_since``: when the period that matters to delayed starts /
    to the other actions (critical events included in both) began, so that a person switching
    an appliance on during it is recognised as an override. ``settled`` maps appliances the
    autopilot has decided to let run (a delayed start that resumed, one whose best start is now,
    or one an override protected until its period ended) to when it so decided; they are left
    alone until they go off (the run is over), so that nothing flaps and no later period pushes
    a run past its latest finish.
    """

    holds: Mapping[str, Hold] = field(default_factory=dict)
    overrides: Mapping[str, Override] = field(default_factory=dict)
    settled: Mapping[str, datetime] = field(default_factory=dict)
    delay_since: datetime | None = None
    restorable_since: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly, versioned form."""
        return {
            "version": MEMORY_VERSION,
            "delay_since": _iso(self.delay_since),
            "restorable_since": _iso(self.restorable_since),
            "holds": {key: _hold_dict(hold) for key, hold in self.holds.items()},
            "overrides": {
                key: {
                    "since": _iso(item.since),
                    "source": item.source.value,
                    "until": _iso(item.until),
                }
                for key, item in self.overrides.items()
            },
            "settled": {key: _iso(when) for key, when in self.settled.items()},
        }

    @classmethod
    def from_dict(cls, data: Any) -> Memory:
        """Memory from ``as_dict`` output; garbage in gives less memory, never an exception."""
        if not isinstance(data, Mapping) or data.get("version") != MEMORY_VERSION:
            return cls()
        return cls(
            holds=_records(data.get("holds"), _parse_hold),
            overrides=_records(data.get("overrides"), _parse_override),
            settled=_records(data.get("settled"), _parse_instant),
            delay_since=_optional_instant(data.get("delay_since")),
            restorable_since=_optional_instant(data.get("restorable_since")),
        )


def continued_overrides(before: Memory, after: Memory) -> set[str]:
    """Appliances whose override in ``after`` is the one ``before`` had (the same change).

    Its end may have moved with the forecast; what began it has not.
    """
    return {
        key
        for key, override in after.overrides.items()
        if (earlier := before.overrides.get(key)) is not None
        and (earlier.since, earlier.source) == (override.since, override.source)
    }


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _snapshot_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {"on": snapshot.on, "eco": snapshot.eco, "level": snapshot.level}


def _hold_dict(hold: Hold) -> dict[str, Any]:
    return {
        "before": _snapshot_dict(hold.before),
        "applied": _snapshot_dict(hold.applied),
        "since": _iso(hold.since),
        "commanded_at": _iso(hold.commanded_at),
        "reason": hold.reason.value,
        "strategy": None if hold.strategy is None else hold.strategy.value,
        "critical": hold.critical,
        "resume_at": _iso(hold.resume_at),
        "run_end": _iso(hold.run_end),
        "finish_by": _iso(hold.finish_by),
    }


class _InvalidRecordError(Exception):
    """A stored record that cannot be trusted."""


def _records[T](raw: Any, parse: Callable[[Any], T]) -> dict[str, T]:
    """Every record that parses, keyed by appliance id; the rest are dropped."""
    if not isinstance(raw, Mapping):
        return {}
    result: dict[str, T] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            continue
        try:
            result[key] = parse(value)
        except _InvalidRecordError:
            continue
    return result


def _parse_instant(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise _InvalidRecordError
    try:
        when = datetime.fromisoformat(raw)
    except ValueError as err:
        raise _InvalidRecordError from err
    if when.tzinfo is None or when.utcoffset() is None:
        raise _InvalidRecordError
    return when


def _optional_instant(raw: Any) -> datetime | None:
    if raw is None:
        return None
    try:
        return _parse_instant(raw)
    except _InvalidRecordError:
        return None


def _nullable_instant(raw: Any) -> datetime | None:
    """None stays None; anything else must be a valid instant."""
    return None if raw is None else _parse_instant(raw)


def _parse_bool(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _InvalidRecordError
    return raw


def _parse_level(raw: Any) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise _InvalidRecordError
    return float(raw)


def _parse_snapshot(raw: Any) -> Snapshot:
    if not isinstance(raw, Mapping):
        raise _InvalidRecordError
    return Snapshot(
        on=_parse_bool(raw.get("on")),
        eco=_parse_bool(raw.get("eco")),
        level=_parse_level(raw.get("level")),
    )


def _parse_enum[E](kind: Callable[[Any], E], raw: Any) -> E:
    try:
        return kind(raw)
    except (ValueError, TypeError) as err:
        raise _InvalidRecordError from err


def _parse_hold(raw: Any) -> Hold:
    if not isinstance(raw, Mapping):
        raise _InvalidRecordError
    strategy = raw.get("strategy")
    hold = Hold(
        before=_parse_snapshot(raw.get("before")),
        applied=_parse_snapshot(raw.get("applied")),
        since=_parse_instant(raw.get("since")),
        commanded_at=_parse_instant(raw.get("commanded_at")),
        reason=_parse_enum(HoldReason, raw.get("reason")),
        strategy=None if strategy is None else _parse_enum(PreferredAction, strategy),
        critical=_parse_bool(raw.get("critical")),
        resume_at=_nullable_instant(raw.get("resume_at")),
        run_end=_nullable_instant(raw.get("run_end")),
        finish_by=_nullable_instant(raw.get("finish_by")),
    )
    if hold.strategy is None and not hold.critical:
        raise _InvalidRecordError  # a hold with no layer engaged would never be released
    if hold.strategy is PreferredAction.DELAY_START and (
        hold.resume_at is None or hold.finish_by is None or hold.run_end is None
    ):
        raise _InvalidRecordError
    return hold


def _parse_override(raw: Any) -> Override:
    if not isinstance(raw, Mapping):
        raise _InvalidRecordError
    return Override(
        since=_parse_instant(raw.get("since")),
        source=_parse_enum(ChangeSource, raw.get("source")),
        until=_nullable_instant(raw.get("until")),
    )
