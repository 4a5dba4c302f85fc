"""The autopilot's vocabulary: what the shell tells it and what it answers.

Everything is a frozen dataclass or a StrEnum so that the shell can build inputs from Home
Assistant state, store outputs as JSON and compare decisions in tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ..penalty import (
    DEFAULT_CUSTOM_COST_WEIGHT,
    DEFAULT_THRESHOLD,
    ProtectedWindow,
    Strategy,
    Weights,
    weights_for,
)
from ..timegrid import require_aware
from ..windows import Cycle, WindowPlan

DEFAULT_MAX_DELAY = timedelta(hours=8)
DEFAULT_LIMIT_PERCENT = 50.0
# A delegated delay_start run that starts outside a dear period waits for a better start only
# when that saves at least this share of the run's cost, CO2 or blend (the strategy's). Above
# float and forecast noise, but small enough to catch a run that merely begins before cheaper
# solar hours (half an hour of a two-hour run at 15 % less saves under 4 %).
SMART_START_MARGIN = 0.02


class PreferredAction(StrEnum):
    """What the autopilot does to an appliance when electricity is dear or dirty."""

    TURN_OFF = "turn_off"
    ECO_MODE = "eco_mode"
    DELAY_START = "delay_start"
    LIMIT_POWER = "limit_power"


class ChangeSource(StrEnum):
    """Who last changed an appliance (the same values as the pipeline's action sources)."""

    USER = "user"
    PHYSICAL = "physical"
    AUTOMATION = "automation"
    SCHEDULE = "schedule"
    AUTOPILOT = "autopilot"
    GRID_PROTECTION = "grid_protection"


# A person's own action: it outranks everything, grid protection included.
PERSON_SOURCES = frozenset({ChangeSource.USER, ChangeSource.PHYSICAL})
# The autopilot's own changes are never taken for someone else's.
OWN_SOURCES = frozenset({ChangeSource.AUTOPILOT, ChangeSource.GRID_PROTECTION})


class Severity(StrEnum):
    """How serious a grid event is; only warning and critical make the autopilot act."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class GridEventType(StrEnum):
    """What happened on the grid (utility alert or the home's own sensors)."""

    PEAK_ALERT = "peak_alert"
    FREQUENCY_DROP = "frequency_drop"
    VOLTAGE_ANOMALY = "voltage_anomaly"
    LOAD_SHEDDING = "load_shedding"


class GridStatus(StrEnum):
    """The grid status sensor: the worst severity in force (info counts as normal)."""

    NORMAL = "normal"
    WARNING = "warning"
    CRITICAL = "critical"


class AutopilotStatus(StrEnum):
    """The home's autopilot sensor."""

    OFF = "off"
    WATCHING = "watching"
    ACTING = "acting"
    GRID_PROTECTION = "grid_protection"


class ActionKind(StrEnum):
    """One command for the control pipeline (or the calendar, for resumes)."""

    TURN_OFF = "turn_off"
    TURN_ON = "turn_on"
    ECO_ON = "eco_on"
    ECO_OFF = "eco_off"
    SET_LEVEL = "set_level"
    RESTORE_LEVEL = "restore_level"
    SCHEDULE_RESUME = "schedule_resume"
    CANCEL_RESUME = "cancel_resume"


# Kinds that change the appliance itself (the rest only change the calendar).
SWITCHING_KINDS = frozenset(
    {
        ActionKind.TURN_OFF,
        ActionKind.TURN_ON,
        ActionKind.ECO_ON,
        ActionKind.ECO_OFF,
        ActionKind.SET_LEVEL,
        ActionKind.RESTORE_LEVEL,
    }
)


class ActionSource(StrEnum):
    """The source the pipeline records for an autopilot action."""

    AUTOPILOT = "autopilot"
    GRID_PROTECTION = "grid_protection"


class ActionReason(StrEnum):
    """Why an action was taken (for logs, notifications and the logbook)."""

    HIGH_PENALTY = "high_penalty"
    PEAK = "peak"
    GRID_WARNING = "grid_warning"
    GRID_CRITICAL = "grid_critical"
    SMART_START = "smart_start"
    PERIOD_ENDED = "period_ended"
    GRID_EVENT_ENDED = "grid_event_ended"
    PROTECTED_WINDOW = "protected_window"
    RESUME = "resume"
    REPLANNED = "replanned"
    LATEST_FINISH = "latest_finish"
    OVERRIDE = "override"
    PAUSED = "paused"
    NOT_DELEGATED = "not_delegated"
    ESSENTIAL = "essential"
    AUTOPILOT_OFF = "autopilot_off"
    GRID_PROTECTION_OFF = "grid_protection_off"


class HoldReason(StrEnum):
    """Why the autopilot holds an appliance, or why it leaves it alone."""

    HIGH_PENALTY = "high_penalty"
    PEAK = "peak"
    GRID_WARNING = "grid_warning"
    GRID_CRITICAL = "grid_critical"
    SMART_START = "smart_start"
    OVERRIDE = "override"
    PROTECTED = "protected"
    PAUSED = "paused"
    NOT_DELEGATED = "not_delegated"
    ESSENTIAL = "essential"


# Reasons that mean "held": the autopilot has changed the appliance and will restore it.
HELD_REASONS = frozenset(
    {
        HoldReason.HIGH_PENALTY,
        HoldReason.PEAK,
        HoldReason.GRID_WARNING,
        HoldReason.GRID_CRITICAL,
        HoldReason.SMART_START,
    }
)
GRID_REASONS = frozenset({HoldReason.GRID_WARNING, HoldReason.GRID_CRITICAL})


@dataclass(frozen=True, slots=True)
class AutopilotSettings:
    """The home's switches, strategy and threshold."""

    enabled: bool = True
    grid_protection: bool = False
    strategy: Strategy = Strategy.BALANCED
    threshold: float = DEFAULT_THRESHOLD
    custom_cost_weight: float = DEFAULT_CUSTOM_COST_WEIGHT

    def __post_init__(self) -> None:
        """A threshold outside [0, 1] would make the penalty comparison meaningless.

        The shell validates its settings first (with translated errors); this guards the
        contract, as ValueError like the engine's other programming errors.
        """
        if not math.isfinite(self.threshold) or not 0 <= self.threshold <= 1:
            raise ValueError(f"threshold {self.threshold} is not within [0, 1]")

    @property
    def weights(self) -> Weights:
        """The penalty weights of the strategy."""
        return weights_for(self.strategy, self.custom_cost_weight)


@dataclass(frozen=True, slots=True)
class ApplianceState:
    """What the appliance is doing now, and who changed it last.

    ``level`` is the percentage of full power for appliances with a level (brightness, fan
    percentage, modelled power), None otherwise. ``changed_at`` / ``changed_by`` describe the
    last change of any of on, eco or level.
    """

    on: bool
    eco: bool = False
    level: float | None = None
    changed_at: datetime | None = None
    changed_by: ChangeSource | None = None


@dataclass(frozen=True, slots=True)
class Pause:
    """``voltwise.pause_autopilot`` for one appliance: until an instant, or indefinitely."""

    until: datetime | None = None

    def active(self, now: datetime) -> bool:
        """Whether the pause is in force at ``now``."""
        return self.until is None or now < self.until


@dataclass(frozen=True, slots=True)
class ApplianceView:
    """One appliance as the autopilot sees it: configuration, capabilities and state.

    ``cycle`` is the typical run on the horizon's step (for delay_start, turn_off's latest
    give-back and suggestions); ``max_delay`` is how long after the autopilot takes the
    appliance (delay_start, turn_off) its run must be finished, unless ``finish_by`` gives the
    instant (delay_start). ``resumed_at`` is the last ``voltwise.resume_autopilot``
    for it: overrides older than that are forgotten. ``power_w`` / ``eco_power_w`` are used by
    the preview's cost estimate only. ``limit_step``, when given, is how many level points
    limit_power takes off instead of keeping ``limit_percent`` (a climate target moved by a
    number of degrees, in level points of the entity's range).
    """

    id: str
    name: str
    state: ApplianceState
    essential: bool = False
    delegated: bool = True
    preferred_action: PreferredAction = PreferredAction.TURN_OFF
    can_switch: bool = True
    can_eco: bool = False
    can_limit: bool = False
    protected_window: ProtectedWindow | None = None
    limit_percent: float = DEFAULT_LIMIT_PERCENT
    limit_step: float | None = None
    cycle: Cycle | None = None
    max_delay: timedelta = DEFAULT_MAX_DELAY
    finish_by: datetime | None = None
    pause: Pause | None = None
    resumed_at: datetime | None = None
    power_w: float = 0.0
    eco_power_w: float | None = None

    def __post_init__(self) -> None:
        """Reject settings the shell should have refused (a contract guard: ValueError)."""
        if not math.isfinite(self.limit_percent) or not 0 < self.limit_percent <= 100:
            raise ValueError(f"limit percent {self.limit_percent} is not within (0, 100]")
        if self.limit_step is not None and not (
            math.isfinite(self.limit_step) and self.limit_step > 0
        ):
            raise ValueError(f"limit step {self.limit_step} is not positive")
        if self.max_delay <= timedelta(0):
            raise ValueError(f"max delay {self.max_delay} is not positive")
        for when in (self.finish_by, self.resumed_at, self.state.changed_at):
            if when is not None:
                require_aware(when)

    @property
    def action(self) -> PreferredAction | None:
        """The preferred action if the appliance can do it, else turn_off, else nothing."""
        preferred = self.preferred_action
        if preferred is PreferredAction.ECO_MODE:
            supported = self.can_eco
        elif preferred is PreferredAction.LIMIT_POWER:
            supported = self.can_limit
        else:
            supported = self.can_switch
        if supported:
            return preferred
        return PreferredAction.TURN_OFF if self.can_switch else None


@dataclass(frozen=True, slots=True)
class GridEvent:
    """A grid event in force from ``start`` until ``end`` (None: until it is reported ended)."""

    id: str
    type: GridEventType
    severity: Severity
    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        """Events are instants on the timeline; an event must not end before it starts.

        ``voltwise.report_grid_event`` validates this first with a translated error.
        """
        require_aware(self.start)
        if self.end is not None:
            require_aware(self.end)
            if self.end < self.start:
                raise ValueError(f"grid event {self.id} ends before it starts")

    def active_at(self, when: datetime) -> bool:
        """Whether the event is in force at ``when``."""
        return self.start <= when and (self.end is None or when < self.end)


def grid_status(events: tuple[GridEvent, ...] | list[GridEvent], now: datetime) -> GridStatus:
    """The worst severity of the events in force at ``now``."""
    severities = {event.severity for event in events if event.active_at(now)}
    if Severity.CRITICAL in severities:
        return GridStatus.CRITICAL
    if Severity.WARNING in severities:
        return GridStatus.WARNING
    return GridStatus.NORMAL


@dataclass(frozen=True, slots=True)
class ResumeWindow:
    """The run a delayed appliance was given: it resumes at ``start`` and is done by ``end``."""

    start: datetime
    end: datetime
    finish_by: datetime


@dataclass(frozen=True, slots=True)
class Action:
    """One thing the shell must do, in order, through the control pipeline or the calendar.

    ``level`` is set for set_level / restore_level (percent); ``window`` for schedule_resume
    (the autopilot itself turns the appliance on at ``window.start``; the calendar shows it and
    the user may cancel it, which the shell reports as a user change).
    """

    appliance_id: str
    kind: ActionKind
    source: ActionSource
    reason: ActionReason
    level: float | None = None
    window: ResumeWindow | None = None


@dataclass(frozen=True, slots=True)
class ApplianceStatus:
    """What the autopilot is doing with one appliance, for its status and the home sensor.

    ``held`` means the autopilot has changed it and will restore it; ``reason`` says why it is
    held or left alone (None: nothing to do); ``until`` when that is expected to change.
    """

    appliance_id: str
    held: bool
    reason: HoldReason | None
    until: datetime | None
    action: PreferredAction | None = None
    resume_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """For the actionable notification when a person starts an appliance during a dear period."""

    appliance_id: str
    plan: WindowPlan
