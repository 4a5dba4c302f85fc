"""find_best_window and get_penalty_timeline: answers and translated errors."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN

KOLKATA = ZoneInfo("Asia/Kolkata")
# Monday 18:00 in Kolkata: the evening peak has just begun.
pytestmark = pytest.mark.freeze_time("2026-03-02 12:30:00+00:00")


async def call(hass: HomeAssistant, service: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def test_best_window_moves_a_peak_time_run_to_solar_hours(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(
        hass,
        "find_best_window",
        config_entry_id=init_integration.entry_id,
        duration="02:00:00",
        power=2000,
        strategy="max_savings",
    )
    assert result["start"] == "2026-03-03T09:00:00+05:30"
    assert result["end"] == "2026-03-03T11:00:00+05:30"
    assert result["blocks"] == [{"start": result["start"], "end": result["end"]}]
    assert result["strategy"] == "max_savings"
    assert result["energy_kwh"] == 4.0
    assert result["currency"] == "INR"
    assert result["expected_cost"] == pytest.approx(4 * 6.8)
    assert result["cost_if_now"] == pytest.approx(4 * 8.8)
    assert result["saving"] == pytest.approx(8.0)
    assert result["co2_saving_kg"] > 0


async def test_best_window_for_a_profile_within_a_deadline(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(
        hass,
        "find_best_window",
        config_entry_id=init_integration.entry_id,
        profile=[2.0, 0.5, 0.5, 1.0],
        profile_step="00:15:00",
        earliest_start="2026-03-02 21:00:00",  # the home's local time
        deadline="2026-03-03 06:00:00",
    )
    # Same rate all night; the early morning (00-06) grid is cleaner than the late evening.
    start = datetime.fromisoformat(result["start"])
    assert start == datetime(2026, 3, 3, 0, 0, tzinfo=KOLKATA)
    assert result["energy_kwh"] == pytest.approx((2.0 + 0.5 + 0.5 + 1.0) * 0.25)


async def test_split_run_uses_minimum_blocks(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(
        hass,
        "find_best_window",
        config_entry_id=init_integration.entry_id,
        duration="03:00:00",
        min_block="00:30:00",
        strategy="max_savings",
        deadline="2026-03-03 18:00:00",
    )
    spans = [
        datetime.fromisoformat(block["end"]) - datetime.fromisoformat(block["start"])
        for block in result["blocks"]
    ]
    assert all(span.total_seconds() >= 1800 for span in spans)
    assert sum(span.total_seconds() for span in spans) == 3 * 3600
    assert result["expected_cost"] == pytest.approx(3 * 6.8)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({}, "duration_or_profile"),
        ({"duration": "01:00:00", "profile": [1.0]}, "duration_or_profile"),
        ({"duration": "01:00:00", "power": -5}, "value_out_of_range"),
        ({"duration": "00:00:00"}, "invalid_duration"),
        ({"profile": [1.0, -2.0]}, "value_out_of_range"),
        ({"duration": "01:00:00", "deadline": "2026-03-02 17:00:00"}, "deadline_before_start"),
        ({"duration": "05:00:00", "deadline": "2026-03-02 20:00:00"}, "window_too_short"),
        ({"duration": "01:00:00", "deadline": "2026-03-05 12:00:00"}, "window_beyond_horizon"),
        ({"duration": "01:00:00", "min_block": "00:00:00"}, "invalid_min_block"),
    ],
)
async def test_best_window_rejects_bad_requests_with_translated_errors(
    hass: HomeAssistant, init_integration: MockConfigEntry, data: dict[str, Any], key: str
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "find_best_window", config_entry_id=init_integration.entry_id, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    assert str(err.value)  # a real message, not the bare key
    assert str(err.value) != key


async def test_services_name_the_home_they_cannot_use(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "get_penalty_timeline", config_entry_id="nope")
    assert err.value.translation_key == "home_not_found"
    assert "nope" in str(err.value)
    await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "get_penalty_timeline", config_entry_id=init_integration.entry_id)
    assert err.value.translation_key == "home_not_loaded"


async def test_penalty_timeline(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    result = await call(
        hass,
        "get_penalty_timeline",
        config_entry_id=init_integration.entry_id,
        hours=24,
        resolution=60,
        strategy="eco_mode",
    )
    points = result["points"]
    assert len(points) == 24
    assert (result["strategy"], result["cost_weight"], result["carbon_weight"]) == (
        "eco_mode",
        0.0,
        1.0,
    )
    assert points[0]["start"] == "2026-03-02T18:00:00+05:30"
    assert points[0]["peak"] is True
    # The dashboard's tariff band tells the three kinds of slot apart, not only peak or not.
    assert [p["slot"] for p in points[:4]] == ["peak", "peak", "peak", "peak"]
    assert {p["slot"] for p in points if "T10:" in p["start"]} == {"solar"}
    assert {p["slot"] for p in points if "T06:" in p["start"]} == {"normal"}
    # Each hour placed in its day's range: the evening carbon peak is the day's dirtiest hour
    # (1), the solar hours its cleanest (0), the night in between.
    assert points[0]["penalty"] == 1.0
    assert {p["penalty"] for p in points if "T10:" in p["start"]} == {0.0}
    night = (764.1 - 646.5) / (881.6 - 646.5)
    assert [p["penalty"] for p in points if "T02:" in p["start"]] == [
        pytest.approx(night, abs=1e-4)
    ]
    assert {p["clean"] for p in points if "T09:" in p["start"] or "T12:" in p["start"]} == {True}
    assert result["threshold"] == 0.6


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"hours": 0}, "value_out_of_range"),
        ({"hours": 49}, "value_out_of_range"),
        ({"resolution": 7}, "invalid_resolution"),
    ],
)
async def test_penalty_timeline_rejects_bad_arguments(
    hass: HomeAssistant, init_integration: MockConfigEntry, data: dict[str, Any], key: str
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "get_penalty_timeline", config_entry_id=init_integration.entry_id, **data)
    assert err.value.translation_key == key


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        # Issue 11: OverflowError ("date value out of range") for these three.
        (
            {"earliest_start": "9999-12-31 23:00:00"},
            "date_out_of_range",
            "The date 9999-12-31 is outside the dates VoltWise accepts, 2026-03-01 to 2036-03-02",
        ),
        ({"earliest_start": "0001-01-01 00:00:00"}, "date_out_of_range", None),
        ({"deadline": "9999-12-31 23:00:00"}, "date_out_of_range", None),
        (
            {"earliest_start": "2026-03-05 12:00:00"},
            "earliest_start_beyond_horizon",
            (
                "The earliest start 2026-03-05 12:00 is too far ahead; "
                "VoltWise plans at most 48 hours ahead"
            ),
        ),
        # Accepted although the selector says at most 100000 W, and priced a 6.8e9 run.
        (
            {"power": 1e12},
            "value_out_of_range",
            "power must be from 0 to 100000, not 1000000000000",
        ),
        ({"power": "inf"}, "value_not_finite", "power must be a finite number, not inf"),
        ({"power": float("nan")}, "value_not_finite", None),
        ({"profile": [1.0, float("inf")], "duration": None}, "value_not_finite", None),
        ({"profile": [101.0], "duration": None}, "value_out_of_range", None),
        (
            {"profile": [1.0] * 3000, "duration": None},
            "duration_too_long",
            "The duration 10 days 10 hours is too long; VoltWise accepts at most 7 days",
        ),
        (
            {"duration": "-00:30:00"},
            "invalid_duration",
            "The duration -30 minutes is not positive",
        ),
        ({"duration": "400:00:00"}, "duration_too_long", None),
        ({"duration": 10**15}, "duration_too_long", None),  # OverflowError in cv.time_period
        (
            {"profile_step": "-00:05:00", "profile": [1.0], "duration": None},
            "invalid_duration",
            None,
        ),
        ({"strategy": "cheapest"}, "unknown_option", None),
    ],
)
async def test_best_window_refuses_out_of_range_input_with_readable_messages(  # noqa: PLR0917
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    data: dict[str, Any],
    key: str,
    message: str | None,
) -> None:
    data = {"duration": "01:00:00", **data}
    data = {name: value for name, value in data.items() if value is not None}
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "find_best_window", config_entry_id=init_integration.entry_id, **data)
    assert err.value.translation_key == key
    if message is not None:
        assert str(err.value) == message
    assert "e+" not in str(err.value)
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_without_a_deadline_the_window_ends_with_the_horizon(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    # 30 hours ahead: a day later would be beyond the 48-hour horizon.
    result = await call(
        hass,
        "find_best_window",
        config_entry_id=init_integration.entry_id,
        duration="01:00:00",
        earliest_start="2026-03-04 00:00:00",
    )
    start = datetime.fromisoformat(result["start"])
    assert datetime(2026, 3, 4, tzinfo=KOLKATA) <= start
    assert start + timedelta(hours=1) <= datetime(2026, 3, 4, 18, tzinfo=KOLKATA)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"hours": 0.01}, "value_out_of_range"),  # accepted before: an empty timeline
        ({"hours": "nan"}, "value_not_finite"),
        ({"resolution": float("inf")}, "value_not_finite"),  # OverflowError before
        ({"resolution": 15.5}, "invalid_resolution"),
        ({"strategy": "cheapest"}, "unknown_option"),
    ],
)
async def test_penalty_timeline_refuses_what_its_selectors_do_not_offer(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    data: dict[str, Any],
    key: str,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "get_penalty_timeline", config_entry_id=init_integration.entry_id, **data)
    assert err.value.translation_key == key
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
