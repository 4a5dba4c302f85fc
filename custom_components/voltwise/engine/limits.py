"""What VoltWise accepts from people, and how numbers appear in the messages that say so.

The bounds live here, once. Services refuse anything outside them with a translated error before
anything is computed or stored, so no date arithmetic can overflow, no run lasts longer than a
week and no power is absurd; the schedule engine keeps its own specs inside the same bounds.
"""

from __future__ import annotations

import math
from datetime import MAXYEAR, date, timedelta

from .errors import EngineError

# The longest duration anyone may ask for: a run, a window's profile, a minimum block.
MAX_DURATION = timedelta(days=7)
# Dates from yesterday (a late one-off, a home in another zone than the caller)...
DAYS_BACK = 1
# ...to ten years ahead.
YEARS_AHEAD = 10
# The largest power (W) a service takes, as its number selectors say.
MAX_POWER_W = 100_000
# Dates whose instants (with any zone, a week's run and the engine's look-back) can be computed:
# a stored or engine-built schedule outside them is refused instead of overflowing when planned.
FIRST_PLANNABLE_DATE = date(2, 1, 1)
LAST_PLANNABLE_DATE = date(MAXYEAR - 1, 12, 31)


def supported_dates(today: date) -> tuple[date, date]:
    """The first and last date a service accepts, seen from ``today`` (the home's date)."""
    back = timedelta(days=DAYS_BACK)
    first = max(today, FIRST_PLANNABLE_DATE + back) - back
    year = today.year + YEARS_AHEAD
    if year >= LAST_PLANNABLE_DATE.year:
        return first, LAST_PLANNABLE_DATE
    try:
        return first, today.replace(year=year)
    except ValueError:  # 29 February ten years on is 28 February
        return first, today.replace(year=year, day=28)


def check_date(value: date, first: date, last: date, code: str) -> date:
    """``value`` if it lies in ``[first, last]``, else ``EngineError(code)`` naming the range."""
    if not first <= value <= last:
        raise EngineError(
            code, value=value.isoformat(), earliest=first.isoformat(), latest=last.isoformat()
        )
    return value


def number_text(value: float) -> str:
    """A number as people write it: ``-30``, ``0.25``, ``16666667``; never ``1.66667e+07``.

    Fractions keep two decimals (six below 1); only absurd magnitudes, which someone typed,
    keep an exponent.
    """
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e15:
        return f"{value:.3g}"
    if value == int(value):
        return str(int(value))
    text = f"{value:.{2 if abs(value) >= 1 else 6}f}".rstrip("0").rstrip(".")
    if text in {"0", "-0"}:
        return f"{value:.3g}"
    return text


def minutes_text(span: timedelta) -> str:
    """A span in minutes, for messages that say "{value} minutes"."""
    return number_text(span.total_seconds() / 60)


def duration_text(span: timedelta) -> str:
    """A span in words: ``6 days``, ``2 hours 30 minutes``, ``-30 minutes``, ``0 seconds``."""
    size = abs(span)
    hours, rest = divmod(size.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    counts = (size.days, hours, minutes, seconds + size.microseconds / 1e6)
    parts = [
        f"{number_text(count)} {unit}{'' if count == 1 else 's'}"
        for count, unit in zip(counts, ("day", "hour", "minute", "second"), strict=True)
        if count
    ]
    sign = "-" if span < timedelta(0) else ""
    return sign + " ".join(parts) if parts else "0 seconds"


def whole_number(value: object) -> int | None:
    """``value`` as an int if it is a whole number (``1000``, ``1000.0``, ``"1000"``), else None.

    Booleans are not numbers here, and neither are NaN or infinity.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None
