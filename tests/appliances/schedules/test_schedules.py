"""Appliance schedules in a running home: exact instants, restarts, DST, services, calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import persistent_notification
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.const import (
    DOMAIN,
    EVENT_APPLIANCE_ACTION,
    EVENT_SCHEDULE_EXECUTED,
    EVENT_SCHEDULE_FAILED,
    EVENT_SCHEDULE_MISSED,
)
from tests.homes import appliance_subentry

HEATER = "01JTESTHEATER000000000000"
WASHER = "01JTESTWASHER000000000000"
KOLKATA = ZoneInfo("Asia/Kolkata")
BERLIN_HOME = {
    "name": "Test Home",
    "region": "IN-WE",
    "tariff": "flat",
    "normal_rate": 0.3,
    "currency": "EUR",
    "time_zone": "Europe/Berlin",
}


def ist(hour: int, minute: int = 0, day: int = 2, second: int = 0) -> datetime:
    """Kolkata wall-clock time in March 2026 (the 2nd is a Monday), as UTC."""
    return datetime(2026, 3, day, hour, minute, second, tzinfo=KOLKATA).astimezone(UTC)


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=2000.0),
        appliance_subentry(WASHER, "Washer", nameplate_w=1000.0),
    ]


async def setup(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry, when: datetime
) -> None:
    freezer.move_to(when)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Jump to ``when`` and let every timer due by then fire (twice: timers armed by the first
    round for an instant already reached run in the second, as they would at once in a live loop).
    """
    freezer.move_to(when)
    for _ in range(2):
        async_fire_time_changed(hass, when)
        await hass.async_block_till_done()


