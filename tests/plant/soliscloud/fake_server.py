"""A fake SolisCloud: real signature checks, per-inverter controls, rate limits and faults.

It listens on a loopback port and behaves the way SolisCloud is documented and observed to:

- every request is authenticated from scratch: ``Content-MD5`` must match the body, ``Date`` must
  parse and lie within 15 minutes of the server's (injectable) clock, ``Authorization`` must be
  ``API {apiId}:{sign}`` with the HMAC-SHA1 of the canonical string under that account's secret.
  A bad signature, an unknown API ID or a wrong MD5 gets HTTP 403; a bad or stale Date gets HTTP
  408. The verification is written here independently of the integration's signing module.
- each account may make 2 requests per second; a third inside one second gets the throttle
  answer (code R0000 by default, or HTTP 429), and an optional daily budget answers R0000 too.
- control values are stored per inverter serial and CID; ``atRead`` returns them, ``control``
  changes them (a CID can insist on ``yuanzhi`` being the stored value, answering B0218), an
  offline datalogger answers B0115, a serial of another account (or none) answers B0049.
- faults can be injected once, N times, always or with a seeded probability: no answer
  (timeout), HTTP 5xx, any error code (B0115, R0000, I0012...), slow answers, and writes that are
  acknowledged with code "0" but silently not applied.

Every request is recorded (path, account, body, what was answered) for assertions.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import random
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any

from aiohttp import web

API_SECRET = "6680182547"  # not a real secret
SERIAL = "1031D2222110085"


class FakeTime:
    """Real time plus whatever the code under test slept: back-offs cost no real time.

    ``sleep`` records the client's back-off and read-back waits; ``limiter_sleep`` is the rate
    limiter's, kept apart so tests can assert the back-off sequence exactly.
    """

    def __init__(self) -> None:
        self.offset = 0.0
        self.sleeps: list[float] = []
        self.limiter_sleeps: list[float] = []

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds
        await asyncio.sleep(0)

    async def limiter_sleep(self, seconds: float) -> None:
        self.limiter_sleeps.append(seconds)
        self.offset += seconds
        await asyncio.sleep(0)


DATE_WINDOW = timedelta(minutes=15)
AUTHORIZATION = re.compile(r"API (?P<api_id>[^:\s]+):(?P<sign>\S+)")
PATHS = frozenset(
    {"/v2/api/atRead", "/v2/api/control", "/v1/api/inverterList", "/v1/api/inverterDetail"}
)


class FaultKind(StrEnum):
    """What an injected fault does to a request it matches."""

    TIMEOUT = "timeout"  # never answer (until the server closes)
    HTTP_STATUS = "http_status"  # answer with an HTTP error status, e.g. 502
    CODE = "code"  # answer HTTP 200 with an error code, e.g. B0115 (success still true)
    SLOW = "slow"  # answer normally after a delay
    IGNORE_WRITE = "ignore_write"  # acknowledge a control write with code "0", change nothing


@dataclass
class Fault:
    """One injected fault: which requests it hits and how often."""

    kind: FaultKind
    times: int | None = 1  # None: every matching request
    probability: float | None = None  # with a seed, deterministic
    seed: int | None = None
    paths: frozenset[str] | None = None  # None: every path
    status: int = 503
    code: str = "B0115"
    delay: float = 8.0
    hits: int = 0
    _random: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind is FaultKind.IGNORE_WRITE and self.paths is None:
            self.paths = frozenset({"/v2/api/control"})  # only writes can be ignored
        self._random = random.Random(self.seed)

    def take(self, path: str) -> bool:
        """True if this fault hits a request to ``path`` (and count the hit)."""
        if self.paths is not None and path not in self.paths:
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if self.probability is not None and self._random.random() >= self.probability:
            return False
        self.hits += 1
        return True


@dataclass
class FakeInverter:
    """An inverter behind a datalogger, with its control values as SolisCloud reports them."""

    serial: str
    api_id: str
    inverter_id: str = "1308675217947"
    station_id: str = "1298491919448"
    online: bool = True
    controls: dict[int, str] = field(default_factory=lambda: {5035: "10000", 43110: "0", 636: "33"})
    needs_yuanzhi: set[int] = field(default_factory=set)
    writes: list[tuple[int, str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it and what it answered."""

    path: str
    api_id: str | None
    body: dict[str, Any] | None
    status: int
    code: str | None
    at: float


