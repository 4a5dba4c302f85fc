"""The spike alert: the home's power above a threshold for the set time, once per spike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.billing.spike import _watts
from tests.homes import appliance_subentry
from tests.insight.common import settle, start_home

T0 = datetime(2026, 7, 2, 13, 0, tzinfo=UTC)
HOME_POWER = "sensor.home_power"
WATTS = {"unit_of_measurement": "W", "device_class": "power", "state_class": "measurement"}
KILOWATTS = {**WATTS, "unit_of_measurement": "kW"}
APPLIANCES = {"Geyser": 2000, "AC": 1500, "Iron": 1000, "Lamp": 60}


def _appliances() -> list[dict[str, Any]]:
    return [
        appliance_subentry(
            f"01JTEST{name.upper():0<18}",
            name,
            backend="ha_entity",
            nameplate_w=float(watts),
            entity_id=f"input_boolean.{name.lower()}",
            power_sensor=f"sensor.{name.lower()}_power",
        )
        for name, watts in APPLIANCES.items()
    ]


def _spike_options(**extra: Any) -> dict[str, Any]:
    return {
        "notify": True,
        "billing": {"spike_threshold_w": 4000.0, "spike_minutes": 5, **extra},
    }


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return _appliances()


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await settle(hass)


async def _power(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime, entity: str, kw: float
) -> None:
    freezer.move_to(when)
    hass.states.async_set(entity, str(kw), KILOWATTS if entity == HOME_POWER else WATTS)
    await settle(hass)


async def _reading(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime, watts: dict[str, float]
) -> None:
    """Appliances' readings at ``when``, and the seconds their debounced updates take."""
    freezer.move_to(when)
    _draw(hass, watts)
    for seconds in (1, 2, 3):
        await _at(hass, freezer, when + timedelta(seconds=seconds))


def _draw(hass: HomeAssistant, watts: dict[str, float]) -> None:
    for name, value in watts.items():
        hass.states.async_set(f"input_boolean.{name.lower()}", "on" if value else "off")
        hass.states.async_set(f"sensor.{name.lower()}_power", str(value), WATTS)


@pytest.mark.parametrize("home_options", [_spike_options(spike_power_sensor=HOME_POWER)])
async def test_a_spike_of_the_homes_power_sensor_is_alerted_once_timed_from_the_crossing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    spikes = async_capture_events(hass, "voltwise_spike_alert")
    freezer.move_to(T0)
    _draw(hass, {"Geyser": 2000, "AC": 1500, "Iron": 1000, "Lamp": 60})
    hass.states.async_set(HOME_POWER, "3.5", KILOWATTS)
    await start_home(hass, mock_config_entry)

    # Above 4 kW for 4 minutes only: no spike.
    await _power(hass, freezer, T0 + timedelta(minutes=1), HOME_POWER, 4.6)
    await _power(hass, freezer, T0 + timedelta(minutes=5), HOME_POWER, 3.8)
    await _at(hass, freezer, T0 + timedelta(minutes=12))
    assert spikes == []

    # Crossing at 12:30 (a reading, not a tick): the alert falls due at 17:30 exactly.
    crossing = T0 + timedelta(minutes=12, seconds=30)
    await _power(hass, freezer, crossing, HOME_POWER, 4.8)
    await _at(hass, freezer, crossing + timedelta(minutes=5) - timedelta(seconds=1))
    assert spikes == []
    await _at(hass, freezer, crossing + timedelta(minutes=5))
    assert len(spikes) == 1
    data = spikes[0].data
    assert data["power_w"] == 4800
    assert data["threshold_w"] == 4000.0
    assert data["started_at"] == crossing.isoformat()
    assert data["top_appliances"] == [
        {"name": "Geyser", "power_w": 2000},
        {"name": "AC", "power_w": 1500},
        {"name": "Iron", "power_w": 1000},
    ]
    notice = persistent_notification._async_get_or_create_notifications(hass)[
        f"voltwise_{mock_config_entry.entry_id}_spike"
    ]
    assert "Geyser (2,000 W), AC (1,500 W), Iron (1,000 W)" in notice["message"]

    # Wandering around the threshold, and briefly below, is the same spike.
    await _power(hass, freezer, crossing + timedelta(minutes=7), HOME_POWER, 3.9)
    await _power(hass, freezer, crossing + timedelta(minutes=9), HOME_POWER, 3.5)
    await _power(hass, freezer, crossing + timedelta(minutes=11), HOME_POWER, 5.0)
    await _at(hass, freezer, crossing + timedelta(minutes=30))
    assert len(spikes) == 1

    # Back to normal for the set time ends it; the next one is a new spike, alerted again.
    await _power(hass, freezer, crossing + timedelta(minutes=31), HOME_POWER, 1.0)
    await _at(hass, freezer, crossing + timedelta(minutes=36))
    await _power(hass, freezer, crossing + timedelta(minutes=40), HOME_POWER, 6.0)
    await _at(hass, freezer, crossing + timedelta(minutes=45))
    assert len(spikes) == 2
    assert spikes[1].data["started_at"] == (crossing + timedelta(minutes=40)).isoformat()