async def call(hass: HomeAssistant, service: str, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


def switch(hass: HomeAssistant, name: str = "heater") -> str:
    return hass.states.get(f"switch.{name}").state


async def test_a_one_off_runs_at_its_exact_instants(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(21, 0))
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    actions = async_capture_events(hass, EVENT_APPLIANCE_ACTION)
    result = await call(
        hass, "schedule_appliance", appliance="switch.heater", start="22:00", end="06:30"
    )
    assert result["next_trigger"] == "2026-03-02T22:00:00+05:30"
    assert result["next_action"] == "turn_on"
    assert result["repeat"] == "once"
    assert result["date"] == "2026-03-02"
    status = hass.states.get("sensor.heater_status")
    assert status.state == "scheduled"

    await at(hass, freezer, ist(21, 59, second=59))
    assert switch(hass) == "off"  # not a moment early
    await at(hass, freezer, ist(22, 0))
    assert switch(hass) == "on"
    assert hass.states.get("sensor.heater_status").state == "on"
    assert [(e.data["action"], e.data["source"]) for e in actions] == [("turn_on", "schedule")]
    assert executed[0].data["scheduled_at"] == "2026-03-02T22:00:00+05:30"
    assert executed[0].data["appliance"] == "Heater"

    await at(hass, freezer, ist(6, 30, day=3))
    assert switch(hass) == "off"
    assert [e.data["action"] for e in executed] == ["turn_on", "turn_off"]
    assert hass.states.get("sensor.heater_status").state == "off"  # nothing pending
    listed = await call(hass, "list_schedules")
    assert listed["schedules"][0]["next_trigger"] is None  # over; kept until cancelled


@pytest.mark.parametrize(
    ("repeat", "extra", "first", "second"),
    [
        ("daily", {}, ist(7, day=3), ist(7, day=4)),
        ("weekdays", {}, ist(7, day=6), ist(7, day=9)),  # Friday, then Monday
        ("weekends", {}, ist(7, day=7), ist(7, day=8)),
        ("days", {"days": ["tue", "sun"]}, ist(7, day=3), ist(7, day=8)),
    ],
)
async def test_repeating_schedules_follow_their_days(  # noqa: PLR0917 - parametrized
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    repeat: str,
    extra: dict[str, Any],
    first: datetime,
    second: datetime,
) -> None:
    # Start on Thursday 5 March after 07:00 for weekdays, else Monday 2 March evening.
    start = ist(8, day=5) if repeat == "weekdays" else ist(20)
    await setup(hass, freezer, mock_config_entry, start)
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    result = await call(
        hass,
        "schedule_appliance",
        appliance="switch.heater",
        start="07:00",
        duration="00:30:00",
        repeat=repeat,
        **extra,
    )
    assert datetime.fromisoformat(result["next_trigger"]) == first
    for when in (first, second):
        await at(hass, freezer, when - timedelta(minutes=1))
        assert switch(hass) == "off"
        await at(hass, freezer, when)
        assert switch(hass) == "on"
        await at(hass, freezer, when + timedelta(minutes=30))
        assert switch(hass) == "off"
    assert [
        (e.data["action"], datetime.fromisoformat(e.data["scheduled_at"])) for e in executed
    ] == [
        ("turn_on", first),
        ("turn_off", first + timedelta(minutes=30)),
        ("turn_on", second),
        ("turn_off", second + timedelta(minutes=30)),
    ]


@pytest.mark.parametrize("home_data", [BERLIN_HOME])
async def test_a_start_in_the_spring_gap_runs_once_after_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    # Berlin: 02:30 does not exist on 29 March 2026 (02:00 CET -> 03:00 CEST).
    await setup(hass, freezer, mock_config_entry, datetime(2026, 3, 28, 12, tzinfo=UTC))
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    await call(hass, "schedule_appliance", appliance="switch.heater", start="02:30", repeat="daily")
    await at(hass, freezer, datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    assert executed == []
    await at(hass, freezer, datetime(2026, 3, 29, 1, 0, tzinfo=UTC))  # 03:00 CEST, after the gap
    assert len(executed) == 1
    await at(hass, freezer, datetime(2026, 3, 29, 12, tzinfo=UTC))
    assert len(executed) == 1
    await at(hass, freezer, datetime(2026, 3, 30, 0, 30, tzinfo=UTC))  # 02:30 CEST next day
    assert len(executed) == 2


@pytest.mark.parametrize("home_data", [BERLIN_HOME])
async def test_a_start_in_the_autumn_fold_runs_once_at_the_first(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    # Berlin: 02:30 happens twice on 25 October 2026 (03:00 CEST -> 02:00 CET).
    await setup(hass, freezer, mock_config_entry, datetime(2026, 10, 24, 12, tzinfo=UTC))
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    await call(
        hass,
        "schedule_appliance",
        appliance="switch.heater",
        start="02:30",
        duration="02:00:00",
        repeat="daily",
    )
    await at(hass, freezer, datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 02:30 CEST
    assert [e.data["action"] for e in executed] == ["turn_on"]
    await at(hass, freezer, datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 02:30 CET, again
    assert [e.data["action"] for e in executed] == ["turn_on"]
    await at(hass, freezer, datetime(2026, 10, 25, 2, 30, tzinfo=UTC))  # two real hours later
    assert [e.data["action"] for e in executed] == ["turn_on", "turn_off"]


@pytest.mark.parametrize("home_data", [BERLIN_HOME])
async def test_a_clock_jump_is_caught_up_not_replayed(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, datetime(2026, 3, 2, 12, tzinfo=UTC))
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    missed = async_capture_events(hass, EVENT_SCHEDULE_MISSED)
    await call(hass, "schedule_appliance", appliance="switch.heater", start="18:00", repeat="daily")
    await at(hass, freezer, datetime(2026, 3, 9, 12, tzinfo=UTC))  # a week, in one jump
    assert executed == []
    assert len(missed) == 7  # each missed start reported once, none run a week late
    await at(hass, freezer, datetime(2026, 3, 9, 17, tzinfo=UTC))  # 18:00 CET
    assert len(executed) == 1


async def test_a_start_missed_while_down_runs_once_within_the_grace(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="10:00", end="11:00")
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)  # HA goes down
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    freezer.move_to(ist(10, 10))  # back 10 minutes late: within 15
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert switch(hass) == "on"
    assert len(executed) == 1
    assert executed[0].data["late"] is True
    # A reload (or another crash) does not run it again.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len(executed) == 1
    await at(hass, freezer, ist(11))
    assert switch(hass) == "off"
    assert [e.data["action"] for e in executed] == ["turn_on", "turn_off"]


@pytest.mark.parametrize("home_options", [{"notify": True}])
async def test_a_start_missed_beyond_the_grace_is_reported_not_run(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="10:00", end="11:00")
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    missed = async_capture_events(hass, EVENT_SCHEDULE_MISSED)
    freezer.move_to(ist(10, 30))
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert switch(hass) == "off"
    assert [e.data["action"] for e in missed] == ["turn_on"]
    notes = persistent_notification._async_get_or_create_notifications(hass)
    note = notes[f"voltwise_{mock_config_entry.entry_id}_schedule"]
    assert note["message"] == (
        "Heater was not turned on at 10:00: Home Assistant was not running then, "
        "and it is too late now."
    )
    # Reported once only, and its auto-off has nothing to undo.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await at(hass, freezer, ist(11, 5))
    assert len(missed) == 1
    log = mock_config_entry.runtime_data.schedules.log
    assert [(item["action"], item["result"]) for item in log] == [
        ("turn_on", "missed"),
        ("turn_off", "skipped"),
    ]


async def test_an_auto_off_missed_while_down_is_always_applied(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="10:00", end="11:00")
    await at(hass, freezer, ist(10))
    assert switch(hass) == "on"
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    freezer.move_to(ist(18))  # back hours after the auto-off
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert switch(hass) == "off"  # the heater did not stay on because HA was down


async def test_a_failed_action_is_logged_and_never_retried(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="10:00")
    backend = mock_config_entry.runtime_data.appliances.appliances[HEATER].backend

    async def broken() -> None:
        from custom_components.voltwise.appliances.model import BackendError  # noqa: PLC0415

        raise BackendError("device_offline")

    monkeypatch.setattr(backend, "async_turn_on", broken)
    failed = async_capture_events(hass, EVENT_SCHEDULE_FAILED)
    await at(hass, freezer, ist(10))
    assert [e.data["error"] for e in failed] == ["device_offline"]
    assert switch(hass) == "off"
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len(failed) == 1  # the key was saved before acting: never twice


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            {"start": "22:00", "end": "21:00", "date": "2026-03-05", "end_date": "2026-03-05"},
            "schedule_end_before_start",
        ),
        ({"start": "22:00", "date": "5 March"}, "schedule_invalid_date"),
        ({"start": "22:00", "duration": "00:00:00"}, "invalid_duration"),
        ({"start": "22:00", "repeat": "days", "days": ["mon", "funday"]}, "schedule_unknown_day"),
        ({"start": "22:00", "repeat": "days"}, "schedule_no_days"),
        ({"start": "25:00"}, "invalid_time"),
        ({"start": "22:00", "repeat": "fortnightly"}, "unknown_repeat"),
        ({"start": "08:00", "date": "2026-03-01"}, "schedule_in_past"),
        ({"start": "22:00", "end": "23:00", "duration": "01:00:00"}, "schedule_end_and_duration"),
    ],
)
async def test_bad_schedules_are_refused_and_nothing_is_saved(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    data: dict[str, Any],
    key: str,
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, "schedule_appliance", appliance="switch.heater", **data)
    assert raised.value.translation_key == key
    assert mock_config_entry.runtime_data.schedules.store.data["schedules"] == {}


async def test_an_unknown_appliance_or_schedule_is_refused(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    with pytest.raises(ServiceValidationError) as raised:
        await call(
            hass, "schedule_appliance", appliance="sensor.test_home_tariff_rate", start="22:00"
        )
    assert raised.value.translation_key == "not_an_appliance"
    for service in ("update_schedule", "cancel_schedule"):
        with pytest.raises(ServiceValidationError) as raised:
            await hass.services.async_call(DOMAIN, service, {"schedule_id": "nope"}, blocking=True)
        assert raised.value.translation_key == "schedule_not_found"
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, "list_schedules", config_entry_id="nope")
    assert raised.value.translation_key == "home_not_found"


async def test_update_cancel_and_list(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    first = await call(
        hass, "schedule_appliance", appliance="switch.heater", start="22:00", repeat="daily"
    )
    second = await call(hass, "schedule_appliance", appliance="switch.washer", start="13:00")
    changed = await call(hass, "update_schedule", schedule_id=first["schedule_id"], start="07:15")
    assert changed["next_trigger"] == "2026-03-03T07:15:00+05:30"
    assert changed["repeat"] == "daily"  # kept
    with pytest.raises(ServiceValidationError):
        await call(hass, "update_schedule", schedule_id=first["schedule_id"], start="7 o'clock")
    assert (await call(hass, "list_schedules", appliance="switch.heater"))["schedules"][0][
        "start"
    ] == "07:15"  # the failed update changed nothing
    listed = await call(hass, "list_schedules", config_entry_id=mock_config_entry.entry_id)
    assert [item["appliance"] for item in listed["schedules"]] == ["Heater", "Washer"]
    await hass.services.async_call(
        DOMAIN, "cancel_schedule", {"schedule_id": second["schedule_id"]}, blocking=True
    )
    assert hass.states.get("sensor.washer_status").state == "off"
    listed = await call(hass, "list_schedules")
    assert [item["schedule_id"] for item in listed["schedules"]] == [first["schedule_id"]]
    await at(hass, freezer, ist(13))
    assert switch(hass, "washer") == "off"  # cancelled: its timer is gone


async def test_the_calendar_shows_past_and_upcoming_runs(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(
        hass,
        "schedule_appliance",
        appliance="switch.heater",
        start="10:00",
        end="11:00",
        repeat="daily",
    )
    calendar = "calendar.test_home_appliance_schedules"
    assert hass.states.get(calendar).state == "off"
    shown = dt_util.as_local(ist(10)).strftime("%Y-%m-%d %H:%M:%S")  # in HA's own zone
    assert hass.states.get(calendar).attributes["start_time"] == shown
    await at(hass, freezer, ist(10))
    await at(hass, freezer, ist(10, 30))
    assert hass.states.get(calendar).state == "on"
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": calendar, "start_date_time": ist(0), "end_date_time": ist(23, day=3)},
        blocking=True,
        return_response=True,
    )
    runs = events[calendar]["events"]
    assert [(run["summary"], run["start"], run["end"]) for run in runs] == [
        ("Heater", "2026-03-02T10:00:00+05:30", "2026-03-02T11:00:00+05:30"),
        ("Heater", "2026-03-03T10:00:00+05:30", "2026-03-03T11:00:00+05:30"),
    ]
    assert runs[0]["description"].endswith("success")


async def test_a_smart_schedule_runs_at_the_best_time_in_its_window(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    # Monday 20:00: tomorrow's window 06:00-20:00 holds the solar hours (09:00-17:00), cheapest.
    await setup(hass, freezer, mock_config_entry, ist(20))
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.test_home_strategy", "option": "max_savings"},
        blocking=True,
    )
    result = await call(
        hass,
        "schedule_appliance",
        appliance="switch.washer",
        start="06:00",
        end="20:00",
        duration="02:00:00",
        smart=True,
        date="2026-03-03",
    )
    start = datetime.fromisoformat(result["next_trigger"])
    local = start.astimezone(KOLKATA)
    assert local.hour >= 9
    assert local + timedelta(hours=2) <= local.replace(hour=17, minute=0)
    await at(hass, freezer, start)
    assert switch(hass, "washer") == "on"
    await at(hass, freezer, start + timedelta(hours=2))
    assert switch(hass, "washer") == "off"


OLD_SCHEDULE = {
    "spec": {"id": "01JOLDSCHEDULE00000000000", "start": "22:00", "repeat": "daily"},
    "appliance_id": HEATER,
    "created_at": "2026-02-01T00:00:00+00:00",
}
OLD_KEY = "01JOLDSCHEDULE00000000000:2026-03-01:on"


@pytest.mark.parametrize(
    ("minor", "data"),
    [
        (1, {"schedules": {"01JOLDSCHEDULE00000000000": OLD_SCHEDULE}, "executed": [OLD_KEY]}),
        (
            2,
            {
                "schedules": {
                    "01JOLDSCHEDULE00000000000": {
                        **OLD_SCHEDULE,
                        "handled_until": "2026-03-01T18:00:00+00:00",
                        "starts": {},
                    }
                },
                "executed": {OLD_KEY: "2026-03-01T16:30:00+00:00"},
                "reported": {},
                "log": [],
            },
        ),
    ],
)
async def test_an_older_store_is_migrated(  # noqa: PLR0917 - parametrized
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    minor: int,
    data: dict[str, Any],
) -> None:
    key = f"voltwise.{mock_config_entry.entry_id}.schedules"
    hass_storage[key] = {"version": 1, "minor_version": minor, "key": key, "data": data}
    # The heater was switched off after the old key's run (else the journal's "on" would be
    # restored: the appliance store would have missed it).
    appliances = f"voltwise.{mock_config_entry.entry_id}.appliances"
    off = {
        "at": ist(8).isoformat(),
        "appliance_id": HEATER,
        "appliance": "Heater",
        "action": "turn_off",
        "source": "user",
        "result": "success",
    }
    hass_storage[appliances] = {
        "version": 1,
        "key": appliances,
        "data": {"appliances": {}, "actions": [off]},
    }
    await setup(hass, freezer, mock_config_entry, ist(9))
    stored = mock_config_entry.runtime_data.schedules.store.data
    assert OLD_KEY in stored["executed"]
    assert stored["schedules"]["01JOLDSCHEDULE00000000000"]["starts"] == {}
    assert hass.states.get("sensor.heater_status").state == "scheduled"
    record = hass_storage[key]["data"]["schedules"]["01JOLDSCHEDULE00000000000"]
    assert record["next_trigger"] == ist(22).isoformat()  # what the timer is armed for
    await at(hass, freezer, ist(22))
    assert switch(hass) == "on"
    assert hass_storage[key]["minor_version"] == 3
    assert "executed" not in hass_storage[key]["data"]
    journal = hass_storage[f"voltwise.{mock_config_entry.entry_id}.schedule_journal"]["data"]
    assert OLD_KEY in journal["executed"]  # moved to the journal, saved before the 22:00 run


async def test_schedules_of_a_removed_appliance_are_dropped(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.washer", start="13:00")
    assert hass.config_entries.async_remove_subentry(mock_config_entry, WASHER)
    await hass.async_block_till_done()
    assert (await call(hass, "list_schedules"))["schedules"] == []
