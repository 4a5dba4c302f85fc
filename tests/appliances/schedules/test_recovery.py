"""The rule that restores a virtual appliance from the schedule journal after a kill."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from custom_components.voltwise.appliances.model import (
    ActionSource,
    ApplianceAction,
    BackendKind,
)
from custom_components.voltwise.appliances.pipeline import ActionRecord, ActionResult
from custom_components.voltwise.appliances.schedules.recovery import lost_actions

T = datetime(2026, 3, 2, 4, 30, tzinfo=UTC)
ON, OFF = ApplianceAction.TURN_ON, ApplianceAction.TURN_OFF
SCHEDULES = {
    "s1": {"appliance_id": "heater"},
    "s2": {"appliance_id": "plug"},
    "s3": {"appliance_id": "heater", "disabled": "date value out of range"},
}


def appliance(*, is_on: bool = False, backend: BackendKind = BackendKind.VIRTUAL) -> Any:
    return SimpleNamespace(appliance=SimpleNamespace(backend=backend), is_on=is_on)


def record(at: datetime, appliance_id: str = "heater", action: ApplianceAction = OFF) -> Any:
    return ActionRecord(
        at=at,
        appliance_id=appliance_id,
        appliance=appliance_id,
        action=action,
        source=ActionSource.USER,
        result=ActionResult.SUCCESS,
    )


def lost(
    executed: dict[str, str], actions: list[Any], *, size: int = 100, **appliances: Any
) -> dict[str, ApplianceAction]:
    return lost_actions(executed, SCHEDULES, appliances or {"heater": appliance()}, actions, size)


def test_an_action_the_store_never_saw_is_restored() -> None:
    assert lost({"s1:2026-03-02:on": T.isoformat()}, []) == {"heater": ON}
    older = [record(T - timedelta(hours=1))]
    assert lost({"s1:2026-03-02:on": T.isoformat()}, older) == {"heater": ON}


def test_the_store_wins_when_it_saw_the_action_or_a_later_one() -> None:
    executed = {"s1:2026-03-02:on": T.isoformat()}
    assert lost(executed, [record(T, action=ON)]) == {}
    assert lost(executed, [record(T + timedelta(minutes=5))]) == {}  # the user switched it back


def test_a_trimmed_log_that_starts_after_the_action_cannot_tell() -> None:
    executed = {"s1:2026-03-02:on": T.isoformat()}
    others = [record(T + timedelta(seconds=n), "plug") for n in range(1, 4)]
    assert lost(executed, others, size=3) == {}
    reaching_back = [record(T - timedelta(seconds=1), "plug"), *others[:2]]
    assert lost(executed, reaching_back, size=3) == {"heater": ON}


def test_only_virtual_appliances_in_another_state_are_restored() -> None:
    executed = {"s1:2026-03-02:on": T.isoformat()}
    assert lost(executed, [], heater=appliance(is_on=True)) == {}
    assert lost(executed, [], heater=appliance(backend=BackendKind.TUYA)) == {}


def test_the_latest_journalled_action_counts() -> None:
    executed = {
        "s1:2026-03-02:on": T.isoformat(),
        "s1:2026-03-02:off": (T + timedelta(hours=1)).isoformat(),
        "s2:2026-03-02:on": (T + timedelta(hours=2)).isoformat(),
    }
    plug = appliance()
    assert lost(executed, [], heater=appliance(is_on=True), plug=plug) == {
        "heater": OFF,
        "plug": ON,
    }


def test_keys_it_cannot_read_or_trust_are_ignored() -> None:
    executed = {
        "gone:2026-03-02:on": T.isoformat(),  # a cancelled schedule
        "s3:2026-03-02:on": T.isoformat(),  # a disabled one
        "s1:2026-03-02:sideways": T.isoformat(),
        "s1:2026-03-03:on": "not an instant",
    }
    assert lost(executed, []) == {}
