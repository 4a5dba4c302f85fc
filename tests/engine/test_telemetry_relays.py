"""The relay index of a multi-relay node: in telemetry, and in the relay state topics."""

from __future__ import annotations

import pytest

from custom_components.voltwise.engine.telemetry import (
    Accepted,
    Metric,
    Refusal,
    parse_telemetry,
    relay_of_state_topic,
)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("60", Accepted(Metric.POWER, 60.0)),  # no index: relay 0
        ('{"value": 60}', Accepted(Metric.POWER, 60.0)),
        ('{"value": 60, "relay": 0}', Accepted(Metric.POWER, 60.0)),
        ('{"value": 60, "relay": 3}', Accepted(Metric.POWER, 60.0, relay=3)),
        ('{"value": 60, "relay": 15.0}', Accepted(Metric.POWER, 60.0, relay=15)),
        ('{"value": 60, "relay": 2, "quality": 80}', Accepted(Metric.POWER, 60.0, 80, 2)),
        ('{"value": 60, "relay": 16}', Refusal.BAD_RELAY),
        ('{"value": 60, "relay": -1}', Refusal.BAD_RELAY),
        ('{"value": 60, "relay": 1.5}', Refusal.BAD_RELAY),
        ('{"value": 60, "relay": "1"}', Refusal.BAD_RELAY),
        ('{"value": 60, "relay": true}', Refusal.BAD_RELAY),
        ('{"value": 60, "relay": null}', Refusal.BAD_RELAY),
        ('{"value": 60, "relay": 1' + "0" * 400 + "}", Refusal.BAD_RELAY),
    ],
)
def test_a_reading_names_its_relay(payload: str, expected: Accepted | Refusal) -> None:
    assert parse_telemetry("power", payload) == expected


@pytest.mark.parametrize(
    ("suffix", "relay"),
    [
        ("state/relay", 0),
        ("state/relay/0", 0),
        ("state/relay/1", 1),
        ("state/relay/15", 15),
        ("state/relay/16", None),
        ("state/relay/", None),
        ("state/relay/-1", None),
        ("state/relay/x", None),
        ("state/relay/\u0661", None),  # an Arabic-Indic digit is no relay number
        ("state/relay/001", None),
        ("state/relays", None),
        ("state/relay/1/extra", None),
        ("status", None),
    ],
)
def test_each_relay_has_its_state_topic(suffix: str, relay: int | None) -> None:
    assert relay_of_state_topic(suffix) == relay