class FakeSolisCloud:
    """The server; ``await start()`` returns its base URL, ``await close()`` stops it."""

    def __init__(
        self,
        accounts: dict[str, str],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        requests_per_second: int | None = 2,
        throttle_status: int | None = None,
        daily_budget: int | None = None,
    ) -> None:
        self.accounts = dict(accounts)
        self.clock = clock
        self.monotonic = monotonic
        self.requests_per_second = requests_per_second
        self.throttle_status = throttle_status  # None: answer R0000, else this HTTP status
        self.daily_budget = daily_budget
        self.inverters: dict[str, FakeInverter] = {}
        self.faults: list[Fault] = []
        self.requests: list[RecordedRequest] = []
        # Called with (path, body) just before a request is served: lets a test play another
        # app that changes a value between our read and our write.
        self.before_route: Callable[[str, dict[str, Any]], None] | None = None
        self._recent: dict[str, deque[float]] = {}
        self._per_day: dict[tuple[str, date], int] = {}
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- set-up --------------------------------------------------------------------------------

    def add_inverter(self, serial: str, api_id: str, **kwargs: Any) -> FakeInverter:
        inverter = FakeInverter(serial=serial, api_id=api_id, **kwargs)
        self.inverters[serial] = inverter
        return inverter

    def inject(self, kind: FaultKind, **kwargs: Any) -> Fault:
        """Add a fault; faults are tried in the order they were added."""
        fault = Fault(kind, **kwargs)
        self.faults.append(fault)
        return fault

    async def start(self) -> str:
        app = web.Application()
        for path in PATHS:
            app.router.add_post(path, self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def close(self) -> None:
        self._closing.set()  # releases requests that are hanging or slow
        if self._runner is not None:
            await self._runner.cleanup()

    # -- assertions helpers --------------------------------------------------------------------

    def count(self, path: str | None = None, *, status: int | None = None) -> int:
        return sum(
            1
            for item in self.requests
            if (path is None or item.path == path) and (status is None or item.status == status)
        )

    def codes(self) -> list[str | None]:
        return [item.code for item in self.requests]

    # -- the protocol --------------------------------------------------------------------------

    def _record(
        self,
        request: web.Request,
        api_id: str | None,
        body: dict[str, Any] | None,
        status: int,
        code: str | None,
    ) -> None:
        self.requests.append(
            RecordedRequest(request.path, api_id, body, status, code, self.monotonic())
        )

    def _answer(
        self,
        request: web.Request,
        api_id: str | None,
        body: dict[str, Any] | None,
        data: Any = None,
        *,
        code: str = "0",
        msg: str = "success",
        success: bool | None = None,
    ) -> web.Response:
        self._record(request, api_id, body, 200, code)
        envelope = {
            "success": code == "0" if success is None else success,
            "code": code,
            "msg": msg,
            "data": data,
        }
        return web.json_response(envelope)

    def _refuse(
        self, request: web.Request, api_id: str | None, status: int, message: str
    ) -> web.Response:
        self._record(request, api_id, None, status, None)
        return web.json_response({"Status": str(status), "Message": message}, status=status)

    def _authenticate(self, request: web.Request, raw: bytes) -> tuple[str | None, str | None]:
        """(api_id, None) when the signature holds, else (api_id or None, reason)."""
        match = AUTHORIZATION.fullmatch(request.headers.get("Authorization", ""))
        if match is None:
            return None, "missing or malformed Authorization"
        api_id = match["api_id"]
        secret = self.accounts.get(api_id)
        if secret is None:
            return api_id, "appid invalid"
        md5 = base64.b64encode(hashlib.md5(raw, usedforsecurity=False).digest()).decode()
        if request.headers.get("Content-MD5") != md5:
            return api_id, "Content-MD5 does not match the body"
        content_type = request.headers.get("Content-Type", "")
        date_text = request.headers.get("Date", "")
        canonical = f"POST\n{md5}\n{content_type}\n{date_text}\n{request.path}"
        expected = base64.b64encode(
            hmac.new(secret.encode(), canonical.encode(), hashlib.sha1).digest()
        ).decode()
        if not hmac.compare_digest(expected, match["sign"]):
            return api_id, "wrong sign"
        return api_id, None

    def _date_ok(self, request: web.Request) -> bool:
        try:
            sent = parsedate_to_datetime(request.headers.get("Date", ""))
        except (TypeError, ValueError):
            return False
        if sent.tzinfo is None:
            return False
        return abs(sent - self.clock()) <= DATE_WINDOW

    def _throttled(self, api_id: str) -> bool:
        if self.requests_per_second is None:
            return False
        now = self.monotonic()
        recent = self._recent.setdefault(api_id, deque())
        while recent and now - recent[0] >= 1.0:
            recent.popleft()
        if len(recent) >= self.requests_per_second:
            return True
        recent.append(now)
        return False

    def _over_budget(self, api_id: str) -> bool:
        key = (api_id, self.clock().date())
        self._per_day[key] = self._per_day.get(key, 0) + 1
        return self.daily_budget is not None and self._per_day[key] > self.daily_budget

    async def _wait(self, seconds: float) -> None:
        """Sleep, but return at once when the server closes (no request outlives it)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), timeout=seconds)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        api_id, problem = self._authenticate(request, raw)
        if problem is not None:
            return self._refuse(request, api_id, 403, problem)
        assert api_id is not None
        if not self._date_ok(request):
            return self._refuse(request, api_id, 408, "Request time out of range")
        try:
            body = json.loads(raw)
        except ValueError:
            return self._answer(request, api_id, None, code="I0000", msg="body is not JSON")
        if self._throttled(api_id):
            if self.throttle_status is not None:
                return self._refuse(request, api_id, self.throttle_status, "too many requests")
            return self._answer(request, api_id, body, code="R0000", msg="no authority")
        if self._over_budget(api_id):
            return self._answer(request, api_id, body, code="R0000", msg="no authority")
        ignore_write = False
        for fault in self.faults:
            if not fault.take(request.path):
                continue
            if fault.kind is FaultKind.TIMEOUT:
                self._record(request, api_id, body, 0, "timeout")
                await self._wait(3600)
                return web.Response(status=504)
            if fault.kind is FaultKind.HTTP_STATUS:
                self._record(request, api_id, body, fault.status, None)
                return web.Response(status=fault.status, text="<html>Bad Gateway</html>")
            if fault.kind is FaultKind.CODE:
                return self._answer(
                    request, api_id, body, code=fault.code, msg="injected", success=True
                )
            if fault.kind is FaultKind.SLOW:
                await self._wait(fault.delay)
            if fault.kind is FaultKind.IGNORE_WRITE:
                ignore_write = True
            break
        if self.before_route is not None:
            self.before_route(request.path, body)
        return self._route(request, api_id, body, ignore_write=ignore_write)

    def _route(
        self, request: web.Request, api_id: str, body: dict[str, Any], *, ignore_write: bool
    ) -> web.Response:
        if request.path == "/v1/api/inverterList":
            records = [
                {
                    "id": inv.inverter_id,
                    "sn": inv.serial,
                    "stationId": inv.station_id,
                    "state": 1 if inv.online else 2,
                    "pac": 1.2,
                    "etoday": 7.5,
                    "dataTimestamp": "1735689600000",
                }
                for inv in self.inverters.values()
                if inv.api_id == api_id
            ]
            page = {"current": body.get("pageNo", 1), "total": len(records), "records": records}
            return self._answer(request, api_id, body, {"page": page})
        serial = str(body.get("inverterSn", body.get("sn", "")))
        if not serial:
            return self._answer(request, api_id, body, code="I0000", msg="parameter empty")
        inverter = self.inverters.get(serial)
        mine = inverter is not None and inverter.api_id == api_id
        if request.path == "/v1/api/inverterDetail":
            if not mine:
                return self._answer(request, api_id, body, None)  # unknown serial: no data
            assert inverter is not None
            detail = {
                "id": inverter.inverter_id,
                "sn": inverter.serial,
                "stationId": inverter.station_id,
                "state": 1 if inverter.online else 2,
                "pac": 1.2,
                "eToday": 7.5,
                "batteryCapacitySoc": 64.0,
            }
            return self._answer(request, api_id, body, detail)
        if not mine:
            return self._answer(request, api_id, body, code="B0049", msg="no permission")
        assert inverter is not None
        if not inverter.online:
            return self._answer(
                request, api_id, body, code="B0115", msg="datalogger offline", success=True
            )
        cid = int(body["cid"])
        if request.path == "/v2/api/atRead":
            value = inverter.controls.get(cid, "0")
            return self._answer(request, api_id, body, {"msg": value, "yuanzhi": value})
        value = str(body["value"])
        yuanzhi = body.get("yuanzhi")
        inverter.writes.append((cid, value, yuanzhi))
        if cid in inverter.needs_yuanzhi and yuanzhi != inverter.controls.get(cid, "0"):
            item = {"code": "B0218", "msg": "This command needs to be read and then set"}
            return self._answer(request, api_id, body, [item])
        if not ignore_write:
            inverter.controls[cid] = value
        return self._answer(request, api_id, body, [{"code": "0", "msg": "success"}])
