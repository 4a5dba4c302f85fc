"""SolisCloud API client: signed calls, shared rate limit, retries, daily budget, verified writes.

SolisCloud allows 2 requests per second per account and throttles an account after roughly 200
calls a day, so every request of every client of one API ID goes through one ``SolisAccount`` (a
limiter and a day counter) that the caller keeps and hands to each client. Transient failures
(timeouts, connection errors, 5xx, B0115 "data logger offline") are retried after 2, 5 and 10 s
within a 30 s budget per call; permanent ones raise at once (see ``errors``). Writes are verified:
write with the current value as ``yuanzhi`` (the caller's last verified value when it has one,
else read first; an equal value read means there is nothing to write), read back, and write again
if the inverter did not take it. A write SolisCloud refuses as stale (B0218) is read and sent again.

Time is injectable (``clock`` for the signed Date and the budget day, ``monotonic`` and ``sleep``
for deadlines and back-off) so tests need not wait for real back-offs.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Final

import aiohttp

from .controls import DEFAULT_CONTROLS, ControlIds, GridChargingMethod
from .errors import (
    SolisAuthError,
    SolisClockError,
    SolisConnectionError,
    SolisDataloggerOfflineError,
    SolisError,
    SolisReadBeforeSetError,
    SolisRequestError,
    SolisResponseError,
    SolisServerError,
    SolisThrottledError,
    SolisTimeoutError,
    SolisUnknownInverterError,
    SolisWriteNotAppliedError,
)
from .signing import encode_body, signed_headers

_LOGGER = logging.getLogger(__name__)

DEFAULT_BASE_URL: Final = "https://www.soliscloud.com:13333"
PATH_AT_READ: Final = "/v2/api/atRead"
PATH_CONTROL: Final = "/v2/api/control"
PATH_INVERTER_LIST: Final = "/v1/api/inverterList"
PATH_INVERTER_DETAIL: Final = "/v1/api/inverterDetail"

RATE_LIMIT_REQUESTS: Final = 2
RATE_LIMIT_PERIOD: Final = 1.0
# Requests leave 1.1 s apart per pair, so network jitter cannot put three in one server second.
RATE_LIMIT_MARGIN: Final = 0.1
DEFAULT_RETRY_DELAYS: Final = (2.0, 5.0, 10.0)
DEFAULT_CALL_TIMEOUT: Final = 30.0
# SolisCloud may take 5-10 s to answer; one slow answer must not use up the whole call.
DEFAULT_ATTEMPT_TIMEOUT: Final = 15.0
DEFAULT_DAILY_BUDGET: Final = 200
DEFAULT_WRITE_ATTEMPTS: Final = 3
# The datalogger needs a moment to pass a write on before a read shows it.
DEFAULT_READBACK_DELAY: Final = 2.0

type Sleep = Callable[[float], Awaitable[None]]
type Clock = Callable[[], datetime]
type Monotonic = Callable[[], float]


def _utcnow() -> datetime:
    return datetime.now(UTC)


# -- the shared per-account state ---------------------------------------------------------------


class RequestLimiter:
    """At most ``max_requests`` request starts in any ``period`` (plus ``margin``) seconds.

    Each caller reserves the next free start time before it awaits anything, so concurrent
    callers queue in order without a lock (and the limiter is not tied to one event loop).
    """

    def __init__(
        self,
        max_requests: int = RATE_LIMIT_REQUESTS,
        period: float = RATE_LIMIT_PERIOD,
        *,
        margin: float = RATE_LIMIT_MARGIN,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """Start empty: the first ``max_requests`` calls go at once."""
        self._window = period + margin
        self._monotonic = monotonic
        self._sleep = sleep
        self._starts: deque[float] = deque(maxlen=max_requests)

    async def acquire(self) -> None:
        """Wait until a request may start, and claim that start."""
        now = self._monotonic()
        start = now
        if len(self._starts) == self._starts.maxlen:
            start = max(now, self._starts[0] + self._window)
        self._starts.append(start)
        if start > now:
            await self._sleep(start - now)


class DailyRequestCounter:
    """How many requests an account sent on the current day."""

    def __init__(self) -> None:
        """Nothing counted yet."""
        self._day: date | None = None
        self._count = 0

    def add(self, day: date) -> int:
        """Count one request on ``day`` (a new day starts from zero); return the day's total."""
        if day != self._day:
            self._day, self._count = day, 0
        self._count += 1
        return self._count

    def used(self, day: date) -> int:
        """Requests counted on ``day``."""
        return self._count if day == self._day else 0

    def restore(self, day: date, count: int) -> None:
        """Take over a count saved before a restart (never lowers what is already counted)."""
        if day == self._day:
            self._count = max(self._count, count)
        elif self._day is None or day > self._day:
            self._day, self._count = day, count


