"""Anomalies in a home's and its appliances' consumption (pure: no clock, no I/O)."""

from .appliance import (
    ApplianceAnomalyState,
    ApplianceProfile,
    ApplianceRun,
    ApplianceStep,
    PowerSamples,
    appliance_runs,
    learn_appliance_profile,
    observe_appliance,
)
from .history import ExpectedHours, HourlyExpectation, HourlyHistory
from .home import HomeAnomalyState, HomeStep, observe_home
from .model import (
    DEFAULT_SETTINGS,
    SETTING_RANGES,
    Anomaly,
    AnomalyKind,
    AnomalySettings,
    Severity,
)

__all__ = [
    "DEFAULT_SETTINGS",
    "SETTING_RANGES",
    "Anomaly",
    "AnomalyKind",
    "AnomalySettings",
    "ApplianceAnomalyState",
    "ApplianceProfile",
    "ApplianceRun",
    "ApplianceStep",
    "ExpectedHours",
    "HomeAnomalyState",
    "HomeStep",
    "HourlyExpectation",
    "HourlyHistory",
    "PowerSamples",
    "Severity",
    "appliance_runs",
    "learn_appliance_profile",
    "observe_appliance",
    "observe_home",
]
