"""Energy over time and what it costs: kWh and money per tariff slot kind.

A series is kWh per step of a uniform grid (hourly statistics, 5-minute samples, a forecast). Gaps
are NaN: they count as no use when pricing and are left out of averages. To price a series each
step is split into sub-steps of gcd(step, 15) minutes, its energy spread evenly over them, and
each sub-step priced at the rate in force at its start. Tariff slots begin on local quarter hours
and every real UTC offset is a multiple of 15 minutes, so for a grid starting on a quarter hour
(hourly statistics do) each sub-step lies inside one slot: the price is exact, DST days included.
Hourly steps in a half-hour zone such as Asia/Kolkata straddle slot boundaries; the split prices
each half at its own rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from types import MappingProxyType
from typing import Any

import numpy as np

from ..tariff import SLOT_KINDS, WEEKEND_DAYS, SlotKind, TariffPlan
from ..timegrid import FloatArray, TimeGrid, require_aware

_QUARTER_HOUR = 15


@dataclass(frozen=True, slots=True)
class EnergySeries:
    """kWh used (or forecast) in each step of ``grid``; NaN marks a step with no data.

    The shell cleans sensor data first: a negative or infinite value is a bug (ValueError).
    """

    grid: TimeGrid
    kwh: FloatArray = field(compare=False)

    def __post_init__(self) -> None:
        """One value per step, none negative or infinite."""
        values = np.array(self.kwh, dtype=np.float64)
        if values.shape != (self.grid.steps,):
            raise ValueError(f"an energy series needs {self.grid.steps} values")
        known = values[~np.isnan(values)]
        if np.any(known < 0) or not np.all(np.isfinite(known)):
            raise ValueError("energy must be finite and not negative (NaN marks a gap)")
        values.setflags(write=False)
        object.__setattr__(self, "kwh", values)

    @classmethod
    def of(cls, start: datetime, step_minutes: int, kwh: Sequence[float]) -> EnergySeries:
        """A series of ``kwh`` values from ``start``, ``step_minutes`` apart."""
        return cls(TimeGrid(start, step_minutes, len(kwh)), np.asarray(kwh, dtype=np.float64))

    def step_starts(self) -> FloatArray:
        """Epoch seconds at which each step starts, plus the end (length steps + 1)."""
        start = self.grid.start.timestamp()
        offsets = np.arange(self.grid.steps + 1, dtype=np.float64) * self.grid.step_minutes * 60
        return offsets + start


@dataclass(frozen=True, slots=True)
class KindUse:
    """Energy and its cost in one slot kind."""

    kwh: float = 0.0
    cost: float = 0.0


_EMPTY: Mapping[SlotKind, KindUse] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class EnergyUse:
    """Energy and its cost per slot kind (peak, normal, off-peak, solar)."""

    by_kind: Mapping[SlotKind, KindUse] = field(default=_EMPTY)

    def __post_init__(self) -> None:
        """Every kind present, in a fixed order, read-only."""
        full = {kind: self.by_kind.get(kind, KindUse()) for kind in SlotKind}
        object.__setattr__(self, "by_kind", MappingProxyType(full))

    @property
    def kwh(self) -> float:
        """Total energy."""
        return math.fsum(use.kwh for use in self.by_kind.values())

    @property
    def cost(self) -> float:
        """Total energy charge (before fixed charge and duty)."""
        return math.fsum(use.cost for use in self.by_kind.values())

    def items(self) -> list[tuple[SlotKind, KindUse]]:
        """(kind, use) pairs in the fixed kind order."""
        return list(self.by_kind.items())

    def plus(self, kind: SlotKind, kwh: float, rate: float) -> EnergyUse:
        """This use with ``kwh`` more at ``rate`` in ``kind`` (a meter's increment)."""
        if not (math.isfinite(kwh) and kwh >= 0 and math.isfinite(rate) and rate >= 0):
            raise ValueError(f"energy {kwh} kWh at rate {rate} is not a use to add")
        current = self.by_kind[kind]
        updated = KindUse(current.kwh + kwh, current.cost + kwh * rate)
        return EnergyUse({**self.by_kind, kind: updated})

    def __add__(self, other: EnergyUse) -> EnergyUse:
        """Use in two spans together."""
        parts = {}
        for kind, use in self.by_kind.items():
            extra = other.by_kind[kind]
            parts[kind] = KindUse(use.kwh + extra.kwh, use.cost + extra.cost)
        return EnergyUse(parts)

    def as_dict(self) -> dict[str, Any]:
        """``{kind: {"kwh", "cost"}}`` for attributes and the Store."""
        return {kind.value: {"kwh": use.kwh, "cost": use.cost} for kind, use in self.items()}

    @classmethod
    def from_dict(cls, data: Any) -> EnergyUse | None:
        """The inverse of as_dict; None when the record is not usable."""
        if not isinstance(data, Mapping):
            return None
        parts: dict[SlotKind, KindUse] = {}
        for kind in SlotKind:
            item = data.get(kind.value, {"kwh": 0.0, "cost": 0.0})
            if not isinstance(item, Mapping):
                return None
            kwh, cost = _finite(item.get("kwh")), _finite(item.get("cost"))
            if kwh is None or cost is None or kwh < 0 or cost < 0:
                return None
            parts[kind] = KindUse(kwh, cost)
        return cls(parts)


def _finite(value: Any) -> float | None:
    """A finite float, or None for anything else (booleans and text included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _sub_step_minutes(step_minutes: int) -> int:
    return math.gcd(step_minutes, _QUARTER_HOUR)


def spread(
    series: EnergySeries, start: datetime | None = None, end: datetime | None = None
) -> tuple[TimeGrid, FloatArray]:
    """The series on its sub-step grid, clipped to ``[start, end)`` (gaps as zero).

    A sub-step cut by ``start`` or ``end`` keeps the share of its energy inside the span.
    """
    sub = _sub_step_minutes(series.grid.step_minutes)
    parts = series.grid.step_minutes // sub
    values = np.repeat(np.nan_to_num(series.kwh, nan=0.0) / parts, parts)
    grid = TimeGrid(series.grid.start, sub, series.grid.steps * parts)
    edges = grid.start.timestamp() + np.arange(grid.steps + 1) * sub * 60.0
    low = edges[:-1] if start is None else np.maximum(edges[:-1], _seconds(start))
    high = edges[1:] if end is None else np.minimum(edges[1:], _seconds(end))
    share = np.clip(high - low, 0.0, None) / (sub * 60.0)
    return grid, values * share


def _seconds(when: datetime) -> float:
    require_aware(when)
    return when.timestamp()


def price_series(
    series: EnergySeries,
    plan: TariffPlan,
    tz: tzinfo,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> EnergyUse:
    """What ``series`` costs under ``plan`` (per slot kind), counting only ``[start, end)``."""
    grid, values = spread(series, start, end)
    return price_on_grid(grid, values, plan, tz)


def price_on_grid(grid: TimeGrid, kwh: FloatArray, plan: TariffPlan, tz: tzinfo) -> EnergyUse:
    """Energy per step of ``grid`` priced at each step's start, summed per slot kind."""
    if grid.steps == 0:
        return EnergyUse()
    weekdays, minutes = grid.local_fields(tz)
    weekend = np.isin(weekdays, list(WEEKEND_DAYS))
    rates = np.where(
        weekend, plan.weekend.rate_by_minute[minutes], plan.weekday.rate_by_minute[minutes]
    )
    kinds = np.where(
        weekend, plan.weekend.kind_by_minute[minutes], plan.weekday.kind_by_minute[minutes]
    )
    parts: dict[SlotKind, KindUse] = {}
    for index, name in enumerate(SLOT_KINDS):
        mask = kinds == index
        parts[SlotKind(name)] = KindUse(
            math.fsum(kwh[mask].tolist()), math.fsum((kwh[mask] * rates[mask]).tolist())
        )
    return EnergyUse(parts)


def span_grid(start: datetime, end: datetime, step_minutes: int = _QUARTER_HOUR) -> TimeGrid:
    """A grid of ``step_minutes`` covering ``[start, end)``, its first step holding ``start``."""
    require_aware(start)
    require_aware(end)
    grid = TimeGrid.covering(start, 0, step_minutes)
    steps = max(0, math.ceil((end - grid.start) / timedelta(minutes=step_minutes)))
    return TimeGrid(grid.start, step_minutes, steps)
