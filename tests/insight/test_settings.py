"""The anomaly settings a home stores in its options reach its detector as the engine wants them."""

from __future__ import annotations

import pytest

from custom_components.voltwise.engine.anomaly import DEFAULT_SETTINGS, AnomalySettings
from custom_components.voltwise.insight.config import InsightConfig
from custom_components.voltwise.insight.settings import (
    anomaly_settings_defaults,
    anomaly_settings_from_options,
    validate_anomaly_settings,
)


def test_the_form_starts_from_the_engine_defaults() -> None:
    assert AnomalySettings(**anomaly_settings_defaults()) == DEFAULT_SETTINGS


@pytest.mark.parametrize(
    ("wrong", "error"),
    [
        ({"record_factor": 0.5}, "invalid_anomaly_settings"),
        ({"lookback_days": 400}, "invalid_anomaly_settings"),
        ({"lookback_days": 30.5}, "invalid_anomaly_settings"),
        ({"medium_from_pct": 80, "high_from_pct": 60}, "anomaly_high_below_medium"),
    ],
)
def test_settings_the_engine_would_refuse_are_refused(wrong: dict[str, float], error: str) -> None:
    assert validate_anomaly_settings({**anomaly_settings_defaults(), **wrong}) == ({}, error)


def test_a_field_left_out_keeps_its_default() -> None:
    values, error = validate_anomaly_settings({"sustained_hours": 5.0})
    assert error is None
    assert AnomalySettings(**values) == AnomalySettings(sustained_hours=5)


def test_stored_settings_reach_the_insight_config() -> None:
    options = {
        "consumption_source": "simulated",
        "anomaly_settings": {"medium_from_pct": 20.0, "high_from_pct": 60.0, "gone": 1},
    }
    config = InsightConfig.from_options(options)
    assert config.anomaly == AnomalySettings(medium_from_pct=20.0, high_from_pct=60.0)
    assert config.anomaly.severity(70.0) == "high"
    assert InsightConfig.from_options({}).anomaly == DEFAULT_SETTINGS


def test_damaged_stored_settings_fall_back_to_the_defaults(
    caplog: pytest.LogCaptureFixture,
) -> None:
    damaged = {"anomaly_settings": {"sustained_hours": "three"}}
    assert anomaly_settings_from_options(damaged) == DEFAULT_SETTINGS
    assert "damaged anomaly settings" in caplog.text
