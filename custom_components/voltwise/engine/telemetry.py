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
    BAD_QUALITY = "bad_quality"  # a quality that is no whole number from 0 to 100
    LOW_QUALITY = "low_quality"  # the node doubts its own reading
    BAD_RELAY = "bad_relay"  # a relay index that is no whole number from 0 to MAX_RELAY


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


# Readings whose ``quality`` (the node's own 0-100 confidence, source document 003) is below this
# are dropped; a reading without one is taken as good.
MIN_QUALITY = 50
# Relays of one node are numbered from 0 (source document 003's optional ``relay`` of a command);
# an ESP32 drives at most 16 relay channels. A message without an index is for relay 0.
MAX_RELAY = 15


@dataclass(frozen=True, slots=True)
class Accepted:
    """A usable reading, with the quality the node gave it (None: it gave none).

    ``relay`` is the relay (circuit) of a multi-relay node it measures; 0 when not given.
    """

    metric: Metric
    value: float
    quality: int | None = None
    relay: int = 0


def parse_telemetry(metric: str, payload: str | bytes | bytearray) -> Accepted | Refusal:
    """The reading in ``payload`` for ``metric``, or why it is refused."""
    known = _METRICS.get(metric)
    if known is None:
        return Refusal.UNKNOWN_METRIC
    decoded = decode_json(payload)
    if isinstance(decoded, Undecodable):
        return Refusal(decoded.value)
    quality: int | None = None
    relay = 0
    if isinstance(decoded, dict):
        if "relay" in decoded:
            index = relay_index(decoded["relay"])
            if index is None:
                return Refusal.BAD_RELAY
            relay = index
        if "quality" in decoded:
            quality = _quality(decoded["quality"])
            if quality is None:
                return Refusal.BAD_QUALITY
            if quality < MIN_QUALITY:
                return Refusal.LOW_QUALITY
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
    return Accepted(known, value, quality, relay)


def relay_index(raw: object) -> int | None:
    """A relay index: a whole number from 0 to MAX_RELAY (``1`` or ``1.0``), else None."""
    return _whole(raw, 0, MAX_RELAY)


def relay_of_state_topic(suffix: str) -> int | None:
    """The relay a state topic speaks for: ``state/relay`` is relay 0, ``state/relay/2`` is 2.

    None when the topic is no relay state topic (or its index is no relay index). Each relay
    has its own topic because the state is retained: one topic would keep only the last relay.
    """
    if suffix == "state/relay":
        return 0
    if not suffix.startswith("state/relay/"):
        return None
    text = suffix[12:]
    if not (text.isascii() and text.isdigit() and len(text) <= 2):
        return None
    return relay_index(int(text))


def _quality(raw: object) -> int | None:
    """A whole number from 0 to 100 (``87`` or ``87.0``), else None."""
    return _whole(raw, 0, 100)


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    """What a node says about itself (``device_status``); each field may be missing."""

    firmware: str | None = None
    rssi_dbm: int | None = None
    uptime_s: int | None = None


# Bounds of a believable device status: Wi-Fi RSSI in dBm, uptime up to ten years.
RSSI_RANGE = (-120, 0)
MAX_UPTIME_S = 10 * 365 * 86_400
MAX_FIRMWARE_LENGTH = 32


def parse_device_status(payload: str | bytes | bytearray) -> DeviceStatus | None:
    """The fields of a ``device_status`` message that are usable; None when it is no object.

    A field out of its bounds (or of the wrong type) is left out on its own; the others stay.
    """
    decoded = decode_json(payload)
    if not isinstance(decoded, dict):
        return None
    firmware = decoded.get("firmware")
    if not (
        isinstance(firmware, str)
        and 0 < len(firmware.strip()) <= MAX_FIRMWARE_LENGTH
        and firmware.strip().isprintable()
    ):
        firmware = None
    return DeviceStatus(
        firmware=firmware.strip() if firmware is not None else None,
        rssi_dbm=_whole(decoded.get("rssi"), *RSSI_RANGE),
        uptime_s=_whole(decoded.get("uptime"), 0, MAX_UPTIME_S),
    )


def _whole(raw: object, low: int, high: int) -> int | None:
    """A whole number within [low, high] (an integral float counts), else None."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    if not low <= raw <= high:  # compared exactly: no float conversion of a huge integer
        return None
    if isinstance(raw, float) and not raw.is_integer():
        return None
    return int(raw)


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
