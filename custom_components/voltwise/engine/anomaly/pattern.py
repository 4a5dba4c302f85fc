"""Unusual days: a day whose shape departs from the home's usual shape.

Each day becomes a normalised profile (the share of the day's energy in each local hour), so a
heavier or lighter day of the usual shape is not unusual. For the home's usual days of the same
kind (weekdays or weekend days, from the last weeks) the profile's median and robust spread are
taken per hour, and a day is scored by its strongest run of hours above the usual share: the
largest sum of standardised excesses over up to eight consecutive hours, divided by the square
root of their number (a scan statistic), so both one very odd hour and a few moderately odd ones
stand out. The bar is learned from the home's own day-to-day variability: each usual day is
scored against the others, and a day must score ``pattern_factor`` times their 90th percentile
(and, for a very regular home, at least a fixed minimum).

Legitimate odd days are kept quiet on purpose: a weekday that looks like a weekend (a holiday,
a day working from home) is not unusual, nor is a day whose extra share comes with little
extra energy (a day mostly away, where the evening is simply a bigger share of little).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

import numpy as np
import numpy.typing as npt

from ..timegrid import local_calendar
from .history import HOUR, HourlyHistory
from .model import Anomaly, AnomalyKind, AnomalySettings

type FloatArray = npt.NDArray[np.float64]
type IntArray = npt.NDArray[np.int64]
type BoolArray = npt.NDArray[np.bool_]

MIN_DAYS_OF_KIND = 6
"""Usual days of a kind needed before a day of that kind can be judged."""
_MAX_SPAN_HOURS = 8
_SCORE_QUANTILE = 0.9
# However regular the home, a day is unusual only if some hour holds about 2.5 times its usual
# share (its score then reaches 3), or a few hours clearly more than theirs.
_MIN_SCORE = 3.0
_SHARE_FLOOR = 0.004  # a spread below 0.4 % of the day is noise, even for a very regular hour
_RELATIVE_FLOOR = 0.5  # nor below half the hour's usual share
_MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True, slots=True)
class _Calendar:
    """The history's last days as a local day x hour-of-day grid of kWh.

    On a day with 23 hours the skipped hour holds 0 kWh; on one with 25 the repeated hour holds
    both. A day is complete when the history covers it from midnight to midnight without gaps.
    """

    first_ordinal: int
    kwh: FloatArray  # (days, 24)
    complete: BoolArray  # (days,)
    ordinals: IntArray  # per hour laid out
    hours_of_day: IntArray
    first_index: int  # of the first hour laid out, in the history

    @classmethod
    def of(cls, history: HourlyHistory, tz: tzinfo, days: int) -> _Calendar:
        count = min(len(history.kwh), (days + 1) * 24)
        first_index = len(history.kwh) - count
        ordinals, hours = local_calendar(history.hour_at(first_index), count, tz)
        values = history.kwh[first_index:]
        row = ordinals - ordinals[0]
        size = int(row[-1]) + 1
        kwh = np.zeros((size, 24))
        known = ~np.isnan(values)
        np.add.at(kwh, (row[known], hours[known]), values[known])
        complete = np.bincount(row[~known], minlength=size) == 0
        if hours[0] != 0:
            complete[0] = False  # the history starts within that day
        end_ordinal, _ = local_calendar(history.end, 1, tz)
        if int(end_ordinal[0]) == int(ordinals[-1]):
            complete[-1] = False  # the history ends within that day
        return cls(int(ordinals[0]), kwh, complete, ordinals, hours, first_index)

    def row(self, day: date) -> int:
        return day.toordinal() - self.first_ordinal


def unusual_day(
    history: HourlyHistory,
    day: date,
    tz: tzinfo,
    *,
    settings: AnomalySettings,
    mean_hour_kwh: float,
) -> Anomaly | None:
    """The anomaly of the local ``day`` if its shape is unusual for the home, else None.

    The usual days are the complete days of the last ``lookback_days`` of ``history``. None
    also when the day has gaps or too few usual days of its kind are known.
    """
    if len(history.kwh) == 0:
        return None
    calendar = _Calendar.of(history, tz, settings.lookback_days + 2)
    target = calendar.row(day)
    totals = calendar.kwh.sum(axis=1)
    if not 0 <= target < len(totals) or not calendar.complete[target] or totals[target] <= 0:
        return None
    rows = np.arange(max(target - settings.lookback_days, 0), target)
    rows = rows[calendar.complete[rows] & (totals[rows] > 0)]
    weekend = (rows + calendar.first_ordinal - 1) % 7 >= 5  # ordinal 1 is a Monday
    own, other = (
        (rows[weekend], rows[~weekend]) if day.weekday() >= 5 else (rows[~weekend], rows[weekend])
    )
    if len(own) < MIN_DAYS_OF_KIND:
        return None
    shares = calendar.kwh / np.maximum(totals, 1e-12)[:, None]
    share = shares[target]
    score, begin, length = _departure(share, shares[own])
    if score <= _bar(shares[own], settings):
        return None
    if len(other) >= MIN_DAYS_OF_KIND:
        other_score, _, _ = _departure(share, shares[other])
        if other_score <= _bar(shares[other], settings):
            return None  # a weekday like a weekend, or the other way round
    span = slice(begin, begin + length)
    value = float(calendar.kwh[target, span].sum())
    expected = float(np.median(calendar.kwh[own, span].sum(axis=1)))
    if value - expected < settings.min_excess_share * mean_hour_kwh * length:
        return None
    in_span = np.flatnonzero(  # not empty: hours with more than their share exist
        (calendar.ordinals == day.toordinal())
        & (calendar.hours_of_day >= begin)
        & (calendar.hours_of_day < begin + length)
    )
    first = history.hour_at(calendar.first_index + int(in_span[0]))
    last = history.hour_at(calendar.first_index + int(in_span[-1]))
    return Anomaly.build(
        AnomalyKind.UNUSUAL_PATTERN, settings, (first, last + HOUR), value, expected
    )


def _robust_profile(shares: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per-hour median share and robust spread (floored) over the second-to-last axis."""
    median = np.median(shares, axis=-2)
    spread = _MAD_TO_SIGMA * np.median(np.abs(shares - median[..., None, :]), axis=-2)
    return median, np.maximum(spread, np.maximum(_RELATIVE_FLOOR * median, _SHARE_FLOOR))


