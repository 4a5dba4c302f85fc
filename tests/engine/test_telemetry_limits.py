"""Hostile payloads from DIY meters: bounded, refused for a reason, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.telemetry import (
    MAX_PAYLOAD_BYTES,
    Accepted,
    Metric,
    Refusal,
    Undecodable,
    decode_json,
    parse_telemetry,
)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b"[" * 100_000, Refusal.TOO_LARGE),  # was RecursionError
        ("[" * (MAX_PAYLOAD_BYTES + 1), Refusal.TOO_LARGE),
        (b" " * (MAX_PAYLOAD_BYTES - 3) + b"230", Accepted(Metric.VOLTAGE, 230.0)),  # just fits
        (b"[" * MAX_PAYLOAD_BYTES, Refusal.NOT_JSON),
        (b"[" * 512 + b"]" * 512, Refusal.NOT_A_NUMBER),
        (b"1" + b"0" * 400, Refusal.NOT_FINITE),  # was OverflowError
        (b'{"value": -1' + b"0" * 400 + b"}", Refusal.NOT_FINITE),
        (b"1e400", Refusal.NOT_FINITE),
        (b"-Infinity", Refusal.NOT_FINITE),
        (bytearray(b"230.5"), Accepted(Metric.VOLTAGE, 230.5)),
        ("\u0032\u0033\u0030", Accepted(Metric.VOLTAGE, 230.0)),
        ("230".encode("utf-16"), Refusal.NOT_JSON),  # UTF-8 only
        (b"\xc3\x28", Refusal.NOT_JSON),
    ],
)
def test_hostile_payloads(payload: str | bytes, expected: Accepted | Refusal) -> None:
    assert parse_telemetry("voltage", payload) == expected


def test_minus_zero_reads_as_zero() -> None:
    result = parse_telemetry("power", "-0")
    assert isinstance(result, Accepted)
    assert str(result.value) == "0.0"


def test_decode_json_tells_size_from_syntax() -> None:
    assert decode_json(b'{"id": "a"}') == {"id": "a"}
    assert decode_json(b"x" * (MAX_PAYLOAD_BYTES + 1)) is Undecodable.TOO_LARGE
    assert decode_json(b"{") is Undecodable.NOT_JSON
    assert decode_json('"not_json"') == "not_json"  # a JSON string is a value, not a refusal


JSON_ISH = st.recursive(
    st.sampled_from(["1", "-0", "1e400", "NaN", "true", "null", '"x"', "1" + "0" * 320]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: "[" + ",".join(items) + "]"),
        st.lists(inner, max_size=3).map(
            lambda items: "{" + ",".join(f'"value":{item}' for item in items) + "}"
        ),
        st.integers(1, 600).map(lambda depth: "[" * depth),
    ),
    max_leaves=20,
)


@given(st.sampled_from(list(Metric)), JSON_ISH)
def test_json_like_payloads_never_raise(metric: Metric, payload: str) -> None:
    result = parse_telemetry(metric.value, payload)
    assert isinstance(result, Accepted | Refusal)


@given(st.binary(max_size=2 * MAX_PAYLOAD_BYTES))
def test_any_bytes_never_raise(payload: bytes) -> None:
    result = parse_telemetry("power", payload)
    assert isinstance(result, Accepted | Refusal)
    assert (result is Refusal.TOO_LARGE) == (len(payload) > MAX_PAYLOAD_BYTES)
