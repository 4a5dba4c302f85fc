"""Tariff plans: parsing, validation, rates at instants and over a grid, next change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.const import MAX_NORMAL_RATE
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.tariff import (
    MAX_RATE,
    DayTariff,
    SlotKind,
    TariffPlan,
    TariffSlot,
    format_day_text,
    parse_day,
    parse_day_text,
    presets,
)
from custom_components.voltwise.engine.timegrid import TimeGrid

KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def plan_of(weekday: list[dict[str, object]], weekend: list[dict[str, object]] | None = None):
    return TariffPlan(
        key="custom",
        currency="INR",
        weekday=parse_day(weekday),
        weekend=parse_day(weekend or weekday),
    )


TOD = plan_of(
    [
        {"start": "00:00", "end": "09:00", "kind": "normal", "rate": 8},
        {"start": "09:00", "end": "17:00", "kind": "solar", "rate": 6.8},
        {"start": "17:00", "end": "18:00", "kind": "normal", "rate": 8},
        {"start": "18:00", "end": "22:00", "kind": "peak", "rate": 8.8},
        {"start": "22:00", "end": "24:00", "kind": "normal", "rate": 8},
    ]
)


def at(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc]


def test_rate_at_follows_local_wall_clock() -> None:
    assert TOD.rate_at(at(KOLKATA, 2026, 3, 2, 8, 59), KOLKATA) == 8
    assert TOD.slot_at(at(KOLKATA, 2026, 3, 2, 9, 0), KOLKATA).kind is SlotKind.SOLAR
    assert TOD.rate_at(at(KOLKATA, 2026, 3, 2, 21, 59), KOLKATA) == 8.8
    # The same instant expressed in UTC gives the same answer.
    assert TOD.rate_at(at(KOLKATA, 2026, 3, 2, 18, 0).astimezone(UTC), KOLKATA) == 8.8


def test_weekend_variant_applies_on_saturday_and_sunday() -> None:
    plan = plan_of(
        [{"start": "00:00", "end": "24:00", "rate": 10}],
        [{"start": "00:00", "end": "24:00", "rate": 5, "kind": "off_peak"}],
    )
    friday, saturday, sunday, monday = (at(KOLKATA, 2026, 3, day, 12) for day in (6, 7, 8, 9))
    assert [plan.rate_at(d, KOLKATA) for d in (friday, saturday, sunday, monday)] == [10, 5, 5, 10]


def test_slot_wrapping_midnight_is_split() -> None:
    plan = plan_of(
        [
            {"start": "22:00", "end": "06:00", "kind": "off_peak", "rate": 4},
            {"start": "06:00", "end": "22:00", "kind": "normal", "rate": 9},
        ]
    )
    assert plan.rate_at(at(KOLKATA, 2026, 3, 2, 23, 30), KOLKATA) == 4
    assert plan.rate_at(at(KOLKATA, 2026, 3, 2, 5, 59), KOLKATA) == 4
    assert plan.rate_at(at(KOLKATA, 2026, 3, 2, 6, 0), KOLKATA) == 9


@pytest.mark.parametrize(
    ("slots", "code"),
    [
        ([], "tariff_empty"),
        ([{"start": "00:00", "end": "12:00", "rate": 1}], "tariff_gap"),
        (
            [
                {"start": "00:00", "end": "12:00", "rate": 1},
                {"start": "13:00", "end": "24:00", "rate": 1},
            ],
            "tariff_gap",
        ),
        (
            [
                {"start": "00:00", "end": "13:00", "rate": 1},
                {"start": "12:00", "end": "24:00", "rate": 1},
            ],
            "tariff_overlap",
        ),
        ([{"start": "00:00", "end": "24:00", "rate": -1}], "tariff_negative_rate"),
        ([{"start": "00:00", "end": "24:00", "rate": float("nan")}], "tariff_invalid_rate"),
        ([{"start": "00:00", "end": "24:00", "rate": "nan"}], "tariff_invalid_rate"),
        ([{"start": "00:00", "end": "24:00", "rate": True}], "tariff_invalid_rate"),
        ([{"start": "00:00", "end": "24:00", "rate": 1e307}], "tariff_rate_too_high"),
        ([{"start": "00:00", "end": "24:00", "rate": "inf"}], "tariff_rate_too_high"),
        ([{"start": "00:00", "end": "24:00", "rate": float("-inf")}], "tariff_negative_rate"),
        ([{"start": "00:00", "end": "24:00", "rate": "cheap"}], "tariff_invalid_rate"),
        ([{"start": "00:00", "end": "24:00"}], "tariff_invalid_rate"),
        ([{"start": "00:00", "end": "24:00", "rate": 1, "kind": "lunch"}], "tariff_invalid_kind"),
        (
            [
                {"start": "00:00", "end": "10:10", "rate": 1},
                {"start": "10:10", "end": "24:00", "rate": 2},
            ],
            "tariff_unaligned",
        ),
        ([{"start": "24:00", "end": "06:00", "rate": 1}], "invalid_time"),
        (
            [
                {"start": "06:00", "end": "06:00", "rate": 1},
                {"start": "00:00", "end": "01:00", "rate": 1},
            ],
            "tariff_overlap",
        ),
    ],
)
def test_invalid_days_are_rejected_with_a_code(slots: list[dict[str, object]], code: str) -> None:
    with pytest.raises(EngineError) as err:
        parse_day(slots)
    assert err.value.code == code


def test_rates_over_a_grid_match_rate_at_every_step() -> None:
    grid = TimeGrid.covering(at(KOLKATA, 2026, 3, 6, 10, 7), hours=48, step_minutes=5)
    rates = TOD.rates(grid, KOLKATA)
    assert rates.shape == (576,)
    expected = [TOD.rate_at(grid.at(i), KOLKATA) for i in range(grid.steps)]
    assert np.array_equal(rates, expected)


def test_next_change_is_the_next_boundary_with_a_different_rate() -> None:
    now = at(KOLKATA, 2026, 3, 2, 12, 34, 56)
    assert TOD.next_change(now, KOLKATA) == at(KOLKATA, 2026, 3, 2, 17, 0)
    # 22:00 -> 00:00 -> 09:00: midnight does not change the rate, so it is not a change.
    assert TOD.next_change(at(KOLKATA, 2026, 3, 2, 22, 0), KOLKATA) == at(KOLKATA, 2026, 3, 3, 9)


def test_flat_tariff_never_changes() -> None:
    flat = presets()["flat"].build(7.5, "EUR")
    assert flat.is_flat
    assert flat.next_change(at(LONDON, 2026, 3, 29, 0, 30), LONDON) is None


def test_dst_spring_forward_skipped_boundary_takes_effect_at_next_valid_instant() -> None:
    # 02:30 does not exist in New York on 2026-03-08; the 02:30 slot starts at 03:00 EDT.
    plan = plan_of(
        [
            {"start": "00:00", "end": "02:30", "rate": 1},
            {"start": "02:30", "end": "24:00", "rate": 2, "kind": "peak"},
        ]
    )
    change = plan.next_change(at(NEW_YORK, 2026, 3, 8, 1, 0), NEW_YORK)
    assert change == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 03:00 EDT
    assert plan.rate_at(change, NEW_YORK) == 2


def test_dst_fall_back_repeats_the_wall_clock_hour() -> None:
    # On 2026-11-01 New York repeats 01:00-02:00; a slot starting at 01:30 starts twice.
    plan = plan_of(
        [
            {"start": "00:00", "end": "01:30", "rate": 1},
            {"start": "01:30", "end": "24:00", "rate": 2},
        ]
    )
    first = plan.next_change(at(NEW_YORK, 2026, 11, 1, 0, 0), NEW_YORK)
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
    back = plan.next_change(first, NEW_YORK)
    assert back == datetime(2026, 11, 1, 6, 0, tzinfo=UTC)  # clocks go back to 01:00 EST
    again = plan.next_change(back, NEW_YORK)
    assert again == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        TOD.rate_at(datetime(2026, 3, 2, 12), KOLKATA)  # noqa: DTZ001


@pytest.mark.parametrize("key", sorted(presets()))
def test_every_preset_builds_a_valid_plan(key: str) -> None:
    preset = presets()[key]
    plan = preset.build(preset.default_rate, "INR")
    assert plan.weekday.slots[0].start == 0
    assert plan.weekday.slots[-1].end == 1440
    assert preset.source


def test_india_tod_domestic_follows_the_2023_rules() -> None:
    plan = presets()["india_tod_domestic"].build(10, "INR")
    day = at(KOLKATA, 2026, 3, 2)
    solar = plan.rate_at(day.replace(hour=12), KOLKATA)
    peak = plan.rate_at(day.replace(hour=19), KOLKATA)
    normal = plan.rate_at(day.replace(hour=3), KOLKATA)
    assert 0.8 * normal <= solar <= 0.9 * normal  # solar hours 10-20 % cheaper
    assert peak >= 1.1 * normal  # domestic peak at least 1.10x
    assert plan.slot_at(day.replace(hour=9), KOLKATA).kind is SlotKind.SOLAR
    assert plan.slot_at(day.replace(hour=16, minute=59), KOLKATA).kind is SlotKind.SOLAR


@pytest.mark.parametrize(
    ("rate", "code"),
    [
        (-1, "tariff_negative_rate"),
        (float("nan"), "tariff_invalid_rate"),
        (1e307, "tariff_rate_too_high"),
    ],
)
def test_preset_rejects_a_normal_rate_out_of_range(rate: float, code: str) -> None:
    with pytest.raises(EngineError) as err:
        presets()["flat"].build(rate, "INR")
    assert err.value.code == code


@pytest.mark.parametrize("key", sorted(presets()))
def test_every_preset_builds_at_the_largest_normal_rate_a_home_may_have(key: str) -> None:
    """The rate bound leaves room for every preset's dearest factor."""
    plan = presets()[key].build(MAX_NORMAL_RATE, "INR")
    assert max(plan.weekday.max_rate, plan.weekend.max_rate) <= MAX_RATE


