"""A failed apply follows one retry policy, whatever started it (issue 11, defect 8).

The policy: the client retries transient faults after 2, 5 and 10 s within 30 s; if the apply
still fails, the same values are tried again only when their back-off (5, 15, 30, then 60
minutes) is due, when the plan brings other values (a boundary, an edit, an override) or when
the user asks (apply now). A refusal by SolisCloud (an error code such as B0049) is not tried
again on its own. Before the fix an edit or an override that failed was re-tried at once, for
ever: these tests count every request over many minutes of simulated time.

Faults are injected a bounded number of times, so a retry loop ends (the fake server then
answers) and shows up as a wrong count instead of a hung test.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voltwise.const import DOMAIN
from tests.plant.plants import (
    MONDAY,
    PLANT_ID,
    SERIAL,
    controls,
    day_plan,
    plant_subentry,
    seed_plan,
)
from tests.plant.soliscloud.fake_server import FakeSolisCloud, FakeTime, FaultKind
from tests.plant.test_coordinator import CALLS, RESULT, advance_to, setup_home

PLANT = "sensor.roof_active_schedule"  # any entity of the plant names it in services
FAILING = f"plant_failing_{PLANT_ID}"
NINE = MONDAY + timedelta(hours=9)  # Monday 09:00 local
# Far more faulty answers than the policy ever asks for in these tests.
FAULTS = 40
STEP = timedelta(seconds=15)
CLIENT_BACK_OFF = [2.0, 5.0, 10.0]


@pytest.fixture
def plant_data() -> dict[str, Any]:
    """What the plant's settings change from the defaults (parametrized by a test)."""
    return {}


@pytest.fixture
def home_subentries(
    solis_server: FakeSolisCloud, solis_api_id: str, plant_data: dict[str, Any]
) -> list[dict[str, Any]]:
    return [plant_subentry(solis_api_id, **plant_data)]


async def call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(DOMAIN, service, {"plant": PLANT, **data}, blocking=True)
    await hass.async_block_till_done()


async def walk(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, start: datetime, end: datetime
) -> None:
    """Let simulated time pass in 15-second steps from ``start`` to ``end`` (inclusive)."""
    moment = start
    while moment < end:
        moment = min(moment + STEP, end)
        await advance_to(hass, freezer, moment)


def failing_issue(hass: HomeAssistant) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, FAILING)


async def setup_day_plan_at(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    server: FakeSolisCloud,
    when: datetime,
) -> None:
    """The day plan's 07:00-10:00 segment (3000 W, no grid charging) already on the inverter."""
    seed_plan(
        hass_storage,
        day_plan(),
        applied={"peak_shaving_w": 3000, "grid_charging_allowed": False, "at": None},
    )
    server.inverters[SERIAL].controls[5035] = "3000"
    freezer.move_to(when)
    await setup_home(hass, entry)
    assert server.count() == 0


async def test_a_refused_edit_is_sent_once_and_then_only_for_new_values_or_apply_now(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_time: FakeTime,
    plant_events: list[Event],
) -> None:
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 4  # the defaults (5000 W) applied at start
    slept = len(solis_time.sleeps)
    solis_server.inject(FaultKind.CODE, code="B0049", times=FAULTS)

    await call(hass, "set_plant_defaults", peak_shaving_w=4000)
    # One read, refused: a code is not retried, neither by the client nor later.
    assert solis_server.count() == 5
    assert solis_time.sleeps[slept:] == []
    state = hass.states.get(RESULT)
    assert state.state == "failed"
    assert state.attributes["code"] == "B0049"
    assert state.attributes["trigger"] == "edit"
    assert state.attributes["retry_at"] is None
    assert failing_issue(hass) is not None
    await walk(hass, freezer, NINE, NINE + timedelta(minutes=20))
    assert solis_server.count() == 5
    assert hass.states.get(CALLS).state == "5"

    # The user asks: one more read, refused again, and still no loop afterwards.
    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            DOMAIN, "apply_now", {"plant": PLANT}, blocking=True, return_response=True
        )
    await hass.async_block_till_done()
    assert solis_server.count() == 6
    await walk(hass, freezer, NINE + timedelta(minutes=20), NINE + timedelta(minutes=40))
    assert solis_server.count() == 6

    # The user fixed the account; the next edit brings new values and goes through.
    solis_server.faults.clear()
    await call(hass, "set_plant_defaults", peak_shaving_w=3000)
    assert solis_server.count() == 6 + 3  # read, write, read back
    assert controls(solis_server) == ("3000", "0")
    assert failing_issue(hass) is None
    assert [event.data["result"] for event in plant_events] == [
        "success",
        "failed",
        "failed",
        "success",
    ]
    assert [event.data["trigger"] for event in plant_events] == [
        "startup",
        "edit",
        "apply_now",
        "edit",
    ]


