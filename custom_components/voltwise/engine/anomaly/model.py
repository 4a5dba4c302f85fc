"""What an anomaly is, how severe it is, and the settings every detector shares.

Anomalies and detector states travel through Home Assistant's stores, events and diagnostics, so
each has an ``as_dict`` of plain JSON values and a ``from_dict`` that never raises: a damaged
record is dropped (or its state starts afresh), never allowed to break the integration's setup.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any


class AnomalyKind(StrEnum):
    """What went wrong. The first three are the home's, the last two an appliance's."""

    SPIKE = "spike"
    SUSTAINED_HIGH = "sustained_high"
    UNUSUAL_PATTERN = "unusual_pattern"
    APPLIANCE_HIGH_POWER = "appliance_high_power"
    APPLIANCE_LONG_RUN = "appliance_long_run"


class Severity(StrEnum):
    """How far above expected, in the user's own bands."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


# What ``value`` and ``expected`` measure for each kind.
UNITS: Mapping[AnomalyKind, str] = {
    AnomalyKind.SPIKE: "kWh",
    AnomalyKind.SUSTAINED_HIGH: "kWh",
    AnomalyKind.UNUSUAL_PATTERN: "kWh",
    AnomalyKind.APPLIANCE_HIGH_POWER: "W",
    AnomalyKind.APPLIANCE_LONG_RUN: "min",
}
# Below this, an expected value is "nothing": deviations are taken against it so that an idle
# hour forecast as 0 kWh still gives a finite (and large) percentage.
_EXPECTED_FLOOR = {"kWh": 0.01, "W": 1.0, "min": 1.0}


@dataclass(frozen=True, slots=True)
class AnomalySettings:
    """The detectors' knobs; every one is meant to become a home option.

    ``SETTING_RANGES`` gives each numeric field's allowed range, so the options form can offer
    exactly what this class accepts.
    """

    medium_from_pct: float = 50.0
    """Deviations from here (up to ``high_from_pct``) are medium; below, low."""
    high_from_pct: float = 100.0
    """Deviations above this are high."""
    record_factor: float = 1.1
    """A spike (an hour) or a sustained high (a run of hours) must use this many times the most
    the home used in the same hours of any day of the last ``lookback_days``."""
    sustained_hours: int = 3
    """Consecutive hours above the expected interval that make a sustained high."""
    min_excess_share: float = 0.3
    """An anomaly's hours must exceed expected by at least this share of the home's mean hourly
    use (each): a kettle at night is not worth a notification."""
    lookback_days: int = 56
    """How much of the home's history defines its usual (records, usual day shapes)."""
    pattern_factor: float = 1.5
    """A day's shape is unusual when it departs from the home's usual shape this many times
    more than the home's own odd days (its 90th percentile) do."""
    appliance_power_margin: float = 0.3
    """An appliance run whose typical power exceeds its usual runs' (95th percentile) by more
    than this share draws too much."""
    appliance_run_factor: float = 2.0
    """An appliance run longer than this many times its usual long run (95th percentile), and
    longer than any run seen, is too long."""

    def __post_init__(self) -> None:
        """Reject settings of the wrong type or outside their ranges (never offered by the form)."""
        for field in fields(self):
            low, high = SETTING_RANGES[field.name]
            value = getattr(self, field.name)
            whole = field.name in _WHOLE_NUMBERS
            if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
                kind = "whole number" if whole else "number"
                raise TypeError(f"{field.name}={value!r} is not a {kind}")
            if not low <= value <= high:
                raise ValueError(f"{field.name}={value!r} is outside {low}..{high}")
        if self.high_from_pct < self.medium_from_pct:
            raise ValueError("high_from_pct must not be below medium_from_pct")

    def severity(self, deviation_pct: float) -> Severity:
        """The band a deviation above expected falls in."""
        if deviation_pct > self.high_from_pct:
            return Severity.HIGH
        if deviation_pct >= self.medium_from_pct:
            return Severity.MEDIUM
        return Severity.LOW