def _scan(excess: FloatArray) -> tuple[FloatArray, IntArray, IntArray]:
    """Each row's strongest run of standardised excess: score, first hour, number of hours."""
    positive = np.maximum(excess, 0.0)
    cumulative = np.concatenate((np.zeros((len(excess), 1)), np.cumsum(positive, axis=1)), axis=1)
    rows = np.arange(len(excess))
    score = np.zeros(len(excess))
    begin = np.zeros(len(excess), dtype=np.int64)
    length = np.ones(len(excess), dtype=np.int64)
    for hours in range(1, _MAX_SPAN_HOURS + 1):
        sums = (cumulative[:, hours:] - cumulative[:, :-hours]) / np.sqrt(hours)
        best = np.argmax(sums, axis=1)
        better = sums[rows, best] > score
        score = np.where(better, sums[rows, best], score)
        begin = np.where(better, best, begin)
        length = np.where(better, hours, length)
    return score, begin, length


def _departure(share: FloatArray, shares: FloatArray) -> tuple[float, int, int]:
    """How far a day's profile departs from the usual days' (scan of standardised excess)."""
    median, spread = _robust_profile(shares)
    score, begin, length = _scan(((share - median) / spread)[None, :])
    return float(score[0]), int(begin[0]), int(length[0])


def _bar(shares: FloatArray, settings: AnomalySettings) -> float:
    """The score above which a day is unusual for a home whose usual days are ``shares``."""
    return max(settings.pattern_factor * _usual_score(shares), _MIN_SCORE)


def _usual_score(shares: FloatArray) -> float:
    """The 90th percentile of the usual days' own departures, each scored against the others."""
    count = len(shares)
    others = np.array([[j for j in range(count) if j != i] for i in range(count)])
    median, spread = _robust_profile(shares[others])
    scores, _, _ = _scan((shares - median) / spread)
    return float(np.quantile(scores, _SCORE_QUANTILE))
