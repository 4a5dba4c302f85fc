"""A week of plant control against the fake SolisCloud: requests, rate limit, inverter state.

Simulates seven days of a realistic plan (a weekday and a weekend schedule of six segments each,
plus two user overrides: "until the next change" on Tuesday afternoon and "until 21:30" on
Friday evening), driving the plant executor's own pieces (``resolve``, ``apply_controls``, the
retry policy and the one-timer wake-up rule of the Home Assistant coordinator) against the fake
SolisCloud server, which checks real signatures and enforces 2 requests per second. Both controls
insist on ``yuanzhi`` being the value they hold (B0218 otherwise), the strictest SolisCloud rule,
so every write from a remembered value is checked against the inverter.

It runs the week twice, without faults and with 20 % of requests hit by a transient fault (HTTP
503, code B0115 "datalogger offline", or no answer until the client's attempt timeout), and
prints for each:
1. requests per day and per actual change of a control value (goal: at most 2.1 per change
   without faults, a write and a read back; 0 at wake-ups where nothing changes), and every
   request by its reason, so each one beyond the write and read back is explained;
2. rate-limit violations: requests the server throttled, and any three requests the server saw
   within one second (goal 0);
3. the share of segments the inverter ended in the desired state (goal 100 %).

Time is simulated: back-offs, read-back waits and rate-limit waits advance a fake clock, so the
week takes seconds. Timeouts are real but short (the client's attempt timeout is set to 0.2 s).

Run: .venv/bin/python benchmarks/bench_solis_day.py [--seed N] [--fault-rate 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.voltwise.engine.metering import next_local_midnight  # noqa: E402
from custom_components.voltwise.engine.plant.edits import (  # noqa: E402
    assign_daily_plan,
    create_daily_plan,
    expire_override,
    new_plan,
    parse_days,
    set_override,
)
from custom_components.voltwise.engine.plant.model import (  # noqa: E402
    OverrideMode,
    PlantDefaults,
    PlantPlan,
    Segment,
)
from custom_components.voltwise.engine.plant.resolve import resolve  # noqa: E402
from custom_components.voltwise.plant.apply import (  # noqa: E402
    AppliedState,
    BackOff,
    ControlValues,
    apply_controls,
)
from custom_components.voltwise.plant.soliscloud.client import (  # noqa: E402
    PATH_CONTROL,
    RequestLimiter,
    SolisAccount,
    SolisCloudClient,
)
from custom_components.voltwise.plant.soliscloud.controls import ControlIds  # noqa: E402
from tests.plant.soliscloud.fake_server import (  # noqa: E402
    FakeSolisCloud,
    FaultKind,
    RecordedRequest,
)

TZ = ZoneInfo("Asia/Kolkata")
API_ID = "1300386381676"
API_SECRET = "6680182547"  # noqa: S105 (the fake server's test account)
SERIAL = "1031D2222110085"
START = datetime(2026, 3, 2, tzinfo=TZ)  # a Monday, 00:00 local
DAYS = 7
CONTROLS = ControlIds()


def week_plan() -> PlantPlan:
    """Six segments on weekdays and six at weekends; defaults cover nothing but are set."""
    plan = new_plan(PlantDefaults(5000, False))
    plan, weekday = create_daily_plan(
        plan,
        "Weekday",
        [
            Segment(0, 300, 0, True),  # cheap night: charge from the grid
            Segment(300, 420, 2000, False),
            Segment(420, 600, 3000, False),
            Segment(600, 960, 8000, True),  # solar hours
            Segment(960, 1320, 1000, False),  # evening peak
            Segment(1320, 1440, 1000, False),  # late evening: same values, a boundary only
        ],
    )
    plan, weekend = create_daily_plan(
        plan,
        "Weekend",
        [
            Segment(0, 360, 0, True),
            Segment(360, 540, 3000, False),
            Segment(540, 720, 6000, False),
            Segment(720, 960, 8000, True),
            Segment(960, 1200, 2000, False),
            Segment(1200, 1440, 1000, True),
        ],
    )
    plan = assign_daily_plan(plan, weekday.id, parse_days("mon-fri"), 10)
    return assign_daily_plan(plan, weekend.id, parse_days("sat,sun"), 10)


@dataclass(frozen=True)
class UserOverride:
    """An override a user sets at ``at`` (local)."""

    at: datetime
    mode: OverrideMode
    peak_shaving_w: int | None = None
    grid_charging_allowed: bool | None = None
    until: datetime | None = None


OVERRIDES = (
    UserOverride(
        START + timedelta(days=1, hours=13), OverrideMode.UNTIL_NEXT_BOUNDARY, peak_shaving_w=0
    ),
    UserOverride(
        START + timedelta(days=4, hours=19),
        OverrideMode.UNTIL_TIME,
        grid_charging_allowed=True,
        until=START + timedelta(days=4, hours=21, minutes=30),
    ),
)


class SimClock:
    """Simulated wall time plus the seconds the client slept (back-offs, waits)."""

    def __init__(self) -> None:
        """Start at the week's first instant, nothing slept."""
        self.now = START.astimezone(UTC)
        self.slept = 0.0
        self._base = time.monotonic()

    def wall(self) -> datetime:
        """The simulated wall clock (signed dates, the server's clock)."""
        return self.now + timedelta(seconds=self.slept)

    def monotonic(self) -> float:
        """Real elapsed time plus what was slept (rate limits on both sides)."""
        return time.monotonic() - self._base + self.slept

    async def sleep(self, seconds: float) -> None:
        """Pass ``seconds`` at once."""
        self.slept += seconds
        await asyncio.sleep(0)


