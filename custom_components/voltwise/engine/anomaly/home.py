"""The home's anomalies, hour by hour: spikes, sustained highs and unusual days.

The shell calls ``observe_home`` once an hour (or after a restart, once) with the hourly history
and what was expected of the recent hours; the state it gets back goes into its store and comes
back with the next call. Hours already seen are never judged again, so nothing fires twice, and
a sustained high is one anomaly that grows hour by hour until the home is back in its interval.

An hour is "above its interval" when it used more than the interval's upper edge. Being above
is common (the interval holds 80 % of hours, so a tenth of them are above it), so an anomaly
also has to be far above what the home itself does at that time of day: a household's hourly
use is heavy-tailed (its biggest hours are several times its mean), and a fixed multiple of the
interval would alarm every week on a home with an oven, a heat pump or an electric car. So:

- a ``spike`` is an hour above its interval that used ``record_factor`` times more than the home
  ever used in an hour around the same time of day (two hours either side) on any day of the
  last ``lookback_days``;
- a ``sustained_high`` is a run of at least ``sustained_hours`` consecutive hours above their
  interval whose energy beats, by the same factor, any run of as many hours at about that time
  on those days;
- both must exceed what was expected by ``min_excess_share`` of the home's mean hourly use per
  hour.

Past anomalies stay part of the home's record on purpose: when a home takes up a new habit (an
electric car charged at night), it is told once, not every night for eight weeks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import numpy as np
import numpy.typing as npt

from ..timegrid import require_aware
from .history import HOUR, HourlyExpectation, HourlyHistory, expectation_at, top_of_hour
from .model import (
    DEFAULT_SETTINGS,
    Anomaly,
    AnomalyKind,
    AnomalySettings,
    finite,
    parse_instant,
    parse_optional_date,
    parse_optional_instant,
)
from .pattern import unusual_day

type FloatArray = npt.NDArray[np.float64]

MAX_CATCH_UP_HOURS = 48
"""After a long outage only the last two days are judged: older news is no longer news."""
MIN_RECORD_DAYS = 14
"""History needed before the home's records mean anything: no spike or sustained high before."""
_SHIFT_HOURS = 2  # a record is sought this many hours either side of the same time of day
_MAX_SPANS = 100  # bound on the remembered anomaly spans (a pathological home stays small)


@dataclass(frozen=True, slots=True)
class _Run:
    """Consecutive hours above their interval, up to the last hour judged."""

    start: datetime
    hours: int
    actual_kwh: float
    expected_kwh: float
    spike_reported: bool = False
    sustained: Anomaly | None = None

    @property
    def end(self) -> datetime:
        return self.start + HOUR * self.hours

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "hours": self.hours,
            "actual_kwh": self.actual_kwh,
            "expected_kwh": self.expected_kwh,
            "spike_reported": self.spike_reported,
            "sustained": None if self.sustained is None else self.sustained.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> _Run:
        hours = data["hours"]
        if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
            raise ValueError(f"bad run length {hours!r}")
        sustained = data.get("sustained")
        return cls(
            start=parse_instant(data["start"]),
            hours=hours,
            actual_kwh=finite(data["actual_kwh"]),
            expected_kwh=finite(data["expected_kwh"]),
            spike_reported=data.get("spike_reported") is True,
            sustained=None if sustained is None else Anomaly.from_dict(sustained),
        )


@dataclass(frozen=True, slots=True)
class HomeAnomalyState:
    """What the home's detector remembers between calls (and restarts)."""

    next_hour: datetime | None = None
    """The first hour not yet judged."""
    run: _Run | None = None
    pattern_day: date | None = None
    """The last local day whose shape was judged."""
    spans: tuple[tuple[datetime, datetime], ...] = ()
    """Hours of the anomalies of the last two days: an unusual day is not reported again for
    hours a spike or sustained high already told about."""

    @property
    def open_anomalies(self) -> tuple[Anomaly, ...]:
        """Anomalies still growing (a sustained high the home has not come out of)."""
        if self.run is not None and self.run.sustained is not None:
            return (self.run.sustained,)
        return ()

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values for the shell's store."""
        return {
            "next_hour": None if self.next_hour is None else self.next_hour.isoformat(),
            "run": None if self.run is None else self.run.as_dict(),
            "pattern_day": None if self.pattern_day is None else self.pattern_day.isoformat(),
            "spans": [[start.isoformat(), end.isoformat()] for start, end in self.spans],
        }

    @classmethod
    def from_dict(cls, data: Any) -> HomeAnomalyState:
        """The inverse of ``as_dict``; damaged parts are dropped, never raised."""
        if not isinstance(data, dict):
            return cls()
        return cls(
            next_hour=_or_none(lambda: parse_optional_instant(data.get("next_hour"))),
            run=_or_none(lambda: None if data.get("run") is None else _Run.from_dict(data["run"])),
            pattern_day=_or_none(lambda: parse_optional_date(data.get("pattern_day"))),
            spans=tuple(_spans(data.get("spans"))),
        )


