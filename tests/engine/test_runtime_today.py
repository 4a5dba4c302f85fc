"""Today's hours on and starts of an appliance: local days, midnight, DST, restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.voltwise.engine.runtime_today import (
    DayRuntime,
    checkpoint,
    resumed,
    roll,
    runtime_hours,
    starts_today,
    switched,
)

KOLKATA = ZoneInfo("Asia/Kolkata")
LONDON = ZoneInfo("Europe/London")


def local(tz: ZoneInfo, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)


def test_runs_add_up_and_each_start_counts_once() -> None:
    day = date(2026, 3, 2)
    state = DayRuntime()
    state = switched(state, True, local(KOLKATA, day, 10), KOLKATA)
    state = switched(state, True, local(KOLKATA, day, 10, 30), KOLKATA)  # a repeat: no start
    state = switched(state, False, local(KOLKATA, day, 11, 30), KOLKATA)
    state = switched(state, False, local(KOLKATA, day, 12), KOLKATA)  # a repeat: nothing
    state = switched(state, True, local(KOLKATA, day, 13), KOLKATA)
    now = local(KOLKATA, day, 13, 15)
    assert runtime_hours(state, now, KOLKATA) == pytest.approx(1.75)
    assert starts_today(state, now, KOLKATA) == 2


def test_midnight_restarts_the_day_and_a_run_goes_on_from_it() -> None:
    day = date(2026, 3, 2)
    state = switched(DayRuntime(), True, local(KOLKATA, day, 23), KOLKATA)
    before = local(KOLKATA, day, 23, 59)
    assert runtime_hours(state, before, KOLKATA) == pytest.approx(59 / 60)
    midnight = local(KOLKATA, day + timedelta(days=1), 0)
    assert runtime_hours(state, midnight, KOLKATA) == 0
    assert starts_today(state, midnight, KOLKATA) == 0  # started yesterday
    later = local(KOLKATA, day + timedelta(days=1), 0, 30)
    assert runtime_hours(state, later, KOLKATA) == pytest.approx(0.5)
    state = switched(state, False, later, KOLKATA)
    assert state.on_seconds == pytest.approx(1800)
    # Days later, nothing of that day is left.
    assert runtime_hours(state, later + timedelta(days=3), KOLKATA) == 0


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 6, 1), 24)],
)
def test_a_dst_day_has_the_hours_it_has(day: date, hours: int) -> None:
    state = switched(DayRuntime(), True, local(LONDON, day, 0), LONDON)
    end = local(LONDON, day + timedelta(days=1), 0)
    assert runtime_hours(state, end - timedelta(seconds=1), LONDON) == pytest.approx(
        hours - 1 / 3600
    )
    assert runtime_hours(state, end, LONDON) == 0


def test_a_checkpoint_counts_the_run_so_far_and_keeps_it_going() -> None:
    day = date(2026, 3, 2)
    state = switched(DayRuntime(), True, local(KOLKATA, day, 10), KOLKATA)
    saved = checkpoint(state, local(KOLKATA, day, 11), KOLKATA)
    assert saved.on_seconds == 3600
    assert saved.on_since == local(KOLKATA, day, 11)
    assert runtime_hours(saved, local(KOLKATA, day, 12), KOLKATA) == pytest.approx(2)
    assert checkpoint(DayRuntime(), local(KOLKATA, day, 11), KOLKATA).on_since is None


def test_after_a_restart_only_a_modelled_appliance_ran_on_while_down() -> None:
    day = date(2026, 3, 2)
    saved = checkpoint(
        switched(DayRuntime(), True, local(KOLKATA, day, 10), KOLKATA),
        local(KOLKATA, day, 11),
        KOLKATA,
    )
    back = local(KOLKATA, day, 12)
    virtual = resumed(saved, True, back, count_downtime=True)
    device = resumed(saved, True, back, count_downtime=False)
    off = resumed(saved, False, back, count_downtime=True)
    assert runtime_hours(virtual, back, KOLKATA) == pytest.approx(2)
    assert runtime_hours(device, back, KOLKATA) == pytest.approx(1)
    assert runtime_hours(off, back, KOLKATA) == pytest.approx(1)
    # A record without a run in progress (older versions) starts one at the restart.
    assert resumed(DayRuntime(), True, back, count_downtime=True).on_since == back
    for state in (virtual, device):
        assert starts_today(state, back, KOLKATA) == 1


def test_the_saved_form_round_trips() -> None:
    state = switched(DayRuntime(), True, datetime(2026, 3, 2, 5, tzinfo=UTC), KOLKATA)
    assert DayRuntime.restore(state.as_dict()) == state
    assert DayRuntime.restore(DayRuntime().as_dict()) == DayRuntime()


@pytest.mark.parametrize(
    "damaged",
    [
        None,
        "yesterday",
        {"day": "2026-13-40"},
        {"on_seconds": float("nan")},
        {"on_seconds": -1},
        {"on_seconds": "many"},
        {"starts": -2},
        {"starts": 1.5},
        {"starts": True},
        {"on_since": "2026-03-02T10:00:00"},  # naive
        {"on_since": 12},
    ],
)
def test_a_damaged_record_starts_the_day_again(damaged: object) -> None:
    assert DayRuntime.restore(damaged) == DayRuntime()


def test_roll_keeps_a_day_that_is_today() -> None:
    now = datetime(2026, 3, 2, 5, tzinfo=UTC)
    state = roll(DayRuntime(), now, KOLKATA)
    assert state.day == date(2026, 3, 2)
    assert roll(state, now, KOLKATA) is state
