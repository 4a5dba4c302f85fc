"""What every VoltWise service checks the same way, with translated errors.

Field validators for the service schemas carry the ranges of ``services.yaml``'s selectors, so a
limit is declared once, next to its field. A value of the wrong type (a word where a number
belongs, a list where a text belongs) is left to Home Assistant's own ``vol.Invalid`` message; a
value of the right type that VoltWise does not accept (out of range, not finite, a fraction where
a whole number belongs, a duration or date too far away, an unknown option) raises a
``ServiceValidationError`` with a translation key, from the schema itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from datetime import datetime, timedelta, tzinfo
from typing import Any

import voluptuous as vol
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .engine.errors import EngineError
from .engine.limits import (
    MAX_DURATION,
    check_date,
    duration_text,
    minutes_text,
    number_text,
    supported_dates,
)

# Long inputs are cut in messages: the message names the value, it does not echo a megabyte.
_SHOWN = 40


def invalid(key: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal of a service call."""
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def from_engine(err: EngineError) -> ServiceValidationError:
    """The engine's refusal, translated."""
    return invalid(err.code, **err.placeholders)


def shown(value: object) -> str:
    """A value as a message quotes it (shortened)."""
    text = str(value)
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}…"


def _as_float(value: Any) -> float:
    """A number or numeric text; anything else is a type error for Home Assistant to report."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise vol.Invalid("expected a number")
    try:
        return float(value)
    except ValueError as err:
        raise vol.Invalid("expected a number") from err
    except OverflowError:  # an integer with hundreds of digits
        return math.inf if value > 0 else -math.inf


def number(
    field: str, minimum: float, maximum: float, *, whole: bool = False
) -> Callable[[Any], float]:
    """A finite number in ``[minimum, maximum]`` (a whole one if ``whole``)."""

    def validate(value: Any) -> float:
        parsed = _as_float(value)
        if math.isnan(parsed) or (math.isinf(parsed) and not isinstance(value, int)):
            raise invalid("value_not_finite", field=field, value=shown(value))
        if not minimum <= parsed <= maximum:
            raise invalid(
                "value_out_of_range",
                field=field,
                value=number_text(parsed) if math.isfinite(parsed) else shown(value),
                minimum=number_text(minimum),
                maximum=number_text(maximum),
            )
        if whole:
            if not parsed.is_integer():
                raise invalid("value_not_whole", field=field, value=number_text(parsed))
            return int(parsed)
        return parsed

    return validate


def one_of_numbers(field: str, options: Collection[int], key: str) -> Callable[[Any], int]:
    """One of a few whole numbers (a select of numbers, such as a resolution)."""
    check = number(field, -math.inf, math.inf)

    def validate(value: Any) -> int:
        parsed = check(value)
        if parsed not in options:
            raise invalid(key, **{field: number_text(parsed)})
        return int(parsed)

    return validate


def choice(field: str, options: Collection[str]) -> Callable[[Any], str]:
    """One of a select's options."""

    def validate(value: Any) -> str:
        text = cv.string(value)
        if text not in options:
            raise invalid(
                "unknown_option", field=field, value=shown(text), options=", ".join(options)
            )
        return text

    return validate


def duration(field: str, *, too_short: str = "invalid_duration") -> Callable[[Any], timedelta]:
    """A positive duration of at most ``MAX_DURATION`` (``HH:MM:SS``, seconds or a dict).

    ``too_short`` is the translation key for zero or less (its ``value`` is in minutes).
    """

    def validate(value: Any) -> timedelta:
        if isinstance(value, bool):
            raise vol.Invalid("expected a duration")
        if isinstance(value, float) and not math.isfinite(value):
            raise invalid("value_not_finite", field=field, value=shown(value))
        try:
            span: timedelta = cv.time_period(value)
        except OverflowError:
            raise invalid(
                "duration_too_long", value=shown(value), maximum=duration_text(MAX_DURATION)
            ) from None
        if span <= timedelta(0):
            raise invalid(too_short, value=minutes_text(span))
        if span > MAX_DURATION:
            raise invalid(
                "duration_too_long",
                value=duration_text(span),
                maximum=duration_text(MAX_DURATION),
            )
        return span

    return validate


def supported_datetime(value: datetime, tz: tzinfo) -> datetime:
    """``value`` (in ``tz`` if it has no zone), if its date is one VoltWise accepts."""
    today = dt_util.utcnow().astimezone(tz).date()
    try:
        check_date(value.date(), *supported_dates(today), "date_out_of_range")
    except EngineError as err:
        raise from_engine(err) from err
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)
