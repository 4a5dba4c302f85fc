"""The forecasts the bill reads from insight, before insight has any and after they lapsed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant

from custom_components.voltwise.billing.forecasts import insight_forecasts
from custom_components.voltwise.billing.statistics import async_forget_bills, row_start
from custom_components.voltwise.insight.compute import DayForecast

KOLKATA = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 7, 2, 6, tzinfo=UTC)
END = datetime(2026, 7, 31, 18, 30, tzinfo=UTC)


def source(result: object) -> object:
    """A stand-in for the home's insight: its store and its latest result."""
    return SimpleNamespace(
        store=SimpleNamespace(forecasts=dict), coordinator=SimpleNamespace(data=result)
    )


def test_before_insight_computed_anything_there_is_no_forecast_to_project() -> None:
    forecasts = insight_forecasts(source(None))  # type: ignore[arg-type]
    assert forecasts.rest_of_cycle(NOW, END, KOLKATA) == (None, None)


def test_forecasts_that_ended_before_now_or_hold_nothing_are_no_forecast() -> None:
    past = DayForecast(date(2026, 7, 1), NOW - timedelta(days=1), (1.0,) * 24, (), ())
    unknown = DayForecast(date(2026, 7, 2), NOW, (float("nan"),) * 3, (), ())
    for today in (past, unknown):
        result = SimpleNamespace(today=today, tomorrow=None)
        forecasts = insight_forecasts(source(result))  # type: ignore[arg-type]
        assert forecasts.rest_of_cycle(NOW, END, KOLKATA) == (None, None)


def test_a_bill_row_starts_at_the_first_hour_of_its_cycle() -> None:
    assert row_start(datetime(2026, 6, 30, 18, 30, tzinfo=UTC)) == datetime(
        2026, 6, 30, 19, tzinfo=UTC
    )
    assert row_start(datetime(2026, 7, 1, tzinfo=UTC)) == datetime(2026, 7, 1, tzinfo=UTC)


async def test_forgetting_bills_without_a_recorder_does_nothing(hass: HomeAssistant) -> None:
    async_forget_bills(hass, "01JTESTHOME00000000000000")