@given(st.floats(0, MAX_RATE) | st.integers(0, int(MAX_RATE)).map(float))
def test_any_allowed_rate_round_trips_through_the_text_form(rate: float) -> None:
    """Editing a custom tariff shows its rates as text that parses back to the same rates."""
    day = parse_day([{"start": "00:00", "end": "24:00", "rate": rate}])
    assert parse_day_text(format_day_text(day)) == day


def test_as_dict_round_trips_through_parse_day() -> None:
    described = TOD.as_dict()
    again = plan_of(described["weekday"], described["weekend"])
    assert again == TOD


# -- properties -------------------------------------------------------------------------------

ZONES = [KOLKATA, NEW_YORK, LONDON, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kathmandu")]


@st.composite
def day_specs(draw: st.DrawFn) -> list[dict[str, object]]:
    cuts = sorted(draw(st.sets(st.integers(1, 95), max_size=8)))
    bounds = [0, *(cut * 15 for cut in cuts), 1440]
    return [
        {
            "start": f"{a // 60:02d}:{a % 60:02d}",
            "end": f"{b // 60:02d}:{b % 60:02d}",
            "rate": draw(st.sampled_from([1.0, 2.0, 3.5, 8.0])),
            "kind": draw(st.sampled_from(list(SlotKind))).value,
        }
        for a, b in pairwise(bounds)
    ]


@given(
    weekday=day_specs(),
    weekend=day_specs(),
    tz=st.sampled_from(ZONES),
    offset_minutes=st.integers(0, 366 * 24 * 60),
)
def test_next_change_is_exact(
    weekday: list[dict[str, object]],
    weekend: list[dict[str, object]],
    tz: ZoneInfo,
    offset_minutes: int,
) -> None:
    """Nothing changes strictly between now and next_change, and something changes at it."""
    plan = plan_of(weekday, weekend)
    now = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=offset_minutes)
    change = plan.next_change(now, tz)
    current = plan.slot_at(now, tz)

    def key(when: datetime) -> tuple[float, SlotKind]:
        slot = plan.slot_at(when, tz)
        return slot.rate, slot.kind

    horizon = change or now + timedelta(days=8)
    probe = now
    while probe < horizon:
        assert key(probe) == (current.rate, current.kind)
        probe += timedelta(minutes=5)
    if change is not None:
        assert change > now
        assert key(change) != (current.rate, current.kind)


