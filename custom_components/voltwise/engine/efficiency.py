"""Efficiency scores and leaderboards: how a home's use compares with what was forecast for it.

The score of a period is (forecast - actual) / forecast x 100: positive when the home used less
than expected (it saved), negative when it used more. "Forecast" is always what was expected
before the period began (the day-ahead forecast, stored when made), so a score never learns from
the use it judges. Pure: periods are local dates handed in by the shell.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Period(StrEnum):
    """The periods a home is scored over."""

    TODAY = "today"
    YESTERDAY = "yesterday"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class Usage:
    """Expected and actual use (kWh) and their cost over some hours (at the rates then)."""

    expected_kwh: float = 0.0
    actual_kwh: float = 0.0
    expected_cost: float = 0.0
    actual_cost: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        """Usage of two disjoint spans together."""
        return Usage(
            self.expected_kwh + other.expected_kwh,
            self.actual_kwh + other.actual_kwh,
            self.expected_cost + other.expected_cost,
            self.actual_cost + other.actual_cost,
        )

    @property
    def saved_kwh(self) -> float:
        """Energy saved against the forecast (negative: used more)."""
        return self.expected_kwh - self.actual_kwh

    @property
    def saved_cost(self) -> float:
        """Money saved against the forecast, at the tariff in force when the energy was used."""
        return self.expected_cost - self.actual_cost

    @property
    def efficiency_pct(self) -> float | None:
        """The score in percent, or None when nothing was expected (nothing to compare with)."""
        if self.expected_kwh <= 0:
            return None
        return (self.expected_kwh - self.actual_kwh) / self.expected_kwh * 100.0


def total(usages: Iterable[Usage]) -> Usage:
    """The sum of several spans' usage."""
    result = Usage()
    for usage in usages:
        result = result + usage
    return result


def hourly_usage(
    expected_kwh: Sequence[float], actual_kwh: Sequence[float], rates: Sequence[float]
) -> Usage:
    """Usage of hours where the actual is known (NaN actuals are left out on both sides)."""
    result = Usage()
    for expected, actual, rate in zip(expected_kwh, actual_kwh, rates, strict=True):
        if math.isnan(actual):  # the meter said nothing for this hour
            continue
        result = result + Usage(expected, actual, expected * rate, actual * rate)
    return result


def wording(efficiency_pct: float | None) -> str | None:
    """The seed's phrasing: "saved 15.5 %", "used 8 % more", or "as forecast"."""
    if efficiency_pct is None:
        return None
    amount = round(abs(efficiency_pct), 1)
    text = f"{amount:g}"
    if amount == 0:
        return "as forecast"
    if efficiency_pct > 0:
        return f"saved {text} %"
    return f"used {text} % more"


def period_days(period: Period, today: date) -> tuple[date, date]:
    """The first and last local day of ``period`` as seen on ``today`` (weeks start on Monday)."""
    if period is Period.TODAY:
        return today, today
    if period is Period.YESTERDAY:
        yesterday = today - timedelta(days=1)
        return yesterday, yesterday
    if period is Period.WEEK:
        return today - timedelta(days=today.weekday()), today
    return today.replace(day=1), today


@dataclass(frozen=True, slots=True)
class Standing:
    """A place on a board: ``rank`` of ``total`` (1 is the best)."""

    rank: int
    total: int


def rank_of(score: float, others: Iterable[float]) -> Standing:
    """Where ``score`` stands among ``others`` and itself (ties share the better rank)."""
    rivals = list(others)
    better = sum(1 for other in rivals if other > score)
    return Standing(rank=better + 1, total=len(rivals) + 1)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One home on a board."""

    rank: int
    name: str
    efficiency_pct: float


def board(scores: Mapping[str, float | None], top: int = 10) -> list[BoardRow]:
    """Homes with a score, best first (ties share a rank; the first ``top`` rows)."""
    scored = sorted(
        ((name, score) for name, score in scores.items() if score is not None),
        key=lambda item: (-item[1], item[0]),
    )
    rows: list[BoardRow] = []
    for name, score in scored[:top]:
        better = sum(1 for _, other in scored if other > score)
        rows.append(BoardRow(rank=better + 1, name=name, efficiency_pct=round(score, 1)))
    return rows


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
