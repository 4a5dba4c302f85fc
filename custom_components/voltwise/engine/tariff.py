"""Time-of-day tariff plans: slots, validation, rates at instants and over a horizon, presets.

A plan has a weekday and a weekend day, each a list of slots that tile the 24 hours of local
wall-clock time. Built-in presets describe a tariff's shape as factors of a normal rate, because
Indian time-of-day rules are written that way (peak >= 1.10x normal, solar hours 10-20 % lower):
the user supplies the normal rate printed on their bill and the preset scales it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from .calendar import MINUTES_PER_DAY, format_minute, parse_minute
from .errors import EngineError
from .timegrid import FloatArray, IntArray, TimeGrid, floor_to_step, require_aware

SLOT_ALIGNMENT_MINUTES = 15
WEEKEND_DAYS = frozenset({5, 6})
# A typo guard on every slot's price per kWh, in any currency: far above any household tariff,
# yet far below where sums over a horizon lose precision or overflow. Leaves room for presets
# (factors up to 1.25) scaled from the largest normal rate a home may enter (100,000).
MAX_RATE = 1_000_000.0
# Looking further than a week ahead cannot find a change that a week did not show.
_NEXT_CHANGE_HORIZON_HOURS = 8 * 24


class SlotKind(StrEnum):
    """What a slot means to the user; peaks drive the autopilot."""

    PEAK = "peak"
    NORMAL = "normal"
    OFF_PEAK = "off_peak"
    SOLAR = "solar"


# Slot kinds in a fixed order, so per-step kinds can live in integer arrays.
SLOT_KINDS: tuple[str, ...] = tuple(kind.value for kind in SlotKind)


@dataclass(frozen=True, slots=True)
class TariffSlot:
    """A half-open span ``[start, end)`` of minutes of the local day at one rate."""

    start: int
    end: int
    rate: float
    kind: SlotKind

    def label(self) -> str:
        """``HH:MM-HH:MM`` for logs, attributes and events."""
        return f"{format_minute(self.start)}-{format_minute(self.end)}"


@dataclass(frozen=True, slots=True)
class DayTariff:
    """Slots that tile a local day, sorted, with a per-minute lookup table."""

    slots: tuple[TariffSlot, ...]
    slot_index_by_minute: IntArray = field(repr=False, compare=False)
    rate_by_minute: FloatArray = field(repr=False, compare=False)
    kind_by_minute: IntArray = field(repr=False, compare=False)

    @classmethod
    def from_slots(cls, slots: Iterable[TariffSlot]) -> DayTariff:
        """Validate and index slots (wrapping slots must already be split)."""
        ordered = tuple(sorted(slots, key=lambda slot: slot.start))
        _validate_tiling(ordered)
        index = np.empty(MINUTES_PER_DAY, dtype=np.int64)
        for position, slot in enumerate(ordered):
            index[slot.start : slot.end] = position
        rates = np.array([slot.rate for slot in ordered], dtype=np.float64)[index]
        kinds = np.array([SLOT_KINDS.index(slot.kind.value) for slot in ordered])[index]
        for table in (index, rates, kinds):
            table.setflags(write=False)
        return cls(ordered, index, rates, kinds)

    def slot_at_minute(self, minute: int) -> TariffSlot:
        """The slot covering ``minute`` of the day (0..1439)."""
        return self.slots[int(self.slot_index_by_minute[minute])]

    @property
    def max_rate(self) -> float:
        """The dearest rate of the day (the top of the penalty's cost range)."""
        return max(slot.rate for slot in self.slots)

    @property
    def min_rate(self) -> float:
        """The cheapest rate of the day (the bottom of the penalty's cost range)."""
        return min(slot.rate for slot in self.slots)

    @property
    def mean_rate(self) -> float:
        """The time-weighted average rate of the day ("cheap" means not above it)."""
        return float(self.rate_by_minute.mean())


@dataclass(frozen=True, slots=True)
class TariffPlan:
    """A complete tariff: weekday and weekend days, in one currency per kWh."""

    key: str
    currency: str
    weekday: DayTariff
    weekend: DayTariff

    def day(self, weekday: int) -> DayTariff:
        """The day tariff that applies on ``weekday`` (Monday 0)."""
        return self.weekend if weekday in WEEKEND_DAYS else self.weekday

    def slot_at(self, when: datetime, tz: tzinfo) -> TariffSlot:
        """The slot in force at instant ``when`` for a home in ``tz``."""
        require_aware(when)
        local = when.astimezone(tz)
        return self.day(local.weekday()).slot_at_minute(local.hour * 60 + local.minute)

    def rate_at(self, when: datetime, tz: tzinfo) -> float:
        """Price per kWh at instant ``when``."""
        return self.slot_at(when, tz).rate

    def rates(self, grid: TimeGrid, tz: tzinfo) -> FloatArray:
        """Price per kWh at every step of ``grid`` (vectorised)."""
        weekdays, minutes = grid.local_fields(tz)
        is_weekend = np.isin(weekdays, list(WEEKEND_DAYS))
        return np.where(
            is_weekend, self.weekend.rate_by_minute[minutes], self.weekday.rate_by_minute[minutes]
        )

    def next_change(self, when: datetime, tz: tzinfo) -> datetime | None:
        """The first instant after ``when`` at which the rate or slot kind changes.

        Wall-clock slot boundaries are aligned to 15 minutes and every real UTC offset is a
        multiple of 15 minutes, so every change, DST jumps included, lies on the UTC 15-minute
        grid: scanning that grid is exact. ``None`` for a tariff that never changes.
        """
        require_aware(when)
        current = self.slot_at(when, tz)
        start = floor_to_step(when, SLOT_ALIGNMENT_MINUTES) + timedelta(
            minutes=SLOT_ALIGNMENT_MINUTES
        )
        grid = TimeGrid(
            start,
            SLOT_ALIGNMENT_MINUTES,
            _NEXT_CHANGE_HORIZON_HOURS * 60 // SLOT_ALIGNMENT_MINUTES,
        )
        weekdays, minutes = grid.local_fields(tz)
        for index in range(grid.steps):
            slot = self.day(int(weekdays[index])).slot_at_minute(int(minutes[index]))
            if slot.rate != current.rate or slot.kind != current.kind:
                return grid.at(index)
        return None

    @property
    def is_flat(self) -> bool:
        """True when one rate applies at all times."""
        rates = {slot.rate for slot in (*self.weekday.slots, *self.weekend.slots)}
        return len(rates) == 1

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly description (diagnostics, attributes, storage)."""
        return {
            "key": self.key,
            "currency": self.currency,
            "weekday": day_spec(self.weekday),
            "weekend": day_spec(self.weekend),
        }


def _slot_dict(slot: TariffSlot) -> dict[str, Any]:
    return {
        "start": format_minute(slot.start),
        "end": format_minute(slot.end),
        "rate": slot.rate,
        "kind": slot.kind.value,
    }


def _check_rate(rate: float, slot: str) -> None:
    """A price per kWh from 0 to MAX_RATE (NaN is no number; infinity is too high)."""
    if math.isnan(rate):
        raise EngineError("tariff_invalid_rate", value=str(rate))
    if rate < 0:
        raise EngineError("tariff_negative_rate", slot=slot)
    if rate > MAX_RATE:
        raise EngineError("tariff_rate_too_high", slot=slot, maximum=f"{MAX_RATE:.0f}")


def _validate_tiling(slots: Sequence[TariffSlot]) -> None:
    """Slots must cover the day exactly once, on 15-minute boundaries, with valid rates."""
    if not slots:
        raise EngineError("tariff_empty")
    expected_start = 0
    for slot in slots:
        for minute in (slot.start, slot.end):
            if minute % SLOT_ALIGNMENT_MINUTES:
                raise EngineError("tariff_unaligned", time=format_minute(minute))
        _check_rate(slot.rate, slot.label())
        if slot.end <= slot.start:
            raise EngineError("tariff_empty_slot", slot=slot.label())
        if slot.start < expected_start:
            raise EngineError("tariff_overlap", time=format_minute(slot.start))
        if slot.start > expected_start:
            raise EngineError(
                "tariff_gap", start=format_minute(expected_start), end=format_minute(slot.start)
            )
        expected_start = slot.end
    if expected_start != MINUTES_PER_DAY:
        raise EngineError("tariff_gap", start=format_minute(expected_start), end="24:00")


def _slot_rate(item: Mapping[str, Any], rate_of: Any) -> float:
    """A slot spec's rate as a float; text, a missing rate and booleans are no number."""
    try:
        raw = rate_of(item) if rate_of else item["rate"]
        rate = float(raw)
    except (TypeError, ValueError, KeyError) as err:
        raise EngineError("tariff_invalid_rate", value=str(item.get("rate"))) from err
    if isinstance(raw, bool):
        raise EngineError("tariff_invalid_rate", value=str(raw))
    return rate


def parse_day(spec: Sequence[Mapping[str, Any]], rate_of: Any = None) -> DayTariff:
    """Build a day from ``[{"start", "end", "kind", "rate"}]``; a slot may wrap midnight.

    ``rate_of`` (optional) maps each slot spec to its rate; presets use it to scale factors.
    """
    slots: list[TariffSlot] = []
    for item in spec:
        try:
            kind = SlotKind(item.get("kind", SlotKind.NORMAL))
        except ValueError as err:
            raise EngineError("tariff_invalid_kind", kind=str(item.get("kind"))) from err
        start = parse_minute(item["start"])
        end = parse_minute(item["end"])
        rate = _slot_rate(item, rate_of)
        if end == 0:
            end = MINUTES_PER_DAY
        if start >= MINUTES_PER_DAY:
            raise EngineError("invalid_time", value=str(item["start"]))
        if start < end:
            slots.append(TariffSlot(start, end, rate, kind))
        else:
            # A slot such as 22:00-06:00 wraps midnight: split it into two parts.
            slots.append(TariffSlot(start, MINUTES_PER_DAY, rate, kind))
            slots.append(TariffSlot(0, end, rate, kind))
    return DayTariff.from_slots(slots)


_LINE = re.compile(
    r"^\s*(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*[, ]\s*"
    r"(?:(?P<kind>[a-z_]+)\s*[, ]\s*)?(?P<rate>[-+]?\d+(?:\.\d+)?)\s*$"
)


def parse_day_text(text: str) -> DayTariff:
    """A day from lines such as ``18:00-22:00 peak 9.5`` (the kind defaults to normal).

    This is how users type a custom tariff in the UI; blank lines and ``#`` comments are skipped.
    """
    spec: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line.lower())
        if match is None:
            raise EngineError("tariff_line_invalid", line=str(number), text=raw.strip())
        spec.append(
            {
                "start": match["start"],
                "end": match["end"],
                "kind": match["kind"] or SlotKind.NORMAL.value,
                "rate": match["rate"],
            }
        )
    return parse_day(spec)


