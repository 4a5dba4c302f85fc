"""The executor core: write only what differs, record every attempt, keep partial progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.voltwise.plant.apply import (
    AppliedState,
    ApplyRecord,
    ApplyResult,
    BackOff,
    ControlValues,
    apply_controls,
    retried_later,
)
from custom_components.voltwise.plant.soliscloud.client import SolisCloudClient
from custom_components.voltwise.plant.soliscloud.controls import ControlIds, GridChargingMethod
from custom_components.voltwise.plant.soliscloud.errors import (
    SolisError,
    SolisServerError,
    SolisUnknownInverterError,
)

from .soliscloud.fake_server import SERIAL, FakeSolisCloud
from .soliscloud.test_errors import EXAMPLES

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONTROLS = ControlIds()
type MakeClient = Callable[..., SolisCloudClient]


async def test_only_the_control_that_differs_is_written(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    applied = AppliedState(peak_shaving_w=10_000, grid_charging_allowed=False)
    outcome = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        ControlValues(3000, False),
        applied,
        now=NOW,
        source="segment",
        trigger="schedule",
    )
    assert outcome.error is None
    assert outcome.applied == AppliedState(3000, False, NOW)
    assert outcome.record.result is ApplyResult.SUCCESS
    assert (outcome.record.requests, outcome.record.writes) == (3, 1)
    assert (outcome.record.http_status, outcome.record.code) == (200, "0")
    assert {request.body["cid"] for request in solis_cloud.requests} == {5035}


async def test_nothing_to_do_costs_nothing_unless_forced(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    applied = AppliedState(peak_shaving_w=10_000, grid_charging_allowed=False)
    desired = ControlValues(10_000, False)
    assert applied.matches(desired)
    outcome = await apply_controls(
        make_client(), SERIAL, CONTROLS, desired, applied, now=NOW, source="x", trigger="y"
    )
    assert outcome.record.result is ApplyResult.SKIPPED
    assert outcome.record.requests == 0
    assert outcome.record.http_status is None
    assert solis_cloud.count() == 0
    forced = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        desired,
        applied,
        now=NOW,
        source="x",
        trigger="y",
        force=True,
    )
    assert forced.record.result is ApplyResult.SKIPPED
    assert (forced.record.requests, forced.record.writes) == (2, 0)


async def test_grid_charging_by_the_storage_mode_bit_keeps_the_other_bits(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    controls = ControlIds(grid_charging_method=GridChargingMethod.STORAGE_MODE_BIT)
    solis_cloud.inverters[SERIAL].controls[636] = "33"  # bits 0 and 5
    outcome = await apply_controls(
        make_client(),
        SERIAL,
        controls,
        ControlValues(10_000, False),
        AppliedState(peak_shaving_w=10_000),
        now=NOW,
        source="defaults",
        trigger="startup",
    )
    assert outcome.record.result is ApplyResult.SUCCESS
    assert solis_cloud.inverters[SERIAL].controls[636] == "1"
    assert solis_cloud.inverters[SERIAL].controls[43110] == "0"  # untouched


async def test_a_failure_keeps_what_succeeded_before_it(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    # The peak-shaving write goes through; the grid-charging read is refused (B0049).
    client = make_client()
    calls = 0

    def refuse_after_three(path: str, body: dict[str, object]) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            solis_cloud.inverters[SERIAL].api_id = "someone-else"

    solis_cloud.before_route = refuse_after_three
    outcome = await apply_controls(
        client,
        SERIAL,
        CONTROLS,
        ControlValues(2000, True),
        AppliedState(),
        now=NOW,
        source="override",
        trigger="apply_now",
    )
    assert isinstance(outcome.error, SolisUnknownInverterError)
    assert outcome.applied == AppliedState(peak_shaving_w=2000, at=NOW)
    record = outcome.record
    assert record.result is ApplyResult.FAILED
    assert (record.http_status, record.code, record.error) == (
        200,
        "B0049",
        "solis_unknown_inverter",
    )
    assert record.requests == 4
    assert ApplyRecord.from_dict(record.as_dict()) == record


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "garbage",
        {"peak_shaving_w": "5000", "grid_charging_allowed": 1, "at": "yesterday"},
        {"peak_shaving_w": True, "at": "2026-03-02T09:00:00"},  # naive time: unknown
    ],
)
def test_unreadable_applied_values_count_as_unknown(stored: object) -> None:
    assert AppliedState.from_dict(stored) == AppliedState()  # type: ignore[arg-type]


def test_applied_values_round_trip() -> None:
    state = AppliedState(4000, True, NOW)
    assert AppliedState.from_dict(state.as_dict()) == state


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda error: type(error).__name__)
def test_only_refusals_by_solis_cloud_wait_for_new_values_or_the_user(error: SolisError) -> None:
    refused = {
        "SolisAuthError",
        "SolisClockError",
        "SolisThrottledError",
        "SolisUnknownInverterError",
        "SolisReadBeforeSetError",
        "SolisRequestError",
    }
    assert retried_later(error) is (type(error).__name__ not in refused)


@pytest.mark.parametrize(
    ("failures", "minutes"), [(1, 5), (2, 15), (3, 30), (4, 60), (5, 60), (50, 60)]
)
def test_a_back_off_holds_the_failed_values_until_their_retry(failures: int, minutes: int) -> None:
    failed = ControlValues(4000, False)
    back_off = BackOff.after(SolisServerError(500), failed, failures, NOW)
    retry_at = NOW + timedelta(minutes=minutes)
    assert back_off == BackOff(failed, retry_at)
    assert back_off.holds(failed, retry_at - timedelta(seconds=1))
    assert not back_off.holds(failed, retry_at)
    # Other values (a boundary, an edit, an override) are never held.
    assert not back_off.holds(ControlValues(4000, True), NOW)
    assert not back_off.holds(ControlValues(3000, False), NOW)


def test_a_refusal_holds_the_failed_values_for_ever() -> None:
    failed = ControlValues(4000, False)
    back_off = BackOff.after(SolisUnknownInverterError(SERIAL, "x", code="B0049"), failed, 1, NOW)
    assert back_off.retry_at is None
    assert back_off.holds(failed, NOW + timedelta(days=365))
    assert not back_off.holds(ControlValues(5000, False), NOW)


class _BrokenClient:
    """A client whose write dies of something nobody expected (the boundary, patched)."""

    def __init__(self, client: SolisCloudClient) -> None:
        self._client = client

    def budget_status(self) -> object:
        return self._client.budget_status()

    async def apply_peak_shaving(self, *args: object) -> object:
        raise ZeroDivisionError("a bug")


async def test_an_unexpected_exception_is_a_recorded_failure(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    applied = AppliedState(peak_shaving_w=10_000, grid_charging_allowed=False)
    outcome = await apply_controls(
        _BrokenClient(make_client()),  # type: ignore[arg-type]
        SERIAL,
        CONTROLS,
        ControlValues(3000, False),
        applied,
        now=NOW,
        source="segment",
        trigger="edit",
    )
    assert outcome.applied == applied
    assert outcome.record.result is ApplyResult.FAILED
    assert outcome.record.error == "solis_bad_response"
    assert outcome.record.detail == "unexpected ZeroDivisionError (see the log)"
    assert outcome.error is not None
    assert retried_later(outcome.error)
    assert "ZeroDivisionError: a bug" in caplog.text
