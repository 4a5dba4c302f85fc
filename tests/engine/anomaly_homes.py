"""Households for the anomaly tests: a usual day, its history and the shell's hourly calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from custom_components.voltwise.engine.anomaly import (
    Anomaly,
    AnomalySettings,
    ExpectedHours,
    HomeAnomalyState,
    HourlyHistory,
    observe_home,
)

LONDON = ZoneInfo("Europe/London")
HOUR = timedelta(hours=1)


def usual_kwh(local: datetime) -> float:
    """A home idle at night, busy mornings and evenings, with a 3 kWh hour (the oven) at 18:00."""
    hour = local.hour
    if hour < 6:
        return 0.2
    if 7 <= hour < 9:
        return 1.0
    if hour == 18:
        return 3.0
    if 17 <= hour < 22:
        return 1.5
    return 0.5


@dataclass
class Home:
    """A home's hourly readings from ``first`` (UTC hours) and the anomalies the shell was told.

    ``days`` of usual history come before ``today`` (a local midnight); readings go on for three
    more days. Each reading has a little noise so no two days are identical.
    """

    today: datetime
    days: int = 28
    kwh: Callable[[datetime], float] = usual_kwh
    tz: ZoneInfo = LONDON
    settings: AnomalySettings = field(default_factory=AnomalySettings)
    state: HomeAnomalyState = field(default_factory=HomeAnomalyState)
    detected: list[Anomaly] = field(default_factory=list)
    updated: list[Anomaly] = field(default_factory=list)
    values: np.ndarray = field(init=False)
    first: datetime = field(init=False)

    def __post_init__(self) -> None:
        """Lay the usual days out in absolute hours, with a seeded +/-5 % noise."""
        self.first = self.today.astimezone(UTC) - HOUR * (24 * self.days)
        hours = 24 * (self.days + 3)
        rng = np.random.default_rng(7)
        self.values = np.array(
            [self.kwh(self.hour(i).astimezone(self.tz)) for i in range(hours)]
        ) * rng.uniform(0.95, 1.05, hours)

    def hour(self, index: int) -> datetime:
        """When the reading at ``index`` starts."""
        return self.first + HOUR * index

    def index(self, when: datetime) -> int:
        """The reading that starts at ``when``."""
        return round((when.astimezone(UTC) - self.first).total_seconds() / 3600)

    def set(self, start: datetime, hours: int, kwh: float) -> None:
        """Readings of ``hours`` hours from ``start`` become ``kwh`` each."""
        first = self.index(start)
        self.values[first : first + hours] = kwh

    def expected(self, start: datetime, hours: int = 24) -> ExpectedHours:
        """The usual day as the forecast would expect it, with a +30 % upper edge."""
        utc = start.astimezone(UTC)
        mean = np.array([self.kwh((utc + HOUR * i).astimezone(self.tz)) for i in range(hours)])
        return ExpectedHours(utc, mean, mean * 1.3 + 0.05)

    def history(self, end: datetime) -> HourlyHistory:
        """The readings up to ``end``, as the shell reads them from the recorder."""
        assert self.index(end) <= len(self.values)
        return HourlyHistory.ending(end, self.values[: self.index(end)])

    def observe(self, end: datetime, expectations: list[ExpectedHours] | None = None) -> None:
        """One call of the shell just after ``end``, with today's and tomorrow's expectation."""
        if expectations is None:
            expectations = [self.expected(self.today, 48)]
        step = observe_home(
            self.state,
            self.history(end),
            expectations,
            now=end + timedelta(minutes=5),
            tz=self.tz,
            settings=self.settings,
        )
        self.state = step.state
        self.detected.extend(step.detected)
        self.updated.extend(step.updated)

    def run_hours(self, hours: int, start: datetime | None = None) -> None:
        """The shell's hourly calls for ``hours`` hours from ``start`` (today's midnight)."""
        first = (start or self.today).astimezone(UTC)
        for i in range(1, hours + 1):
            self.observe(first + HOUR * i)