def format_day_text(day: DayTariff) -> str:
    """The text form of a day, one slot per line (the inverse of parse_day_text)."""
    return "\n".join(
        f"{slot.label()} {slot.kind.value} {_rate_text(slot.rate)}" for slot in day.slots
    )


def _rate_text(rate: float) -> str:
    """A rate in plain decimals that parse back to the same float (no exponent, no rounding)."""
    return format(Decimal(repr(rate)), "f").removesuffix(".0")


def day_spec(day: DayTariff) -> list[dict[str, Any]]:
    """A JSON-friendly list of slots that parse_day turns back into the same day."""
    return [_slot_dict(slot) for slot in day.slots]


@dataclass(frozen=True, slots=True)
class TariffPreset:
    """A built-in tariff shape: slot factors of the normal rate, plus a typical normal rate."""

    key: str
    default_rate: float
    currency: str
    weekday: tuple[Mapping[str, Any], ...]
    weekend: tuple[Mapping[str, Any], ...]
    source: str

    def build(self, normal_rate: float, currency: str) -> TariffPlan:
        """The plan for a home paying ``normal_rate`` per kWh in ``currency``."""
        _check_rate(normal_rate, "normal")

        def scaled(item: Mapping[str, Any]) -> float:
            return round(float(item["factor"]) * normal_rate, 4)

        return TariffPlan(
            key=self.key,
            currency=currency,
            weekday=parse_day(self.weekday, scaled),
            weekend=parse_day(self.weekend, scaled),
        )


@cache
def presets() -> Mapping[str, TariffPreset]:
    """Built-in presets from ``data/tariffs.json`` (loaded once)."""
    raw = json.loads(resources.files(__package__).joinpath("data/tariffs.json").read_text("utf-8"))
    result: dict[str, TariffPreset] = {}
    for key, item in raw["presets"].items():
        weekday = tuple(item["weekday"])
        result[key] = TariffPreset(
            key=key,
            default_rate=float(item["default_rate"]),
            currency=item["currency"],
            weekday=weekday,
            weekend=tuple(item.get("weekend", weekday)),
            source=item["source"],
        )
    return result
