"""Range checks shared by the money modules, each failing with a translatable EngineError."""

from __future__ import annotations

import math
from typing import Any

from ..errors import EngineError

# A typo guard on any amount of money, in any currency: far above a household's bill or
# recharge, yet far below where sums lose precision.
MAX_AMOUNT = 1_000_000_000.0
# A typo guard on day counts (due period, days of use behind a threshold).
MAX_DAYS = 365


def _number(value: Any) -> float | None:
    """A real number, or None for text, booleans, None and NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def check_amount(field: str, value: Any, *, allow_zero: bool = True) -> float:
    """An amount of money from 0 (or above 0) to MAX_AMOUNT."""
    number = _number(value)
    if number is None or number > MAX_AMOUNT or number < 0 or (number == 0 and not allow_zero):
        raise EngineError(
            "billing_amount_invalid", field=field, value=str(value), maximum=f"{MAX_AMOUNT:.0f}"
        )
    return number


def check_percent(field: str, value: Any) -> float:
    """A percentage from 0 to 100."""
    number = _number(value)
    if number is None or not 0 <= number <= 100:
        raise EngineError("billing_percent_invalid", field=field, value=str(value))
    return number


def check_days(field: str, value: Any, *, minimum: float = 0, whole: bool = False) -> float:
    """A number of days from ``minimum`` to MAX_DAYS (``whole``: no fraction)."""
    number = _number(value)
    if number is None or not minimum <= number <= MAX_DAYS or (whole and not number.is_integer()):
        raise EngineError(
            "billing_days_invalid",
            field=field,
            value=str(value),
            minimum=f"{minimum:g}",
            maximum=str(MAX_DAYS),
        )
    return number
