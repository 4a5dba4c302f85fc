"""A metered appliance drawing far more than usual, then running far longer, from its history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder, history
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voltwise.const import DOMAIN
from custom_components.voltwise.insight.appliance_watch import RECORDER_LAG
from tests.homes import appliance_subentry
from tests.insight.common import settle, start_home

PUMP = "01JTESTPUMP00000000000000"
METER = "sensor.pump_meter"
WATTS = {"unit_of_measurement": "W", "device_class": "power", "state_class": "measurement"}
START = datetime(2026, 3, 1, 0, 0, 0, tzinfo=UTC)
DAYS = 10
ANOMALY = "binary_sensor.test_home_anomaly"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"consumption_source": "appliances"}


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(
            PUMP,
            "Pump",
            backend="ha_entity",
            nameplate_w=750.0,
            entity_id="input_boolean.pump",
            power_sensor=METER,
        ),
        appliance_subentry("01JTESTLAMP00000000000000", "Lamp", nameplate_w=60.0),
    ]


async def power(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, at: datetime, watts: float
) -> None:
    freezer.move_to(at)
    hass.states.async_set(METER, str(watts), WATTS)
    await settle(hass)


async def tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, at: datetime) -> None:
    freezer.move_to(at)
    async_fire_time_changed(hass, at)
    await settle(hass)


async def test_a_metered_appliance_drawing_and_running_far_beyond_its_usual_is_reported(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    freezer.move_to(START)
    hass.states.async_set("input_boolean.pump", "on")
    hass.states.async_set(METER, "0", WATTS)
    await start_home(hass, mock_config_entry)
    power_sensor = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{mock_config_entry.entry_id}_{PUMP}_power"
    )
    assert power_sensor is not None
    # Its usual: 30 minutes at about 100 W, twice a day, for ten days.
    for day in range(DAYS):
        for hour in (2, 10):
            run = START + timedelta(days=day, hours=hour)
            await power(hass, freezer, run, 100 + day % 3)
            await power(hass, freezer, run + timedelta(minutes=30), 0)
    events: list[Event] = []
    hass.bus.async_listen(f"{DOMAIN}_anomaly_detected", events.append)
    today = START + timedelta(days=DAYS, hours=10)

    await tick(hass, freezer, today - timedelta(minutes=4, seconds=40))  # 09:55:20: all quiet
    assert events == []
    assert hass.states.get(ANOMALY).state == "off"
    stored = mock_config_entry.runtime_data.insight.diagnostics()["appliance_profiles"]
    assert stored[PUMP]["profile"]["runs"] >= 10

    await power(hass, freezer, today, 320)  # the compressor labours
    await tick(hass, freezer, today + timedelta(minutes=10, seconds=20))
    assert [event.data["kind"] for event in events] == ["appliance_high_power"]
    assert events[0].data["appliance"] == PUMP
    assert events[0].data["appliance_name"] == "Pump"
    assert events[0].data["value"] == pytest.approx(320)
    assert hass.states.get(ANOMALY).state == "on"

    # Twice its usual long run, and longer than any seen: it never stops.
    for minutes in range(15, 75, 5):
        await tick(hass, freezer, today + timedelta(minutes=minutes, seconds=20))
    assert [event.data["kind"] for event in events] == [
        "appliance_high_power",
        "appliance_long_run",
    ]
    assert events[1].data["appliance_name"] == "Pump"
    kinds = {a["kind"] for a in hass.states.get(ANOMALY).attributes["anomalies"]}
    assert kinds == {"appliance_high_power", "appliance_long_run"}

    await hass.services.async_call(
        DOMAIN,
        "acknowledge_anomaly",
        {"config_entry_id": mock_config_entry.entry_id},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert hass.states.get(ANOMALY).state == "off"
    # The same run is not told again.
    await tick(hass, freezer, today + timedelta(minutes=80, seconds=20))
    assert len(events) == 2


async def test_a_power_history_that_cannot_be_read_is_logged_and_skipped(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    freezer.move_to(START)
    hass.states.async_set("input_boolean.pump", "on")
    hass.states.async_set(METER, "unavailable")
    await start_home(hass, mock_config_entry)
    with patch(
        "homeassistant.components.recorder.history.state_changes_during_period",
        side_effect=RuntimeError("database is locked"),
    ):
        await tick(hass, freezer, START + timedelta(minutes=5, seconds=20))
    assert "Could not judge" in caplog.text
    assert hass.states.get(ANOMALY).state == "off"
    # Without the recorder there is nothing to read: the check does nothing.
    watch = mock_config_entry.runtime_data.insight.appliance_watch
    with patch(
        "custom_components.voltwise.insight.appliance_watch.recorder_loaded", return_value=False
    ):
        await watch.async_check()
    await tick(hass, freezer, START + timedelta(minutes=10, seconds=20))
    assert watch.profiles()[PUMP]["profile"] is None  # no runs yet: nothing learnt


async def test_the_five_minute_check_reads_only_since_the_previous_check(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Each check asks only for the minutes since the previous one (the day's readings are kept
    in memory), and the 14 days the profile is learnt from are not read again the same day."""
    freezer.move_to(START)
    hass.states.async_set("input_boolean.pump", "on")
    hass.states.async_set(METER, "0", WATTS)
    await start_home(hass, mock_config_entry)
    power_sensor = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{mock_config_entry.entry_id}_{PUMP}_power"
    )
    for day in range(DAYS):
        for hour in (2, 10):
            run = START + timedelta(days=day, hours=hour)
            await power(hass, freezer, run, 100 + day % 3)
            await power(hass, freezer, run + timedelta(minutes=30), 0)
    real = history.state_changes_during_period
    asked: list[tuple[datetime, datetime]] = []

    def spy(hass: HomeAssistant, start: datetime, end: datetime, entity_id: str, **kw: Any) -> Any:
        if entity_id == power_sensor:
            asked.append((start, end))
        return real(hass, start, end, entity_id, **kw)

    events: list[Event] = []
    hass.bus.async_listen(f"{DOMAIN}_anomaly_detected", events.append)
    today = START + timedelta(days=DAYS, hours=10)
    first = today - timedelta(minutes=4, seconds=40)
    with patch.object(history, "state_changes_during_period", spy):
        await tick(hass, freezer, first)  # the first check of the day learns the profile
        assert asked[0] == (first - timedelta(days=14), first)
        asked.clear()
        await power(hass, freezer, today, 320)
        checks = [today + timedelta(minutes=m, seconds=20) for m in range(5, 75, 5)]
        previous = first
        for check in checks:
            await tick(hass, freezer, check)
            # Only the minutes since the previous check (and the recorder's commit lag).
            assert asked == [(previous - RECORDER_LAG, check)]
            asked.clear()
            previous = check
    # Judged as when every check read the whole day: the same two anomalies, in the same order.
    assert [event.data["kind"] for event in events] == [
        "appliance_high_power",
        "appliance_long_run",
    ]
    assert events[0].data["value"] == pytest.approx(320)