@dataclass(frozen=True, slots=True)
class HomeStep:
    """The result of one call: the new state, and what to tell the user.

    ``detected`` are new anomalies (fire an event for each, once); ``updated`` are anomalies
    reported before that have grown or ended (refresh what is shown, fire nothing).
    """

    state: HomeAnomalyState
    detected: tuple[Anomaly, ...] = ()
    updated: tuple[Anomaly, ...] = ()


def observe_home(
    state: HomeAnomalyState,
    history: HourlyHistory,
    expectations: Sequence[HourlyExpectation],
    *,
    now: datetime,
    tz: tzinfo,
    settings: AnomalySettings = DEFAULT_SETTINGS,
) -> HomeStep:
    """Judge the hours completed since the last call, and yesterday's shape once it is over.

    ``history`` must reach back ``lookback_days`` for the home's usual (the forecast's history
    does); ``expectations`` cover the hours to judge (the day-ahead forecast made at each day's
    start, or a fresher one last). Hours without an expectation or a reading break a run and are
    not judged. On the first call only the hours of the last day with an expectation are judged.
    """
    require_aware(now)
    until = min(history.end, top_of_hour(now))
    begin = _first_hour(state, expectations, until)
    judge = _Judge(history, settings, list(state.spans))
    run = state.run
    if run is not None and run.end != begin:
        judge.close(run)
        run = None
    hour = begin
    while hour < until:
        run = judge.hour(hour, expectation_at(expectations, hour), run)
        hour += HOUR
    detected, updated, spans = judge.detected, judge.updated, judge.spans
    pattern_day = state.pattern_day
    yesterday = until.astimezone(tz).date() - timedelta(days=1)
    if pattern_day is None or yesterday > pattern_day:
        pattern_day = yesterday
        found = unusual_day(
            history, yesterday, tz, settings=settings, mean_hour_kwh=judge.mean_hour_kwh
        )
        if found is not None and not _overlaps(found, spans):
            detected.append(found)
            spans.append((found.start, found.end))
    horizon = until - timedelta(hours=MAX_CATCH_UP_HOURS)
    kept = tuple((start, end) for start, end in spans if end > horizon)[-_MAX_SPANS:]
    new_state = HomeAnomalyState(max(until, begin), run, pattern_day, kept)
    return HomeStep(new_state, tuple(detected), tuple(updated))


