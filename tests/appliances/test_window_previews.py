"""find_best_window's previews: the cost of a start the user picks and the next cheaper start."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.homes import appliance_subentry
from tests.test_services import call

# Monday 18:00 in Kolkata: the evening peak (8.8 INR/kWh) has just begun; 22:00 normal (8.0),
# tomorrow 09:00-17:00 solar hours (6.8).
pytestmark = pytest.mark.freeze_time("2026-03-02 12:30:00+00:00")
RUN = {"duration": "02:00:00", "power": 2000, "strategy": "max_savings"}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(
            "01JTESTWASHER000000000000", "Washer", nameplate_w=2000.0, cycle_minutes=120
        )
    ]


async def test_a_picked_start_is_priced_and_compared_with_the_best_window(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(
        hass,
        "find_best_window",
        config_entry_id=init_integration.entry_id,
        start="2026-03-02 21:00:00",  # the home's local time
        **RUN,
    )
    assert result["start"] == "2026-03-03T09:00:00+05:30"
    picked = result["at_start"]
    assert picked["start"] == "2026-03-02T21:00:00+05:30"
    assert picked["end"] == "2026-03-02T23:00:00+05:30"
    assert picked["expected_cost"] == pytest.approx(2 * 8.8 + 2 * 8.0)
    assert picked["co2_kg"] > 0
    # What the best window saves against running at the picked start.
    assert picked["saving"] == pytest.approx(2 * 8.8 + 2 * 8.0 - 4 * 6.8)
    assert picked["co2_saving_kg"] == pytest.approx(picked["co2_kg"] - result["co2_kg"], abs=1e-3)


async def test_the_next_cheaper_start_is_the_end_of_the_peak(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(hass, "find_best_window", config_entry_id=init_integration.entry_id, **RUN)
    assert "at_start" not in result
    cheaper = result["next_cheaper"]
    assert cheaper["start"] == "2026-03-02T22:00:00+05:30"
    assert cheaper["end"] == "2026-03-03T00:00:00+05:30"
    assert cheaper["expected_cost"] == pytest.approx(4 * 8.0)
    assert cheaper["saving"] == pytest.approx(4 * 8.8 - 4 * 8.0)  # against starting now


async def test_an_appliance_gets_previews_of_its_cycle(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(
        hass, "find_best_window", appliance="switch.washer", start="2026-03-02 12:00:00"
    )
    # A start in the past means now (like the earliest start).
    assert result["at_start"]["start"] == "2026-03-02T18:00:00+05:30"
    assert result["at_start"]["expected_cost"] == pytest.approx(result["cost_if_now"])
    assert result["next_cheaper"]["start"] == "2026-03-02T22:00:00+05:30"


async def test_no_cheaper_start_is_said_plainly(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await call(
        hass,
        "find_best_window",
        config_entry_id=init_integration.entry_id,
        earliest_start="2026-03-03 09:00:00",
        deadline="2026-03-03 12:00:00",
        **RUN,
    )
    assert result["next_cheaper"] is None


async def test_a_start_too_far_ahead_is_refused_with_a_translated_error(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "find_best_window",
            config_entry_id=init_integration.entry_id,
            start="2026-03-04 17:00:00",
            **RUN,
        )
    assert err.value.translation_key == "start_beyond_horizon"
    assert err.value.translation_placeholders == {"hours": "48"}
    assert "plans at most 48 hours ahead" in str(err.value)
