"""Schedules under bad input and faults: nothing stored on an error, start-up never fails.

Regression tests for issue 11: a schedule whose instants overflow was saved and then broke
every start-up; an end equal to the start became a 24-hour run; log lines written in the same
burst as a commit were never saved; a SIGKILL in the middle of a burst left a virtual appliance
off although its journalled "on" had run.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.voltwise.const import DOMAIN, EVENT_SCHEDULE_EXECUTED
from tests.appliances.schedules.test_schedules import HEATER, WASHER, at, call, ist, setup, switch
from tests.homes import appliance_subentry

ENTRY_ID = "01JTESTHOME00000000000000"
SCHEDULES_KEY = f"voltwise.{ENTRY_ID}.schedules"
JOURNAL_KEY = f"voltwise.{ENTRY_ID}.schedule_journal"
APPLIANCES_KEY = f"voltwise.{ENTRY_ID}.appliances"
BROKEN = "01JBROKENSCHEDULE00000000"
GOOD = "01JGOODSCHEDULE0000000000"


@pytest.fixture
def home_subentries() -> list[dict[str, Any]]:
    return [
        appliance_subentry(HEATER, "Heater", nameplate_w=2000.0),
        appliance_subentry(WASHER, "Washer", nameplate_w=1000.0),
    ]


def stored_schedules(entry: MockConfigEntry) -> dict[str, Any]:
    return copy.deepcopy(entry.runtime_data.schedules.store.data["schedules"])


@pytest.mark.parametrize(
    ("data", "key"),
    [
        # The issue's call: OverflowError, and the schedule saved anyway.
        ({"date": "9999-12-31", "duration": "144:00:00"}, "date_out_of_range"),
        ({"date": "0001-01-01"}, "date_out_of_range"),
        ({"date": "2036-03-03"}, "date_out_of_range"),  # beyond ten years
        ({"date": "2026-03-05", "end": "01:00", "end_date": "9999-12-31"}, "date_out_of_range"),
        ({"duration": "400:00:00"}, "duration_too_long"),
        ({"duration": {"days": 21}}, "duration_too_long"),
        ({"duration": 10**15}, "duration_too_long"),  # OverflowError inside cv.time_period
        ({"duration": "-00:30:00"}, "invalid_duration"),
    ],
)
async def test_dates_and_durations_out_of_range_are_refused(  # noqa: PLR0917 - parametrized
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    data: dict[str, Any],
    key: str,
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, "schedule_appliance", appliance="switch.heater", start="23:00", **data)
    assert raised.value.translation_key == key
    assert "e+" not in str(raised.value)  # numbers are written for people
    assert ".0 " not in str(raised.value)
    assert stored_schedules(mock_config_entry) == {}
    assert (await call(hass, "list_schedules"))["schedules"] == []
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_an_update_out_of_range_changes_nothing(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    created = await call(hass, "schedule_appliance", appliance="switch.heater", start="23:00")
    before = stored_schedules(mock_config_entry)
    for data in (
        {"date": "9999-12-31", "duration": "144:00:00"},
        {"date": "0001-01-01"},
        {"start": "10:00", "end": "10:00"},
    ):
        with pytest.raises(ServiceValidationError):
            await call(hass, "update_schedule", schedule_id=created["schedule_id"], **data)
    assert stored_schedules(mock_config_entry) == before
    listed = (await call(hass, "list_schedules"))["schedules"]
    assert [(item["start"], item["date"]) for item in listed] == [("23:00", "2026-03-02")]
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    await at(hass, freezer, ist(23))
    assert switch(hass) == "on"  # still armed as before


@pytest.mark.parametrize(
    "data",
    [
        {"start": "10:00", "end": "10:00"},
        {"start": "10:00", "end": "10:00", "date": "2026-03-03"},
        {"start": "10:00", "end": "10:00", "repeat": "daily"},
        {"start": "10:00", "end": "10:00", "repeat": "days", "days": ["mon"]},
        {"start": "10:00", "end": "10:00", "duration": "01:00:00", "smart": True},
    ],
)
async def test_an_end_equal_to_the_start_is_refused_everywhere(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    data: dict[str, Any],
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, "schedule_appliance", appliance="switch.heater", **data)
    assert raised.value.translation_key == "schedule_end_equals_start"
    assert stored_schedules(mock_config_entry) == {}


async def test_an_explicit_end_date_still_allows_a_whole_day(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    result = await call(
        hass,
        "schedule_appliance",
        appliance="switch.heater",
        start="10:00",
        end="10:00",
        date="2026-03-02",
        end_date="2026-03-03",
    )
    assert result["end_date"] == "2026-03-03"


def _record(spec: dict[str, Any], appliance_id: str = HEATER) -> dict[str, Any]:
    return {
        "spec": spec,
        "appliance_id": appliance_id,
        "created_at": "2026-03-01T00:00:00+00:00",
        "handled_until": "2026-03-02T03:00:00+00:00",
        "starts": {},
    }


def _seed(hass_storage: dict[str, Any], schedules: dict[str, Any]) -> None:
    hass_storage[SCHEDULES_KEY] = {
        "version": 1,
        "minor_version": 3,
        "key": SCHEDULES_KEY,
        "data": {"schedules": schedules},
    }


# What the old version saved for the issue's call: its end overflows when it is planned.
OVERFLOWING = _record(
    {
        "id": BROKEN,
        "repeat": "once",
        "start": "23:00",
        "end": None,
        "duration": 144 * 3600,
        "date": "9999-12-31",
        "end_date": None,
        "days": [],
        "smart": False,
    }
)
GOOD_RECORD = _record(
    {"id": GOOD, "repeat": "daily", "start": "10:00", "duration": 1800}, appliance_id=WASHER
)


@pytest.mark.parametrize(
    "broken",
    [
        OVERFLOWING,
        {**OVERFLOWING, "spec": {**OVERFLOWING["spec"], "date": "0001-01-01", "duration": None}},
        {**OVERFLOWING, "spec": {"id": BROKEN, "start": "25:99"}},  # corrupted
        {**OVERFLOWING, "spec": "garbage"},
        {**OVERFLOWING, "handled_until": "yesterday"},
        {**OVERFLOWING, "spec": {**GOOD_RECORD["spec"], "id": BROKEN}, "starts": {"x": 1}},
        # Caught up fine, then planning its calendar state fails.
        {**OVERFLOWING, "spec": {**GOOD_RECORD["spec"], "id": BROKEN}, "created_at": "long ago"},
    ],
)
async def test_a_stored_schedule_that_cannot_be_planned_is_disabled_not_fatal(  # noqa: PLR0917
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    broken: dict[str, Any],
) -> None:
    _seed(hass_storage, {BROKEN: copy.deepcopy(broken), GOOD: copy.deepcopy(GOOD_RECORD)})
    old_key = f"{BROKEN}:2026-01-01:on"  # kept while the schedule is disabled
    hass_storage[JOURNAL_KEY] = {
        "version": 1,
        "key": JOURNAL_KEY,
        "data": {"executed": {old_key: "2026-01-01T00:00:00+00:00"}, "reported": {}, "log": []},
    }
    await setup(hass, freezer, mock_config_entry, ist(9))
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("switch.heater").state == "off"  # its appliance still works

    issues = ir.async_get(hass)
    issue = issues.async_get_issue(DOMAIN, f"schedule_disabled_{BROKEN}")
    assert issue is not None
    assert issue.translation_key == "schedule_disabled"
    assert issue.translation_placeholders["appliance"] == "Heater"
    assert issue.translation_placeholders["schedule_id"] == BROKEN

    listed = (await call(hass, "list_schedules"))["schedules"]
    by_id = {item["schedule_id"]: item for item in listed}
    assert by_id[BROKEN]["disabled"] is True
    assert by_id[BROKEN]["appliance"] == "Heater"
    assert by_id[BROKEN]["next_trigger"] is None
    assert by_id[GOOD]["disabled"] is False
    assert hass_storage[SCHEDULES_KEY]["data"]["schedules"][BROKEN]["disabled"]  # kept, marked
    assert old_key in hass_storage[JOURNAL_KEY]["data"]["executed"]

    # The other schedule still runs, and the broken one never fires.
    executed = async_capture_events(hass, EVENT_SCHEDULE_EXECUTED)
    await at(hass, freezer, ist(10))
    assert switch(hass, "washer") == "on"
    assert [event.data["schedule_id"] for event in executed] == [GOOD]

    # A restart keeps it disabled (and the issue), and still loads.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert issues.async_get_issue(DOMAIN, f"schedule_disabled_{BROKEN}") is not None

    await hass.services.async_call(
        DOMAIN, "cancel_schedule", {"schedule_id": BROKEN}, blocking=True
    )
    assert issues.async_get_issue(DOMAIN, f"schedule_disabled_{BROKEN}") is None
    listed = (await call(hass, "list_schedules"))["schedules"]
    assert [item["schedule_id"] for item in listed] == [GOOD]
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_a_record_that_is_not_a_record_is_dropped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    _seed(hass_storage, {BROKEN: "garbage", GOOD: copy.deepcopy(GOOD_RECORD)})
    hass_storage[JOURNAL_KEY] = {"version": 1, "key": JOURNAL_KEY, "data": {"log": "x"}}
    await setup(hass, freezer, mock_config_entry, ist(9))
    assert mock_config_entry.state is ConfigEntryState.LOADED
    listed = (await call(hass, "list_schedules"))["schedules"]
    assert [item["schedule_id"] for item in listed] == [GOOD]


@pytest.mark.parametrize(
    "broken",
    [
        OVERFLOWING,
        {**OVERFLOWING, "created_at": "long ago"},
        {key: value for key, value in OVERFLOWING.items() if key != "created_at"},
    ],
)
async def test_a_disabled_schedule_can_be_repaired_with_an_update(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    broken: dict[str, Any],
) -> None:
    _seed(hass_storage, {BROKEN: copy.deepcopy(broken)})
    await setup(hass, freezer, mock_config_entry, ist(9))
    changed = await call(hass, "update_schedule", schedule_id=BROKEN, date="2026-03-02")
    assert changed["disabled"] is False
    assert changed["next_trigger"] == "2026-03-02T23:00:00+05:30"
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"schedule_disabled_{BROKEN}") is None
    await at(hass, freezer, ist(23))
    assert switch(hass) == "on"


async def test_log_lines_of_a_burst_are_all_saved(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    for appliance in ("switch.heater", "switch.washer", "switch.heater", "switch.washer"):
        await call(hass, "schedule_appliance", appliance=appliance, start="10:00", repeat="daily")
    await at(hass, freezer, ist(10))
    assert len(mock_config_entry.runtime_data.schedules.log) == 4
    # Within the save delay, every line reaches the journal file.
    await at(hass, freezer, ist(10, second=10))
    journal = hass_storage[JOURNAL_KEY]["data"]
    assert [line["result"] for line in journal["log"]] == ["success"] * 4
    assert len(journal["executed"]) == 4


async def test_progress_is_saved_after_an_edit_made_during_the_save_delay(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="10:00", repeat="daily")
    washer = await call(
        hass, "schedule_appliance", appliance="switch.washer", start="11:30", repeat="daily"
    )
    await at(hass, freezer, ist(10))
    # An edit within the save delay writes the schedules file at once, replacing its delayed
    # write: the next changes must still be saved.
    await call(hass, "schedule_appliance", appliance="switch.heater", start="20:00")
    await at(hass, freezer, ist(10, second=30))
    await at(hass, freezer, ist(11, 30))  # the washer's run: a log line and progress
    await at(hass, freezer, ist(11, 31))
    journal = hass_storage[JOURNAL_KEY]["data"]
    assert [line["scheduled_at"] for line in journal["log"]] == [
        ist(10).isoformat(),
        ist(11, 30).isoformat(),
    ]
    record = hass_storage[SCHEDULES_KEY]["data"]["schedules"][washer["schedule_id"]]
    assert record["handled_until"] == ist(11, 30).isoformat()


def _seed_killed_after_on(hass_storage: dict[str, Any]) -> None:
    """SIGKILL at 10:00:02: the journal (committed before acting) says the heater's 10:00 "on"
    ran; the appliance store, saved every 15 s, still says off from 09:00."""
    schedule = _record({"id": GOOD, "repeat": "daily", "start": "10:00", "duration": 3600})
    schedule["handled_until"] = ist(9).isoformat()
    _seed(hass_storage, {GOOD: schedule})
    key = f"{GOOD}:2026-03-02:on"
    hass_storage[JOURNAL_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": JOURNAL_KEY,
        "data": {"executed": {key: ist(10).isoformat()}, "reported": {}, "log": []},
    }
    off = {
        "at": ist(9).isoformat(),
        "appliance_id": HEATER,
        "appliance": "Heater",
        "action": "turn_off",
        "source": "user",
        "result": "success",
        "error": None,
    }
    hass_storage[APPLIANCES_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": APPLIANCES_KEY,
        "data": {
            "appliances": {HEATER: {"meter": {}, "is_on": False, "eco": False}},
            "actions": [off],
        },
    }


async def test_a_journalled_on_wins_over_an_older_appliance_store(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    _seed_killed_after_on(hass_storage)
    await setup(hass, freezer, mock_config_entry, ist(10, 0, second=30))
    assert switch(hass) == "on"  # the journal's action wins: it is newer than the store
    actions = mock_config_entry.runtime_data.appliances.pipeline.actions
    assert [(a.action.value, a.source.value) for a in actions][-1] == ("turn_on", "schedule")
    # And it is not carried out twice, nor restored again on the next restart.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    actions = mock_config_entry.runtime_data.appliances.pipeline.actions
    assert [a.source.value for a in actions].count("schedule") == 1
    await at(hass, freezer, ist(11))
    assert switch(hass) == "off"  # the auto-off answers the journalled on


async def test_back_after_the_auto_off_the_heater_stays_off(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    _seed_killed_after_on(hass_storage)
    await setup(hass, freezer, mock_config_entry, ist(18))
    assert switch(hass) == "off"  # the catch-up's auto-off is the latest action
    actions = mock_config_entry.runtime_data.appliances.pipeline.actions
    assert [(a.action.value, a.source.value) for a in actions][-1] == ("turn_off", "schedule")


async def test_an_appliance_store_newer_than_the_journal_wins(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    """The user turned the heater off after the schedule turned it on: it stays off."""
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="10:00")
    await at(hass, freezer, ist(10))
    assert switch(hass) == "on"
    freezer.move_to(ist(10, 5))
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": "switch.heater"}, blocking=True
    )
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert switch(hass) == "off"


async def test_time_moves_on_for_the_fixtures(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    """Guard: the helpers used above really fire timers (a test that cannot fail is a defect)."""
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(hass, "schedule_appliance", appliance="switch.heater", start="09:30")
    freezer.tick(timedelta(minutes=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert switch(hass) == "on"


async def test_the_calendar_far_from_today_is_empty_not_an_error(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    """Asking the calendar about 9999 raised OverflowError (Home Assistant itself cannot show
    year 1 in a local zone, so that end of the calendar never reaches VoltWise)."""
    await setup(hass, freezer, mock_config_entry, ist(9))
    await call(
        hass,
        "schedule_appliance",
        appliance="switch.heater",
        start="22:00",
        duration="06:00:00",
        repeat="daily",
    )
    calendar = "calendar.test_home_appliance_schedules"
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "entity_id": calendar,
            "start_date_time": "9999-12-30T00:00:00+00:00",
            "end_date_time": "9999-12-31T23:00:00+00:00",
        },
        blocking=True,
        return_response=True,
    )
    assert events[calendar]["events"] == []


async def test_a_schedule_that_cannot_be_planned_after_it_fired_is_disabled(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Planning the next trigger fails (as a damaged record would): the timer callback does not
    raise, the schedule is disabled with its repair issue, the other schedules go on."""
    await setup(hass, freezer, mock_config_entry, ist(9))
    heater = await call(
        hass, "schedule_appliance", appliance="switch.heater", start="10:00", repeat="daily"
    )
    await call(hass, "schedule_appliance", appliance="switch.washer", start="11:00")
    executor = mock_config_entry.runtime_data.schedules
    planner = executor._planner
    real_plan = planner.plan

    def plan(spec: Any, record: Any, now: Any, after: Any) -> Any:
        if spec.schedule_id == heater["schedule_id"]:
            raise OverflowError("date value out of range")
        return real_plan(spec, record, now, after)

    monkeypatch.setattr(planner, "plan", plan)
    await at(hass, freezer, ist(10))
    assert switch(hass) == "on"  # the occurrence itself ran
    assert executor.is_disabled(heater["schedule_id"])
    issue_id = f"schedule_disabled_{heater['schedule_id']}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    await at(hass, freezer, ist(11))
    assert switch(hass, "washer") == "on"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


