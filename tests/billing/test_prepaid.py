"""A prepaid home's balance: top-ups, use priced at the rate in force plus duty, alerts once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
from custom_components.voltwise.diagnostics import async_get_config_entry_diagnostics
from tests.insight.common import METER, METER_ATTRIBUTES, import_hours, settle, start_home

# 13:00 UTC on Thursday 2 July 2026 is 18:30 in Kolkata: the evening peak (8.80 a kWh) until
# 22:00 IST (16:30 UTC), then normal (8.00). Duty 16 %.
T0 = datetime(2026, 7, 2, 13, 0, tzinfo=UTC)
FIRST_HOUR = T0 - timedelta(days=15)
KOLKATA = ZoneInfo("Asia/Kolkata")
BALANCE = "sensor.test_home_prepaid_balance"
DUTY = 1.16
# 1 kWh every hour before T0: a day costs 12 h x 8.00 + 8 h x 6.80 + 4 h x 8.80 = 185.60.
DAILY = 185.6 * DUTY
# From T0, the kWh of each hour (then 1 kWh an hour again).
AFTER_T0 = [2.0, 2.0, 2.0, 2.0, 2.0, 40.0, 1.0, 100.0]


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {
        "consumption_source": "meter",
        "consumption_sensor": METER,
        "notify": True,
        "billing": {"duty_percent": 16.0, "prepaid": True},
    }


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await settle(hass)


async def _top_up(hass: HomeAssistant, **data: Any) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        "top_up",
        {"config_entry_id": "01JTESTHOME00000000000000", **data},
        blocking=True,
        return_response=True,
    )


def _balance(hass: HomeAssistant) -> float:
    return float(hass.states.get(BALANCE).state)


async def _start_prepaid(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """15 days at 1 kWh an hour before T0, the hours after T0 as AFTER_T0, then the home."""
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    before = int((T0 - FIRST_HOUR) / timedelta(hours=1))
    await import_hours(hass, METER, FIRST_HOUR, [1.0] * before + AFTER_T0 + [1.0] * 10)
    await start_home(hass, entry)


# 2 kWh in each of three peak hours, then in 16:00 UTC (half peak, half normal) and 17:00 UTC.
AFTER_PEAK = 1000 - 6 * 8.8 * DUTY
AFTER_NORMAL = AFTER_PEAK - (8.8 + 8.0) * DUTY - 16.0 * DUTY


async def test_the_balance_falls_with_each_kwh_at_its_rate_and_survives_a_restart_exactly(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(T0)
    await _start_prepaid(hass, mock_config_entry)

    # Unknown until the first top-up; the average and the default threshold (3 days) are known.
    state = hass.states.get(BALANCE)
    assert state.state == "unknown"
    assert state.attributes["average_daily_cost"] == pytest.approx(DAILY, abs=0.01)
    assert state.attributes["low_balance_threshold"] == pytest.approx(3 * DAILY, abs=0.01)

    response = await _top_up(hass, amount=1000)
    assert response["balance"] == 1000.0
    state = hass.states.get(BALANCE)
    assert _balance(hass) == 1000.0
    assert state.attributes["unit_of_measurement"] == "INR"
    assert state.attributes["last_top_up"] == T0.isoformat()
    assert state.attributes["last_top_up_amount"] == 1000
    run_out = datetime.fromisoformat(state.attributes["expected_run_out"])
    assert run_out == pytest.approx(T0 + timedelta(days=1000 / DAILY), abs=timedelta(seconds=1))

    await _at(hass, freezer, T0 + timedelta(hours=3, seconds=45))
    assert _balance(hass) == pytest.approx(AFTER_PEAK, abs=0.005)

    # A restart keeps the balance exactly and charges no hour twice.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert _balance(hass) == pytest.approx(AFTER_PEAK, abs=0.005)

    await _at(hass, freezer, T0 + timedelta(hours=5, seconds=45))
    assert _balance(hass) == pytest.approx(AFTER_NORMAL, abs=0.005)


async def test_low_and_exhausted_balance_are_alerted_once_each_even_through_restarts(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    alerts = async_capture_events(hass, "voltwise_balance_alert")
    freezer.move_to(T0)
    await _start_prepaid(hass, mock_config_entry)
    await _top_up(hass, amount=1000)
    await _at(hass, freezer, T0 + timedelta(hours=5, seconds=45))
    assert alerts == []

    # 40 kWh in one normal hour: the balance falls below 3 days of the (now higher) average.
    await _at(hass, freezer, T0 + timedelta(hours=6, seconds=45))
    low = AFTER_NORMAL - 40 * 8.0 * DUTY
    assert _balance(hass) == pytest.approx(low, abs=0.005)
    extra = (3 * 8.8 + 8.4 + 8.0 + 39 * 8.0) * DUTY  # the last day's use above 1 kWh an hour
    average = DAILY + extra / 14
    assert [alert.data["kind"] for alert in alerts] == ["low"]
    assert alerts[0].data["balance"] == pytest.approx(low, abs=0.005)
    assert alerts[0].data["threshold"] == pytest.approx(3 * average, abs=0.01)
    expected_run_out = T0 + timedelta(hours=6, seconds=45) + timedelta(days=low / average)
    assert datetime.fromisoformat(alerts[0].data["run_out_at"]) == pytest.approx(
        expected_run_out, abs=timedelta(seconds=1)
    )
    notice = persistent_notification._async_get_or_create_notifications(hass)[
        f"voltwise_{mock_config_entry.entry_id}_balance"
    ]
    assert f"{low:,.2f} INR" in notice["message"]
    assert f"{expected_run_out.astimezone(KOLKATA):%Y-%m-%d}" in notice["message"]

    # Neither the next hour nor a restart repeats it.
    await _at(hass, freezer, T0 + timedelta(hours=7, seconds=45))
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    assert len(alerts) == 1

    # 100 kWh: used up (below zero: the meter's emergency credit), alerted once as exhausted.
    await _at(hass, freezer, T0 + timedelta(hours=8, seconds=45))
    exhausted = low - 1 * 8.0 * DUTY - 100 * 8.0 * DUTY
    assert _balance(hass) == pytest.approx(exhausted, abs=0.005)
    assert [alert.data["kind"] for alert in alerts] == ["low", "exhausted"]
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await settle(hass)
    await _at(hass, freezer, T0 + timedelta(hours=9, seconds=45))
    assert len(alerts) == 2

    # A top-up lifts it clear; the alerts are armed again, not repeated.
    response = await _top_up(hass, amount=5000)
    assert response["balance"] == pytest.approx(exhausted - 8.0 * DUTY + 5000, abs=0.005)
    assert len(alerts) == 2


async def test_a_first_top_up_dated_earlier_charges_the_use_since_that_day(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(T0)
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    before = int((T0 - FIRST_HOUR) / timedelta(hours=1))
    await import_hours(hass, METER, FIRST_HOUR, [1.0] * before)
    await start_home(hass, mock_config_entry)

    with pytest.raises(ServiceValidationError) as err:
        await _top_up(hass, amount=500, date="2026-07-03")
    assert err.value.translation_key == "top_up_date_in_future"

    # A top-up dated today is made now; one dated yesterday counts from its local midnight:
    # all of 1 July (185.60), then 2 July to 18:30: 10 h normal, 8 h solar, 0.5 h peak.
    await _top_up(hass, amount=500, date="2026-07-01")
    used = (185.6 + 10 * 8.0 + 8 * 6.8 + 0.5 * 8.8) * DUTY
    assert _balance(hass) == pytest.approx(500 - used, abs=0.005)
    assert hass.states.get(BALANCE).attributes["last_top_up"] == "2026-07-01T00:00:00+05:30"

    with pytest.raises(ServiceValidationError) as err:
        await _top_up(hass, amount=500, date="2026-06-30")
    assert err.value.translation_key == "top_up_date_before_last"


@pytest.mark.parametrize(
    "home_options", [{"consumption_source": "meter", "consumption_sensor": METER}]
)
async def test_a_postpaid_home_refuses_a_top_up_and_has_no_balance(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
) -> None:
    hass.states.async_set(METER, "100", METER_ATTRIBUTES)
    await start_home(hass, mock_config_entry)
    assert hass.states.get(BALANCE) is None
    with pytest.raises(ServiceValidationError) as err:
        await _top_up(hass, amount=500)
    assert err.value.translation_key == "prepaid_not_enabled"


async def test_diagnostics_show_the_bill_options_cycle_and_prepaid_state(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(T0)
    await _start_prepaid(hass, mock_config_entry)
    await _top_up(hass, amount=1000)
    await _at(hass, freezer, T0 + timedelta(hours=3, seconds=45))

    # Called directly: the download's HTTP view refuses the test's token in frozen time.
    billing = (await async_get_config_entry_diagnostics(hass, mock_config_entry))["billing"]
    assert billing["options"]["prepaid"] is True
    assert billing["cycle"]["start"] == "2026-06-30T18:30:00+00:00"
    # 1 July, 2 July to 21:30 IST, and the extra kWh of the three peak hours.
    assert billing["cycle"]["so_far"]["kwh"] == pytest.approx(24 + 21.5 + 3)
    assert billing["last_bill"]["bill"]["start_date"] == "2026-06-01"
    assert billing["stored_bills"] == 1
    assert billing["budget"] is None
    prepaid = billing["prepaid"]
    assert prepaid["state"]["balance"] == pytest.approx(AFTER_PEAK)
    assert prepaid["state"]["top_ups"] == 1
    assert prepaid["charged_until"] == (T0 + timedelta(hours=3)).isoformat()
    assert prepaid["last_top_up_amount"] == 1000
    assert billing["spike"] is None


async def test_a_damaged_prepaid_record_starts_over_unknown(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    hass_storage[f"voltwise.{mock_config_entry.entry_id}.prepaid"] = {
        "version": 1,
        "key": f"voltwise.{mock_config_entry.entry_id}.prepaid",
        "data": {
            "state": {"balance": "lots"},
            "charged_until": "yesterday",
            "last_top_up_amount": 5,
        },
    }
    freezer.move_to(T0)
    await _start_prepaid(hass, mock_config_entry)
    state = hass.states.get(BALANCE)
    assert state.state == "unknown"
    assert state.attributes["last_top_up"] is None
    assert state.attributes["expected_run_out"] is None
