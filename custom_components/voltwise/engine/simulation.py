"""A simulated household: minute-by-minute power for a demo home or for trying VoltWise out.

The baseline follows the seed's pattern in local wall-clock time (hourly bands, seasonal and
weekend factors, +/-10 % noise) and adds the seed's simulated HVAC loads: an air conditioner on
hot afternoons, a heater on cold mornings and evenings (both cycling like a thermostat would) and
a water heater after the morning and evening showers.

Every local day is simulated on its own from a seed derived from (seed, date), so any instant can
be answered without simulating from the beginning of time, the same instant always gets the same
value, and a day with 23 or 25 hours (DST) simply has fewer or more minutes. The weather that
drives the HVAC is a deterministic function of the date too (a seasonal curve plus spells a few
days to weeks long), so neighbouring days are alike, as they are in a real home.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from .errors import EngineError
from .timegrid import require_aware

type FloatArray = npt.NDArray[np.float64]
type IntArray = npt.NDArray[np.int64]

# The seed's hourly bands in kW: (first hour, hour after the last, low, high). The 09-17 band is
# split: weekdays draw from its lower part (people at work), weekends from its upper part.
_BANDS: tuple[tuple[int, int, float, float], ...] = (
    (0, 6, 0.4, 0.6),
    (6, 9, 1.5, 2.5),
    (17, 22, 2.5, 4.0),
    (22, 24, 1.2, 1.8),
)
_DAYTIME = (9, 17)
_DAYTIME_WEEKDAY_KW = (0.8, 1.15)
_DAYTIME_WEEKEND_KW = (1.15, 1.5)
_WEEKEND_DAYTIME_FACTOR = 1.2
# The seed's seasonal factors (Jun-Aug x1.3, Dec-Feb x1.4), reached in the middle of each season
# and blended by a cosine of the day of the year, so that no day jumps (see seasonal_factor).
_SUMMER_FACTOR, _WINTER_FACTOR = 1.3, 1.4
_MID_WINTER_DAY = 15  # of the year: 15 January, the middle of Dec-Feb; mid-July is half a year on
_DAYS_PER_YEAR = 365.25
_NOISE = 0.10
_MINUTES_PER_DAY = 1440
_BLOCK_MINUTES = 15  # every time zone offset and DST shift in use is a multiple of 15 minutes

# Weather spells: (period in days, amplitude in °C); summed with seeded phases.
_SPELLS: tuple[tuple[float, float], ...] = ((3.1, 1.5), (7.3, 2.0), (17.9, 1.5), (41.0, 1.0))
_DAILY_SWING_C = 5.0  # the afternoon is this much warmer than the day's mean, the night colder


@dataclass(frozen=True, slots=True)
class Household:
    """What makes one simulated home differ from another; the defaults are the seed's home.

    ``scale`` multiplies the baseline bands; an appliance rated 0 W is absent. The climate is a
    yearly curve around ``climate_mean_c``, ``climate_swing_c`` warmer in July than on average
    and as much colder in January.
    """

    scale: float = 1.0
    ac_w: float = 3500.0
    heater_w: float = 4000.0
    water_heater_w: float = 3000.0
    climate_mean_c: float = 15.0
    climate_swing_c: float = 12.0

    def __post_init__(self) -> None:
        """Reject a home that could draw negative power."""
        if not self.scale > 0:
            raise EngineError("invalid_household", field="scale")
        for field in ("ac_w", "heater_w", "water_heater_w"):
            if not getattr(self, field) >= 0:
                raise EngineError("invalid_household", field=field)


DEFAULT_HOUSEHOLD = Household()


def power_w(
    start: datetime,
    minutes: int,
    tz: tzinfo,
    seed: int,
    household: Household = DEFAULT_HOUSEHOLD,
) -> FloatArray:
    """Power (W) averaged over each of ``minutes`` consecutive minutes from ``start``'s minute."""
    require_aware(start)
    _check_seed(seed)
    if minutes < 0:
        raise EngineError("negative_span", value=str(minutes), unit="minutes")
    first = _epoch_minute(start)
    out = np.empty(minutes, dtype=np.float64)
    day = datetime.fromtimestamp(first * 60, UTC).astimezone(tz).date()
    filled = 0
    while filled < minutes:
        day_first, day_power = _day(day.toordinal(), tz, seed, household)
        offset = first + filled - day_first
        take = min(minutes - filled, len(day_power) - offset)
        out[filled : filled + take] = day_power[offset : offset + take]
        filled += take
        day += timedelta(days=1)
    return out


def power_at_w(
    when: datetime, tz: tzinfo, seed: int, household: Household = DEFAULT_HOUSEHOLD
) -> float:
    """The simulated power (W) during the minute that holds ``when``."""
    return float(power_w(when, 1, tz, seed, household)[0])


