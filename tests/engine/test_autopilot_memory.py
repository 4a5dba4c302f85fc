"""The autopilot's memory survives JSON and garbage; bad inputs are refused with a code."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.autopilot import (
    MEMORY_VERSION,
    ActionKind,
    ApplianceState,
    ApplianceView,
    AutopilotSettings,
    ChangeSource,
    GridEvent,
    GridEventType,
    Memory,
    Override,
    PreferredAction,
    Severity,
    continued_overrides,
    decide,
)
from custom_components.voltwise.engine.windows import Cycle

from .autopilot_support import Home, kinds
from .test_autopilot_actions import SAVINGS, appliance, at, india


def _busy_memory() -> Memory:
    """Memory with a hold of each kind, an override and a settled run."""
    washer = appliance(
        "washer", PreferredAction.DELAY_START, on=False, cycle=Cycle.constant(60, 500, 5)
    )
    ac = appliance("ac", PreferredAction.LIMIT_POWER, can_limit=True, level=90.0)
    geyser = appliance("geyser", PreferredAction.TURN_OFF, on=False)
    # No room to delay a one-hour run that must be done within 30 minutes: it runs now.
    kettle = appliance(
        "kettle",
        PreferredAction.DELAY_START,
        cycle=Cycle.constant(60, 2000, 5),
        max_delay=timedelta(minutes=30),
    )
    home = Home(india, SAVINGS, washer, ac, geyser, kettle)
    home.set("washer", at(18, 10), ChangeSource.AUTOMATION, on=True)
    home.set("geyser", at(18, 10), ChangeSource.USER, on=True)
    home.decide(at(18, 10))
    assert set(home.memory.holds) == {"washer", "ac"}
    assert set(home.memory.overrides) == {"geyser"}
    assert set(home.memory.settled) == {"kettle"}
    return home.memory


def test_memory_survives_a_json_round_trip() -> None:
    memory = _busy_memory()
    stored = json.loads(json.dumps(memory.as_dict()))
    assert stored["version"] == MEMORY_VERSION
    assert Memory.from_dict(stored) == memory


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=30,
)


@given(json_values)
def test_garbage_gives_empty_or_partial_memory_and_never_raises(garbage: Any) -> None:
    assert isinstance(Memory.from_dict(garbage), Memory)
    assert isinstance(Memory.from_dict({"version": MEMORY_VERSION, "holds": garbage}), Memory)


@given(st.sampled_from(["holds", "overrides", "settled"]), st.text(max_size=5), json_values)
def test_a_broken_record_is_dropped_and_the_others_kept(
    section: str, field: str, value: Any
) -> None:
    stored = json.loads(json.dumps(_busy_memory().as_dict()))
    record = next(iter(stored[section]))
    if isinstance(stored[section][record], dict):
        stored[section][record][field or "since"] = value
    else:
        stored[section][record] = value
    loaded = Memory.from_dict(stored)
    others = {key for key in stored[section] if key != record}
    assert others <= set(getattr(loaded, section))


@pytest.mark.parametrize(
    "broken",
    [
        {"version": 99},
        {"version": "1"},
        [],
        None,
    ],
)
def test_an_unknown_version_or_shape_gives_empty_memory(broken: Any) -> None:
    assert Memory.from_dict(broken) == Memory()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("since", "2025-06-02T18:00:00"),  # naive: ambiguous
        ("since", "yesterday"),
        ("reason", "bored"),
        ("critical", "no"),
        ("strategy", None),  # a hold with no layer engaged would never end
        ("before", {"on": True, "eco": False, "level": float("inf")}),
        ("applied", {"on": 1, "eco": False, "level": None}),
    ],
)
def test_an_untrustworthy_hold_is_dropped(field: str, value: Any) -> None:
    stored = _busy_memory().as_dict()
    stored["holds"]["ac"][field] = value
    loaded = Memory.from_dict(json.loads(json.dumps(stored)))
    assert "ac" not in loaded.holds
    assert "washer" in loaded.holds


def test_records_under_odd_keys_or_of_odd_shapes_are_dropped() -> None:
    stored = _busy_memory().as_dict()
    stored["overrides"] = {1: stored["overrides"]["geyser"], "tv": "on", "radio": {"since": 3}}
    stored["delay_since"] = "soon"
    loaded = Memory.from_dict(stored)
    assert loaded.overrides == {}
    assert loaded.delay_since is None
    assert set(loaded.holds) == {"washer", "ac"}


def test_a_delayed_hold_without_its_resume_is_dropped() -> None:
    stored = _busy_memory().as_dict()
    stored["holds"]["washer"]["resume_at"] = None
    assert "washer" not in Memory.from_dict(stored).holds


def test_memory_of_appliances_that_are_gone_is_dropped() -> None:
    memory = _busy_memory()
    decision = decide(
        at(18, 15), india(at(18, 15)), SAVINGS, [appliance("ac", PreferredAction.TURN_OFF)], memory
    )
    assert set(decision.memory.holds) <= {"ac"}
    assert decision.memory.overrides == {}


def test_a_restart_after_the_period_gives_back_exactly_once() -> None:
    home = Home(india, SAVINGS, appliance("geyser", PreferredAction.TURN_OFF))
    home.decide(at(18))
    stored = json.dumps(home.memory.as_dict())
    # The home is down from 18:05 to 23:00; it starts with the memory it saved.
    home.memory = Memory.from_dict(json.loads(stored))
    restarted = home.decide(at(23))
    assert kinds(restarted) == [ActionKind.TURN_ON]
    assert home.decide(at(23, 1)).actions == ()


def test_inputs_the_shell_must_refuse_break_the_contract() -> None:
    state = ApplianceState(on=True)
    with pytest.raises(ValueError, match="threshold"):
        AutopilotSettings(threshold=1.5)
    with pytest.raises(ValueError, match="limit percent"):
        ApplianceView("a", "A", state, limit_percent=0.0)
    with pytest.raises(ValueError, match="max delay"):
        ApplianceView("a", "A", state, max_delay=timedelta(0))
    with pytest.raises(ValueError, match="ends before it starts"):
        GridEvent("e", GridEventType.LOAD_SHEDDING, Severity.CRITICAL, at(10), at(9))
    with pytest.raises(ValueError, match="naive"):
        GridEvent("e", GridEventType.LOAD_SHEDDING, Severity.CRITICAL, datetime(2025, 6, 2))  # noqa: DTZ001


def test_decide_refuses_an_instant_off_the_horizon_and_duplicate_appliances() -> None:
    horizon = india(at(18))
    views = [appliance("a", PreferredAction.TURN_OFF)]
    with pytest.raises(ValueError, match="does not cover now"):
        decide(horizon.grid.end, horizon, SAVINGS, views, Memory())
    with pytest.raises(ValueError, match="twice"):
        decide(at(18), horizon, SAVINGS, views * 2, Memory())
    with pytest.raises(ValueError, match="naive"):
        decide(
            datetime(2025, 6, 2, 18),  # noqa: DTZ001
            horizon,
            SAVINGS,
            views,
            Memory(),
        )


def test_statuses_and_instants_come_back_in_utc() -> None:
    decision = decide(
        at(18), india(at(18)), SAVINGS, [appliance("a", PreferredAction.TURN_OFF)], Memory()
    )
    assert decision.next_check is not None
    assert decision.next_check.tzinfo is UTC


def test_an_override_continues_while_what_began_it_is_the_same() -> None:
    began = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    before = Memory(
        overrides={
            "washer": Override(began, ChangeSource.USER, began + timedelta(hours=3)),
            "heater": Override(began, ChangeSource.USER),
            "pump": Override(began, ChangeSource.AUTOMATION),
        }
    )
    after = Memory(
        overrides={
            # The same change; the forecast moved its end.
            "washer": Override(began, ChangeSource.USER, began + timedelta(hours=4)),
            # Ended, then a new change began it again.
            "heater": Override(began + timedelta(minutes=5), ChangeSource.USER),
            "pump": Override(began, ChangeSource.USER),  # a person's change now, not the rule's
            "geyser": Override(began, ChangeSource.USER),  # new
        }
    )
    assert continued_overrides(before, after) == {"washer"}