async def test_a_clock_jump_over_a_schedule_that_cannot_be_caught_up_disables_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(9))
    heater = await call(
        hass, "schedule_appliance", appliance="switch.heater", start="10:00", repeat="daily"
    )

    def plan_catch_up(*_args: Any, **_kwargs: Any) -> Any:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(
        "custom_components.voltwise.appliances.schedules.executor.plan_catch_up", plan_catch_up
    )
    await at(hass, freezer, ist(12))  # the 10:00 timer fires two hours late
    executor = mock_config_entry.runtime_data.schedules
    assert executor.is_disabled(heater["schedule_id"])
    assert switch(hass) == "off"


async def test_a_smart_schedule_that_cannot_be_planned_again_is_disabled(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await setup(hass, freezer, mock_config_entry, ist(20))
    smart = await call(
        hass,
        "schedule_appliance",
        appliance="switch.washer",
        start="06:00",
        end="20:00",
        duration="02:00:00",
        smart=True,
        repeat="daily",
    )
    executor = mock_config_entry.runtime_data.schedules

    def plan(*_args: Any) -> Any:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(executor._planner, "plan", plan)
    await at(hass, freezer, ist(5, day=3))  # an hour before the window: it is resolved again
    assert executor.is_disabled(smart["schedule_id"])
