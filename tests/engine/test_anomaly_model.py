"""Anomalies and detector states as the shell stores, shows and restores them."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.anomaly import (
    SETTING_RANGES,
    Anomaly,
    AnomalyKind,
    AnomalySettings,
    ApplianceAnomalyState,
    ApplianceProfile,
    HomeAnomalyState,
    Severity,
)

START = datetime(2026, 5, 6, 3, tzinfo=UTC)
SPIKE = Anomaly.build(
    AnomalyKind.SPIKE, AnomalySettings(), (START, START + timedelta(hours=1)), 4.0, 0.2
)
JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@pytest.mark.parametrize(
    ("deviation", "severity"),
    [
        (-20, Severity.LOW),
        (49.9, Severity.LOW),
        (50, Severity.MEDIUM),
        (100, Severity.MEDIUM),
        (100.1, Severity.HIGH),
        (5000, Severity.HIGH),
    ],
)
def test_severity_bands_are_the_seeds_by_default(deviation: float, severity: Severity) -> None:
    assert AnomalySettings().severity(deviation) is severity


def test_every_setting_has_a_range_and_values_outside_it_are_refused() -> None:
    assert {f.name for f in fields(AnomalySettings)} == set(SETTING_RANGES)
    bands = {"medium_from_pct", "high_from_pct"}
    for name, (low, high) in SETTING_RANGES.items():
        for value in (low, high):  # the bands move together: high may not be below medium
            AnomalySettings(**dict.fromkeys(bands if name in bands else {name}, value))
        with pytest.raises(ValueError, match=name):
            AnomalySettings(**{name: high * 2 + 1})
        with pytest.raises(TypeError, match=name):
            AnomalySettings(**{name: "3"})
    with pytest.raises(ValueError, match="medium"):
        AnomalySettings(medium_from_pct=80, high_from_pct=60)
    with pytest.raises(TypeError, match="sustained_hours"):
        AnomalySettings(sustained_hours=3.5)  # type: ignore[arg-type]


def test_an_anomaly_reads_like_the_event_the_shell_fires() -> None:
    data = SPIKE.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "id": "spike:home:20260506T030000Z",
        "kind": "spike",
        "severity": "high",
        "start": "2026-05-06T03:00:00+00:00",
        "end": "2026-05-06T04:00:00+00:00",
        "value": 4.0,
        "expected": 0.2,
        "unit": "kWh",
        "deviation_pct": 1900.0,
        "appliance_id": None,
        "ongoing": False,
    }
    assert Anomaly.from_dict(data) == SPIKE


def test_the_id_is_the_same_for_the_same_event_in_any_time_zone() -> None:
    local = START.astimezone(timezone(timedelta(hours=5, minutes=30)))
    again = Anomaly.build(
        AnomalyKind.SPIKE, AnomalySettings(), (local, local + timedelta(hours=1)), 4.0, 0.2
    )
    assert again.id == SPIKE.id
    assert again.start.tzinfo is UTC


def test_an_idle_expected_hour_still_gives_a_finite_deviation() -> None:
    anomaly = Anomaly.build(
        AnomalyKind.SPIKE, AnomalySettings(), (START, START + timedelta(hours=1)), 1.0, 0.0
    )
    assert anomaly.deviation_pct == pytest.approx(10_000.0)


@pytest.mark.parametrize(
    "damaged",
    [
        None,
        [],
        {},
        {**SPIKE.as_dict(), "kind": "fire"},
        {**SPIKE.as_dict(), "start": "2026-05-06T03:00:00"},  # naive
        {**SPIKE.as_dict(), "value": "4"},
        {**SPIKE.as_dict(), "value": True},
        {**SPIKE.as_dict(), "value": float("nan")},
        {**SPIKE.as_dict(), "end": 7},
    ],
)
def test_a_damaged_anomaly_is_dropped(damaged: Any) -> None:
    assert Anomaly.from_dict(damaged) is None


@given(JSON)
def test_restoring_any_stored_garbage_never_raises(data: Any) -> None:
    assert isinstance(HomeAnomalyState.from_dict(data), HomeAnomalyState)
    assert isinstance(ApplianceAnomalyState.from_dict(data), ApplianceAnomalyState)
    assert ApplianceProfile.from_dict(data) is None or isinstance(data, dict)
    Anomaly.from_dict(data)


def test_a_home_state_survives_the_store_and_damaged_parts_are_dropped() -> None:
    state = HomeAnomalyState(
        next_hour=START,
        pattern_day=START.date(),
        spans=((START, START + timedelta(hours=1)),),
    )
    stored = json.loads(json.dumps(state.as_dict()))
    assert HomeAnomalyState.from_dict(stored) == state

    damaged = {**stored, "next_hour": "soon", "spans": [["x", "y"], *stored["spans"], 5]}
    restored = HomeAnomalyState.from_dict(damaged)
    assert restored.next_hour is None
    assert restored.spans == state.spans
    assert HomeAnomalyState.from_dict({**stored, "run": {"hours": 0}}).run is None
    assert HomeAnomalyState.from_dict({**stored, "pattern_day": 5}).pattern_day is None