@dataclass
class Figures:
    """What one simulated week produced."""

    requests_per_day: list[int] = field(default_factory=list)
    changes_per_day: list[int] = field(default_factory=list)
    idle_wakeups: int = 0
    idle_requests: int = 0
    segments: int = 0
    segments_ok: int = 0
    failed_applies: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    throttled: int = 0
    bunched: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    stale_refusals: int = 0


# Why a request was sent (the breakdown that explains every request beyond write + read back).
WRITTEN = "write + read back of a changed value"
READ_UNKNOWN = "read first: no verified value (first apply, or after a failed one)"
READ_OLD = "read first: verified value older than a day"
WRITTEN_AGAIN = "written and read back again (refused as stale, or not taken)"
FAULTED = "answered by an injected fault (sent again by the client or a later retry)"
FAILED_APPLY = "sent by an apply that failed in the end (redone at its retry)"
UNEXPLAINED = "unexplained"


def classify(
    requests: Sequence[RecordedRequest], read_first: dict[int, str], failed: bool
) -> Counter[str]:
    """Why each request of one apply was sent, from what the server saw in order.

    ``read_first`` gives, per control that had no usable verified value, why it is read before
    being written; a read of any other control before its write is unexplained.
    """
    reasons: Counter[str] = Counter()
    written: set[int] = set()
    read_back_due: dict[int, str] = {}
    for request in requests:
        if request.status != 200 or request.code != "0":
            reasons[FAULTED] += 1
            continue
        if failed:
            reasons[FAILED_APPLY] += 1
            continue
        cid = int((request.body or {}).get("cid", -1))
        if request.path == PATH_CONTROL:
            reason = WRITTEN_AGAIN if cid in written else WRITTEN
            written.add(cid)
            read_back_due[cid] = reason
        elif cid in read_back_due:
            reasons[read_back_due.pop(cid)] += 1
            continue
        else:
            reason = read_first.get(cid, UNEXPLAINED)
        reasons[reason] += 1
    return reasons


def changed_controls(before: ControlValues | None, after: ControlValues) -> int:
    """How many of the two values differ (both count for the very first apply)."""
    if before is None:
        return 2
    return int(before.peak_shaving_w != after.peak_shaving_w) + int(
        before.grid_charging_allowed != after.grid_charging_allowed
    )


def inverter_values(server: FakeSolisCloud) -> ControlValues:
    """What the fake inverter holds now."""
    controls = server.inverters[SERIAL].controls
    return ControlValues(int(controls[5035]), controls[43110] == "1")


def inject_faults(server: FakeSolisCloud, rate: float, seed: int) -> None:
    """Transient faults on ``rate`` of all requests, split evenly over three kinds."""
    share = rate / 3
    # Faults are tried in order, so each later one's chance is raised to keep shares equal.
    server.inject(FaultKind.HTTP_STATUS, status=503, times=None, probability=share, seed=seed)
    server.inject(
        FaultKind.CODE, code="B0115", times=None, probability=share / (1 - share), seed=seed + 1
    )
    server.inject(FaultKind.TIMEOUT, times=None, probability=share / (1 - 2 * share), seed=seed + 2)


