"""The autopilot's pure core: decide what to do to delegated appliances, and preview it.

``decide`` takes the home's situation (instant, horizon, settings, appliances, memory, grid
events) and returns a ``Decision``: actions for the control pipeline, the memory to save before
carrying them out, statuses, and when to decide again. ``preview`` simulates it over a day.
"""

from __future__ import annotations

from .conditions import Conditions, Period, analyse
from .decide import Decision, decide
from .edges import next_window_edge
from .memory import MEMORY_VERSION, Hold, Memory, Override, Snapshot, continued_overrides
from .model import (
    DEFAULT_LIMIT_PERCENT,
    DEFAULT_MAX_DELAY,
    SMART_START_MARGIN,
    SWITCHING_KINDS,
    Action,
    ActionKind,
    ActionReason,
    ActionSource,
    ApplianceState,
    ApplianceStatus,
    ApplianceView,
    AutopilotSettings,
    AutopilotStatus,
    ChangeSource,
    GridEvent,
    GridEventType,
    GridStatus,
    HoldReason,
    Pause,
    PreferredAction,
    ResumeWindow,
    Severity,
    Suggestion,
    grid_status,
)
from .preview import DEFAULT_PREVIEW_HOURS, Preview, PreviewEntry, preview

__all__ = [
    "DEFAULT_LIMIT_PERCENT",
    "DEFAULT_MAX_DELAY",
    "DEFAULT_PREVIEW_HOURS",
    "MEMORY_VERSION",
    "SMART_START_MARGIN",
    "SWITCHING_KINDS",
    "Action",
    "ActionKind",
    "ActionReason",
    "ActionSource",
    "ApplianceState",
    "ApplianceStatus",
    "ApplianceView",
    "AutopilotSettings",
    "AutopilotStatus",
    "ChangeSource",
    "Conditions",
    "Decision",
    "GridEvent",
    "GridEventType",
    "GridStatus",
    "Hold",
    "HoldReason",
    "Memory",
    "Override",
    "Pause",
    "Period",
    "PreferredAction",
    "Preview",
    "PreviewEntry",
    "ResumeWindow",
    "Severity",
    "Snapshot",
    "Suggestion",
    "analyse",
    "continued_overrides",
    "decide",
    "grid_status",
    "next_window_edge",
    "preview",
]