class _Judge:
    """Judges hours against the home's records; holds what one call computes once."""

    def __init__(
        self,
        history: HourlyHistory,
        settings: AnomalySettings,
        spans: list[tuple[datetime, datetime]],
    ) -> None:
        self.history = history
        self.settings = settings
        self.detected: list[Anomaly] = []
        self.updated: list[Anomaly] = []
        self.spans = spans
        values = history.kwh
        recent = values[-settings.lookback_days * 24 :]
        known = recent[~np.isnan(recent)]
        self.mean_hour_kwh = float(known.mean()) if known.size else float("nan")
        self._sums = np.concatenate(([0.0], np.cumsum(np.nan_to_num(values))))
        self._gaps = np.concatenate(([0], np.cumsum(np.isnan(values))))
        days = np.arange(1, settings.lookback_days + 1)
        shifts = np.arange(-_SHIFT_HOURS, _SHIFT_HOURS + 1)
        self._lags = (24 * days[:, None] - shifts[None, :]).ravel()

    def record(self, start: int, hours: int, before: int) -> float | None:
        """The most energy the home used in ``hours`` consecutive hours around the same time of day.

        Only windows without gaps that end before ``before`` (where the run being judged began)
        count; None when fewer than three quarters of ``MIN_RECORD_DAYS`` days' worth are known.
        """
        begins = start - self._lags
        begins = begins[(begins >= 0) & (begins + hours <= before)]
        whole = self._gaps[begins + hours] == self._gaps[begins]
        sums = self._sums[begins + hours][whole] - self._sums[begins][whole]
        if len(sums) < MIN_RECORD_DAYS * (2 * _SHIFT_HOURS + 1) * 3 // 4:
            return None
        return float(sums.max())

    def hour(
        self, hour: datetime, expected: tuple[float, float] | None, run: _Run | None
    ) -> _Run | None:
        """Judge one hour; returns the run it extends, or None once the home is back inside."""
        index = self.history.index_of(hour)
        actual = self.history.kwh[index] if 0 <= index < len(self.history.kwh) else np.nan
        if expected is None or np.isnan(actual) or actual <= expected[1]:
            if run is not None:
                self.close(run)
            return None
        point = expected[0]
        if run is None:
            run = _Run(hour, 0, 0.0, 0.0)
        run = replace(
            run,
            hours=run.hours + 1,
            actual_kwh=run.actual_kwh + actual,
            expected_kwh=run.expected_kwh + point,
        )
        settings = self.settings
        floor = settings.min_excess_share * self.mean_hour_kwh  # known: this hour is in it
        if run.sustained is not None:
            grown = self._sustained(run, ongoing=True)
            self.updated.append(grown)
            return replace(run, sustained=grown)
        run_start = index - run.hours + 1
        if not run.spike_reported and actual - point >= floor:
            record = self.record(index, 1, run_start)
            if record is not None and actual > settings.record_factor * record:
                spike = Anomaly.build(
                    AnomalyKind.SPIKE, settings, (hour, hour + HOUR), actual, point
                )
                self.detected.append(spike)
                self.spans.append((spike.start, spike.end))
                run = replace(run, spike_reported=True)
        if run.hours >= settings.sustained_hours and (
            run.actual_kwh - run.expected_kwh >= floor * run.hours
        ):
            record = self.record(run_start, run.hours, run_start)
            if record is not None and run.actual_kwh > settings.record_factor * record:
                sustained = self._sustained(run, ongoing=True)
                self.detected.append(sustained)
                run = replace(run, sustained=sustained)
        return run

    def close(self, run: _Run) -> None:
        """End a run; a sustained high it made is reported once more, as over."""
        if run.sustained is not None:
            ended = replace(run.sustained, ongoing=False)
            self.updated.append(ended)
            self.spans.append((ended.start, ended.end))

    def _sustained(self, run: _Run, *, ongoing: bool) -> Anomaly:
        return Anomaly.build(
            AnomalyKind.SUSTAINED_HIGH,
            self.settings,
            (run.start, run.end),
            run.actual_kwh,
            run.expected_kwh,
            ongoing=ongoing,
        )


def _first_hour(
    state: HomeAnomalyState, expectations: Sequence[HourlyExpectation], until: datetime
) -> datetime:
    """Where judging resumes: after the last hour judged, at most two days back."""
    floor = until - HOUR * MAX_CATCH_UP_HOURS
    if state.next_hour is not None:
        return max(state.next_hour, floor)
    starts = [top_of_hour(e.start) for e in expectations]
    first = min(starts, default=until)
    return min(max(first, until - timedelta(days=1)), until)


def _overlaps(anomaly: Anomaly, spans: list[tuple[datetime, datetime]]) -> bool:
    return any(start < anomaly.end and anomaly.start < end for start, end in spans)


def _or_none[T](read: Callable[[], T | None]) -> T | None:
    """What ``read`` returns, or None if the stored value it reads is damaged."""
    try:
        return read()
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _spans(data: Any) -> list[tuple[datetime, datetime]]:
    spans = []
    for item in data if isinstance(data, list) else []:
        try:
            start, end = (parse_instant(value) for value in item)
        except (TypeError, ValueError):
            continue
        spans.append((start, end))
    return spans