async def test_a_failing_edit_backs_off_5_then_15_minutes(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    solis_time: FakeTime,
    plant_events: list[Event],
) -> None:
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    assert solis_server.count() == 4
    slept = len(solis_time.sleeps)
    solis_server.inject(FaultKind.HTTP_STATUS, status=500, times=FAULTS)

    await call(hass, "set_plant_defaults", peak_shaving_w=4000)
    # The first try and the client's three retries (2, 5, 10 s), then the apply is failed.
    assert solis_server.count() == 8
    assert solis_time.sleeps[slept:] == CLIENT_BACK_OFF
    state = hass.states.get(RESULT)
    assert state.attributes["http_status"] == 500
    assert state.attributes["retry_at"] == (NINE + timedelta(minutes=5)).isoformat()
    await walk(hass, freezer, NINE, NINE + timedelta(minutes=5) - STEP)
    assert solis_server.count() == 8

    await advance_to(hass, freezer, NINE + timedelta(minutes=5))
    assert solis_server.count() == 12
    assert solis_time.sleeps[slept:] == CLIENT_BACK_OFF * 2
    assert (
        hass.states.get(RESULT).attributes["retry_at"] == (NINE + timedelta(minutes=20)).isoformat()
    )
    await walk(hass, freezer, NINE + timedelta(minutes=5), NINE + timedelta(minutes=20) - STEP)
    assert solis_server.count() == 12
    assert failing_issue(hass) is None  # two transient failures are not yet a problem

    await advance_to(hass, freezer, NINE + timedelta(minutes=20))
    assert solis_server.count() == 16
    assert failing_issue(hass) is not None

    # SolisCloud is back; the retry 30 minutes later applies.
    solis_server.faults.clear()
    await walk(hass, freezer, NINE + timedelta(minutes=20), NINE + timedelta(minutes=55))
    assert solis_server.count() == 16 + 3
    assert controls(solis_server) == ("4000", "0")
    assert failing_issue(hass) is None
    assert [(event.data["trigger"], event.data["result"]) for event in plant_events] == [
        ("startup", "success"),
        ("edit", "failed"),
        ("retry", "failed"),
        ("retry", "failed"),
        ("retry", "success"),
    ]


async def test_a_refused_override_is_sent_again_only_at_the_next_boundary(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    solis_server: FakeSolisCloud,
    solis_time: FakeTime,
    plant_events: list[Event],
) -> None:
    start = NINE + timedelta(minutes=50)  # 09:50, the segment ends at 10:00
    await setup_day_plan_at(
        hass,
        freezer,
        entry=mock_config_entry,
        hass_storage=hass_storage,
        server=solis_server,
        when=start,
    )
    solis_server.inject(FaultKind.CODE, code="B0049", times=FAULTS)

    await call(hass, "set_override", mode="until_next_boundary", peak_shaving_w=2000)
    assert solis_server.count() == 1
    assert solis_time.sleeps == []
    assert hass.states.get(RESULT).attributes["trigger"] == "override"
    await walk(hass, freezer, start, MONDAY + timedelta(hours=10) - STEP)
    assert solis_server.count() == 1
    assert failing_issue(hass) is not None

    # 10:00: the override ends and the solar segment (8000 W, grid charging) is due: one try.
    ten = MONDAY + timedelta(hours=10)
    await walk(hass, freezer, ten - STEP, ten + timedelta(minutes=30))
    assert solis_server.count() == 2
    assert [(event.data["trigger"], event.data["result"]) for event in plant_events] == [
        ("override", "failed"),
        ("schedule", "failed"),
    ]
    assert controls(solis_server) == ("3000", "0")


