"""Applying a plant's plan: verified SolisCloud writes, the control log, and the retry policy.

Given what the plan wants and what was last applied, ``apply_controls`` writes only the controls
that differ and describes the attempt as a control-log record. SolisCloud allows about 200
requests a day, so a change costs a write and a read back: the value last verified on the
inverter (kept per control with the applied state, so in the plant's store) goes as ``yuanzhi``;
a control is read first only when that value is unknown, older than a day, or refused as stale.
Every failure, expected or not, becomes such a record, and ``RetryPolicy`` (the one retry
policy) holds back the failed values whatever started the attempt. Nothing here needs Home
Assistant: the plant's coordinator decides *when* to apply (timers, edits, overrides, retries)
within this policy, persists the result, fires events and raises repairs; the benchmark drives
the same function and policy against the fake server.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from .soliscloud.client import SolisCloudClient
from .soliscloud.controls import ControlIds
from .soliscloud.errors import SolisAuthError, SolisError, SolisResponseError

_LOGGER = logging.getLogger(__name__)

# When to try again after an apply failed (after the client's own short retries of 2, 5, 10 s).
RETRY_DELAYS: Final = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
)


def retry_delay(failures: int) -> timedelta:
    """How long to wait after ``failures`` failed applies in a row (at least one)."""
    return RETRY_DELAYS[min(max(failures, 1), len(RETRY_DELAYS)) - 1]


@dataclass(frozen=True, slots=True)
class ControlValues:
    """The two values a plant is driven by."""

    peak_shaving_w: int
    grid_charging_allowed: bool


def retried_later(error: SolisError) -> bool:
    """Whether a failed apply is tried again on its own once its back-off has passed.

    A refusal by SolisCloud (an error code or a 4xx status: unknown serial, no permission,
    throttled account, refused clock or credentials) would only be refused again, so it waits
    for other values or the user. Transient faults, writes the inverter did not take and
    garbled answers may pass later.
    """
    return error.transient or (error.code is None and error.status is None)


@dataclass(frozen=True, slots=True)
class BackOff:
    """What a failed apply holds back, whatever started it (schedule, edit, override...).

    ``values`` failed; they are not sent again on their own before ``retry_at`` (``None``: a
    refusal, never on its own). Other values (a boundary, an edit or an override brought them)
    are a new attempt at once; "apply now" is the user's and never held.
    """

    values: ControlValues
    retry_at: datetime | None

    @classmethod
    def after(
        cls, error: SolisError, values: ControlValues, failures: int, now: datetime
    ) -> BackOff:
        """The back-off after the ``failures``-th failed apply in a row, ``now``."""
        retry_at = now + retry_delay(failures) if retried_later(error) else None
        return cls(values, retry_at)

    def holds(self, desired: ControlValues, now: datetime) -> bool:
        """True while an automatic attempt at ``desired`` must wait."""
        if desired != self.values:
            return False
        return self.retry_at is None or now < self.retry_at


class RetryPolicy:
    """When to apply again after failures: the same for every trigger, so nothing loops.

    Counts failed applies in a row (kept across restarts by the plant's store), holds back
    values that failed (``BackOff``), remembers the failure in force (a translation key) and
    whether SolisCloud refused the credentials (then nothing is sent until they change).
    """

    def __init__(self, failures: int = 0) -> None:
        """Start from the failures saved before a restart."""
        self.failures = failures
        self.back_off: BackOff | None = None
        self.problem: str | None = None
        self.auth_failed = False

    @property
    def retry_at(self) -> datetime | None:
        """When the values that failed are tried again on their own (``None``: not)."""
        if self.back_off is None or self.auth_failed:
            return None
        return self.back_off.retry_at

    def allows(self, desired: ControlValues, applied: AppliedState, now: datetime) -> bool:
        """Whether an automatic attempt may write ``desired`` now (what started it is moot)."""
        if self.auth_failed or applied.matches(desired):
            return False
        return self.back_off is None or not self.back_off.holds(desired, now)

    def settle(self, outcome: ApplyOutcome, now: datetime) -> None:
        """Take an attempt's outcome: a success clears everything, a failure backs off."""
        error = outcome.error
        if error is None:
            self.failures = 0
            self.back_off = None
            self.problem = None
            return
        self.failures += 1
        self.problem = error.key
        record = outcome.record
        values = ControlValues(record.peak_shaving_w, record.grid_charging_allowed)
        self.back_off = BackOff.after(error, values, self.failures, now)
        self.auth_failed = self.auth_failed or isinstance(error, SolisAuthError)

    def next_try(self) -> str:
        """When the values that failed are tried again, for the log."""
        if self.auth_failed:
            return "waiting for new credentials"
        if (retry_at := self.retry_at) is not None:
            return f"trying again at {retry_at.isoformat()}"
        return "trying again when the plan's values change or on apply now"


# How long a value read back from the inverter is trusted as ``yuanzhi`` instead of reading it.
VERIFIED_MAX_AGE: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class VerifiedValue:
    """A control's value as SolisCloud last reported it (read or read back), and when."""

    cid: int
    value: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AppliedState:
    """What the inverter was last verified to hold (``None``: not known, e.g. never applied).

    ``verified`` keeps the raw value read per control ID, the ``yuanzhi`` of the next write.
    """

    peak_shaving_w: int | None = None
    grid_charging_allowed: bool | None = None
    at: datetime | None = None
    verified: tuple[VerifiedValue, ...] = ()

    def known_value(self, cid: int, now: datetime) -> str | None:
        """Control ``cid``'s verified value if it is younger than a day (else read it first)."""
        for item in self.verified:
            if item.cid == cid and timedelta(0) <= now - item.at < VERIFIED_MAX_AGE:
                return item.value
        return None

    def with_verified(self, cid: int, value: str | None, at: datetime) -> AppliedState:
        """This state with ``cid``'s verified value replaced (``None``: forgotten)."""
        kept = tuple(item for item in self.verified if item.cid != cid)
        if value is not None:
            kept = (*kept, VerifiedValue(cid, value, at))
        return replace(self, verified=tuple(sorted(kept, key=lambda item: item.cid)))

    def pending(self, desired: ControlValues) -> tuple[bool, bool]:
        """Which controls (peak shaving, grid charging) differ from ``desired``."""
        return (
            self.peak_shaving_w != desired.peak_shaving_w,
            self.grid_charging_allowed != desired.grid_charging_allowed,
        )

    def matches(self, desired: ControlValues) -> bool:
        """True when nothing needs writing to reach ``desired``."""
        return not any(self.pending(desired))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the plant's store."""
        return {
            "peak_shaving_w": self.peak_shaving_w,
            "grid_charging_allowed": self.grid_charging_allowed,
            "at": self.at.isoformat() if self.at else None,
            "verified": {
                str(item.cid): {"value": item.value, "at": item.at.isoformat()}
                for item in self.verified
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AppliedState:
        """Rebuild from the store; anything unreadable counts as unknown (so it is re-applied)."""
        if not isinstance(data, Mapping):
            return cls()
        peak = data.get("peak_shaving_w")
        grid = data.get("grid_charging_allowed")
        state = cls(
            peak_shaving_w=peak if isinstance(peak, int) and not isinstance(peak, bool) else None,
            grid_charging_allowed=grid if isinstance(grid, bool) else None,
            at=_moment(data.get("at")),
        )
        verified = data.get("verified")
        for cid, item in verified.items() if isinstance(verified, Mapping) else ():
            if not isinstance(item, Mapping) or not isinstance(value := item.get("value"), str):
                continue
            if str(cid).isdigit() and (moment := _moment(item.get("at"))) is not None:
                state = state.with_verified(int(cid), value, moment)
        return state


def _moment(text: object) -> datetime | None:
    """A stored time-zone-aware instant; anything else is ``None``."""
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


class ApplyResult(StrEnum):
    """The outcome of one apply attempt."""

    SUCCESS = "success"  # at least one value written and read back
    SKIPPED = "skipped"  # the inverter already held the values: nothing written
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ApplyRecord:
    """One entry of a plant's control log (what was asked, what happened); never a secret."""

    attempted_at: datetime
    peak_shaving_w: int
    grid_charging_allowed: bool
    source: str  # where the values came from: segment, defaults or override
    trigger: str  # what started the attempt: schedule, edit, apply_now, startup, retry
    result: ApplyResult
    requests: int
    writes: int
    http_status: int | None = None
    code: str | None = None
    error: str | None = None  # translation key of the failure
    detail: str | None = None  # the failure as logged (codes and messages, no credentials)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the store, diagnostics and events."""
        return {
            "attempted_at": self.attempted_at.isoformat(),
            "peak_shaving_w": self.peak_shaving_w,
            "grid_charging_allowed": self.grid_charging_allowed,
            "source": self.source,
            "trigger": self.trigger,
            "result": self.result.value,
            "requests": self.requests,
            "writes": self.writes,
            "http_status": self.http_status,
            "code": self.code,
            "error": self.error,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ApplyRecord:
        """Rebuild a stored record (raises ``KeyError``/``ValueError`` on a damaged one)."""
        return cls(
            attempted_at=datetime.fromisoformat(str(data["attempted_at"])),
            peak_shaving_w=int(data["peak_shaving_w"]),
            grid_charging_allowed=bool(data["grid_charging_allowed"]),
            source=str(data["source"]),
            trigger=str(data["trigger"]),
            result=ApplyResult(data["result"]),
            requests=int(data["requests"]),
            writes=int(data["writes"]),
            http_status=data.get("http_status"),
            code=data.get("code"),
            error=data.get("error"),
            detail=data.get("detail"),
        )


@dataclass(frozen=True, slots=True)
class ApplyOutcome:
    """What an attempt left behind: the new applied state, its log record, the error if any."""

    applied: AppliedState
    record: ApplyRecord
    error: SolisError | None


def _http_status(error: SolisError) -> int | None:
    """The HTTP status of a failed call; a SolisCloud code always came with HTTP 200."""
    if error.status is not None:
        return error.status
    return 200 if error.code is not None else None


async def apply_controls(
    client: SolisCloudClient,
    serial: str,
    controls: ControlIds,
    desired: ControlValues,
    applied: AppliedState,
    *,
    now: datetime,
    source: str,
    trigger: str,
    force: bool = False,
) -> ApplyOutcome:
    """Bring the inverter to ``desired``: write only what differs from ``applied``.

    A pending control is written with its last verified value as ``yuanzhi`` (read first when
    there is none younger than a day); the value read back becomes the new verified one. With
    ``force`` both controls are read on the inverter (a write only if it holds something else),
    for "apply now" after changes made outside VoltWise. A control that succeeded stays recorded
    as applied even if the other one then fails, so a retry only touches what is still missing;
    the one that failed forgets its verified value (what the inverter holds is unknown now).
    """
    peak_pending, grid_pending = (True, True) if force else applied.pending(desired)
    used_before = client.budget_status().used
    writes = 0
    error: SolisError | None = None
    cid = controls.peak_shaving_cid
    try:
        if peak_pending:
            known = None if force else applied.known_value(cid, now)
            result = await client.apply_peak_shaving(
                serial, desired.peak_shaving_w, controls, known=known
            )
            writes += result.writes
            applied = replace(applied, peak_shaving_w=desired.peak_shaving_w, at=now)
            applied = applied.with_verified(cid, result.after, now)
        cid = controls.grid_charging_control
        if grid_pending:
            known = None if force else applied.known_value(cid, now)
            result = await client.apply_grid_charging(
                serial, desired.grid_charging_allowed, controls, known=known
            )
            writes += result.writes
            applied = replace(applied, grid_charging_allowed=desired.grid_charging_allowed, at=now)
            applied = applied.with_verified(cid, result.after, now)
    except SolisError as err:
        error = err
    except Exception as err:
        # An answer nothing expected (say a bitfield of "inf"): still a failed attempt, logged
        # and recorded, so it follows the retry policy instead of escaping the shell's records.
        _LOGGER.exception("Unexpected failure applying %s to the inverter", desired)
        error = SolisResponseError(f"unexpected {type(err).__name__} (see the log)")
    if error is not None:
        applied = applied.with_verified(cid, None, now)
    requests = max(client.budget_status().used - used_before, 0)
    if error is not None:
        outcome = ApplyResult.FAILED
    elif writes:
        outcome = ApplyResult.SUCCESS
    else:
        outcome = ApplyResult.SKIPPED
    record = ApplyRecord(
        attempted_at=now,
        peak_shaving_w=desired.peak_shaving_w,
        grid_charging_allowed=desired.grid_charging_allowed,
        source=source,
        trigger=trigger,
        result=outcome,
        requests=requests,
        writes=writes,
        http_status=_http_status(error) if error is not None else (200 if requests else None),
        code=error.code if error is not None else ("0" if requests else None),
        error=error.key if error is not None else None,
        detail=str(error) if error is not None else None,
    )
    return ApplyOutcome(applied=applied, record=record, error=error)
