"""Decisions measured against hindsight: a simulated year of an Indian home with the autopilot.

The home (Asia/Kolkata, India's domestic time-of-day tariff at 8 INR/kWh: peak 18:00-22:00 at
1.1x, solar hours 09:00-17:00 at 0.85x; the all-India carbon profile) has five appliances:

- washing machine, delay_start, a 115-minute power profile; about five uses a week, started by a
  "ready" automation in the morning or evening, to be done within 8 h;
- water heater, delay_start, 2 kW; a reheat after the morning and after the evening showers,
  45-120 min (its typical cycle is set to 120 min), to be done within 9 h;
- dishwasher, delay_start, a 120-minute profile; every evening after dinner, within 8 h;
- AC, limit_power to 60 %, 1.5 kW, protected 23:00-06:00; April to September, switched on by
  a person in the early afternoon and off before midnight;
- geyser, turn_off, 2 kW, protected 06:00-08:00; morning baths (20-40 min of heating) and some
  early evenings (30-45 min), each needed within 6 h: its longest delay is 6 h and its cycle
  45 min (the longest heat), so the autopilot gives it back in time to heat for any of them.

Live carbon differs from the profile: every day is shifted by up to an hour and scaled (sigma
5 %), and every hour carries AR(1) noise (rho 0.7, sigma 4 %). The autopilot decides on the
forecast the integration would have: like the shell, the simulation hands ``build_horizon`` the
profile and the live reading (a sensor that reports each hour's intensity as the hour begins),
and the engine makes the forecast (the reading for the current hour, its deviation from the
profile fading from the hours after it); costs and CO2 are scored on what happened. People
override now and then: a person starts the washer (5 % of uses), switches the geyser on during
the peak, starts the AC in the middle of the peak (a quarter of AC days), or cancels a delayed
dishwasher (5 %).

The simulation steps like the shell: ``decide`` (the integration's function) is called at
every next_check it returns, at every appliance change (uses arriving, runs ending, people) and
every hour (a new live reading changes the horizon); actions are carried out at once.

Hindsight: for every use of a delay_start appliance (washer, water heater, dishwasher) whose
deadline falls in the simulated period, the best contiguous start between its arrival and its
deadline, knowing the tariff, the actual carbon and the use's actual length, separately for cost
and for CO2, against running it on arrival. The share is the autopilot's saving on those uses
over the hindsight saving. Uses a person took over are left out (the person decided; the count
is printed) and the share with them is printed too. The geyser's uses have deadlines but the
geyser is turn_off: the autopilot chooses no start for it, so its share is printed apart. The
AC's savings (energy not drawn at 60 %) are not shifts; they are only in the totals.

For reference, the share of a plan made once on arrival on the very forecast the autopilot had
(the engine's, from the profile and the live reading), knowing the use's actual length, is
printed too: it shows how
much of the hindsight saving the forecast can see at all. And a what-if runs eco_mode with the
water heater told each reheat's actual length (a tank sensor), instead of its typical 120 min.

Prints per strategy: cost and CO2 saved against no autopilot, the hindsight shares, deadline
misses, actions inside protected windows, actions against overrides, switches per day, and the
time per decision (wall clock, and the thread's CPU time, which other processes on a shared
machine do not inflate); then the time of one decision for 100 appliances.
Targets: >= 95 % of the hindsight saving for cost under max_savings and for CO2 under
eco_mode; 0 deadline misses; 0 actions in protected windows or against overrides; one decision
for 100 appliances < 5 ms.

Run: .venv/bin/python benchmarks/bench_autopilot_year.py [--seed N] [--days N]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time as clock
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.voltwise.engine.autopilot import (  # noqa: E402
    SWITCHING_KINDS,
    Action,
    ActionKind,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    ChangeSource,
    Memory,
    PreferredAction,
    decide,
)
from custom_components.voltwise.engine.carbon import profile_for_region  # noqa: E402
from custom_components.voltwise.engine.horizon import (  # noqa: E402
    CarbonInput,
    Horizon,
    build_horizon,
)
from custom_components.voltwise.engine.penalty import ProtectedWindow, Strategy  # noqa: E402
from custom_components.voltwise.engine.tariff import presets  # noqa: E402
from custom_components.voltwise.engine.timegrid import FloatArray, TimeGrid  # noqa: E402
from custom_components.voltwise.engine.windows import Cycle  # noqa: E402

KOLKATA = ZoneInfo("Asia/Kolkata")
STEP = 5
STEPS_PER_HOUR = 60 // STEP
STEPS_PER_DAY = 24 * STEPS_PER_HOUR
HOURS_PER_STEP = STEP / 60
START = datetime(2025, 1, 1, tzinfo=KOLKATA).astimezone(UTC)
TARIFF = presets()["india_tod_domestic"].build(8.0, "INR")
PROFILE = profile_for_region("IN")
STRATEGIES = (Strategy.BALANCED, Strategy.MAX_SAVINGS, Strategy.ECO_MODE)
TAKING = frozenset({ActionKind.TURN_OFF, ActionKind.ECO_ON, ActionKind.SET_LEVEL})
PERSON = frozenset({ChangeSource.USER, ChangeSource.PHYSICAL})


def _profile(*phases: tuple[float, int]) -> tuple[float, ...]:
    """Power (kW) per 5-minute step from (kW, minutes) phases."""
    return tuple(kw for kw, minutes in phases for _ in range(minutes // STEP))


WASHER = _profile((0.1, 10), (2.0, 20), (0.3, 50), (0.2, 20), (0.5, 15))
DISHWASHER = _profile((0.1, 10), (1.8, 30), (0.15, 40), (1.5, 20), (0.05, 20))


def _views() -> dict[str, ApplianceView]:
    off = ApplianceState(on=False)
    return {
        "washer": ApplianceView(
            "washer",
            "Washing machine",
            off,
            preferred_action=PreferredAction.DELAY_START,
            cycle=Cycle(WASHER),
            max_delay=timedelta(hours=8),
        ),
        "water_heater": ApplianceView(
            "water_heater",
            "Water heater",
            off,
            preferred_action=PreferredAction.DELAY_START,
            cycle=Cycle.constant(120, 2000, STEP),
            max_delay=timedelta(hours=9),
        ),
        "dishwasher": ApplianceView(
            "dishwasher",
            "Dishwasher",
            off,
            preferred_action=PreferredAction.DELAY_START,
            cycle=Cycle(DISHWASHER),
            max_delay=timedelta(hours=8),
        ),
        "ac": ApplianceView(
            "ac",
            "AC",
            ApplianceState(on=False, level=100.0),
            preferred_action=PreferredAction.LIMIT_POWER,
            can_limit=True,
            limit_percent=60.0,
            protected_window=ProtectedWindow(time(23), time(6)),
            power_w=1500.0,
        ),
        "geyser": ApplianceView(
            "geyser",
            "Geyser",
            off,
            preferred_action=PreferredAction.TURN_OFF,
            protected_window=ProtectedWindow(time(6), time(8)),
            # Its longest heat and its uses' deadline: the autopilot gives it back in time for
            # any heat (with 40 min, a 45-minute evening heat taken 6 h before it is needed
            # would finish 5 min late).
            cycle=Cycle.constant(45, 2000, STEP),
            max_delay=timedelta(hours=6),
            power_w=2000.0,
        ),
    }


@dataclass(frozen=True, slots=True)
class Use:
    """One run that must happen: it arrives, draws ``profile`` while on, is due by ``deadline``."""

    number: int
    appliance: str
    arrival: int
    profile: tuple[float, ...]
    deadline: int
    by: ChangeSource
    cancel_after: int | None = None


@dataclass(frozen=True, slots=True)
class Switch:
    """A person switching an appliance without a use (the AC)."""

    appliance: str
    at: int
    on: bool


def _minute(rng: random.Random, first: str, last: str) -> int:
    """A random 5-minute-aligned local minute of the day in [first, last]."""
    low, high = (int(text[:2]) * 60 + int(text[3:]) for text in (first, last))
    return rng.randrange(low, high + 1, STEP)


def make_uses(rng: random.Random, days: int) -> tuple[list[Use], list[Switch]]:
    """A year of uses and AC switching, at realistic local times."""
    uses: list[Use] = []
    switches: list[Switch] = []

    def add(
        appliance: str,
        minute: int,
        day: int,
        profile: tuple[float, ...],
        *,
        hours: int,
        by: ChangeSource,
        cancel_after: int | None = None,
    ) -> None:
        arrival = day * STEPS_PER_DAY + minute // STEP
        deadline = arrival + hours * STEPS_PER_HOUR
        uses.append(Use(len(uses), appliance, arrival, profile, deadline, by, cancel_after))

    for day in range(days):
        if rng.random() < 5 / 7:
            minute = (
                _minute(rng, "07:00", "10:00")
                if rng.random() < 0.7
                else _minute(rng, "18:00", "21:30")
            )
            by = ChangeSource.USER if rng.random() < 0.05 else ChangeSource.AUTOMATION
            add("washer", minute, day, WASHER, hours=8, by=by)
        for first, last in (("08:00", "09:00"), ("21:00", "22:30")):
            reheat = (2.0,) * (rng.randrange(45, 121, STEP) // STEP)
            add(
                "water_heater",
                _minute(rng, first, last),
                day,
                reheat,
                hours=9,
                by=ChangeSource.AUTOMATION,
            )
        cancel = rng.randrange(6, 13) if rng.random() < 0.05 else None
        add(
            "dishwasher",
            _minute(rng, "21:30", "23:00"),
            day,
            DISHWASHER,
            hours=8,
            by=ChangeSource.AUTOMATION,
            cancel_after=cancel,
        )
        bath = (2.0,) * (rng.randrange(20, 41, STEP) // STEP)
        add("geyser", _minute(rng, "06:15", "07:30"), day, bath, hours=6, by=ChangeSource.USER)
        if rng.random() < 3 / 7:
            evening = (2.0,) * (rng.randrange(30, 46, STEP) // STEP)
            add(
                "geyser",
                _minute(rng, "17:00", "18:30"),
                day,
                evening,
                hours=6,
                by=ChangeSource.USER,
            )
        if 90 <= day % 365 < 273:  # April to September
            start = (
                _minute(rng, "13:00", "15:00")
                if rng.random() < 0.75
                else _minute(rng, "19:00", "20:30")
            )
            switches.append(Switch("ac", day * STEPS_PER_DAY + start // STEP, True))
            stop = _minute(rng, "23:00", "23:55")
            switches.append(Switch("ac", day * STEPS_PER_DAY + stop // STEP, False))
    return uses, switches


NOISES = frozenset({"ar", "scale", "shift"})


def actual_carbon(rng: np.random.Generator, days: int, noises: frozenset[str]) -> FloatArray:
    """Hourly intensity that differs from the profile: shifted days, scaled days, noisy hours.

    Every random number is drawn whatever ``noises`` keeps, so the variants share their draws.
    """
    hourly = np.asarray(PROFILE.hourly)
    values = np.empty(days * 24)
    noise = 0.0
    for day in range(days):
        shift = int(rng.choice([-1, 0, 1], p=[0.2, 0.6, 0.2])) if "shift" in noises else 0
        scale = 1 + rng.normal(0, 0.05)
        for hour in range(24):
            noise = 0.7 * noise + rng.normal(0, 0.04)
            values[day * 24 + hour] = (
                hourly[(hour - shift) % 24]
                * (scale if "scale" in noises else 1.0)
                * (1 + (noise if "ar" in noises else 0.0))
            )
    return np.maximum(values, 50.0)


def instant(step: int) -> datetime:
    """The instant at which ``step`` begins."""
    return START + timedelta(minutes=STEP * step)


@dataclass(slots=True)
class UseResult:
    """How a use ran in one world."""

    cost: float = 0.0
    co2_kg: float = 0.0
    drawn: int = 0
    finished: int | None = None
    taken_over: bool = False


@dataclass(slots=True)
class Moment:
    """What every world sees at one step."""

    step: int
    now: datetime
    horizon: Horizon
    new_hour: bool
    rate: float
    intensity: float
    arrivals: Sequence[Use]
    switches: Sequence[Switch]
    cancels: Sequence[Use]


def _kind(view: ApplianceView) -> str:
    return "delay" if view.preferred_action is PreferredAction.DELAY_START else "switch"


@dataclass(slots=True)
class World:
    """One home: with the autopilot on one strategy, or without it (settings None).

    ``told_need``: appliances whose view gets each use's actual length as its cycle.
    """

    settings: AutopilotSettings | None
    told_need: frozenset[str] = frozenset()
    views: dict[str, ApplianceView] = field(default_factory=_views)
    memory: Memory = field(default_factory=Memory)
    next_check: datetime | None = None
    current: dict[str, Use | None] = field(default_factory=lambda: defaultdict(lambda: None))
    progress: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    results: dict[int, UseResult] = field(default_factory=dict)
    cost_by: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    co2_by: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    owned: set[str] = field(default_factory=set)  # a person's until the period or run ends
    switches: int = 0
    in_window: int = 0
    given_back_in_window: int = 0
    against_overrides: int = 0
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def step(self, moment: Moment) -> None:
        """One 5-minute step: people and automations, the autopilot, then energy."""
        step = moment.step
        periods = (
            kind_periods(moment.horizon, moment.now, self.settings)
            if self.settings is not None
            else {"delay": False, "switch": False}
        )
        changed = False
        for appliance, use in list(self.current.items()):
            if use is not None and self.progress[appliance] >= len(use.profile):
                self.results[use.number].finished = step
                self.current[appliance] = None
                self.owned.discard(appliance)
                changed |= self._set(appliance, step, ChangeSource.AUTOMATION, on=False)
        for use in moment.arrivals:
            self.current[use.appliance] = use
            self.progress[use.appliance] = 0
            self.results[use.number] = UseResult()
            if use.appliance in self.told_need:
                view = self.views[use.appliance]
                self.views[use.appliance] = replace(view, cycle=Cycle(use.profile))
            changed |= self._someone(use.appliance, step, use.by, on=True, periods=periods)
        for switch in moment.switches:
            changed |= self._someone(
                switch.appliance, step, ChangeSource.USER, on=switch.on, periods=periods
            )
        for use in moment.cancels:
            if self.current[use.appliance] is use and not self.views[use.appliance].state.on:
                changed |= self._someone(
                    use.appliance, step, ChangeSource.USER, on=True, periods=periods, held=True
                )
        self.owned = {name for name in self.owned if periods[_kind(self.views[name])]}
        due = self.next_check is not None and self.next_check <= moment.now
        if self.settings is not None and (changed or moment.new_hour or due):
            self._decide(moment, self.settings)
        for appliance, view in self.views.items():
            kw = self._draw(appliance, view)
            if not kw:
                continue
            cost = kw * HOURS_PER_STEP * moment.rate
            co2 = kw * HOURS_PER_STEP * moment.intensity / 1000
            self.cost_by[appliance] += cost
            self.co2_by[appliance] += co2
            use = self.current[appliance]
            if use is not None:
                self.results[use.number].cost += cost
                self.results[use.number].co2_kg += co2

    def _set(self, appliance: str, step: int, by: ChangeSource, *, on: bool) -> bool:
        view = self.views[appliance]
        if view.state.on == on:
            return False
        state = replace(view.state, on=on, changed_at=instant(step), changed_by=by)
        self.views[appliance] = replace(view, state=state)
        return True

    def _someone(
        self,
        appliance: str,
        step: int,
        by: ChangeSource,
        *,
        on: bool,
        periods: dict[str, bool],
        held: bool = False,
    ) -> bool:
        """Someone switches; a person switching on during the appliance's period owns it."""
        if not self._set(appliance, step, by, on=on):
            return False
        if by in PERSON and self.settings is not None:
            if on and (periods[_kind(self.views[appliance])] or held):
                self.owned.add(appliance)
                use = self.current[appliance]
                if use is not None:
                    self.results[use.number].taken_over = True
            elif not on:
                self.owned.discard(appliance)
        return True

    def _decide(self, moment: Moment, settings: AutopilotSettings) -> None:
        views = list(self.views.values())
        wall, cpu = clock.perf_counter(), clock.thread_time()
        decision = decide(moment.now, moment.horizon, settings, views, self.memory)
        self.cpu.append(clock.thread_time() - cpu)
        self.wall.append(clock.perf_counter() - wall)
        self.memory, self.next_check = decision.memory, decision.next_check
        for action in decision.actions:
            self._carry_out(action, moment.now)

    def _carry_out(self, action: Action, now: datetime) -> None:
        if action.kind not in SWITCHING_KINDS:
            return
        view = self.views[action.appliance_id]
        self.switches += 1
        window = view.protected_window
        if window is not None and window.contains(now, KOLKATA):
            if action.kind in TAKING:
                self.in_window += 1
            else:
                self.given_back_in_window += 1
        if action.appliance_id in self.owned:
            self.against_overrides += 1
        state = view.state
        on, level = state.on, state.level
        if action.kind in {ActionKind.TURN_ON, ActionKind.TURN_OFF}:
            on = action.kind is ActionKind.TURN_ON
        elif action.kind in {ActionKind.SET_LEVEL, ActionKind.RESTORE_LEVEL}:
            level = action.level
        source = ChangeSource(action.source.value)
        self.views[action.appliance_id] = replace(
            view, state=ApplianceState(on, state.eco, level, now, source)
        )

    def _draw(self, appliance: str, view: ApplianceView) -> float:
        """Power (kW) in this step: a use's profile while on, or the AC at its level."""
        if not view.state.on:
            return 0.0
        use = self.current[appliance]
        if use is not None:
            done = self.progress[appliance]
            if done >= len(use.profile):
                return 0.0
            self.progress[appliance] = done + 1
            self.results[use.number].drawn += 1
            return use.profile[done]
        if appliance == "ac":
            level = view.state.level if view.state.level is not None else 100.0
            return view.power_w / 1000 * level / 100
        return 0.0