class Week:
    """One simulated week: the plan, what the plant applied, and the figures so far."""

    def __init__(self, server: FakeSolisCloud, client: SolisCloudClient, clock: SimClock) -> None:
        """Monday 00:00, nothing applied yet."""
        self.server = server
        self.client = client
        self.clock = clock
        self.figures = Figures()
        self.plan = week_plan()
        self.applied = AppliedState()
        self.failures = 0
        self.back_off: BackOff | None = None
        self.pending = list(OVERRIDES)
        self.desired: ControlValues | None = None
        self.day = clock.now.astimezone(TZ).date()
        self.day_requests = 0
        self.day_changes = 0

    async def run(self, end: datetime) -> Figures:
        """Wake up at every change (and retry, and midnight) until ``end``."""
        while self.clock.now < end:
            self.check_segment_end()
            self.roll_day()
            next_change = await self.wake(self.clock.now)
            wakes = [next_change, next_local_midnight(self.clock.now, TZ), end]
            if self.back_off is not None and self.back_off.retry_at is not None:
                wakes.append(self.back_off.retry_at)
            if self.pending:
                wakes.append(self.pending[0].at.astimezone(UTC))
            now = self.clock.now
            self.clock.now = min(moment for moment in wakes if moment is not None and moment > now)
        self.figures.requests_per_day.append(self.day_requests)
        self.figures.changes_per_day.append(self.day_changes)
        return self.figures

    def check_segment_end(self) -> None:
        """A period ended just before this wake-up: did the inverter hold its values?"""
        if self.desired is not None:
            self.figures.segments += 1
            self.figures.segments_ok += inverter_values(self.server) == self.desired

    def roll_day(self) -> None:
        """Close the day's counts at local midnight."""
        today = self.clock.now.astimezone(TZ).date()
        if today != self.day:
            self.figures.requests_per_day.append(self.day_requests)
            self.figures.changes_per_day.append(self.day_changes)
            self.day_requests = self.day_changes = 0
            self.day = today

    async def wake(self, now: datetime) -> datetime | None:
        """What the coordinator does when its timer fires; returns the plan's next change."""
        while self.pending and self.pending[0].at <= now:
            user = self.pending.pop(0)
            self.plan = set_override(
                self.plan,
                now,
                TZ,
                mode=user.mode,
                peak_shaving_w=user.peak_shaving_w,
                grid_charging_allowed=user.grid_charging_allowed,
                until=user.until,
            )
        self.plan = expire_override(self.plan, now)
        resolution = resolve(self.plan, now, TZ)
        desired = ControlValues(resolution.peak_shaving_w, resolution.grid_charging_allowed)
        changes = changed_controls(self.desired, desired)
        self.day_changes += changes
        self.desired = desired
        before = self.server.count()
        waiting = self.back_off is not None and self.back_off.holds(desired, now)
        if not self.applied.matches(desired) and not waiting:
            read_first = self.read_first_reasons(desired, now)
            outcome = await apply_controls(
                self.client,
                SERIAL,
                CONTROLS,
                desired,
                self.applied,
                now=now,
                source=resolution.source.value,
                trigger="schedule",
            )
            self.applied = outcome.applied
            if outcome.error is None:
                self.failures, self.back_off = 0, None
            else:
                self.failures += 1
                self.back_off = BackOff.after(outcome.error, desired, self.failures, now)
                self.figures.failed_applies += 1
            self.figures.reasons += classify(
                self.server.requests[before:], read_first, outcome.error is not None
            )
        sent = self.server.count() - before
        self.day_requests += sent
        if not changes:
            self.figures.idle_wakeups += 1
            self.figures.idle_requests += sent
        return resolution.next_change

    def read_first_reasons(self, desired: ControlValues, now: datetime) -> dict[int, str]:
        """Why each control about to be written has to be read first (none: it is not)."""
        reasons: dict[int, str] = {}
        pending = self.applied.pending(desired)
        cids = (CONTROLS.peak_shaving_cid, CONTROLS.grid_charging_control)
        for cid, is_pending in zip(cids, pending, strict=True):
            if not is_pending or self.applied.known_value(cid, now) is not None:
                continue
            kept = any(item.cid == cid for item in self.applied.verified)
            reasons[cid] = READ_OLD if kept else READ_UNKNOWN
        return reasons


def watch_for_stale_yuanzhi(server: FakeSolisCloud, figures: Figures) -> None:
    """Count writes the server refuses because their ``yuanzhi`` is not the value it holds."""
    inverter = server.inverters[SERIAL]

    def before_route(path: str, body: dict[str, object]) -> None:
        if path != PATH_CONTROL:
            return
        cid = int(str(body["cid"]))
        if cid in inverter.needs_yuanzhi and body.get("yuanzhi") != inverter.controls.get(cid):
            figures.stale_refusals += 1

    server.before_route = before_route