SETTING_RANGES: Mapping[str, tuple[float, float]] = {
    "medium_from_pct": (0.0, 10_000.0),
    "high_from_pct": (0.0, 10_000.0),
    "record_factor": (1.0, 5.0),
    "sustained_hours": (2, 24),
    "min_excess_share": (0.0, 5.0),
    "lookback_days": (14, 365),
    "pattern_factor": (1.0, 5.0),
    "appliance_power_margin": (0.05, 5.0),
    "appliance_run_factor": (1.0, 10.0),
}
_WHOLE_NUMBERS = frozenset({"sustained_hours", "lookback_days"})
DEFAULT_SETTINGS = AnomalySettings()


def deviation_pct(value: float, expected: float, unit: str) -> float:
    """How far ``value`` lies above ``expected``, in percent of expected."""
    floor = _EXPECTED_FLOOR.get(unit, 1e-9)
    return 100.0 * (value - expected) / max(expected, floor)


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One anomaly: what, how bad, when, and how much against how much was expected.

    ``end`` is exclusive; while ``ongoing`` it is the end of what has been seen so far and the
    anomaly may still grow. ``value`` and ``expected`` are in ``unit``: kWh over the anomaly's
    hours for the home's kinds, W (a run's typical power) or minutes (a run's length) for an
    appliance's.
    """

    kind: AnomalyKind
    severity: Severity
    start: datetime
    end: datetime
    value: float
    expected: float
    deviation_pct: float
    appliance_id: str | None = None
    ongoing: bool = False

    @property
    def id(self) -> str:
        """Stable across restarts and growth: the same event always gets the same id."""
        start = self.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return f"{self.kind}:{self.appliance_id or 'home'}:{start}"

    @property
    def unit(self) -> str:
        """The unit of ``value`` and ``expected``."""
        return UNITS[self.kind]

    @classmethod
    def build(
        cls,
        kind: AnomalyKind,
        settings: AnomalySettings,
        span: tuple[datetime, datetime],
        value: float,
        expected: float,
        *,
        appliance_id: str | None = None,
        ongoing: bool = False,
    ) -> Anomaly:
        """An anomaly with its deviation and severity worked out from value and expected."""
        deviation = deviation_pct(value, expected, UNITS[kind])
        return cls(
            kind=kind,
            severity=settings.severity(deviation),
            start=span[0].astimezone(UTC),
            end=span[1].astimezone(UTC),
            value=float(value),
            expected=float(expected),
            deviation_pct=round(float(deviation), 1),
            appliance_id=appliance_id,
            ongoing=ongoing,
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values, for stores, events, attributes and diagnostics."""
        return {
            "id": self.id,
            "kind": str(self.kind),
            "severity": str(self.severity),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "value": self.value,
            "expected": self.expected,
            "unit": self.unit,
            "deviation_pct": self.deviation_pct,
            "appliance_id": self.appliance_id,
            "ongoing": self.ongoing,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Anomaly | None:
        """The inverse of ``as_dict``; None for anything damaged."""
        try:
            appliance_id = data.get("appliance_id")
            return cls(
                kind=AnomalyKind(data["kind"]),
                severity=Severity(data["severity"]),
                start=parse_instant(data["start"]),
                end=parse_instant(data["end"]),
                value=finite(data["value"]),
                expected=finite(data["expected"]),
                deviation_pct=finite(data["deviation_pct"]),
                appliance_id=None if appliance_id is None else str(appliance_id),
                ongoing=data.get("ongoing") is True,
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


def finite(value: Any) -> float:
    """A stored number, refusing booleans, text, NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not finite: {value!r}")
    return number


def parse_instant(value: Any) -> datetime:
    """A stored aware instant (ISO 8601), in UTC."""
    if not isinstance(value, str):
        raise TypeError(f"not an instant: {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"naive instant: {value!r}")
    return parsed.astimezone(UTC)


def parse_optional_instant(value: Any) -> datetime | None:
    """Like ``parse_instant``, with None kept."""
    return None if value is None else parse_instant(value)


def parse_optional_date(value: Any) -> date | None:
    """A stored ISO date, or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"not a date: {value!r}")
    return date.fromisoformat(value)


def anomalies_from(data: Any) -> tuple[Anomaly, ...]:
    """Stored anomalies, the damaged ones left out."""
    if not isinstance(data, list):
        return ()
    return tuple(a for a in (Anomaly.from_dict(item) for item in data) if a is not None)
