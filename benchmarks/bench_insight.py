"""What the insight shell costs: reading a year of statistics, and the hourly computation.

The hourly computation replays 26 weeks of day-ahead forecasts at a home's first start, then
reuses them every hour.

Runs a real Home Assistant recorder on a temporary SQLite database (the statistics a year-old
meter has), imports a year of a simulated household's hourly statistics, then times:

- the import itself (what the demo home does once at its first start);
- reading 400 days of hourly statistics (``insight.history.async_hourly_kwh``), as every hourly
  refresh does;
- ``insight.compute.compute`` on a new home (the 182-day replay) and on an hour later (stored
  forecasts reused), against the old way of replaying day by day with ``forecast_day_ahead``.

Run: ``.venv/bin/python benchmarks/bench_insight.py``
"""

from __future__ import annotations

import asyncio
import functools
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from homeassistant.bootstrap import async_setup_hass  # noqa: E402
from homeassistant.components.recorder.models import StatisticMeanType  # noqa: E402
from homeassistant.components.recorder.statistics import (  # noqa: E402
    async_import_statistics,
    get_last_statistics,
)
from homeassistant.helpers.recorder import get_instance  # noqa: E402
from homeassistant.runner import RuntimeConfig  # noqa: E402

from custom_components.voltwise.engine import simulation  # noqa: E402
from custom_components.voltwise.engine.forecast import forecast_day_ahead  # noqa: E402
from custom_components.voltwise.insight.compute import (  # noqa: E402
    BACKFILL_DAYS,
    compute,
    day_start,
    history_start,
)
from custom_components.voltwise.insight.history import async_hourly_kwh  # noqa: E402

# Home Assistant's logging set-up takes over sys.stdout: print to the real one.
print = functools.partial(print, file=sys.__stdout__, flush=True)  # noqa: A001
TZ = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 2, 6, 0, 40, tzinfo=UTC)
METER = "sensor.bench_meter"


async def recorder_figures(config_dir: str) -> None:
    """Import a year and read it back through a real recorder."""
    hass = await async_setup_hass(RuntimeConfig(config_dir=config_dir, skip_pip=True))
    if hass is None:
        raise SystemExit("Home Assistant did not start")
    await hass.async_start()
    await hass.async_block_till_done()
    first = history_start(NOW, TZ)
    current = NOW.replace(second=0)
    hours = int((current - first).total_seconds() // 3600)
    kwh = simulation.hourly_energy_kwh(first, hours, TZ, 7)
    total, rows = 0.0, []
    for index, value in enumerate(kwh):
        total += float(value)
        rows.append({"start": first + timedelta(hours=index), "state": total, "sum": total})
    await get_instance(hass).async_db_ready
    began = time.perf_counter()
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.NONE,
            "has_sum": True,
            "name": None,
            "source": "recorder",
            "statistic_id": METER,
            "unit_class": "energy",
            "unit_of_measurement": "kWh",
        },
        rows,
    )
    recorder = get_instance(hass)
    while not await recorder.async_add_executor_job(  # noqa: ASYNC110 - polls the database
        get_last_statistics, hass, 1, METER, False, {"sum"}
    ):
        await asyncio.sleep(0.05)
    print(f"import of {hours} hourly statistics (once, demo): {time.perf_counter() - began:.1f} s")
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        history = await async_hourly_kwh(hass, [METER], first, current)
        timings.append(time.perf_counter() - began)
    read = int(np.count_nonzero(~np.isnan(history)))
    print(
        f"read 400 days of hourly statistics (every hour, {read} hours): "
        f"best {min(timings) * 1000:.0f} ms"
    )
    # The first hour has no earlier sum to take a change from: it is a gap, as for any meter.
    if abs(float(np.nansum(history)) - (total - float(kwh[0]))) > 1e-6 * total:
        raise SystemExit("the statistics read back differ from those imported")
    await hass.async_stop()


def compute_figures() -> None:
    """The hourly computation on a new home and on a home with stored forecasts."""
    first = history_start(NOW, TZ)
    hours = int((NOW.replace(second=0) - first).total_seconds() // 3600)
    kwh = simulation.hourly_energy_kwh(first, hours, TZ, 7)
    began = time.perf_counter()
    result = compute(kwh, first, NOW, TZ, stored={}, rate_at=lambda _when: 8.0)
    first_run = time.perf_counter() - began
    print(
        f"first hourly computation, {BACKFILL_DAYS} past days replayed in one pass: "
        f"{first_run * 1000:.0f} ms"
    )
    began = time.perf_counter()
    compute(kwh, first, NOW + timedelta(hours=1), TZ, stored=result.days, rate_at=lambda _when: 8.0)
    print(f"each later hour (stored forecasts): {(time.perf_counter() - began) * 1000:.0f} ms")
    today = NOW.astimezone(TZ).date()
    sample = 14
    began = time.perf_counter()
    for offset in range(1, sample + 1):
        start = day_start(today - timedelta(days=offset), TZ)
        index = int((start - first).total_seconds() // 3600)
        forecast_day_ahead(kwh[:index], start.astimezone(TZ))
    per_day = (time.perf_counter() - began) / sample
    print(
        f"the same replay day by day would take ~{per_day * BACKFILL_DAYS:.1f} s "
        f"({per_day * 1000:.0f} ms per day)"
    )
    started = time.perf_counter()
    reference = day_start(today - timedelta(days=366), TZ)
    simulation.energy_kwh_between(reference, NOW, TZ, 99)
    print(f"simulated meter, first reading (a year): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    simulation.energy_kwh_between(reference, NOW + timedelta(minutes=1), TZ, 99)
    print(f"simulated meter, each minute: {(time.perf_counter() - started) * 1000:.1f} ms")


def main() -> None:
    """Print every figure."""
    compute_figures()
    with tempfile.TemporaryDirectory() as config_dir:
        Path(config_dir, "configuration.yaml").write_text(
            f"homeassistant:\n  time_zone: Asia/Kolkata\nrecorder:\n"
            f"  db_url: sqlite:///{config_dir}/bench.db\n"
        )
        asyncio.run(recorder_figures(config_dir))


if __name__ == "__main__":
    main()
