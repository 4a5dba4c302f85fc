"""The home's state at an instant: what is in force now and when that next changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from .tariff import TariffPlan, TariffSlot
from .timegrid import require_aware


@dataclass(frozen=True, slots=True)
class HomeState:
    """A snapshot the entities read; recomputed at every transition."""

    at: datetime
    slot: TariffSlot
    next_slot_change: datetime | None

    @property
    def rate(self) -> float:
        """Price per kWh now."""
        return self.slot.rate

    @property
    def next_transition(self) -> datetime | None:
        """The earliest instant at which this snapshot goes stale."""
        return self.next_slot_change


def compute_home_state(tariff: TariffPlan, tz: tzinfo, now: datetime) -> HomeState:
    """The state of a home with ``tariff`` in ``tz`` at instant ``now``."""
    require_aware(now)
    return HomeState(
        at=now,
        slot=tariff.slot_at(now, tz),
        next_slot_change=tariff.next_change(now, tz),
    )
