"""A metered appliance's anomalies: drawing far more than it usually does, or running far longer.

An appliance's history is cut into runs (on while its power is above an on-threshold, with off
spells of a couple of minutes, a compressor's restart or a washing machine's pause, not ending
a run). Each past run gives its length and its typical power (the time-weighted median while
on, so a start-up surge does not count). From those the appliance's profile is learned, once in
a while (``learn_appliance_profile``), and each new run is judged against it as it goes
(``observe_appliance``):

- ``appliance_high_power``: the run's typical power, after ``MIN_JUDGED_MINUTES`` on, lies more
  than ``appliance_power_margin`` above the 95th percentile of the usual runs' and above any
  run's seen (a fridge whose compressor labours, a heating element with a fault);
- ``appliance_long_run``: the run has lasted ``appliance_run_factor`` times the usual long run
  (95th percentile) and longer than any run seen (a fridge that never stops, a heater left on).

Each kind is reported once per run; while the run goes on the anomaly grows, and it is reported
once more, as over, when the run ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import EngineError
from ..timegrid import require_aware
from .model import (
    DEFAULT_SETTINGS,
    Anomaly,
    AnomalyKind,
    AnomalySettings,
    anomalies_from,
    finite,
    parse_optional_instant,
)

type FloatArray = npt.NDArray[np.float64]

MIN_RUNS = 10
"""Completed runs needed before an appliance's profile means anything."""
MIN_JUDGED_MINUTES = 5.0
"""A run's power is judged only once it has been on this long."""
MERGE_GAP_SECONDS = 120.0
"""Off spells up to this long do not end a run."""
_MIN_ON_THRESHOLD_W = 5.0
_ON_THRESHOLD_SHARE = 0.1  # of the appliance's 99.9th-percentile reading, when none is given


@dataclass(frozen=True, slots=True)
class PowerSamples:
    """An appliance's power readings (W); each holds until the next, the last until ``now``.

    ``seconds`` are POSIX timestamps, increasing; non-finite or negative readings are unknown
    (they end a run, and their time counts neither as on nor as off).
    """

    seconds: FloatArray
    watts: FloatArray

    @classmethod
    def of(cls, times: Sequence[datetime], watts: Sequence[float] | FloatArray) -> PowerSamples:
        """Readings at the given (aware) instants, sorted if they are not."""
        for when in times:
            require_aware(when)
        return cls._checked(np.array([t.timestamp() for t in times]), watts)

    @classmethod
    def regular(
        cls, start: datetime, step: timedelta, watts: Sequence[float] | FloatArray
    ) -> PowerSamples:
        """Readings every ``step`` from ``start`` (one-minute means, for example)."""
        require_aware(start)
        if step <= timedelta(0):
            raise EngineError("invalid_duration", value=str(step.total_seconds() / 60))
        offsets = step.total_seconds() * np.arange(len(watts), dtype=np.float64)
        return cls._checked(start.timestamp() + offsets, watts)

    @classmethod
    def _checked(cls, seconds: FloatArray, watts: Sequence[float] | FloatArray) -> PowerSamples:
        values = np.array(watts, dtype=np.float64)
        if values.ndim != 1 or values.shape != seconds.shape:
            raise EngineError("invalid_history", shape=str(values.shape))
        values[~np.isfinite(values) | (values < 0)] = np.nan
        order = np.argsort(seconds, kind="stable")
        return cls(seconds.astype(np.float64)[order], values[order])


@dataclass(frozen=True, slots=True)
class ApplianceRun:
    """One run: when it started and ended (POSIX seconds), and its typical power while on."""

    start: float
    end: float
    power_w: float
    ongoing: bool
    cut: bool = False
    """It was already on at the first reading: it may have started earlier."""

    @property
    def minutes(self) -> float:
        """How long it has run."""
        return (self.end - self.start) / 60.0

    def span(self) -> tuple[datetime, datetime]:
        """Its start and end as instants."""
        return (
            datetime.fromtimestamp(self.start, UTC),
            datetime.fromtimestamp(self.end, UTC),
        )


