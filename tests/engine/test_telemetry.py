"""Telemetry payloads from DIY meters: what is accepted and why the rest is refused."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.telemetry import (
    RANGES,
    Accepted,
    Metric,
    Refusal,
    parse_telemetry,
)


@pytest.mark.parametrize(
    ("metric", "payload", "expected"),
    [
        ("power", "1234.5", Accepted(Metric.POWER, 1234.5)),
        ("power", b"0", Accepted(Metric.POWER, 0.0)),
        ("power", '{"value": 60, "ts": 1732350000}', Accepted(Metric.POWER, 60.0)),
        ("voltage", "231.4", Accepted(Metric.VOLTAGE, 231.4)),
        ("current", "0.27", Accepted(Metric.CURRENT, 0.27)),
        ("energy", "1523.07", Accepted(Metric.ENERGY, 1523.07)),
        ("frequency", "50.0", Accepted(Metric.FREQUENCY, 50.0)),
        ("power_factor", "0.93", Accepted(Metric.POWER_FACTOR, 0.93)),
        ("temperature", "21", Refusal.UNKNOWN_METRIC),
        ("power", "12 W", Refusal.NOT_JSON),
        ("power", b"\xff\xfe", Refusal.NOT_JSON),
        ("power", "", Refusal.NOT_JSON),
        ("power", '"1200"', Refusal.NOT_A_NUMBER),
        ("power", "true", Refusal.NOT_A_NUMBER),
        ("power", '{"watts": 12}', Refusal.NOT_A_NUMBER),
        ("power", "[1, 2]", Refusal.NOT_A_NUMBER),
        ("power", "NaN", Refusal.NOT_FINITE),
        ("power", "Infinity", Refusal.NOT_FINITE),
        ("power", "-5", Refusal.OUT_OF_RANGE),
        # What the appliance can draw is the runtime's gate, not the meter's format.
        ("power", "5000", Accepted(Metric.POWER, 5000.0)),
        ("power", "30000", Refusal.OUT_OF_RANGE),  # beyond what a PZEM-004T can measure
        ("voltage", "12", Refusal.OUT_OF_RANGE),
        ("current", "250", Refusal.OUT_OF_RANGE),
        ("energy", "-0.1", Refusal.OUT_OF_RANGE),
        ("energy", "12000", Refusal.OUT_OF_RANGE),
        ("frequency", "0", Refusal.OUT_OF_RANGE),
        ("power_factor", "1.2", Refusal.OUT_OF_RANGE),
    ],
)
def test_payloads(metric: str, payload: str | bytes, expected: Accepted | Refusal) -> None:
    assert parse_telemetry(metric, payload) == expected


@given(
    st.sampled_from(list(Metric)),
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**9), max_value=10**9),
    ),
    st.booleans(),
)
def test_accepted_values_are_finite_and_in_range(
    metric: Metric, value: float, wrapped: bool
) -> None:
    payload = json.dumps({"value": value} if wrapped else value)
    result = parse_telemetry(metric.value, payload)
    low, high = RANGES[metric]
    if isinstance(result, Accepted):
        assert math.isfinite(result.value)
        assert low <= result.value <= high
        assert result.value == float(value)
    else:
        assert not (math.isfinite(value) and low <= value <= high)


@given(st.binary(max_size=64))
def test_arbitrary_bytes_never_raise(payload: bytes) -> None:
    result = parse_telemetry("power", payload)
    assert isinstance(result, Accepted | Refusal)