def kind_periods(horizon: Horizon, now: datetime, settings: AutopilotSettings) -> dict[str, bool]:
    """An independent reading of when a person switching on is an override (for the checks).

    Delayed starts: penalty above the threshold or a peak slot. Other actions: a peak slot, or
    a high penalty that ends within the horizon.
    """
    index = horizon.grid.index_of(now)
    high = horizon.penalties(settings.weights)[index:] > settings.threshold
    peak = bool(horizon.peak[index])
    finite_high = bool(high[0]) and not bool(high.all())
    return {"delay": bool(high[0]) or peak, "switch": peak or finite_high}


@dataclass(frozen=True, slots=True)
class Ideal:
    """A use scored on what happened: on arrival, at the hindsight best, at the forecast's best."""

    cost_on_arrival: float
    cost_best: float
    co2_on_arrival: float
    co2_best: float
    co2_forecast_best: float


def ideal(use: Use, rates: FloatArray, intensity: FloatArray, forecast: FloatArray) -> Ideal:
    """Every start of ``use`` between arrival and deadline, scored at once."""
    energy = np.asarray(use.profile) * HOURS_PER_STEP
    span = slice(use.arrival, use.deadline)
    windows = np.lib.stride_tricks.sliding_window_view
    cost = windows(rates[span], len(energy)) @ energy
    co2 = windows(intensity[span], len(energy)) @ energy / 1000
    seen = windows(forecast[span], len(energy)) @ energy
    return Ideal(
        float(cost[0]),
        float(cost.min()),
        float(co2[0]),
        float(co2.min()),
        float(co2[int(np.argmin(seen))]),
    )


