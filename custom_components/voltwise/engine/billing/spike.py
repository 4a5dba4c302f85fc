"""Power spikes: the home's power above a threshold for a set time, alerted once per spike.

Each sample's power holds until the next one (as in metering). A spike starts once the power has
stayed above the threshold for ``hold``; it ends once the power has stayed below the release
level (the threshold less the hysteresis, 10 % by default) for ``release``. Between the two, the
power may wander around the threshold without starting a second spike: one spike, one alert.

Samples arrive when the power changes, so the shell also calls ``advance_spike`` with no power
(a tick) at ``next_check``, the instant a pending start or end would fall due. An unknown power
(sensor unavailable) cancels a pending start and delays a pending end; it never ends a spike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from ..errors import EngineError
from ..timegrid import require_aware

DEFAULT_HOLD = timedelta(minutes=5)
DEFAULT_HYSTERESIS_PERCENT = 10.0
MAX_SPIKE_THRESHOLD_W = 1_000_000.0
MAX_SPIKE_HOLD = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class SpikeSettings:
    """Threshold (W), how long power must stay above it, and how a spike ends."""

    threshold_w: float
    hold: timedelta = DEFAULT_HOLD
    hysteresis_percent: float = DEFAULT_HYSTERESIS_PERCENT
    release: timedelta | None = None  # defaults to ``hold``

    def __post_init__(self) -> None:
        """Reject settings that would alert on nothing or never."""
        threshold = self.threshold_w
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not 0 < threshold <= MAX_SPIKE_THRESHOLD_W
        ):
            raise EngineError(
                "spike_threshold_invalid",
                value=str(threshold),
                maximum=f"{MAX_SPIKE_THRESHOLD_W:.0f}",
            )
        for duration in (self.hold, self.release_after):
            if not timedelta(0) <= duration <= MAX_SPIKE_HOLD:
                raise EngineError("spike_duration_invalid", value=str(duration))
        if not 0 <= self.hysteresis_percent < 100:
            raise EngineError(
                "billing_percent_invalid",
                field="hysteresis_percent",
                value=str(self.hysteresis_percent),
            )

    @property
    def release_w(self) -> float:
        """Below this the power counts as back to normal."""
        return self.threshold_w * (1 - self.hysteresis_percent / 100)

    @property
    def release_after(self) -> timedelta:
        """How long power must stay below the release level to end a spike."""
        return self.hold if self.release is None else self.release


class SpikePhase(StrEnum):
    """Where the detector is."""

    IDLE = "idle"  # at or below the threshold, no spike
    RISING = "rising"  # above the threshold, not yet for ``hold``
    ACTIVE = "active"  # a spike, alerted
    FALLING = "falling"  # a spike whose power is below the release level, not yet for long


@dataclass(frozen=True, slots=True)
class SpikeState:
    """The phase, since when, the last power and time seen, and the spike's peak."""

    phase: SpikePhase = SpikePhase.IDLE
    since: datetime | None = None  # when the current phase's condition began
    started_at: datetime | None = None  # when the power first exceeded the threshold
    peak_w: float = 0.0
    last_at: datetime | None = None
    power_w: float | None = None


class SpikeEventKind(StrEnum):
    """What happened."""

    STARTED = "started"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class SpikeEvent:
    """A spike started (notify now) or ended (for the logbook)."""

    kind: SpikeEventKind
    at: datetime  # when it was confirmed (the hold or release elapsed)
    started_at: datetime  # when power first went above the threshold
    peak_w: float


def next_check(state: SpikeState, settings: SpikeSettings) -> datetime | None:
    """When a pending start or end falls due if the power stays as it is; None when none is."""
    # Only a rising or falling phase has a ``since``.
    if state.since is None:
        return None
    wait = settings.hold if state.phase is SpikePhase.RISING else settings.release_after
    return state.since + wait


def advance_spike(
    state: SpikeState, at: datetime, power_w: float | None, settings: SpikeSettings
) -> tuple[SpikeState, tuple[SpikeEvent, ...]]:
    """The state after a sample of ``power_w`` at ``at`` (None: a tick, the last power holds).

    A sample older than the last one changes nothing. A NaN power is unknown.
    """
    require_aware(at)
    if state.last_at is not None and at < state.last_at:
        return state, ()
    events: list[SpikeEvent] = []
    # First let the held power run up to ``at``: a hold or release may have elapsed meanwhile.
    state, due = _elapse(state, at, settings)
    events.extend(due)
    if power_w is None:
        return replace(state, last_at=at), tuple(events)
    known = None if math.isnan(power_w) else power_w
    state = _observe(replace(state, last_at=at, power_w=known), at, settings)
    state, due = _elapse(state, at, settings)
    events.extend(due)
    return state, tuple(events)


def _elapse(
    state: SpikeState, at: datetime, settings: SpikeSettings
) -> tuple[SpikeState, tuple[SpikeEvent, ...]]:
    """Confirm a start or an end whose hold or release has elapsed by ``at``."""
    due = next_check(state, settings)
    if due is None or at < due:
        return state, ()
    started = state.started_at or due
    if state.phase is SpikePhase.RISING:
        active = replace(state, phase=SpikePhase.ACTIVE, since=None)
        return active, (SpikeEvent(SpikeEventKind.STARTED, due, started, state.peak_w),)
    ended = SpikeState(last_at=state.last_at, power_w=state.power_w)
    return ended, (SpikeEvent(SpikeEventKind.ENDED, due, started, state.peak_w),)


def _observe(state: SpikeState, at: datetime, settings: SpikeSettings) -> SpikeState:
    """The phase after seeing the (held) power change at ``at``."""
    power = state.power_w
    if state.phase in (SpikePhase.IDLE, SpikePhase.RISING):
        if power is None or power <= settings.threshold_w:
            return replace(state, phase=SpikePhase.IDLE, since=None, started_at=None, peak_w=0.0)
        if state.phase is SpikePhase.IDLE:
            return replace(state, phase=SpikePhase.RISING, since=at, started_at=at, peak_w=power)
        return replace(state, peak_w=max(state.peak_w, power))
    if power is None:
        # Unknown: keep the spike; a pending end waits for a known low reading.
        return replace(state, phase=SpikePhase.ACTIVE, since=None)
    peak = max(state.peak_w, power)
    if power < settings.release_w:
        if state.phase is SpikePhase.ACTIVE:
            return replace(state, phase=SpikePhase.FALLING, since=at, peak_w=peak)
        return replace(state, peak_w=peak)
    return replace(state, phase=SpikePhase.ACTIVE, since=None, peak_w=peak)


def top_consumers(power_by_name: Mapping[str, float], count: int = 3) -> list[tuple[str, float]]:
    """The ``count`` appliances drawing the most (name, W), highest first; unknowns left out."""
    known = [
        (name, power) for name, power in power_by_name.items() if math.isfinite(power) and power > 0
    ]
    return sorted(known, key=lambda item: (-item[1], item[0]))[:count]
