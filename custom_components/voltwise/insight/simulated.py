"""The simulated household: a meter fed by ``engine.simulation``, and its year of statistics.

The meter reads the simulated energy used since a fixed reference instant (kept in the home's
store), so it is a ``total_increasing`` sensor like a real meter and the recorder builds its
statistics from it. It is read each minute at second 0 (a clock-tied timer that cannot drift),
and a reading is exact to that second whatever the timer's jitter.

On its first start the demo also imports a year of hourly statistics for the meter, so the
forecast, efficiency and anomaly entities have a history at once. The import is done once: it is
skipped when the store says so or when the recorder already has statistics for the meter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from homeassistant.components.recorder.db_schema import StatisticsShortTerm
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    get_last_statistics,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.event import async_track_utc_time_change
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from ..engine import simulation
from ..home.context import HomeContext, HomePartCoordinator
from .compute import day_start
from .store import InsightStore

IMPORT_DAYS = 366
"""A year of statistics, so a day a year ago has its own day to compare with."""
_REFERENCE_KEY = "simulated_reference"
_IMPORTED_KEY = "simulated_statistics_imported"
_FIVE_MINUTES = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class MeterReading:
    """The simulated meter at one instant."""

    when: datetime
    energy_kwh: float
    power_w: float


def household_seed(entry_id: str) -> int:
    """A seed of the home's own: two simulated homes differ, one home is the same every start."""
    return int(hashlib.sha256(entry_id.encode()).hexdigest()[:8], 16)


class SimulatedMeter(HomePartCoordinator[MeterReading]):
    """The simulated household's meter: energy since its reference instant, and power now."""

    def __init__(self, home: HomeContext, store: InsightStore) -> None:
        """Nothing runs until ``async_start``."""
        super().__init__(home, f"{home.name} simulated household")
        self._store = store
        self.seed = household_seed(home.entry_id)
        self.reference = datetime.fromtimestamp(0, UTC)
        self._unsub: CALLBACK_TYPE | None = None

    async def async_start(self) -> None:
        """Fix the reference instant (once, stored), take a first reading, follow the clock."""
        now = dt_util.utcnow()
        reference = self._store.instant(_REFERENCE_KEY)
        if reference is None:
            today = now.astimezone(self.home.time_zone).date()
            reference = day_start(today - timedelta(days=IMPORT_DAYS), self.home.time_zone)
            await self._store.async_set(_REFERENCE_KEY, reference.isoformat())
        self.reference = reference
        # The first reading simulates every day since the reference (about a second): off the loop.
        reading = await self.hass.async_add_executor_job(self.read, now)
        self.async_set_updated_data(reading)
        self._unsub = async_track_utc_time_change(self.hass, self._tick, second=0)
        self.home.entry.async_on_unload(self._stop)

    def read(self, now: datetime) -> MeterReading:
        """The meter at ``now`` (cheap once the past days are cached)."""
        tz = self.home.time_zone
        return MeterReading(
            when=now,
            energy_kwh=simulation.energy_kwh_between(self.reference, now, tz, self.seed),
            power_w=simulation.power_at_w(now, tz, self.seed),
        )

    @callback
    def _tick(self, now: datetime) -> None:
        self.async_set_updated_data(self.read(now))

    @callback
    def _stop(self) -> None:
        if self._unsub is not None:
            self._unsub()
            self._unsub = None

    async def async_import_history(self, statistic_id: str) -> bool:
        """Import the meter's hourly statistics since the reference, once; True if imported."""
        if self._store.data.get(_IMPORTED_KEY):
            return False
        recorder = get_instance(self.hass)
        existing = await recorder.async_add_executor_job(
            get_last_statistics, self.hass, 1, statistic_id, False, {"sum"}
        )
        if existing:
            await self._store.async_set(_IMPORTED_KEY, True)
            return False
        now = dt_util.utcnow()
        hourly, short_term = await self.hass.async_add_executor_job(self._statistics, now)
        metadata = StatisticMetaData(
            mean_type=StatisticMeanType.NONE,
            has_sum=True,
            name=None,
            source="recorder",
            statistic_id=statistic_id,
            unit_class="energy",
            unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        )
        async_import_statistics(self.hass, metadata, hourly)
        # The recorder continues a meter's sum from its last five-minute statistic: one that
        # matches the meter makes the live statistics carry on from the imported year.
        recorder.async_import_statistics(metadata, short_term, StatisticsShortTerm)
        await self._store.async_set(_IMPORTED_KEY, True)
        LOGGER.info("Imported %d hours of simulated history for %s", len(hourly), statistic_id)
        return True

    def _statistics(self, now: datetime) -> tuple[list[StatisticData], list[StatisticData]]:
        """Hourly rows from the reference to the last whole hour, and the last five minutes."""
        tz = self.home.time_zone
        current_hour = now.replace(minute=0, second=0, microsecond=0)
        hours = int((current_hour - self.reference).total_seconds() // 3600)
        sums = np.cumsum(simulation.hourly_energy_kwh(self.reference, hours, tz, self.seed))
        hourly = [
            StatisticData(
                start=self.reference + timedelta(hours=index),
                state=float(value),
                sum=float(value),
            )
            for index, value in enumerate(sums)
        ]
        five = now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)
        last = float(simulation.energy_kwh_between(self.reference, five, tz, self.seed))
        short_term = [StatisticData(start=five - _FIVE_MINUTES, state=last, sum=last)]
        return hourly, short_term