async def test_a_failing_override_backs_off_until_the_next_boundary(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    solis_server: FakeSolisCloud,
    solis_time: FakeTime,
    plant_events: list[Event],
) -> None:
    start = NINE + timedelta(minutes=58)  # 09:58, the segment ends at 10:00
    ten = MONDAY + timedelta(hours=10)
    await setup_day_plan_at(
        hass,
        freezer,
        entry=mock_config_entry,
        hass_storage=hass_storage,
        server=solis_server,
        when=start,
    )
    solis_server.inject(FaultKind.HTTP_STATUS, status=500, times=FAULTS)

    await call(hass, "set_override", mode="until_next_boundary", peak_shaving_w=2000)
    assert solis_server.count() == 4
    assert solis_time.sleeps == CLIENT_BACK_OFF
    assert (
        hass.states.get(RESULT).attributes["retry_at"] == (start + timedelta(minutes=5)).isoformat()
    )
    await walk(hass, freezer, start, ten - STEP)
    assert solis_server.count() == 4

    # 10:00, before the retry was due: the boundary brings new values and they are tried.
    await advance_to(hass, freezer, ten)
    assert solis_server.count() == 8
    assert (
        hass.states.get(RESULT).attributes["retry_at"] == (ten + timedelta(minutes=15)).isoformat()
    )
    await walk(hass, freezer, ten, ten + timedelta(minutes=15) - STEP)
    assert solis_server.count() == 8

    await advance_to(hass, freezer, ten + timedelta(minutes=15))
    assert solis_server.count() == 12
    assert [(event.data["trigger"], event.data["result"]) for event in plant_events] == [
        ("override", "failed"),
        ("schedule", "failed"),
        ("retry", "failed"),
    ]
    assert solis_time.sleeps == CLIENT_BACK_OFF * 3
    assert controls(solis_server) == ("3000", "0")


@pytest.mark.parametrize("plant_data", [{"grid_charging_method": "storage_mode_bit"}])
async def test_an_unexpected_answer_is_a_failed_apply_like_any_other(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *,
    mock_config_entry: MockConfigEntry,
    solis_server: FakeSolisCloud,
    plant_events: list[Event],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A storage-mode bitfield of "inf" broke the apply with an OverflowError, then looped.

    It is now a bad answer like any other: failed, retried on the timer, no traceback.
    """
    inverter = solis_server.inverters[SERIAL]
    inverter.controls[636] = "inf"
    reads: list[str] = []

    def heal_after_many_reads(path: str, body: dict[str, Any]) -> None:
        reads.append(path)
        if len(reads) >= FAULTS:  # ends a retry loop, so it shows up as a count
            inverter.controls[636] = "0"

    solis_server.before_route = heal_after_many_reads
    freezer.move_to(NINE)
    await setup_home(hass, mock_config_entry)
    # The peak-shaving limit (read, write, read back), then the bitfield's read fails.
    assert solis_server.count() == 4
    state = hass.states.get(RESULT)
    assert state.state == "failed"
    assert state.attributes["error"] == "solis_bad_response"
    assert state.attributes["retry_at"] == (NINE + timedelta(minutes=5)).isoformat()
    assert hass.states.get("sensor.roof_applied_peak_shaving_limit").state == "5000"
    assert "Traceback" not in caplog.text
    await walk(hass, freezer, NINE, NINE + timedelta(minutes=5) - STEP)
    assert solis_server.count() == 4

    # The retry reads the bitfield again (still "inf"); SolisCloud then answers sensibly.
    await advance_to(hass, freezer, NINE + timedelta(minutes=5))
    assert solis_server.count() == 5
    inverter.controls[636] = "16"
    await advance_to(hass, freezer, NINE + timedelta(minutes=20))
    assert solis_server.count() == 6  # bit 5 is already clear: nothing to write
    assert hass.states.get(RESULT).state == "skipped"
    assert [(event.data["trigger"], event.data["result"]) for event in plant_events] == [
        ("startup", "failed"),
        ("retry", "failed"),
        ("retry", "skipped"),
    ]
