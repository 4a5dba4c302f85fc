"""Telemetry from DIY meters (NodeMCU + PZEM-004T): parse a payload, or say why it is refused.

A payload is JSON: a bare number (``1234.5``) or an object with a ``value`` (``{"value": 1234.5,
"ts": 1732350000}``). A value is refused when the message is too large, not JSON, not a number,
not finite, or outside what a PZEM-004T can measure (a number the meter cannot have produced): a
refused value never reaches the energy totals. Parsing never raises, whatever the payload. Whether
a reading is believable for the appliance (power up to its maximum) is not decided here but by the
appliance runtime's gate, the same for every backend.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import Enum, StrEnum


class Metric(StrEnum):
    """Telemetry topics: ``.../telemetry/<metric>``."""

    POWER = "power"  # W
    VOLTAGE = "voltage"  # V
    CURRENT = "current"  # A
    ENERGY = "energy"  # kWh, a counter
    FREQUENCY = "frequency"  # Hz
    POWER_FACTOR = "power_factor"  # 0-1


class Refusal(StrEnum):
    """Why a telemetry message was dropped (counted per reason in diagnostics)."""

    TOO_LARGE = "too_large"
    UNKNOWN_METRIC = "unknown_metric"
    NOT_JSON = "not_json"
    NOT_A_NUMBER = "not_a_number"
    NOT_FINITE = "not_finite"
    OUT_OF_RANGE = "out_of_range"


# What a PZEM-004T v3 (100 A variant) can report (../shared/facts/meters-mqtt.md).
PZEM_MAX_CURRENT_A = 100.0
PZEM_MAX_VOLTAGE_V = 260.0
RANGES: dict[Metric, tuple[float, float]] = {
    Metric.POWER: (0.0, PZEM_MAX_CURRENT_A * PZEM_MAX_VOLTAGE_V),
    Metric.VOLTAGE: (80.0, PZEM_MAX_VOLTAGE_V),
    Metric.CURRENT: (0.0, PZEM_MAX_CURRENT_A),
    Metric.ENERGY: (0.0, 9999.99),
    Metric.FREQUENCY: (45.0, 65.0),
    Metric.POWER_FACTOR: (0.0, 1.0),
}
_METRICS = {metric.value: metric for metric in Metric}
# The largest message a node may send (docs/mqtt-protocol.md); the reference firmware's buffer
# holds 512 bytes. Larger ones are refused unread, so no payload can cost more than this to parse.
MAX_PAYLOAD_BYTES = 1024


class Undecodable(Enum):
    """Why a payload has no JSON value (never confused with one: JSON has no enums)."""

    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"


@dataclass(frozen=True, slots=True)
class Accepted:
    """A usable reading."""

    metric: Metric
    value: float


def parse_telemetry(metric: str, payload: str | bytes | bytearray) -> Accepted | Refusal:
    """The reading in ``payload`` for ``metric``, or why it is refused."""
    known = _METRICS.get(metric)
    if known is None:
        return Refusal.UNKNOWN_METRIC
    decoded = decode_json(payload)
    if isinstance(decoded, Undecodable):
        return Refusal(decoded.value)
    if isinstance(decoded, dict):
        decoded = decoded.get("value")
    if isinstance(decoded, bool) or not isinstance(decoded, int | float):
        return Refusal.NOT_A_NUMBER
    try:
        value = float(decoded) + 0.0  # (+ 0.0: "-0" reads as 0, not as -0.0)
    except OverflowError:  # an integer beyond any float (``1`` and 400 zeros)
        return Refusal.NOT_FINITE
    if not math.isfinite(value):
        return Refusal.NOT_FINITE
    low, high = RANGES[known]
    if not low <= value <= high:
        return Refusal.OUT_OF_RANGE
    return Accepted(known, value)


def decode_json(payload: str | bytes | bytearray) -> object:
    """The JSON value in a node's message, or why there is none; never raises.

    The size is bounded first (see ``MAX_PAYLOAD_BYTES``); bytes must be UTF-8. Whatever else
    goes wrong in parsing (bad syntax or encoding, nesting too deep for the parser, numbers with
    too many digits) is one class: not JSON.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        return Undecodable.TOO_LARGE
    try:
        text = payload if isinstance(payload, str) else bytes(payload).decode("utf-8")
        return json.loads(text)
    except (ValueError, RecursionError, TypeError):  # UnicodeDecodeError is a ValueError
        return Undecodable.NOT_JSON