@dataclass(frozen=True, slots=True)
class ApplianceProfile:
    """What an appliance's usual runs look like; learned from its history, stored between."""

    on_threshold_w: float
    runs: int
    power_p50_w: float
    power_p95_w: float
    power_max_w: float
    run_p50_min: float
    run_p95_min: float
    run_max_min: float

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values for the shell's store and diagnostics."""
        return {
            "on_threshold_w": self.on_threshold_w,
            "runs": self.runs,
            "power_p50_w": self.power_p50_w,
            "power_p95_w": self.power_p95_w,
            "power_max_w": self.power_max_w,
            "run_p50_min": self.run_p50_min,
            "run_p95_min": self.run_p95_min,
            "run_max_min": self.run_max_min,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ApplianceProfile | None:
        """The inverse of ``as_dict``; None for anything damaged (learn it again)."""
        try:
            runs = data["runs"]
            if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
                return None
            return cls(
                on_threshold_w=finite(data["on_threshold_w"]),
                runs=runs,
                power_p50_w=finite(data["power_p50_w"]),
                power_p95_w=finite(data["power_p95_w"]),
                power_max_w=finite(data["power_max_w"]),
                run_p50_min=finite(data["run_p50_min"]),
                run_p95_min=finite(data["run_p95_min"]),
                run_max_min=finite(data["run_max_min"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def learn_appliance_profile(
    samples: PowerSamples, *, now: datetime, on_threshold_w: float | None = None
) -> ApplianceProfile | None:
    """The appliance's usual runs, from its completed runs in ``samples`` (weeks of them).

    ``on_threshold_w`` is the power above which it counts as on; by default a tenth of its
    99.9th-percentile reading (at least 5 W). None with fewer than ``MIN_RUNS`` completed runs.
    """
    require_aware(now)
    threshold = _threshold(samples, on_threshold_w)
    if threshold is None:
        return None
    runs = [r for r in appliance_runs(samples, now, threshold) if not r.ongoing and not r.cut]
    if len(runs) < MIN_RUNS:
        return None
    powers = np.array([run.power_w for run in runs])
    minutes = np.array([run.minutes for run in runs])
    return ApplianceProfile(
        on_threshold_w=threshold,
        runs=len(runs),
        power_p50_w=float(np.quantile(powers, 0.5)),
        power_p95_w=float(np.quantile(powers, 0.95)),
        power_max_w=float(powers.max()),
        run_p50_min=float(np.quantile(minutes, 0.5)),
        run_p95_min=float(np.quantile(minutes, 0.95)),
        run_max_min=float(minutes.max()),
    )


@dataclass(frozen=True, slots=True)
class ApplianceAnomalyState:
    """What an appliance's detector remembers: the run last judged and what it reported."""

    run_start: datetime | None = None
    run_ongoing: bool = False
    """Whether that run was still going when last seen."""
    reported: tuple[Anomaly, ...] = ()
    """The anomalies of that run (ongoing while it runs)."""

    @property
    def open_anomalies(self) -> tuple[Anomaly, ...]:
        """Anomalies of a run still going."""
        return tuple(a for a in self.reported if a.ongoing)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values for the shell's store."""
        return {
            "run_start": None if self.run_start is None else self.run_start.isoformat(),
            "run_ongoing": self.run_ongoing,
            "reported": [anomaly.as_dict() for anomaly in self.reported],
        }

    @classmethod
    def from_dict(cls, data: Any) -> ApplianceAnomalyState:
        """The inverse of ``as_dict``; damaged parts are dropped, never raised."""
        if not isinstance(data, dict):
            return cls()
        try:
            run_start = parse_optional_instant(data.get("run_start"))
        except (TypeError, ValueError):
            return cls()
        ongoing = data.get("run_ongoing") is True
        return cls(run_start, ongoing, anomalies_from(data.get("reported")))


@dataclass(frozen=True, slots=True)
class ApplianceStep:
    """New anomalies (fire once each), grown or ended ones (refresh), and the state to keep."""

    state: ApplianceAnomalyState
    detected: tuple[Anomaly, ...] = ()
    updated: tuple[Anomaly, ...] = ()


def observe_appliance(
    state: ApplianceAnomalyState,
    appliance_id: str,
    profile: ApplianceProfile | None,
    samples: PowerSamples,
    *,
    now: datetime,
    settings: AnomalySettings = DEFAULT_SETTINGS,
) -> ApplianceStep:
    """Judge the runs in ``samples`` that began since the run last judged (and that one).

    Call it every few minutes with the appliance's recent readings (covering at least the
    current run). Without a profile nothing is judged.
    """
    require_aware(now)
    if profile is None:
        return ApplianceStep(state)
    runs = appliance_runs(samples, now, profile.on_threshold_w)
    if state.run_start is None:
        runs = runs[-1:]  # a first call judges the latest run only, not the whole history
    last_start = state.run_start.timestamp() if state.run_start else float("-inf")
    detected: list[Anomaly] = []
    updated: list[Anomaly] = []
    for seen in runs:
        run = seen
        if seen.cut and state.run_ongoing and seen.start >= last_start:
            run = replace(seen, start=last_start)  # the run judged before, seen from later on
        if run.start < last_start:
            continue
        if run.start > last_start:  # a new run: the last one's anomalies are over
            updated.extend(replace(a, ongoing=False) for a in state.reported if a.ongoing)
            state = ApplianceAnomalyState(datetime.fromtimestamp(run.start, UTC))
            last_start = run.start
        state = replace(state, run_ongoing=run.ongoing)
        reported = {a.kind: a for a in state.reported}
        for anomaly in _anomalies(appliance_id, profile, run, settings, reported):
            before = reported.get(anomaly.kind)
            if before is None:
                detected.append(anomaly)
            elif before != anomaly:
                updated.append(anomaly)
            reported[anomaly.kind] = anomaly
        state = replace(state, reported=tuple(reported.values()))
    return ApplianceStep(state, tuple(detected), tuple(updated))


def _anomalies(
    appliance_id: str,
    profile: ApplianceProfile,
    run: ApplianceRun,
    settings: AnomalySettings,
    reported: dict[AnomalyKind, Anomaly],
) -> list[Anomaly]:
    """The run's anomalies as they stand now: new ones, and those reported before, grown."""
    found = []
    long_run = max(settings.appliance_run_factor * profile.run_p95_min, profile.run_max_min)
    if AnomalyKind.APPLIANCE_LONG_RUN in reported or run.minutes > long_run:
        found.append((AnomalyKind.APPLIANCE_LONG_RUN, run.minutes, profile.run_p50_min))
    high_power = max(
        (1.0 + settings.appliance_power_margin) * profile.power_p95_w, profile.power_max_w
    )
    if AnomalyKind.APPLIANCE_HIGH_POWER in reported or (
        run.minutes >= MIN_JUDGED_MINUTES and run.power_w > high_power
    ):
        found.append((AnomalyKind.APPLIANCE_HIGH_POWER, run.power_w, profile.power_p50_w))
    return [
        Anomaly.build(
            kind,
            settings,
            run.span(),
            value,
            expected,
            appliance_id=appliance_id,
            ongoing=run.ongoing,
        )
        for kind, value, expected in found
    ]


def _threshold(samples: PowerSamples, on_threshold_w: float | None) -> float | None:
    if on_threshold_w is not None:
        if not np.isfinite(on_threshold_w) or on_threshold_w < 0:
            raise EngineError("invalid_power", power=str(on_threshold_w))
        return float(on_threshold_w)
    known = samples.watts[~np.isnan(samples.watts)]
    if not known.size:
        return None
    return max(_MIN_ON_THRESHOLD_W, _ON_THRESHOLD_SHARE * float(np.quantile(known, 0.999)))


def appliance_runs(samples: PowerSamples, now: datetime, threshold: float) -> list[ApplianceRun]:
    """The runs in ``samples`` up to ``now``, oldest first; the last is ongoing if still on.

    On means above ``threshold`` (W); off spells up to ``MERGE_GAP_SECONDS`` do not end a run,
    unknown readings do.
    """
    keep = samples.seconds < now.timestamp()
    seconds, watts = samples.seconds[keep], samples.watts[keep]
    if not len(seconds):
        return []
    ends = np.append(seconds[1:], now.timestamp())
    on = watts > threshold  # NaN (unknown) is not on
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    starts, stops = edges[::2], edges[1::2]  # sample index ranges [start, stop) that are on
    runs: list[tuple[int, int]] = []
    for first, stop in zip(starts, stops, strict=True):
        if runs:
            gap_begin = ends[runs[-1][1] - 1]
            gap = seconds[first] - gap_begin
            unknown = np.isnan(watts[runs[-1][1] : first]).any()
            if gap <= MERGE_GAP_SECONDS and not unknown:
                runs[-1] = (runs[-1][0], int(stop))
                continue
        runs.append((int(first), int(stop)))
    facts = []
    for first, stop in runs:
        durations = ends[first:stop] - seconds[first:stop]
        power = watts[first:stop]
        on_time = on[first:stop]
        facts.append(
            ApplianceRun(
                start=float(seconds[first]),
                end=float(ends[stop - 1]),
                power_w=_weighted_median(power[on_time], durations[on_time]),
                ongoing=stop == len(seconds) and bool(on[-1]),
                cut=first == 0,
            )
        )
    return facts


def _weighted_median(values: FloatArray, weights: FloatArray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    index = int(np.searchsorted(cumulative, 0.5 * cumulative[-1]))
    return float(values[order][min(index, len(values) - 1)])
