"""Reading a home's hourly consumption from the recorder's long-term statistics.

VoltWise never records consumption itself: the recorder already keeps hourly statistics of every
``total_increasing`` energy sensor (a meter, an appliance, the simulated household), so the
forecast reads those, in the recorder's executor as the recorder requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt
from homeassistant.components.recorder.statistics import statistics_during_period
from homeassistant.const import UnitOfEnergy
from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

type FloatArray = npt.NDArray[np.float64]


def recorder_loaded(hass: HomeAssistant) -> bool:
    """Whether the recorder runs: without it there are no statistics to read or import."""
    return "recorder" in hass.config.components


async def async_hourly_kwh(
    hass: HomeAssistant, statistic_ids: Sequence[str], start: datetime, end: datetime
) -> FloatArray:
    """KWh of each hour from ``start`` to ``end`` (UTC tops of hours), summed over the ids.

    An hour none of the ids has a statistic for is NaN (a gap the forecast copes with).
    """
    hours = int((end - start).total_seconds() // 3600)
    if not statistic_ids or hours <= 0:
        return np.full(max(hours, 0), np.nan)
    rows = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        start,
        end,
        set(statistic_ids),
        "hour",
        {"energy": UnitOfEnergy.KILO_WATT_HOUR},
        {"change"},
    )
    sums = np.zeros(hours)
    seen = np.zeros(hours, dtype=np.bool_)
    base = start.timestamp()
    for series in rows.values():
        for row in series:
            change = row.get("change")
            index = int((row["start"] - base) // 3600)
            if change is None or not 0 <= index < hours:
                continue
            sums[index] += change
            seen[index] = True
    return np.where(seen, sums, np.nan)
