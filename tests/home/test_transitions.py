"""Exact-time transitions: state changes, events and notifications at the instant, no polling."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.core import Event, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.voltwise.const import (
    EVENT_BEST_TIME_STARTED,
    EVENT_CLEAN_WINDOW_STARTED,
    EVENT_PEAK_ENDED,
    EVENT_PEAK_STARTED,
    EVENT_PEAK_WARNING,
    EVENT_TARIFF_SLOT_CHANGED,
)
from tests.test_init import voltwise_timers

KOLKATA = ZoneInfo("Asia/Kolkata")
EVENTS = (
    EVENT_TARIFF_SLOT_CHANGED,
    EVENT_PEAK_STARTED,
    EVENT_PEAK_ENDED,
    EVENT_PEAK_WARNING,
    EVENT_CLEAN_WINDOW_STARTED,
    EVENT_BEST_TIME_STARTED,
)


def ist(hour: int, minute: int = 0, second: int = 0, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=KOLKATA)


@pytest.fixture
def events(hass: HomeAssistant) -> list[Event]:
    captured: list[Event] = []

    @callback
    def record(event: Event) -> None:
        captured.append(event)

    for event_type in EVENTS:
        hass.bus.async_listen(event_type, record)
    return captured


async def start_at(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry, when: datetime
) -> None:
    freezer.move_to(when)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def advance_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done()


def summary(events: list[Event]) -> list[tuple[str, dict[str, Any]]]:
    ignored = {"config_entry_id", "home"}
    return [
        (event.event_type, {k: v for k, v in event.data.items() if k not in ignored})
        for event in events
    ]


async def test_a_day_of_transitions_fires_each_event_once_at_its_instant(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    events: list[Event],
) -> None:
    """India domestic tariff in the western grid, from 05:00 to 22:00 on a Monday."""
    await start_at(hass, freezer, mock_config_entry, ist(5))
    assert events == []  # start-up announces nothing

    await advance_to(hass, freezer, ist(5, 59, 59))
    assert events == []
    await advance_to(hass, freezer, ist(6))
    assert summary(events) == [
        (
            EVENT_CLEAN_WINDOW_STARTED,
            {"intensity": 646.5, "daily_mean": pytest.approx(747.4, abs=0.1)},
        )
    ]
    assert hass.states.get("binary_sensor.test_home_clean_energy_window").state == "on"
    assert hass.states.get("binary_sensor.test_home_best_time_to_run").state == "off"

    events.clear()
    await advance_to(hass, freezer, ist(9))
    assert summary(events) == [
        (
            EVENT_TARIFF_SLOT_CHANGED,
            {
                "slot": "solar",
                "rate": 6.8,
                "currency": "INR",
                "previous_slot": "normal",
                "previous_rate": 8.0,
                "next_change": ist(17).isoformat(),
            },
        ),
        (EVENT_BEST_TIME_STARTED, {"rate": 6.8, "currency": "INR", "intensity": 646.5}),
    ]

    events.clear()
    await advance_to(hass, freezer, ist(17))
    assert [event.event_type for event in events] == [EVENT_TARIFF_SLOT_CHANGED]
    assert hass.states.get("binary_sensor.test_home_best_time_to_run").state == "off"

    events.clear()
    await advance_to(hass, freezer, ist(17, 44, 59))
    assert events == []
    await advance_to(hass, freezer, ist(17, 45))
    assert summary(events) == [
        (EVENT_PEAK_WARNING, {"starts_at": ist(18).isoformat(), "minutes": 15})
    ]

    events.clear()
    await advance_to(hass, freezer, ist(18))
    assert [event.event_type for event in events] == [EVENT_TARIFF_SLOT_CHANGED, EVENT_PEAK_STARTED]
    assert events[1].data["ends_at"] == ist(22).isoformat()
    assert events[1].data["rate"] == 8.8
    assert hass.states.get("binary_sensor.test_home_peak_tariff").state == "on"
    assert hass.states.get("sensor.test_home_tariff_slot").state == "peak"

    events.clear()
    await advance_to(hass, freezer, ist(22))
    assert [event.event_type for event in events] == [EVENT_TARIFF_SLOT_CHANGED, EVENT_PEAK_ENDED]
    assert events[0].data["config_entry_id"] == mock_config_entry.entry_id
    assert events[0].data["home"] == "Test Home"


async def test_nothing_is_polled_between_transitions(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(10))
    # The only timer is the next transition: 16:00, when the evening carbon peak begins.
    timers = voltwise_timers(hass)
    assert len(timers) == 1
    coordinator = mock_config_entry.runtime_data.coordinator
    assert coordinator.data.next_transition == ist(16)
    before = hass.states.get("sensor.test_home_penalty_score").last_updated
    for minute in range(1, 6 * 60, 7):
        await advance_to(hass, freezer, ist(10) + timedelta(minutes=minute))
    assert hass.states.get("sensor.test_home_penalty_score").last_updated == before
    await advance_to(hass, freezer, ist(16))
    assert hass.states.get("sensor.test_home_penalty_score").last_updated > before
    assert hass.states.get("sensor.test_home_grid_carbon_intensity").state == "881.6"


@pytest.mark.parametrize("home_options", [{"notify": True, "peak_warning_minutes": 30}])
async def test_notifications_use_the_source_texts_when_enabled(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(5, 50))

    await advance_to(hass, freezer, ist(6))
    notes = persistent_notification._async_get_or_create_notifications(hass)
    clean = notes[f"voltwise_{mock_config_entry.entry_id}_clean"]
    assert clean["title"] == "🌿 Clean Energy Window"
    assert clean["message"] == (
        "Grid carbon intensity is low right now. Run your appliances now to save the environment!"
    )

    await advance_to(hass, freezer, ist(9))
    best = notes[f"voltwise_{mock_config_entry.entry_id}_clean"]
    assert best["title"] == "💚 Best Time to Run Appliances"

    await advance_to(hass, freezer, ist(17, 30))
    warning = notes[f"voltwise_{mock_config_entry.entry_id}_peak"]
    assert warning["message"] == (
        "The peak tariff at Test Home starts at 18:00, in 30 minutes. "
        "Start or finish heavy loads now."
    )
    await advance_to(hass, freezer, ist(18))
    peak = notes[f"voltwise_{mock_config_entry.entry_id}_peak"]
    assert peak["message"] == (
        "Electricity at Test Home now costs 8.8 INR/kWh until 22:00. Shiftable appliances can wait."
    )
    await advance_to(hass, freezer, ist(22))
    assert notes[f"voltwise_{mock_config_entry.entry_id}_peak"]["title"] == "✅ Peak tariff ended"


async def test_notifications_are_off_by_default(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 59))
    await advance_to(hass, freezer, ist(18))
    assert persistent_notification._async_get_or_create_notifications(hass) == {}