@pytest.mark.parametrize("home_options", [_spike_options()])
async def test_without_a_power_sensor_the_appliances_power_is_summed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    spikes = async_capture_events(hass, "voltwise_spike_alert")
    freezer.move_to(T0)
    _draw(hass, {"Geyser": 0, "AC": 1500, "Iron": 0, "Lamp": 60})
    await start_home(hass, mock_config_entry)

    # The geyser and the iron come on: 4,560 W from the iron's reading at 2:00. Appliance
    # updates reach the alert debounced (about a second): the hold runs from then.
    await _reading(hass, freezer, T0 + timedelta(minutes=1), {"Geyser": 2000})
    crossing = T0 + timedelta(minutes=2)
    await _reading(hass, freezer, crossing, {"Iron": 1000})
    await _at(hass, freezer, crossing + timedelta(minutes=4, seconds=55))
    assert spikes == []
    await _at(hass, freezer, crossing + timedelta(minutes=5, seconds=5))
    assert len(spikes) == 1
    assert spikes[0].data["power_w"] == 4560
    started = datetime.fromisoformat(spikes[0].data["started_at"])
    assert crossing <= started <= crossing + timedelta(seconds=3)
    assert [item["name"] for item in spikes[0].data["top_appliances"]] == ["Geyser", "AC", "Iron"]


async def test_the_spike_alert_is_off_by_default(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    spikes = async_capture_events(hass, "voltwise_spike_alert")
    freezer.move_to(T0)
    _draw(hass, APPLIANCES)
    await start_home(hass, mock_config_entry)
    await _at(hass, freezer, T0 + timedelta(hours=1))
    assert mock_config_entry.runtime_data.spike is None
    assert spikes == []


@pytest.mark.parametrize("home_options", [_spike_options(spike_power_sensor=HOME_POWER)])
async def test_an_unavailable_power_sensor_cancels_a_pending_spike(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    spikes = async_capture_events(hass, "voltwise_spike_alert")
    freezer.move_to(T0)
    hass.states.async_set(HOME_POWER, "unavailable")
    await start_home(hass, mock_config_entry)
    await _power(hass, freezer, T0 + timedelta(minutes=1), HOME_POWER, 4.5)
    freezer.move_to(T0 + timedelta(minutes=3))
    hass.states.async_set(HOME_POWER, "unavailable")
    await settle(hass)
    await _power(hass, freezer, T0 + timedelta(minutes=4), HOME_POWER, 4.5)
    await _at(hass, freezer, T0 + timedelta(minutes=8, seconds=59))
    assert spikes == []
    await _at(hass, freezer, T0 + timedelta(minutes=9))
    assert spikes[0].data["started_at"] == (T0 + timedelta(minutes=4)).isoformat()


@pytest.mark.parametrize(
    ("state", "unit", "watts"),
    [("1.5", "kW", 1500.0), ("800", "W", 800.0), ("12", "Wh", None), ("on", "W", None)],
)
def test_a_power_reading_is_converted_to_watts_or_unknown(
    state: str, unit: str, watts: float | None
) -> None:
    assert _watts(state, {"unit_of_measurement": unit}) == watts