@dataclass(slots=True)
class SolisAccount:
    """What all clients of one API ID share: the rate limit and the day's request count."""

    limiter: RequestLimiter = field(default_factory=RequestLimiter)
    counter: DailyRequestCounter = field(default_factory=DailyRequestCounter)


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BudgetStatus:
    """The account's use of its daily request budget."""

    day: date
    used: int
    budget: int
    warning_at: int

    @property
    def remaining(self) -> int:
        """Requests left today (never negative)."""
        return max(self.budget - self.used, 0)

    @property
    def warning(self) -> bool:
        """True once the warning level is reached."""
        return self.used >= self.warning_at

    @property
    def exhausted(self) -> bool:
        """True once the budget is used up (SolisCloud may start answering R0000)."""
        return self.used >= self.budget


@dataclass(frozen=True, slots=True)
class WriteResult:
    """The outcome of a verified write: the value before, the value read back, writes sent."""

    cid: int
    before: str
    after: str
    writes: int

    @property
    def changed(self) -> bool:
        """False when the inverter already had the value and nothing was written."""
        return self.writes > 0


@dataclass(frozen=True, slots=True)
class InverterInfo:
    """What the connection test learnt about the inverter."""

    serial: str
    inverter_id: str
    station_id: str
    state: int | None  # 1 online, 2 offline, 3 alarm

    @property
    def online(self) -> bool:
        """True unless SolisCloud reports the inverter offline."""
        return self.state != 2


def same_value(left: str, right: str) -> bool:
    """Values as SolisCloud returns them are equal (``"1000"`` equals ``"1000.0"``)."""
    first, second = left.strip(), right.strip()
    if first == second:
        return True
    try:
        return float(first) == float(second)
    except ValueError:
        return False


def _raise_for_code(code: str, message: str, *, serial: str, cid: int | None) -> None:
    """Turn a non-zero SolisCloud code into the matching error."""
    if code == "0":
        return
    detail = f"code {code}: {message}"[:200]
    if code == "B0115":
        raise SolisDataloggerOfflineError(detail, code=code)
    if code == "R0000":
        raise SolisThrottledError(detail, code=code)
    if code in {"I0012", "B0011"}:
        raise SolisAuthError(detail, code=code)
    if code == "B0049":
        raise SolisUnknownInverterError(serial, detail, code=code)
    if code == "B0218" and cid is not None:
        raise SolisReadBeforeSetError(cid, detail)
    raise SolisRequestError(detail, code=code)


# -- the client --------------------------------------------------------------------------------


def _bitfield(text: str) -> int | None:
    """A bitfield control's value ("33", "33.0"); None for anything else (NaN, "inf", "2.5")."""
    try:
        number = float(text)
    except ValueError:
        return None
    if not number.is_integer() or not 0 <= number < 1 << 32:
        return None  # is_integer() is False for NaN and infinities
    return int(number)