def energy_kwh_between(
    start: datetime,
    end: datetime,
    tz: tzinfo,
    seed: int,
    household: Household = DEFAULT_HOUSEHOLD,
) -> float:
    """Energy (kWh) used from ``start`` to ``end``, exact to the second.

    Whole days in between come from a cache of daily totals, so a meter counting from a fixed
    reference instant costs one day's simulation per call once its past days have been seen.
    """
    require_aware(start)
    require_aware(end)
    _check_seed(seed)
    if end < start:
        raise EngineError("invalid_period", start=start.isoformat(), end=end.isoformat())
    first_day = start.astimezone(tz).date().toordinal()
    last_day = end.astimezone(tz).date().toordinal()
    whole_days = sum(
        _day_energy_kwh(ordinal, tz, seed, household) for ordinal in range(first_day, last_day)
    )
    return (
        whole_days
        + _within_day_kwh(end, tz, seed, household)
        - _within_day_kwh(start, tz, seed, household)
    )


def hourly_energy_kwh(
    start: datetime,
    hours: int,
    tz: tzinfo,
    seed: int,
    household: Household = DEFAULT_HOUSEHOLD,
) -> FloatArray:
    """Energy (kWh) of ``hours`` consecutive hours from ``start`` (the top of an hour).

    Hours are absolute (UTC) hours, so a DST day contributes 23 or 25 of them, exactly like the
    recorder's hourly statistics of a real meter.
    """
    require_aware(start)
    if start.minute or start.second or start.microsecond:
        raise EngineError("not_top_of_hour", start=start.isoformat())
    if hours < 0:
        raise EngineError("negative_span", value=str(hours), unit="hours")
    minutes = power_w(start, hours * 60, tz, seed, household)
    return np.asarray(minutes.reshape(hours, 60).sum(axis=1) / 60_000.0, dtype=np.float64)


def daily_mean_temperature_c(
    day: date, seed: int, household: Household = DEFAULT_HOUSEHOLD
) -> float:
    """The simulated day's mean outdoor temperature (°C): season plus weather spells."""
    _check_seed(seed)
    ordinal = day.toordinal()
    season = -math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
    phases = np.random.default_rng([seed, 0x7E47]).uniform(0.0, 2 * math.pi, len(_SPELLS))
    spells = sum(
        amplitude * math.sin(2 * math.pi * ordinal / period + phase)
        for (period, amplitude), phase in zip(_SPELLS, phases, strict=True)
    )
    return household.climate_mean_c + household.climate_swing_c * season + spells


def seasonal_factor(day: date) -> float:
    """How much more the baseline draws on ``day`` than in spring or autumn.

    The seed's factors switched on the 1st of Dec, Mar, Jun and Sep, so a day's use jumped by
    40 % overnight, which no household does (and an efficiency score saw as an odd day). Here
    they are the peaks: x1.4 in mid-winter and x1.3 in mid-summer, 1.0 in mid-spring and
    mid-autumn, a cosine in between; over a year the baseline draws what the seed's did.
    """
    angle = 2 * math.pi * (day.timetuple().tm_yday - _MID_WINTER_DAY) / _DAYS_PER_YEAR
    winter, summer = _WINTER_FACTOR - 1.0, _SUMMER_FACTOR - 1.0
    peak = (winter + summer) / 2 + (winter - summer) / 2 * math.cos(angle)
    return 1.0 + peak * (1.0 + math.cos(2 * angle)) / 2


def hourly_temperature_c(
    start: datetime,
    hours: int,
    tz: tzinfo,
    seed: int,
    household: Household = DEFAULT_HOUSEHOLD,
) -> FloatArray:
    """Outdoor temperature (°C) at the middle of each of ``hours`` hours from ``start``."""
    require_aware(start)
    out = np.empty(hours, dtype=np.float64)
    for index in range(hours):
        local = (start + timedelta(hours=index, minutes=30)).astimezone(tz)
        mean = daily_mean_temperature_c(local.date(), seed, household)
        hour_of_day = local.hour + local.minute / 60
        out[index] = mean + _DAILY_SWING_C * math.sin(2 * math.pi * (hour_of_day - 9.0) / 24.0)
    return out


def _check_seed(seed: int) -> None:
    if seed < 0:
        raise EngineError("invalid_seed", seed=str(seed))


