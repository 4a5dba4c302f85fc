"""A reading's quality and a node's device_status: parsed, or refused field by field."""

from __future__ import annotations

import pytest

from custom_components.voltwise.engine.telemetry import (
    MIN_QUALITY,
    Accepted,
    DeviceStatus,
    Metric,
    Refusal,
    parse_device_status,
    parse_telemetry,
)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"value": 230.1, "quality": 87}', Accepted(Metric.VOLTAGE, 230.1, 87)),
        ('{"value": 230.1, "quality": 100.0}', Accepted(Metric.VOLTAGE, 230.1, 100)),
        (f'{{"value": 230.1, "quality": {MIN_QUALITY}}}', Accepted(Metric.VOLTAGE, 230.1, 50)),
        ('{"value": 230.1}', Accepted(Metric.VOLTAGE, 230.1, None)),
        ("230.1", Accepted(Metric.VOLTAGE, 230.1, None)),
        (f'{{"value": 230.1, "quality": {MIN_QUALITY - 1}}}', Refusal.LOW_QUALITY),
        ('{"value": 230.1, "quality": 0}', Refusal.LOW_QUALITY),
        ('{"value": 230.1, "quality": 101}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": -1}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": 87.5}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": "87"}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": true}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": null}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": 1e999}', Refusal.BAD_QUALITY),
        ('{"value": 230.1, "quality": ' + "1" + "0" * 400 + "}", Refusal.BAD_QUALITY),
    ],
)
def test_quality(payload: str, expected: Accepted | Refusal) -> None:
    assert parse_telemetry("voltage", payload) == expected


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            '{"firmware": " 1.3.0 ", "rssi": -61, "uptime": 7200}',
            DeviceStatus("1.3.0", -61, 7200),
        ),
        ('{"firmware": "1.3.0"}', DeviceStatus("1.3.0", None, None)),
        ('{"rssi": -61.0, "uptime": 0}', DeviceStatus(None, -61, 0)),
        ('{"firmware": "", "rssi": 5, "uptime": -1}', DeviceStatus()),
        ('{"firmware": "x" * 33}', None),  # not JSON
        ('{"firmware": "' + "x" * 33 + '", "rssi": -121}', DeviceStatus()),
        ('{"firmware": "1.3\\u0000", "rssi": "-61", "uptime": 1e12}', DeviceStatus()),
        ('{"firmware": 1.3, "rssi": true, "uptime": 12.5}', DeviceStatus()),
        ("[1, 2]", None),
        ("online", None),
        ("x" * 2000, None),
    ],
)
def test_device_status(payload: str, expected: DeviceStatus | None) -> None:
    assert parse_device_status(payload) == expected
