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
    VerifiedValue,
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

from .soliscloud.fake_server import SERIAL, FakeSolisCloud, FaultKind
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
    # Nothing verified yet: read for yuanzhi, write, read back; the value read back is kept.
    assert outcome.applied == AppliedState(3000, False, NOW, (VerifiedValue(5035, "3000", NOW),))
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
    assert outcome.applied == AppliedState(
        peak_shaving_w=2000, at=NOW, verified=(VerifiedValue(5035, "2000", NOW),)
    )
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
    verified = AppliedState(
        4000, True, NOW, (VerifiedValue(5035, "4000", NOW), VerifiedValue(43110, "1", NOW))
    )
    assert AppliedState.from_dict(verified.as_dict()) == verified


def test_unreadable_verified_values_are_forgotten() -> None:
    stored = AppliedState(4000, True, NOW, (VerifiedValue(5035, "4000", NOW),)).as_dict()
    stored["verified"].update(
        {
            "43110": {"value": 1, "at": NOW.isoformat()},  # not as SolisCloud reports it
            "636": {"value": "33", "at": "2026-03-02T09:00:00"},  # naive time
            "x": {"value": "1", "at": NOW.isoformat()},
            "157": "20",
        }
    )
    assert AppliedState.from_dict(stored).verified == (VerifiedValue(5035, "4000", NOW),)
    stored["verified"] = ["5035"]
    assert AppliedState.from_dict(stored) == AppliedState(4000, True, NOW)


def test_a_verified_value_is_trusted_for_a_day() -> None:
    state = AppliedState(4000, True, NOW, (VerifiedValue(5035, "4000", NOW),))
    assert state.known_value(5035, NOW + timedelta(hours=23, minutes=59)) == "4000"
    assert state.known_value(5035, NOW + timedelta(days=1)) is None
    assert state.known_value(5035, NOW - timedelta(minutes=1)) is None  # the clock went back
    assert state.known_value(43110, NOW) is None
    assert state.with_verified(5035, None, NOW) == AppliedState(4000, True, NOW)


async def test_a_verified_value_saves_the_read_before_writing(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inverters[SERIAL].needs_yuanzhi.update({5035, 43110})
    first = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        ControlValues(3000, True),
        AppliedState(),
        now=NOW,
        source="segment",
        trigger="startup",
    )
    assert first.record.requests == 6  # nothing verified: read, write, read back each
    later = NOW + timedelta(hours=5)
    second = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        ControlValues(8000, False),
        first.applied,
        now=later,
        source="segment",
        trigger="schedule",
    )
    assert second.error is None
    assert (second.record.requests, second.record.writes) == (4, 2)  # write, read back each
    assert [r.path for r in solis_cloud.requests[6:]] == [
        "/v2/api/control",
        "/v2/api/atRead",
        "/v2/api/control",
        "/v2/api/atRead",
    ]
    writes = solis_cloud.inverters[SERIAL].writes
    assert writes[-2:] == [(5035, "8000", "3000"), (43110, "0", "1")]  # accepted as current
    assert solis_cloud.inverters[SERIAL].controls == {5035: "8000", 43110: "0", 636: "33"}
    assert second.applied.verified == (
        VerifiedValue(5035, "8000", later),
        VerifiedValue(43110, "0", later),
    )


async def test_a_verified_value_older_than_a_day_is_read_again(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    applied = AppliedState(3000, False, NOW, (VerifiedValue(5035, "3000", NOW),))
    outcome = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        ControlValues(4000, False),
        applied,
        now=NOW + timedelta(days=1),
        source="segment",
        trigger="schedule",
    )
    assert [r.path for r in solis_cloud.requests] == [
        "/v2/api/atRead",
        "/v2/api/control",
        "/v2/api/atRead",
    ]
    assert solis_cloud.inverters[SERIAL].writes == [(5035, "4000", "10000")]  # as read
    assert outcome.applied.known_value(5035, NOW + timedelta(days=1)) == "4000"


async def test_a_value_changed_in_the_solis_app_is_refused_as_stale_then_corrected(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    # VoltWise verified 3000 W; then someone set 7000 W in the SolisCloud app.
    inverter = solis_cloud.inverters[SERIAL]
    inverter.needs_yuanzhi.add(5035)
    inverter.controls[5035] = "7000"
    applied = AppliedState(3000, False, NOW, (VerifiedValue(5035, "3000", NOW),))
    later = NOW + timedelta(hours=2)
    outcome = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        ControlValues(4000, False),
        applied,
        now=later,
        source="segment",
        trigger="schedule",
    )
    assert outcome.error is None
    assert [(r.path, r.code) for r in solis_cloud.requests] == [
        ("/v2/api/control", "0"),  # the envelope is fine, the item says B0218
        ("/v2/api/atRead", "0"),
        ("/v2/api/control", "0"),
        ("/v2/api/atRead", "0"),
    ]
    assert inverter.writes == [(5035, "4000", "3000"), (5035, "4000", "7000")]
    assert inverter.controls[5035] == "4000"
    assert outcome.applied.verified == (VerifiedValue(5035, "4000", later),)


async def test_a_failed_control_forgets_its_verified_value(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inject(FaultKind.IGNORE_WRITE, times=None)
    applied = AppliedState(3000, False, NOW, (VerifiedValue(5035, "3000", NOW),))
    outcome = await apply_controls(
        make_client(),
        SERIAL,
        CONTROLS,
        ControlValues(4000, False),
        applied,
        now=NOW,
        source="segment",
        trigger="schedule",
    )
    assert outcome.record.result is ApplyResult.FAILED
    assert outcome.applied == AppliedState(3000, False, NOW)  # the next attempt reads first


async def test_the_storage_mode_bitfield_is_always_read_before_writing(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    # The app switched the storage mode (bit 6) since VoltWise verified "33".
    controls = ControlIds(grid_charging_method=GridChargingMethod.STORAGE_MODE_BIT)
    solis_cloud.inverters[SERIAL].controls[636] = "97"
    applied = AppliedState(10_000, True, NOW, (VerifiedValue(636, "33", NOW),))
    outcome = await apply_controls(
        make_client(),
        SERIAL,
        controls,
        ControlValues(10_000, False),
        applied,
        now=NOW,
        source="segment",
        trigger="schedule",
    )
    assert outcome.record.requests == 3
    assert solis_cloud.inverters[SERIAL].controls[636] == "65"  # bit 6 kept, bit 5 cleared
    assert outcome.applied.verified == (VerifiedValue(636, "65", NOW),)


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

    async def apply_peak_shaving(self, *args: object, **kwargs: object) -> object:
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