async def simulate(session: aiohttp.ClientSession, fault_rate: float, seed: int) -> Figures:
    """One week against a fresh fake server; returns its figures."""
    clock = SimClock()
    server = FakeSolisCloud({API_ID: API_SECRET}, clock=clock.wall, monotonic=clock.monotonic)
    inverter = server.add_inverter(SERIAL, API_ID)
    inverter.needs_yuanzhi.update({CONTROLS.peak_shaving_cid, CONTROLS.grid_charging_control})
    await server.start()
    if fault_rate:
        inject_faults(server, fault_rate, seed)
    client = SolisCloudClient(
        session,
        API_ID,
        API_SECRET,
        base_url=server.base_url,
        account=SolisAccount(limiter=RequestLimiter(monotonic=clock.monotonic, sleep=clock.sleep)),
        clock=clock.wall,
        monotonic=clock.monotonic,
        sleep=clock.sleep,
        attempt_timeout=0.2,
        budget_tz=TZ,
    )
    week = Week(server, client, clock)
    watch_for_stale_yuanzhi(server, week.figures)
    try:
        figures = await week.run((START + timedelta(days=DAYS)).astimezone(UTC))
    finally:
        await server.close()
    figures.throttled = sum(1 for request in server.requests if request.code == "R0000")
    figures.faults = Counter(
        str(request.status if request.status != 200 else request.code)
        for request in server.requests
        if request.status != 200 or request.code not in {"0", None}
    )
    answered = sorted(request.at for request in server.requests)
    figures.bunched = sum(
        1 for first, third in zip(answered, answered[2:], strict=False) if third - first < 1.0
    )
    return figures


def report(title: str, figures: Figures) -> None:
    """Print one week's figures."""
    print(f"\n{title}")
    for number, (requests, changes) in enumerate(
        zip(figures.requests_per_day, figures.changes_per_day, strict=True)
    ):
        ratio = f"{requests / changes:.2f}" if changes else "-"
        weekday = (START + timedelta(days=number)).strftime("%a")
        print(
            f"  day {number + 1} ({weekday}): {requests:3d} requests for {changes:2d} value "
            f"changes = {ratio} per change"
        )
    total_requests = sum(figures.requests_per_day)
    total_changes = sum(figures.changes_per_day)
    print(
        f"  week: {total_requests} requests, {total_changes} changes, "
        f"{total_requests / total_changes:.2f} requests per change (goal <= 2.1 without faults)"
    )
    print("  requests by reason:")
    for reason in (WRITTEN, READ_UNKNOWN, READ_OLD, WRITTEN_AGAIN, FAULTED, FAILED_APPLY):
        print(f"    {figures.reasons[reason]:4d}  {reason}")
    explained = sum(figures.reasons.values()) - figures.reasons[UNEXPLAINED]
    print(
        f"    {total_requests - explained:4d}  unexplained (goal 0); writes refused as stale: "
        f"{figures.stale_refusals}"
    )
    print(
        f"  wake-ups where no value changed (midnight, same-value boundaries, retries): "
        f"{figures.idle_wakeups}, requests at them: {figures.idle_requests} "
        f"(goal 0; with faults, retries of earlier failed applies)"
    )
    print(
        f"  rate-limit violations: {figures.throttled} throttled by the server, "
        f"{figures.bunched} times 3 requests within 1 s (goal 0)"
    )
    share = 100 * figures.segments_ok / figures.segments
    print(
        f"  plan periods (segments, override spans) ended in the desired state: "
        f"{figures.segments_ok}/{figures.segments} "
        f"= {share:.1f} % (goal 100 %)"
    )
    if figures.faults:
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(figures.faults.items()))
        total = sum(figures.faults.values())
        print(f"  faults injected: {total} of {total_requests} requests ({kinds}; 0 = no answer)")
        print(f"  applies that still failed after the client's retries: {figures.failed_applies}")


async def run(seed: int, fault_rate: float) -> None:
    """Both weeks, one HTTP session."""
    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        clean = await simulate(session, 0.0, seed)
        faulty = await simulate(session, fault_rate, seed)
        elapsed = time.perf_counter() - started
    print(f"a week of a 6-segment plan with 2 overrides, simulated twice in {elapsed:.1f} s")
    report("without faults", clean)
    report(f"with {fault_rate:.0%} transient faults (seed {seed})", faulty)


def main() -> None:
    """Measure and print the figures (the client's retry warnings are silenced)."""
    logging.getLogger("custom_components").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    args = parser.parse_args()
    asyncio.run(run(args.seed, args.fault_rate))


if __name__ == "__main__":
    main()
