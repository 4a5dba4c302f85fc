"""Closed bills as a long-term statistic, so a dashboard charts them month by month.

Each home has an external statistic ``voltwise:bill_<entry id>`` in the tariff's currency: one
row per closed cycle, at the first top of the hour at or after the cycle's start (the recorder
keeps hourly rows; in a half-hour zone such as India's that is 00:30 on the reading day, so the
row stays in the cycle's own month), with ``state`` the cycle's total and ``sum`` the running
total. A statistics graph of its monthly ``change`` is then one bar per bill.

Only cycles newer than the last row are added, each on top of that row's sum: a restart, or a
closed bill the store dropped after 24 cycles, never rewrites or duplicates a row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_add_external_statistics,
    get_last_statistics,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.recorder import get_instance

from ..const import DOMAIN
from ..engine.billing.bill import BillRecord
from ..engine.billing.cycle import local_midnight
from ..home.context import HomeContext
from ..insight.history import recorder_loaded

_HOUR = timedelta(hours=1)


def bill_statistic_id(entry_id: str) -> str:
    """The home's bill statistic (statistic ids are lower case)."""
    return f"{DOMAIN}:bill_{entry_id.lower()}"


def row_start(cycle_start: datetime) -> datetime:
    """The first top of the hour (UTC) at or after a cycle's start."""
    utc = cycle_start.astimezone(UTC)
    floored = utc.replace(minute=0, second=0, microsecond=0)
    return floored if floored == utc else floored + _HOUR


async def async_record_bills(home: HomeContext, history: Sequence[BillRecord]) -> int:
    """Add the closed bills newer than the statistic's last row; how many were added."""
    hass = home.hass
    if not recorder_loaded(hass) or not history:
        return 0
    statistic_id = bill_statistic_id(home.entry_id)
    last = await get_instance(hass).async_add_executor_job(
        get_last_statistics, hass, 1, statistic_id, False, {"sum"}
    )
    rows = last.get(statistic_id) or []
    after = rows[0]["start"] if rows else -math.inf
    running = float(rows[0].get("sum") or 0.0) if rows else 0.0
    added: list[StatisticData] = []
    for record in sorted(history, key=lambda item: item.bill.start_date):
        start = row_start(local_midnight(record.bill.start_date, home.time_zone))
        if start.timestamp() <= after:
            continue
        total = round(record.bill.total, 2)
        running = round(running + total, 2)
        added.append(StatisticData(start=start, state=total, sum=running))
    if added:
        metadata = StatisticMetaData(
            mean_type=StatisticMeanType.NONE,
            has_sum=True,
            name=f"{home.name} bill",
            source=DOMAIN,
            statistic_id=statistic_id,
            unit_class=None,
            unit_of_measurement=home.config.tariff.currency,
        )
        async_add_external_statistics(hass, metadata, added)
    return len(added)


@callback
def async_forget_bills(hass: HomeAssistant, entry_id: str) -> None:
    """Delete a removed home's bill statistic."""
    if recorder_loaded(hass):
        get_instance(hass).async_clear_statistics([bill_statistic_id(entry_id)])