class SolisCloudClient:
    """Calls to one SolisCloud account (one API ID and secret)."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        api_id: str,
        api_secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        account: SolisAccount | None = None,
        clock: Clock = _utcnow,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        call_timeout: float = DEFAULT_CALL_TIMEOUT,
        attempt_timeout: float = DEFAULT_ATTEMPT_TIMEOUT,
        write_attempts: int = DEFAULT_WRITE_ATTEMPTS,
        readback_delay: float = DEFAULT_READBACK_DELAY,
        daily_budget: int = DEFAULT_DAILY_BUDGET,
        budget_warning: int | None = None,
        budget_tz: tzinfo = UTC,
        on_budget: Callable[[BudgetStatus], None] | None = None,
    ) -> None:
        """Keep the injected session and settings.

        ``account`` is what the clients of one API ID share (a fresh, unshared one when none is
        given). ``on_budget`` is called when this client's request reaches ``budget_warning``
        (default 90 % of ``daily_budget``) and again when it reaches ``daily_budget``; days are
        counted in ``budget_tz``.
        """
        self._session = session
        self._api_id = api_id
        self._api_secret = api_secret
        self._base_url = base_url.rstrip("/")
        self._account = account if account is not None else SolisAccount()
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._retry_delays = tuple(retry_delays)
        self._call_timeout = call_timeout
        self._attempt_timeout = attempt_timeout
        self._write_attempts = write_attempts
        self._readback_delay = readback_delay
        self._daily_budget = daily_budget
        self._budget_warning = (
            budget_warning if budget_warning is not None else daily_budget * 9 // 10
        )
        self._budget_tz = budget_tz
        self._on_budget = on_budget

    def __repr__(self) -> str:
        """Never show the secret (or the API ID) in logs or tracebacks."""
        return f"SolisCloudClient(base_url={self._base_url!r})"

    # -- budget --------------------------------------------------------------------------------

    def budget_status(self) -> BudgetStatus:
        """Today's request count against the budget."""
        day = self._clock().astimezone(self._budget_tz).date()
        return BudgetStatus(
            day=day,
            used=self._account.counter.used(day),
            budget=self._daily_budget,
            warning_at=self._budget_warning,
        )

    def restore_requests(self, day: date, count: int) -> None:
        """Carry over the day's request count saved before a restart (it never goes down)."""
        self._account.counter.restore(day, count)

    def _count_request(self) -> None:
        day = self._clock().astimezone(self._budget_tz).date()
        used = self._account.counter.add(day)
        if used in {self._budget_warning, self._daily_budget}:
            _LOGGER.warning(
                "SolisCloud account has sent %d of about %d requests allowed today",
                used,
                self._daily_budget,
            )
            if self._on_budget is not None:
                self._on_budget(self.budget_status())

    # -- transport -----------------------------------------------------------------------------

    async def _call(
        self,
        path: str,
        payload: Mapping[str, Any],
        *,
        serial: str = "",
        cid: int | None = None,
        retry: bool = True,
    ) -> Any:
        """POST ``payload`` to ``path`` and return the envelope's ``data``, retrying if allowed."""
        deadline = self._monotonic() + self._call_timeout
        delays = list(self._retry_delays) if retry else []
        attempt = 0
        while True:
            attempt += 1
            remaining = deadline - self._monotonic()
            if remaining <= 0:
                raise SolisTimeoutError(self._call_timeout)
            try:
                return await self._attempt(
                    path, payload, min(self._attempt_timeout, remaining), serial=serial, cid=cid
                )
            except SolisError as err:
                if not err.transient or not delays:
                    raise
                delay = delays.pop(0)
                if self._monotonic() + delay >= deadline:
                    raise
                _LOGGER.warning(
                    "SolisCloud %s failed (%s, attempt %d); retrying in %g s",
                    path,
                    err,
                    attempt,
                    delay,
                )
                await self._sleep(delay)

    async def _attempt(
        self,
        path: str,
        payload: Mapping[str, Any],
        seconds: float,
        *,
        serial: str,
        cid: int | None,
    ) -> Any:
        body = encode_body(payload)
        try:
            async with asyncio.timeout(seconds):
                await self._account.limiter.acquire()
                self._count_request()
                headers = signed_headers(self._api_id, self._api_secret, path, body, self._clock())
                async with self._session.post(
                    self._base_url + path, data=body, headers=headers
                ) as response:
                    status = response.status
                    raw = await response.read()
        except TimeoutError as err:
            raise SolisTimeoutError(self._call_timeout, waited=seconds) from err
        except aiohttp.ClientError as err:
            raise SolisConnectionError(f"{path}: {type(err).__name__}") from err
        return self._parse(path, status, raw, serial=serial, cid=cid)

    @staticmethod
    def _parse(path: str, status: int, raw: bytes, *, serial: str, cid: int | None) -> Any:
        if status in {401, 403}:
            raise SolisAuthError(f"{path}: HTTP {status}, signature refused", status=status)
        if status == 408:
            raise SolisClockError(f"{path}: HTTP 408, request date refused", status=status)
        if status == 429 or status >= 500:
            raise SolisServerError(status)
        if status != 200:
            raise SolisRequestError(f"{path}: HTTP {status}", status=status)
        try:
            envelope = json.loads(raw)
        except ValueError as err:
            raise SolisResponseError(f"{path}: answer is not JSON") from err
        if not isinstance(envelope, dict) or "code" not in envelope:
            raise SolisResponseError(f"{path}: answer has no code")
        # A failure can arrive with success true: the code decides.
        code = str(envelope["code"])
        _raise_for_code(code, str(envelope.get("msg", "")), serial=serial, cid=cid)
        if envelope.get("success") is False:
            raise SolisRequestError(f"{path}: success false with code 0", code=code)
        return envelope.get("data")

    # -- reads and writes ----------------------------------------------------------------------

    async def read_control(self, inverter_sn: str, cid: int, *, retry: bool = True) -> str:
        """The current value of control ``cid`` as SolisCloud reports it (a string)."""
        data = await self._call(
            PATH_AT_READ,
            {"inverterSn": inverter_sn, "cid": cid},
            serial=inverter_sn,
            cid=cid,
            retry=retry,
        )
        if not isinstance(data, dict) or data.get("msg") is None:
            raise SolisResponseError(f"atRead of {cid} returned no value")
        return str(data["msg"])

    async def write_control(
        self, inverter_sn: str, cid: int, value: str, *, yuanzhi: str | None = None
    ) -> None:
        """Ask SolisCloud to set control ``cid``; ``yuanzhi`` is the value read just before.

        An acknowledgement does not mean the inverter took the value: ``apply_value`` checks.
        """
        payload: dict[str, Any] = {"inverterSn": inverter_sn, "cid": cid, "value": value}
        if yuanzhi is not None:
            payload["yuanzhi"] = yuanzhi
        data = await self._call(PATH_CONTROL, payload, serial=inverter_sn, cid=cid)
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        if data is not None and not items:
            raise SolisResponseError(f"control of {cid} returned {type(data).__name__}")
        for item in items:
            if isinstance(item, dict) and "code" in item:
                _raise_for_code(
                    str(item["code"]), str(item.get("msg", "")), serial=inverter_sn, cid=cid
                )

    async def inverter_list(
        self, *, page_no: int = 1, page_size: int = 100, station_id: str | None = None
    ) -> list[dict[str, Any]]:
        """One page of the account's inverters (``id``, ``sn``, ``stationId``, ``state``...)."""
        payload: dict[str, Any] = {"pageNo": page_no, "pageSize": page_size}
        if station_id is not None:
            payload["stationId"] = station_id
        data = await self._call(PATH_INVERTER_LIST, payload)
        try:
            records = data["page"]["records"]
        except (KeyError, TypeError) as err:
            raise SolisResponseError("inverterList without page records") from err
        if not isinstance(records, list):
            raise SolisResponseError("inverterList records are not a list")
        return [record for record in records if isinstance(record, dict)]

    async def inverter_detail(self, inverter_sn: str, *, retry: bool = True) -> dict[str, Any]:
        """The inverter's detail record; an unknown serial raises SolisUnknownInverterError."""
        data = await self._call(
            PATH_INVERTER_DETAIL, {"sn": inverter_sn}, serial=inverter_sn, retry=retry
        )
        if not data:
            raise SolisUnknownInverterError(inverter_sn, "inverterDetail returned no inverter")
        if not isinstance(data, dict):
            raise SolisResponseError("inverterDetail is not an object")
        return data

    async def check_inverter(self, inverter_sn: str, cid: int) -> InverterInfo:
        """The connection test for a config flow: two signed reads, no retries, no writes.

        Raises ``SolisAuthError`` (credentials), ``SolisUnknownInverterError`` (serial),
        ``SolisDataloggerOfflineError`` (the control read cannot reach the inverter) or a
        ``SolisConnectionError`` (network) among others.
        """
        detail = await self.inverter_detail(inverter_sn, retry=False)
        await self.read_control(inverter_sn, cid, retry=False)
        try:
            state: int | None = int(detail["state"])
        except (KeyError, TypeError, ValueError):
            state = None
        return InverterInfo(
            serial=inverter_sn,
            inverter_id=str(detail.get("id", "")),
            station_id=str(detail.get("stationId", "")),
            state=state,
        )

    # -- verified writes -----------------------------------------------------------------------

    async def apply_value(
        self, inverter_sn: str, cid: int, value: str, *, known: str | None = None
    ) -> WriteResult:
        """Make control ``cid`` read ``value`` and verify it.

        ``known`` is the value last verified on the inverter: it is sent as ``yuanzhi`` without
        reading first (one request fewer). Without it (or when it already equals ``value``) the
        control is read first and nothing is written if it already holds ``value``.
        """
        return await self._apply(inverter_sn, cid, lambda _current: value, known)

    async def apply_bit(self, inverter_sn: str, cid: int, bit: int, enabled: bool) -> WriteResult:
        """Set or clear one bit of a bitfield control, keeping every other bit as read.

        Always read first, never from a remembered value: the other bits are settings the user
        changes in the SolisCloud app (storage modes), and writing them back from memory would
        undo such a change wherever SolisCloud does not check ``yuanzhi``.
        """

        def target(current: str) -> str:
            number = _bitfield(current)
            if number is None:
                raise SolisResponseError(f"control {cid} is not a bitfield")
            return str(number | 1 << bit if enabled else number & ~(1 << bit))

        return await self._apply(inverter_sn, cid, target)

    async def apply_peak_shaving(
        self,
        inverter_sn: str,
        watts: int,
        controls: ControlIds = DEFAULT_CONTROLS,
        *,
        known: str | None = None,
    ) -> WriteResult:
        """Set the peak-shaving grid power limit in W (a whole number of watts)."""
        return await self.apply_value(
            inverter_sn, controls.peak_shaving_cid, str(int(watts)), known=known
        )

    async def apply_grid_charging(
        self,
        inverter_sn: str,
        allowed: bool,
        controls: ControlIds = DEFAULT_CONTROLS,
        *,
        known: str | None = None,
    ) -> WriteResult:
        """Allow or forbid grid charging by the plant's method (``known``: the switch's only)."""
        if controls.grid_charging_method is GridChargingMethod.STORAGE_MODE_BIT:
            return await self.apply_bit(
                inverter_sn, controls.storage_mode_cid, controls.grid_charging_bit, allowed
            )
        value = controls.switch_on if allowed else controls.switch_off
        return await self.apply_value(inverter_sn, controls.grid_charging_cid, value, known=known)

    async def _apply(
        self, inverter_sn: str, cid: int, target: Callable[[str], str], known: str | None = None
    ) -> WriteResult:
        """Write ``target(current)`` and read it back; ``after`` is always a value read."""
        if known is not None and not same_value(known, target(known)):
            before = current = known  # trusted as yuanzhi; SolisCloud refuses it if stale
        else:
            before = current = await self.read_control(inverter_sn, cid)
            if same_value(current, target(current)):
                return WriteResult(cid, before, current, 0)
        wanted = target(current)
        writes = 0
        while writes < self._write_attempts:
            writes += 1
            try:
                await self.write_control(inverter_sn, cid, wanted, yuanzhi=current)
            except SolisReadBeforeSetError:
                # The value changed since it was read or verified (the SolisCloud app, say):
                # the read below refreshes yuanzhi and the loop writes again.
                _LOGGER.debug("SolisCloud wants control %s read again before setting it", cid)
            else:
                if self._readback_delay > 0:
                    await self._sleep(self._readback_delay)
            current = await self.read_control(inverter_sn, cid)
            wanted = target(current)
            if same_value(current, wanted):
                return WriteResult(cid, before, current, writes)
            _LOGGER.warning(
                "SolisCloud acknowledged control %s but it still reads %s (write %d of %d)",
                cid,
                current,
                writes,
                self._write_attempts,
            )
        raise SolisWriteNotAppliedError(cid, wanted, current)
