"""What can go wrong talking to SolisCloud, one class per thing the user or shell can act on.

Each class has a translation ``key`` (under ``exceptions`` in translations/en.json) and the
``placeholders`` its message needs, so the shell can raise a translated Home Assistant error,
start a reauth flow (``SolisAuthError``) or raise a repair issue (``SolisThrottledError``,
``SolisClockError``). ``transient`` errors are the ones the client retries with back-off before
giving up; the rest are raised at once. ``code`` is SolisCloud's own code when there was one,
``status`` the HTTP status. No message ever contains a secret.
"""

from __future__ import annotations

from typing import ClassVar


class SolisError(Exception):
    """Base class: a SolisCloud call did not do what was asked."""

    key: ClassVar[str] = "solis_request_failed"
    transient: ClassVar[bool] = False

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        placeholders: dict[str, str] | None = None,
    ) -> None:
        """Keep the API code, HTTP status and message placeholders; ``detail`` is for logs."""
        self.code = code
        self.status = status
        self.placeholders = placeholders or {}
        super().__init__(detail)


class SolisAuthError(SolisError):
    """Wrong API ID or secret (I0012, B0011, a rejected signature): ask for new credentials."""

    key = "solis_auth_failed"


class SolisClockError(SolisError):
    """SolisCloud refused the request's Date: this system's clock is off by minutes."""

    key = "solis_clock_rejected"


class SolisThrottledError(SolisError):
    """R0000: no API authority, or the account has used up its requests for now."""

    key = "solis_throttled"


class SolisUnknownInverterError(SolisError):
    """The account does not know the inverter serial number, or may not control it (B0049)."""

    key = "solis_unknown_inverter"

    def __init__(self, serial: str, detail: str, *, code: str | None = None) -> None:
        """Name the serial number the user typed."""
        super().__init__(detail, code=code, placeholders={"serial": serial})


class SolisReadBeforeSetError(SolisError):
    """B0218: the write's ``yuanzhi`` did not carry the value the inverter holds."""

    key = "solis_read_before_set"

    def __init__(self, cid: int, detail: str) -> None:
        """Name the control that refused the write."""
        super().__init__(detail, code="B0218", placeholders={"cid": str(cid)})


class SolisRequestError(SolisError):
    """Any other refusal (an unknown code, a 4xx status): a bug or an API change."""

    key = "solis_request_failed"

    def __init__(self, detail: str, *, code: str | None = None, status: int | None = None) -> None:
        """Show the code (or HTTP status) so a bug report can name it."""
        shown = code if code is not None else f"HTTP {status}"
        super().__init__(detail, code=code, status=status, placeholders={"code": shown})


class SolisResponseError(SolisError):
    """The answer was not in the shape the API documents (missing data, a non-number...)."""

    key = "solis_bad_response"


class SolisWriteNotAppliedError(SolisError):
    """A write was acknowledged but the inverter kept reporting another value."""

    key = "solis_write_not_applied"

    def __init__(self, cid: int, value: str, actual: str) -> None:
        """Name the control, the value asked for and the value read back."""
        super().__init__(
            f"control {cid} still reads {actual!r} after writing {value!r}",
            placeholders={"cid": str(cid), "value": value, "actual": actual},
        )


class SolisDataloggerOfflineError(SolisError):
    """B0115: the datalogger is offline, SolisCloud cannot reach the inverter (often brief)."""

    key = "solis_datalogger_offline"
    transient = True


class SolisConnectionError(SolisError):
    """SolisCloud could not be reached (network, DNS, reset connection)."""

    key = "solis_connection_failed"
    transient = True


def _seconds(value: float) -> str:
    """Seconds for people: one decimal at most ("30", "18.4"), never "12.9974" or "1e+06"."""
    return f"{value:.1f}".removesuffix(".0")


class SolisTimeoutError(SolisConnectionError):
    """SolisCloud did not answer in time."""

    key = "solis_timeout"

    def __init__(self, limit: float, *, waited: float | None = None) -> None:
        """Tell people the call's time limit; the log also gets the attempt's own share."""
        shown = _seconds(limit)
        detail = f"no answer within {shown} s"
        if waited is not None and _seconds(waited) != shown:
            detail += f" (this attempt gave up after {_seconds(waited)} s)"
        super().__init__(detail, placeholders={"seconds": shown})


class SolisServerError(SolisConnectionError):
    """SolisCloud answered with a server error (5xx) or asked to slow down (429)."""

    key = "solis_server_error"

    def __init__(self, status: int) -> None:
        """Keep the HTTP status."""
        super().__init__(f"HTTP {status}", status=status, placeholders={"status": str(status)})