def _epoch_minute(when: datetime) -> int:
    return int(when.timestamp() // 60)


def _day_start(day: date, tz: tzinfo) -> datetime:
    """The first instant of the local ``day``, also where midnight itself does not exist."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def _local_minutes(day: date, tz: tzinfo) -> tuple[int, IntArray]:
    """First epoch minute of the local ``day`` and the wall-clock minute of each of its minutes."""
    start = _day_start(day, tz)
    minutes = int((_day_start(day + timedelta(days=1), tz) - start).total_seconds() // 60)
    blocks = -(-minutes // _BLOCK_MINUTES)
    block_starts = np.empty(blocks, dtype=np.int64)
    for block in range(blocks):
        local = (start + timedelta(minutes=block * _BLOCK_MINUTES)).astimezone(tz)
        block_starts[block] = local.hour * 60 + local.minute
    within = np.arange(minutes, dtype=np.int64)
    wall = np.repeat(block_starts, _BLOCK_MINUTES)[:minutes] + within % _BLOCK_MINUTES
    return _epoch_minute(start), wall


def _afternoon_swing(hour_of_day: FloatArray) -> FloatArray:
    """Warmest at 15:00, coldest at 03:00."""
    return np.asarray(
        _DAILY_SWING_C * np.sin(2 * np.pi * (hour_of_day - 9.0) / 24.0), dtype=np.float64
    )


@lru_cache(maxsize=64)
def _day(ordinal: int, tz: tzinfo, seed: int, household: Household) -> tuple[int, FloatArray]:
    """One local day's minute powers (W), read-only and cached: the pure core of this module."""
    day = date.fromordinal(ordinal)
    first, wall = _local_minutes(day, tz)
    rng = np.random.default_rng([seed, ordinal])
    weekend = day.weekday() >= 5
    hour = wall // 60

    base_kw = np.empty(24, dtype=np.float64)
    for first_hour, end_hour, low, high in _BANDS:
        base_kw[first_hour:end_hour] = rng.uniform(low, high, end_hour - first_hour)
    low, high = _DAYTIME_WEEKEND_KW if weekend else _DAYTIME_WEEKDAY_KW
    daytime = slice(*_DAYTIME)
    base_kw[daytime] = rng.uniform(low, high, _DAYTIME[1] - _DAYTIME[0])
    if weekend:
        base_kw[daytime] *= _WEEKEND_DAYTIME_FACTOR
    base_kw *= seasonal_factor(day)
    noise = rng.uniform(1.0 - _NOISE, 1.0 + _NOISE, len(wall))
    power = base_kw[hour] * household.scale * 1000.0 * noise

    mean_c = daily_mean_temperature_c(day, seed, household)
    outdoor_c = mean_c + _afternoon_swing(wall / 60.0)
    power += household.ac_w * _cooling(rng, wall, outdoor_c, weekend)
    power += household.heater_w * _heating(rng, wall, outdoor_c, weekend)
    power += household.water_heater_w * _water_heating(rng, wall, mean_c, weekend)
    power.flags.writeable = False
    return first, power


def _thermostat(
    rng: np.random.Generator, wall: IntArray, duty: FloatArray, period: int
) -> FloatArray:
    """On/off cycles of ``period`` minutes, on for ``duty`` of each: how a compressor runs."""
    phase = int(rng.integers(period))
    return (((wall + phase) % period) < duty * period).astype(np.float64)


def _cooling(
    rng: np.random.Generator, wall: IntArray, outdoor_c: FloatArray, weekend: bool
) -> FloatArray:
    """Air conditioning on hot afternoons and evenings while someone is home."""
    home = (wall >= (11 if weekend else 15) * 60) & (wall < 23 * 60)
    duty = np.clip((outdoor_c - 24.0) / 8.0, 0.0, 0.9) * home
    return _thermostat(rng, wall, duty, 20)


def _heating(
    rng: np.random.Generator, wall: IntArray, outdoor_c: FloatArray, weekend: bool
) -> FloatArray:
    """Space heating on cold mornings and evenings while someone is awake at home."""
    if weekend:
        awake = (wall >= 7 * 60) & (wall < 23 * 60)
    else:
        awake = ((wall >= 6 * 60) & (wall < 9 * 60)) | ((wall >= 17 * 60) & (wall < 23 * 60))
    duty = np.clip((14.0 - outdoor_c) / 14.0, 0.0, 0.9) * awake
    return _thermostat(rng, wall, duty, 30)


def _water_heating(
    rng: np.random.Generator, wall: IntArray, mean_c: float, weekend: bool
) -> FloatArray:
    """Reheats after the morning and evening showers (longer in the cold) and one top-up."""
    colder = 1.0 + 0.5 * min(max((15.0 - mean_c) / 15.0, 0.0), 1.0)
    morning = rng.uniform(7.5 * 60, 9.5 * 60) if weekend else rng.uniform(6 * 60, 7.5 * 60)
    runs = (
        (morning, rng.uniform(20, 40) * colder),
        (rng.uniform(18.5 * 60, 21 * 60), rng.uniform(15, 30) * colder),
        (rng.uniform(0, _MINUTES_PER_DAY - 12), rng.uniform(8, 12)),
    )
    on = np.zeros(len(wall), dtype=np.bool_)
    for begin, length in runs:
        on |= (wall >= begin) & (wall < begin + length)
    return on.astype(np.float64)


@lru_cache(maxsize=4096)
def _day_energy_kwh(ordinal: int, tz: tzinfo, seed: int, household: Household) -> float:
    return float(_day(ordinal, tz, seed, household)[1].sum()) / 60_000.0


def _within_day_kwh(when: datetime, tz: tzinfo, seed: int, household: Household) -> float:
    """Energy (kWh) from the start of ``when``'s local day to ``when``."""
    ordinal = when.astimezone(tz).date().toordinal()
    first, day_power = _day(ordinal, tz, seed, household)
    seconds = when.timestamp() - first * 60
    whole = int(seconds // 60)  # always inside the day: its end is the next day's start
    partial = float(day_power[:whole].sum()) + float(day_power[whole]) * (seconds / 60 - whole)
    return partial / 60_000.0