def test_slots_built_by_hand_are_validated_too() -> None:
    with pytest.raises(EngineError) as err:
        DayTariff.from_slots([TariffSlot(0, 0, 1.0, SlotKind.NORMAL)])
    assert err.value.code == "tariff_empty_slot"
    assert "tariff_empty_slot" in str(err.value)


def test_custom_tariff_text_round_trips() -> None:
    text = """
    # weekday tariff from my bill
    00:00-06:00 off_peak 4.5
    06:00-18:00, 8
    18:00-22:00 peak 9.75
    22:00-24:00 off_peak 4.5
    """
    day = parse_day_text(text)
    assert [slot.kind.value for slot in day.slots] == ["off_peak", "normal", "peak", "off_peak"]
    assert day.slots[2].rate == 9.75
    assert parse_day_text(format_day_text(day)) == day
    assert format_day_text(day).splitlines()[1] == "06:00-18:00 normal 8"


def test_custom_tariff_wrapping_slot_in_text() -> None:
    day = parse_day_text("22:00-06:00 off_peak 3\n06:00-22:00 normal 7")
    assert day.slot_at_minute(23 * 60).rate == 3
    assert day.slot_at_minute(5 * 60).rate == 3


@pytest.mark.parametrize(
    ("text", "code", "placeholders"),
    [
        ("00:00-24:00 cheap", "tariff_line_invalid", {"line": "1", "text": "00:00-24:00 cheap"}),
        (
            "00:00-12:00 5\nnoon till night 6",
            "tariff_line_invalid",
            {"line": "2", "text": "noon till night 6"},
        ),
        ("00:00-12:00 5", "tariff_gap", {"start": "12:00", "end": "24:00"}),
        ("00:00-24:00 -5", "tariff_negative_rate", {"slot": "00:00-24:00"}),
        pytest.param(
            "00:00-12:00 8\n12:00-24:00 peak 1" + "0" * 307,
            "tariff_rate_too_high",
            {"slot": "12:00-24:00", "maximum": "1000000"},
            id="1e307 written out",
        ),
        pytest.param(
            "00:00-24:00 " + "9" * 400,
            "tariff_rate_too_high",
            {"slot": "00:00-24:00", "maximum": "1000000"},
            id="400 nines (infinite as a float)",
        ),
        ("00:00-24:00 lunch 5", "tariff_invalid_kind", {"kind": "lunch"}),
        ("", "tariff_empty", {}),
    ],
)
def test_custom_tariff_text_errors_say_where(
    text: str, code: str, placeholders: dict[str, str]
) -> None:
    with pytest.raises(EngineError) as err:
        parse_day_text(text)
    assert err.value.code == code
    assert err.value.placeholders == placeholders


def test_a_slot_may_end_at_midnight_written_as_0000() -> None:
    day = parse_day(
        [
            {"start": "00:00", "end": "22:00", "rate": 8},
            {"start": "22:00", "end": "00:00", "rate": 4, "kind": "off_peak"},
        ]
    )
    assert day.slots[-1].end == 1440
    assert day.mean_rate == pytest.approx((22 * 8 + 2 * 4) / 24)