def forecast_at_arrivals(
    uses: Sequence[Use], carbon: FloatArray, days: int
) -> dict[int, FloatArray]:
    """For each use, what the autopilot's forecast said at its arrival (the hour's horizon)."""
    profile = np.repeat(np.tile(np.asarray(PROFILE.hourly), days), STEPS_PER_HOUR)
    seen: dict[int, FloatArray] = {}
    for use in uses:
        values = profile.copy()
        first = use.arrival - use.arrival % STEPS_PER_HOUR
        live = CarbonInput(PROFILE, float(carbon[first // STEPS_PER_HOUR]))
        forecast = build_horizon(TARIFF, live, KOLKATA, instant(first)).intensities
        end = min(len(values), first + len(forecast))
        values[first:end] = forecast[: end - first]
        seen[use.number] = values
    return seen


@dataclass(slots=True)
class Year:
    """The simulated year: its uses, prices, actual carbon and every world."""

    days: int
    uses: list[Use]
    rates: FloatArray
    intensity: FloatArray
    carbon: FloatArray
    baseline: World
    worlds: dict[str, World]
    seconds: float


def simulate(days: int, seed: int, noises: frozenset[str] = NOISES) -> Year:
    """Step every world in lockstep through the year, sharing one horizon per hour."""
    began = clock.perf_counter()
    rng = random.Random(seed)
    uses, switches = make_uses(rng, days)
    carbon = actual_carbon(np.random.default_rng(seed), days, noises)
    steps = days * STEPS_PER_DAY
    rates = TARIFF.rates(TimeGrid(START, STEP, steps), KOLKATA)
    intensity = np.repeat(carbon, STEPS_PER_HOUR)
    arrivals: dict[int, list[Use]] = defaultdict(list)
    cancels: dict[int, list[Use]] = defaultdict(list)
    switching: dict[int, list[Switch]] = defaultdict(list)
    for use in uses:
        arrivals[use.arrival].append(use)
        if use.cancel_after is not None:
            cancels[use.arrival + use.cancel_after].append(use)
    for switch in switches:
        switching[switch.at].append(switch)
    baseline = World(None)
    worlds = {
        strategy.value: World(AutopilotSettings(strategy=strategy)) for strategy in STRATEGIES
    }
    worlds[WHAT_IF] = World(
        AutopilotSettings(strategy=Strategy.ECO_MODE), told_need=frozenset({"water_heater"})
    )
    horizon: Horizon | None = None
    for step in range(steps):
        now = instant(step)
        new_hour = step % STEPS_PER_HOUR == 0
        if new_hour or horizon is None:
            live = CarbonInput(PROFILE, float(carbon[step // STEPS_PER_HOUR]))
            horizon = build_horizon(TARIFF, live, KOLKATA, now)
        moment = Moment(
            step,
            now,
            horizon,
            new_hour,
            float(rates[step]),
            float(intensity[step]),
            arrivals[step],
            switching[step],
            cancels[step],
        )
        baseline.step(moment)
        for world in worlds.values():
            world.step(moment)
    seconds = clock.perf_counter() - began
    return Year(days, uses, rates, intensity, carbon, baseline, worlds, seconds)


WHAT_IF = "eco_mode, water heater told its reheat need"
DELAYED = ("washer", "water_heater", "dishwasher")


def _share(saved: float, best: float) -> str:
    return f"{saved / best:.1%}" if best else "n/a"


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def report(year: Year) -> None:
    """Print every figure per strategy."""
    days, steps = year.days, year.days * STEPS_PER_DAY
    scored = [use for use in year.uses if use.deadline <= steps]
    seen = forecast_at_arrivals(scored, year.carbon, days)
    ideals = {
        use.number: ideal(use, year.rates, year.intensity, seen[use.number]) for use in scored
    }
    base = year.baseline
    base_cost, base_co2 = sum(base.cost_by.values()), sum(base.co2_by.values())
    delayed = [use for use in scored if use.appliance in DELAYED]
    print(f"Simulated {days} days at {STEP}-minute steps in {year.seconds:.0f} s.")
    print(f"No autopilot: {base_cost:,.0f} INR and {base_co2:,.0f} kg CO2 for the five appliances.")
    print(
        f"Uses scored against hindsight: {len(delayed)} delayed-start uses"
        f" (+{len(scored) - len(delayed)} geyser uses, apart).\n"
    )
    for name, world in year.worlds.items():
        cost, co2 = sum(world.cost_by.values()), sum(world.co2_by.values())
        print(f"== {name} ==")
        print(
            f"  saved against no autopilot: {base_cost - cost:,.0f} INR"
            f" ({(base_cost - cost) / base_cost:.1%}), {base_co2 - co2:,.0f} kg CO2"
            f" ({(base_co2 - co2) / base_co2:.1%})"
        )
        print(
            "  by appliance (INR / kg): "
            + ", ".join(
                f"{key} {base.cost_by[key] - world.cost_by[key]:,.0f}"
                f" / {base.co2_by[key] - world.co2_by[key]:,.0f}"
                for key in world.views
            )
        )
        _shares(world, delayed, ideals)
        geyser = [use for use in scored if use.appliance == "geyser"]
        mine = [use for use in geyser if not world.results[use.number].taken_over]
        cost_got = sum(
            ideals[u.number].cost_on_arrival - world.results[u.number].cost for u in mine
        )
        cost_best = sum(ideals[u.number].cost_on_arrival - ideals[u.number].cost_best for u in mine)
        co2_got = sum(
            ideals[u.number].co2_on_arrival - world.results[u.number].co2_kg for u in mine
        )
        co2_best = sum(ideals[u.number].co2_on_arrival - ideals[u.number].co2_best for u in mine)
        print(
            f"  geyser (turn_off, no start to choose): cost {_share(cost_got, cost_best)},"
            f" CO2 {_share(co2_got, co2_best)} of its hindsight"
        )
        taken = sum(world.results[use.number].taken_over for use in scored)
        misses = sum(
            1
            for use in scored
            if (done := world.results[use.number].finished) is None or done > use.deadline
        )
        print(f"  uses taken over by people: {taken}   deadline misses: {misses} of {len(scored)}")
        print(
            f"  actions inside protected windows: {world.in_window}"
            f" (hand-backs as a window opens: {world.given_back_in_window})"
            f"   actions against overrides: {world.against_overrides}"
        )
        print(
            f"  switches per day: {world.switches / days:.2f}   decisions:"
            f" {len(world.wall) / days:.1f} per day, 5 appliances: wall median"
            f" {statistics.median(world.wall) * 1e3:.2f} ms, p99"
            f" {_percentile(world.wall, 0.99) * 1e3:.2f} ms; CPU median"
            f" {statistics.median(world.cpu) * 1e3:.2f} ms, p99"
            f" {_percentile(world.cpu, 0.99) * 1e3:.2f} ms\n"
        )


def _shares(world: World, delayed: Sequence[Use], ideals: dict[int, Ideal]) -> None:
    """The hindsight shares of the delayed-start uses, overall and by appliance."""
    for label, keep_taken in (("people's take-overs left out", False), ("all", True)):
        got_cost = best_cost = got_co2 = best_co2 = forecast_co2 = 0.0
        by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        for use in delayed:
            result, best = world.results[use.number], ideals[use.number]
            if result.taken_over and not keep_taken:
                continue
            figures = (
                best.cost_on_arrival - result.cost,
                best.cost_on_arrival - best.cost_best,
                best.co2_on_arrival - result.co2_kg,
                best.co2_on_arrival - best.co2_best,
            )
            got_cost, best_cost = got_cost + figures[0], best_cost + figures[1]
            got_co2, best_co2 = got_co2 + figures[2], best_co2 + figures[3]
            forecast_co2 += best.co2_on_arrival - best.co2_forecast_best
            by[use.appliance] = [a + b for a, b in zip(by[use.appliance], figures, strict=True)]
        print(
            f"  hindsight share, delayed starts ({label}): cost {_share(got_cost, best_cost)}"
            f" of {best_cost:,.0f} INR, CO2 {_share(got_co2, best_co2)} of {best_co2:,.1f} kg"
        )
        if not keep_taken:
            print(
                "    by appliance (cost / CO2): "
                + ", ".join(
                    f"{key} {_share(v[0], v[1])} / {_share(v[2], v[3])}" for key, v in by.items()
                )
            )
            print(
                "    reference, one plan on arrival on the same forecast (actual lengths known):"
                f" CO2 {_share(forecast_co2, best_co2)}"
            )


def hundred_appliances(seed: int) -> None:
    """The time of one decision for 100 appliances through an evening's peak."""
    rng = random.Random(seed)
    templates = list(_views().values())
    views = [
        replace(
            templates[number % len(templates)],
            id=f"{templates[number % len(templates)].id}_{number}",
            state=replace(templates[number % len(templates)].state, on=rng.random() < 0.7),
        )
        for number in range(100)
    ]
    settings = AutopilotSettings(strategy=Strategy.BALANCED)
    first = datetime(2025, 6, 2, 17, 55, tzinfo=KOLKATA)
    began = clock.perf_counter()
    horizon = build_horizon(TARIFF, CarbonInput(PROFILE, 820.0), KOLKATA, first)
    build = clock.perf_counter() - began
    wall: list[float] = []
    cpu: list[float] = []
    acting: list[float] = []
    for _ in range(5):
        memory = Memory()
        current = list(views)
        for minutes in range(0, 5 * 60 + 5, 5):
            now = first + timedelta(minutes=minutes)
            began, used = clock.perf_counter(), clock.thread_time()
            decision = decide(now, horizon, settings, current, memory)
            cpu.append(clock.thread_time() - used)
            wall.append(clock.perf_counter() - began)
            if decision.actions:
                acting.append(wall[-1])
            memory = decision.memory
            states = {view.id: view.state for view in current}
            for action in decision.actions:
                state = states[action.appliance_id]
                if action.kind in {ActionKind.TURN_ON, ActionKind.TURN_OFF}:
                    state = replace(state, on=action.kind is ActionKind.TURN_ON)
                elif action.kind in {ActionKind.SET_LEVEL, ActionKind.RESTORE_LEVEL}:
                    state = replace(state, level=action.level)
                states[action.appliance_id] = replace(
                    state, changed_at=now, changed_by=ChangeSource.AUTOPILOT
                )
            current = [replace(view, state=states[view.id]) for view in current]
    print("== 100 appliances, one decision (balanced, every 5 minutes from 17:55 to 22:55) ==")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  machine load average: {load} on {os.cpu_count()} CPUs")
    print(
        f"  wall: best {min(wall) * 1e3:.2f} ms, median {statistics.median(wall) * 1e3:.2f} ms, p99"
        f" {_percentile(wall, 0.99) * 1e3:.2f} ms, max {max(wall) * 1e3:.2f} ms"
        f" ({len(wall)} calls); CPU: median {statistics.median(cpu) * 1e3:.2f} ms, p99"
        f" {_percentile(cpu, 0.99) * 1e3:.2f} ms"
    )
    print(
        f"  calls that act (the peak begins, ends): wall median"
        f" {statistics.median(acting) * 1e3:.2f} ms, max {max(acting) * 1e3:.2f} ms"
    )
    print(f"  building the 48 h horizon (the shell's, at transitions): {build * 1e3:.1f} ms")


def main() -> None:
    """Run the year and the 100-appliance timing."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--noise",
        default="ar,scale,shift",
        help="how live carbon differs from the profile: any of ar,scale,shift, or none",
    )
    args = parser.parse_args()
    noises = frozenset(args.noise.split(",")) & NOISES
    print(f"Live carbon noise: {', '.join(sorted(noises)) or 'none'}; seed {args.seed}.")
    report(simulate(args.days, args.seed, noises))
    hundred_appliances(args.seed)


if __name__ == "__main__":
    main()
