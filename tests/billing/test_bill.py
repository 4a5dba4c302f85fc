"""A home's bill from its meter's statistics: so far, projected, closed, paid, overdue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.const import DOMAIN
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

# Thursday 2 July 2026, 11:30 in Kolkata: the July cycle (reading day 1) began at 00:00 on 1 July.
NOW = datetime(2026, 7, 2, 6, 0, 40, tzinfo=UTC)
FIRST_HOUR = datetime(2026, 5, 31, 18, 0, tzinfo=UTC)  # holds 00:00 IST on 1 June
SO_FAR = "sensor.test_home_bill_so_far"
PROJECTED = "sensor.test_home_projected_bill"
LAST = "sensor.test_home_last_bill"
STATUS = "sensor.test_home_last_bill_status"
USED = "sensor.test_home_budget_used"
OVERRUN = "sensor.test_home_projected_budget_overrun"
BILLING = {
    "reading_day": 1,
    "fixed_charge": 120.0,
    "duty_percent": 16.0,
    "due_days": 15,
    "incentive_share_percent": 10.0,
    "incentive_cap_percent": 20.0,
}


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "meter", "consumption_sensor": METER, "billing": BILLING}


async def _start(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """1 kWh in every hour from before the June cycle until now, then the home."""
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    hours = int((NOW.replace(minute=0, second=0) - FIRST_HOUR) / timedelta(hours=1))
    await import_hours(hass, METER, FIRST_HOUR, [1.0] * hours)
    await start_home(hass, entry)


async def test_the_bill_prices_each_kwh_at_its_slot_and_closes_the_last_cycle(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    await _start(hass, mock_config_entry)

    # A day at 1 kWh an hour: 12 h normal at 8.00, 8 h solar at 6.80, 4 h peak at 8.80 = 185.60.
    last = hass.states.get(LAST)
    assert last.attributes["unit_of_measurement"] == "INR"
    assert last.attributes["start_date"] == "2026-06-01"
    assert last.attributes["last_date"] == "2026-06-30"
    assert last.attributes["kwh"] == pytest.approx(720.0)
    assert last.attributes["kwh_by_slot"] == {
        "peak": 120.0,
        "normal": 360.0,
        "off_peak": 0.0,
        "solar": 240.0,
    }
    assert last.attributes["energy_charge"] == pytest.approx(30 * 185.6)
    assert last.attributes["duty"] == pytest.approx(0.16 * (5568.0 + 120.0))
    assert float(last.state) == pytest.approx(120.0 + 5568.0 + 910.08)
    assert last.attributes["due_date"] == "2026-07-16"
    assert hass.states.get(STATUS).state == "pending"

    # 1 July whole (185.60) and 2 July to 11:30: 9 h normal (72.00), 2.5 h solar (17.00).
    so_far = hass.states.get(SO_FAR)
    assert so_far.attributes["start_date"] == "2026-07-01"
    assert so_far.attributes["kwh"] == pytest.approx(35.5)
    assert so_far.attributes["energy_charge"] == pytest.approx(274.6)
    assert float(so_far.state) == pytest.approx(round(1.16 * (274.6 + 120.0), 2))

    # A steady home's forecast is 1 kWh an hour (the incentive is 0), so the rest of July is
    # projected from insight's forecast (today's rest, tomorrow, then their same-hour mean)
    # as the same 31 days of 185.60.
    assert so_far.attributes["incentive"] == 0
    assert so_far.attributes["incentive_basis"]["forecast_hours"] == 36
    projected = hass.states.get(PROJECTED)
    assert projected.attributes["method"] == "forecast"
    assert projected.attributes["forecast_until"] == "2026-07-03T18:00:00+00:00"  # 23:30 IST
    assert projected.attributes["kwh"] == pytest.approx(31 * 24)
    assert float(projected.state) == pytest.approx(round(1.16 * (31 * 185.6 + 120.0), 2))


async def test_a_bill_is_paid_when_marked_and_overdue_after_its_due_date_otherwise(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(NOW)
    await _start(hass, mock_config_entry)

    # Still pending on the due date (16 July, local), overdue from the next local midnight.
    freezer.move_to(datetime(2026, 7, 16, 18, 0, 45, tzinfo=UTC))  # 23:30 IST on 16 July
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get(STATUS).state == "pending"
    freezer.move_to(datetime(2026, 7, 16, 19, 0, 45, tzinfo=UTC))  # 00:30 IST on 17 July
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get(STATUS).state == "overdue"

    response = await hass.services.async_call(
        DOMAIN,
        "mark_bill_paid",
        {"config_entry_id": mock_config_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert response["cycle"] == "2026-06-01"
    assert response["total"] == pytest.approx(6598.08)
    assert hass.states.get(STATUS).state == "paid"
    assert hass.states.get(LAST).attributes["paid_at"] == "2026-07-16T19:00:45+00:00"

    # Paid survives a restart: the closed bills are stored.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert hass.states.get(STATUS).state == "paid"
    assert float(hass.states.get(LAST).state) == pytest.approx(6598.08)

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "mark_bill_paid",
            {"config_entry_id": mock_config_entry.entry_id, "cycle": "2026-05-01"},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "bill_not_found"


@pytest.mark.parametrize(
    "home_options",
    [
        {
            "consumption_source": "meter",
            "consumption_sensor": METER,
            "notify": True,
            "billing": {**BILLING, "monthly_budget": 600.0},
        }
    ],
)
async def test_budget_alerts_come_once_per_cycle_even_through_a_restart(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    events = async_capture_events(hass, "voltwise_budget_alert")
    freezer.move_to(NOW)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    hours = int((NOW.replace(minute=0, second=0) - FIRST_HOUR) / timedelta(hours=1)) + 3
    await import_hours(hass, METER, FIRST_HOUR, [1.0] * hours)
    await start_home(hass, mock_config_entry)

    # So far 457.74 of 600 (76 %); the projection, 6,813.38, passes both thresholds at once.
    assert float(hass.states.get(USED).state) == pytest.approx(76.3)
    assert float(hass.states.get(OVERRUN).state) == pytest.approx(6813.38 - 600, abs=0.01)
    assert [(e.data["measure"], e.data["threshold_percent"]) for e in events] == [
        ("projected", 80),
        ("projected", 100),
    ]
    notifications = persistent_notification._async_get_or_create_notifications(hass)
    assert (
        "6,813.38 INR"
        in notifications[f"voltwise_{mock_config_entry.entry_id}_budget_projected"]["message"]
    )

    # Three solar hours later the bill so far passes 80 % (481.41); the projection says nothing new.
    freezer.move_to(NOW + timedelta(hours=3, seconds=5))
    async_fire_time_changed(hass)
    await settle(hass)
    assert [(e.data["measure"], e.data["threshold_percent"]) for e in events[2:]] == [("spent", 80)]
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert len(events) == 3
