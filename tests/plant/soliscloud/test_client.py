"""The SolisCloud client against the fake server: every success, retry and failure path."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from custom_components.voltwise.plant.soliscloud.client import (
    PATH_AT_READ,
    PATH_CONTROL,
    BudgetStatus,
    RequestLimiter,
    SolisAccount,
    SolisCloudClient,
    WriteResult,
    same_value,
)
from custom_components.voltwise.plant.soliscloud.controls import ControlIds, GridChargingMethod
from custom_components.voltwise.plant.soliscloud.errors import (
    SolisAuthError,
    SolisClockError,
    SolisConnectionError,
    SolisDataloggerOfflineError,
    SolisError,
    SolisReadBeforeSetError,
    SolisRequestError,
    SolisResponseError,
    SolisServerError,
    SolisThrottledError,
    SolisTimeoutError,
    SolisUnknownInverterError,
    SolisWriteNotAppliedError,
)

from .fake_server import API_SECRET, SERIAL, FakeSolisCloud, FakeTime, Fault, FaultKind

type MakeClient = Callable[..., SolisCloudClient]


# -- signed reads ------------------------------------------------------------------------------


async def test_a_signed_read_returns_the_stored_value(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inverters[SERIAL].controls[5035] = "4200"
    assert await make_client().read_control(SERIAL, 5035) == "4200"
    assert solis_cloud.count() == 1
    assert solis_cloud.requests[0].body == {"inverterSn": SERIAL, "cid": 5035}


@pytest.mark.parametrize(
    ("overrides", "status"),
    [({"api_secret": "wrong"}, 403), ({"api_id": "1300000000000"}, 403)],
)
async def test_rejected_credentials_raise_auth_error_without_retry(
    make_client: MakeClient,
    solis_cloud: FakeSolisCloud,
    fake_time: FakeTime,
    overrides: dict[str, str],
    status: int,
) -> None:
    with pytest.raises(SolisAuthError) as info:
        await make_client(**overrides).read_control(SERIAL, 5035)
    assert info.value.status == status
    assert solis_cloud.count() == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize(("skew", "accepted"), [(14, True), (-14, True), (16, False), (-16, False)])
async def test_the_date_must_be_within_15_minutes_of_the_server(
    make_client: MakeClient, fake_time: FakeTime, skew: int, accepted: bool
) -> None:
    client = make_client(clock=lambda: fake_time.now() + timedelta(minutes=skew))
    if accepted:
        assert await client.read_control(SERIAL, 5035) == "10000"
    else:
        with pytest.raises(SolisClockError):
            await client.read_control(SERIAL, 5035)


async def test_inverter_list_and_detail(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    client = make_client()
    records = await client.inverter_list()
    assert [record["sn"] for record in records] == [SERIAL]
    detail = await client.inverter_detail(SERIAL)
    assert detail["sn"] == SERIAL
    assert detail["state"] == 1


# -- the connection test -----------------------------------------------------------------------


async def test_connection_test_reports_the_inverter(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    info = await make_client().check_inverter(SERIAL, 5035)
    assert info.serial == SERIAL
    assert info.online
    assert info.inverter_id == solis_cloud.inverters[SERIAL].inverter_id
    assert solis_cloud.count() == 2


async def test_connection_test_maps_each_failure_without_retrying(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime, api_id: str
) -> None:
    client = make_client()
    with pytest.raises(SolisUnknownInverterError) as unknown:
        await client.check_inverter("NOPE0000", 5035)
    assert unknown.value.placeholders == {"serial": "NOPE0000"}
    solis_cloud.add_inverter("OTHER123", "someone-else")
    with pytest.raises(SolisUnknownInverterError):
        await client.read_control("OTHER123", 5035)
    solis_cloud.inverters[SERIAL].online = False
    with pytest.raises(SolisDataloggerOfflineError):
        await client.check_inverter(SERIAL, 5035)
    with pytest.raises(SolisAuthError):
        await make_client(api_secret="wrong").check_inverter(SERIAL, 5035)
    assert fake_time.sleeps == []


async def test_an_unreachable_server_is_a_connection_error(
    session: aiohttp.ClientSession, fake_time: FakeTime
) -> None:
    server = FakeSolisCloud({"x": "y"})
    base_url = await server.start()
    await server.close()  # nothing listens on that port any more
    client = SolisCloudClient(
        session,
        "x",
        "y",
        base_url=base_url,
        sleep=fake_time.sleep,
        monotonic=fake_time.monotonic,
        account=SolisAccount(),
    )
    with pytest.raises(SolisConnectionError) as info:
        await client.check_inverter(SERIAL, 5035)
    assert info.value.transient


# -- verified writes ---------------------------------------------------------------------------


async def test_a_write_sends_yuanzhi_and_is_read_back(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime
) -> None:
    result = await make_client().apply_peak_shaving(SERIAL, 3000)
    assert result == WriteResult(cid=5035, before="10000", after="3000", writes=1)
    assert result.changed
    inverter = solis_cloud.inverters[SERIAL]
    assert inverter.writes == [(5035, "3000", "10000")]
    assert inverter.controls[5035] == "3000"
    assert [r.path for r in solis_cloud.requests] == [PATH_AT_READ, PATH_CONTROL, PATH_AT_READ]
    assert fake_time.sleeps == [2.0]  # the read-back waits for the datalogger


async def test_a_known_value_is_sent_as_yuanzhi_without_reading_first(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inverters[SERIAL].needs_yuanzhi.add(5035)
    result = await make_client().apply_peak_shaving(SERIAL, 3000, known="10000")
    assert result == WriteResult(cid=5035, before="10000", after="3000", writes=1)
    assert [r.path for r in solis_cloud.requests] == [PATH_CONTROL, PATH_AT_READ]
    assert solis_cloud.inverters[SERIAL].writes == [(5035, "3000", "10000")]


async def test_a_known_value_equal_to_the_target_is_no_reason_to_skip(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    # The caller asks for a change, so its memory disagrees with itself: read to be sure.
    result = await make_client().apply_peak_shaving(SERIAL, 3000, known="3000")
    assert result == WriteResult(cid=5035, before="10000", after="3000", writes=1)
    assert [r.path for r in solis_cloud.requests] == [PATH_AT_READ, PATH_CONTROL, PATH_AT_READ]


@pytest.mark.parametrize("stored", ["3000", "3000.0", " 3000"])
async def test_a_value_already_in_place_is_not_written(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, stored: str
) -> None:
    solis_cloud.inverters[SERIAL].controls[5035] = stored
    result = await make_client().apply_peak_shaving(SERIAL, 3000)
    assert not result.changed
    assert solis_cloud.inverters[SERIAL].writes == []
    assert solis_cloud.count() == 1


async def test_an_ignored_write_is_retried(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inject(FaultKind.IGNORE_WRITE, times=1)
    result = await make_client().apply_peak_shaving(SERIAL, 3000)
    assert result.writes == 2
    assert result.after == "3000"
    assert solis_cloud.inverters[SERIAL].controls[5035] == "3000"


async def test_a_write_never_applied_is_reported_after_bounded_attempts(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inject(FaultKind.IGNORE_WRITE, times=None)
    with pytest.raises(SolisWriteNotAppliedError) as info:
        await make_client().apply_peak_shaving(SERIAL, 3000)
    assert info.value.placeholders == {"cid": "5035", "value": "3000", "actual": "10000"}
    assert len(solis_cloud.inverters[SERIAL].writes) == 3
    assert solis_cloud.count() == 1 + 3 * 2


async def test_a_value_changed_by_someone_else_is_read_again_before_writing(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    inverter = solis_cloud.inverters[SERIAL]
    inverter.needs_yuanzhi.add(5035)

    def other_app(path: str, body: dict[str, Any]) -> None:
        if path == PATH_CONTROL and not inverter.writes:
            inverter.controls[5035] = "7000"

    solis_cloud.before_route = other_app
    result = await make_client().apply_peak_shaving(SERIAL, 3000)
    assert result.after == "3000"
    assert inverter.writes == [(5035, "3000", "10000"), (5035, "3000", "7000")]


async def test_a_stale_yuanzhi_is_refused(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inverters[SERIAL].needs_yuanzhi.add(5035)
    client = make_client()
    with pytest.raises(SolisReadBeforeSetError) as info:
        await client.write_control(SERIAL, 5035, "3000", yuanzhi="9999")
    assert info.value.placeholders == {"cid": "5035"}
    with pytest.raises(SolisReadBeforeSetError):
        await client.write_control(SERIAL, 5035, "3000")
    await client.write_control(SERIAL, 5035, "3000", yuanzhi="10000")
    assert solis_cloud.inverters[SERIAL].controls[5035] == "3000"


@pytest.mark.parametrize(
    ("stored", "allowed", "written"),
    [("33", False, "1"), ("1", True, "33"), ("2049", True, "2081"), ("0", True, "32")],
)
async def test_grid_charging_by_storage_mode_bit_keeps_the_other_bits(
    make_client: MakeClient,
    solis_cloud: FakeSolisCloud,
    stored: str,
    allowed: bool,
    written: str,
) -> None:
    controls = ControlIds(grid_charging_method=GridChargingMethod.STORAGE_MODE_BIT)
    solis_cloud.inverters[SERIAL].controls[636] = stored
    result = await make_client().apply_grid_charging(SERIAL, allowed, controls)
    assert result.after == written
    assert solis_cloud.inverters[SERIAL].writes == [(636, written, stored)]
    assert 43110 not in {cid for cid, _, _ in solis_cloud.inverters[SERIAL].writes}


async def test_a_bit_already_in_place_is_not_written(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    controls = ControlIds(grid_charging_method=GridChargingMethod.STORAGE_MODE_BIT)
    result = await make_client().apply_grid_charging(SERIAL, True, controls)  # 33 has bit 5
    assert not result.changed
    solis_cloud.inverters[SERIAL].controls[636] = "self-use"
    with pytest.raises(SolisResponseError):
        await make_client().apply_grid_charging(SERIAL, True, controls)


@pytest.mark.parametrize("stored", ["self-use", "inf", "-inf", "nan", "1e400", "2.5", "-1", "1e12"])
async def test_a_bitfield_that_is_not_one_is_refused_without_writing(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, stored: str
) -> None:
    controls = ControlIds(grid_charging_method=GridChargingMethod.STORAGE_MODE_BIT)
    solis_cloud.inverters[SERIAL].controls[636] = stored
    with pytest.raises(SolisResponseError):
        await make_client().apply_grid_charging(SERIAL, True, controls)
    assert solis_cloud.inverters[SERIAL].writes == []


async def test_grid_charging_by_switch_uses_its_own_cid(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    client = make_client()
    assert (await client.apply_grid_charging(SERIAL, True)).after == "1"
    assert (await client.apply_grid_charging(SERIAL, False)).after == "0"
    custom = ControlIds(grid_charging_cid=5916, switch_on="ON", switch_off="OFF")
    assert (await client.apply_grid_charging(SERIAL, True, custom)).after == "ON"
    writes = solis_cloud.inverters[SERIAL].writes
    assert [(cid, value) for cid, value, _ in writes] == [(43110, "1"), (43110, "0"), (5916, "ON")]


# -- retries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        (FaultKind.HTTP_STATUS, {"status": 502}),
        (FaultKind.HTTP_STATUS, {"status": 503}),
        (FaultKind.CODE, {"code": "B0115"}),
    ],
)
async def test_transient_failures_are_retried_after_2_5_and_10_seconds(
    make_client: MakeClient,
    solis_cloud: FakeSolisCloud,
    fake_time: FakeTime,
    kind: FaultKind,
    extra: dict[str, Any],
) -> None:
    solis_cloud.inject(kind, times=3, **extra)
    assert await make_client().read_control(SERIAL, 5035) == "10000"
    assert fake_time.sleeps == [2.0, 5.0, 10.0]
    assert solis_cloud.count() == 4


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"kind": FaultKind.HTTP_STATUS, "status": 500}, SolisServerError),
        ({"kind": FaultKind.CODE, "code": "B0115"}, SolisDataloggerOfflineError),
    ],
)
async def test_transient_failures_give_up_after_three_retries(
    make_client: MakeClient,
    solis_cloud: FakeSolisCloud,
    fake_time: FakeTime,
    fault: dict[str, Any],
    error: type[SolisError],
) -> None:
    solis_cloud.inject(times=None, **fault)
    with pytest.raises(error):
        await make_client().read_control(SERIAL, 5035)
    assert solis_cloud.count() == 4
    assert fake_time.sleeps == [2.0, 5.0, 10.0]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"kind": FaultKind.CODE, "code": "R0000"}, SolisThrottledError),
        ({"kind": FaultKind.CODE, "code": "I0012"}, SolisAuthError),
        ({"kind": FaultKind.CODE, "code": "B0011"}, SolisAuthError),
        ({"kind": FaultKind.CODE, "code": "B0049"}, SolisUnknownInverterError),
        ({"kind": FaultKind.CODE, "code": "X9999"}, SolisRequestError),
        ({"kind": FaultKind.HTTP_STATUS, "status": 404}, SolisRequestError),
        ({"kind": FaultKind.HTTP_STATUS, "status": 401}, SolisAuthError),
    ],
)
async def test_permanent_failures_are_raised_at_once(
    make_client: MakeClient,
    solis_cloud: FakeSolisCloud,
    fake_time: FakeTime,
    fault: dict[str, Any],
    error: type[SolisError],
) -> None:
    solis_cloud.inject(times=None, **fault)
    with pytest.raises(error) as info:
        await make_client().read_control(SERIAL, 5035)
    assert type(info.value) is error
    assert not info.value.transient
    assert solis_cloud.count() == 1
    assert fake_time.sleeps == []
    if "code" in fault:
        assert info.value.code == fault["code"]  # even though the answer said success: true


async def test_an_unanswered_request_times_out_and_is_retried(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime
) -> None:
    solis_cloud.inject(FaultKind.TIMEOUT, times=1)
    client = make_client(attempt_timeout=0.2)
    assert await client.read_control(SERIAL, 5035) == "10000"
    assert fake_time.sleeps == [2.0]
    assert solis_cloud.codes() == ["timeout", "0"]


async def test_the_whole_call_stops_at_its_overall_timeout(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime
) -> None:
    solis_cloud.inject(FaultKind.TIMEOUT, times=None)
    client = make_client(attempt_timeout=0.2, call_timeout=6.0)
    with pytest.raises(SolisTimeoutError) as info:
        await client.read_control(SERIAL, 5035)
    # Attempt, 2 s back-off, attempt; the 5 s back-off would pass the 6 s deadline.
    assert fake_time.sleeps == [2.0]
    assert solis_cloud.count() == 2
    assert info.value.placeholders == {"seconds": "6"}


async def test_a_timeout_reports_the_calls_limit_not_the_last_attempts_share(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime
) -> None:
    """Issue 11: the message said "12.9974 seconds" (the last attempt's rest of the 30 s)."""
    solis_cloud.inject(FaultKind.TIMEOUT, times=None)
    client = make_client(attempt_timeout=0.2)
    with pytest.raises(SolisTimeoutError) as info:
        await client.read_control(SERIAL, 5035)
    assert fake_time.sleeps == [2.0, 5.0, 10.0]
    assert solis_cloud.count() == 4
    assert info.value.placeholders == {"seconds": "30"}
    assert str(info.value) == "no answer within 30 s (this attempt gave up after 0.2 s)"

    # Three 0.4 s attempts and 17 s of back-off leave the last attempt about 0.2 s of the
    # call's 18.4 s: that rest cuts it short, and the call's limit is what is reported.
    fake_time.sleeps.clear()
    with pytest.raises(SolisTimeoutError) as info:
        await make_client(attempt_timeout=0.4, call_timeout=18.4).read_control(SERIAL, 5035)
    assert fake_time.sleeps == [2.0, 5.0, 10.0]
    assert info.value.placeholders == {"seconds": "18.4"}


async def test_a_slow_answer_within_the_attempt_timeout_is_not_retried(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime
) -> None:
    solis_cloud.inject(FaultKind.SLOW, delay=0.3)
    assert await make_client(attempt_timeout=2.0).read_control(SERIAL, 5035) == "10000"
    assert fake_time.sleeps == []
    solis_cloud.inject(FaultKind.SLOW, delay=1.0)
    assert await make_client(attempt_timeout=0.3).read_control(SERIAL, 5035) == "10000"
    assert fake_time.sleeps == [2.0]


async def test_an_8_second_answer_succeeds_with_the_default_timeouts(
    session: aiohttp.ClientSession, solis_cloud: FakeSolisCloud, api_id: str
) -> None:
    """SolisCloud may take 5-10 s; real time, default settings."""
    solis_cloud.inject(FaultKind.SLOW, delay=8.0)
    client = SolisCloudClient(session, api_id, API_SECRET, base_url=solis_cloud.base_url)
    started = time.monotonic()
    assert await client.read_control(SERIAL, 5035) == "10000"
    assert time.monotonic() - started >= 8.0
    assert solis_cloud.count() == 1


async def test_faults_by_seeded_probability_are_reproducible(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.inject(FaultKind.CODE, code="B0115", times=None, probability=0.5, seed=7)
    client = make_client()
    outcomes = []
    for _ in range(8):
        try:
            outcomes.append(await client.read_control(SERIAL, 5035))
        except SolisDataloggerOfflineError:
            outcomes.append("offline")
    codes = solis_cloud.codes()
    assert 0 < codes.count("B0115") < len(codes)
    assert outcomes.count("10000") == codes.count("0")
    # The same seed makes the same choices: a fault schedule can be replayed exactly.
    replay = Fault(FaultKind.CODE, code="B0115", times=None, probability=0.5, seed=7)
    assert [replay.take(PATH_AT_READ) for _ in codes] == [code == "B0115" for code in codes]


# -- the rate limit, in real time --------------------------------------------------------------


async def test_the_shared_limiter_keeps_every_client_of_an_account_under_2_per_second(
    session: aiohttp.ClientSession, solis_cloud: FakeSolisCloud, api_id: str
) -> None:
    account = SolisAccount()
    first = SolisCloudClient(
        session, api_id, API_SECRET, base_url=solis_cloud.base_url, account=account
    )
    second = SolisCloudClient(
        session, api_id, API_SECRET, base_url=solis_cloud.base_url, account=account
    )
    started = time.monotonic()
    values = await asyncio.gather(
        *(client.read_control(SERIAL, 5035) for client in (first, second, first, second, first))
    )
    elapsed = time.monotonic() - started
    assert values == ["10000"] * 5
    assert "R0000" not in solis_cloud.codes()
    # Five requests, two per 1.1 s window: the fifth cannot start before 2.2 s.
    assert elapsed >= 2.2
    times = [request.at for request in solis_cloud.requests]
    assert all(later - earlier >= 1.0 for earlier, later in zip(times, times[2:], strict=False))
    assert account.counter.used(datetime.now(UTC).date()) == 5


async def test_without_the_limiter_the_server_throttles(
    session: aiohttp.ClientSession, solis_cloud: FakeSolisCloud, api_id: str
) -> None:
    """Proves the fake enforces the limit, so the test above means something."""
    unlimited = SolisAccount(limiter=RequestLimiter(max_requests=100))
    client = SolisCloudClient(
        session, api_id, API_SECRET, base_url=solis_cloud.base_url, account=unlimited
    )
    results = await asyncio.gather(
        *(client.read_control(SERIAL, 5035) for _ in range(4)), return_exceptions=True
    )
    assert any(isinstance(result, SolisThrottledError) for result in results)


async def test_a_429_throttle_answer_is_retried(
    make_client: MakeClient, solis_cloud: FakeSolisCloud, fake_time: FakeTime
) -> None:
    solis_cloud.inject(FaultKind.HTTP_STATUS, status=429, times=1)
    assert await make_client().read_control(SERIAL, 5035) == "10000"
    assert fake_time.sleeps == [2.0]


async def test_limiter_spaces_request_starts(fake_time: FakeTime) -> None:
    limiter = RequestLimiter(monotonic=fake_time.monotonic, sleep=fake_time.limiter_sleep)
    starts = []
    for _ in range(5):
        await limiter.acquire()
        starts.append(fake_time.offset)
    assert starts[:2] == [0.0, 0.0]
    assert starts[2] == pytest.approx(1.1, abs=0.01)
    assert starts[4] == pytest.approx(2.2, abs=0.02)


# -- the daily budget --------------------------------------------------------------------------


async def test_the_budget_hook_warns_before_and_at_the_daily_budget(
    make_client: MakeClient, fake_time: FakeTime, api_id: str
) -> None:
    seen: list[BudgetStatus] = []
    account = SolisAccount(
        limiter=RequestLimiter(monotonic=fake_time.monotonic, sleep=fake_time.limiter_sleep)
    )
    client = make_client(daily_budget=5, budget_warning=3, on_budget=seen.append, account=account)
    other = make_client(daily_budget=5, budget_warning=3, account=account)
    for index in range(6):
        await (client if index != 1 else other).read_control(SERIAL, 5035)
    assert [(s.used, s.warning, s.exhausted) for s in seen] == [(3, True, False), (5, True, True)]
    status = client.budget_status()
    assert (status.used, status.remaining) == (6, 0)
    # A new day starts from zero.
    fake_time.offset += 86_400
    await client.read_control(SERIAL, 5035)
    assert client.budget_status().used == 1


async def test_the_default_budget_is_200_with_a_warning_at_180(make_client: MakeClient) -> None:
    status = make_client().budget_status()
    assert (status.budget, status.warning_at, status.used) == (200, 180, 0)


async def test_the_fake_daily_budget_answers_r0000(
    make_client: MakeClient, solis_cloud: FakeSolisCloud
) -> None:
    solis_cloud.daily_budget = 2
    client = make_client()
    await client.read_control(SERIAL, 5035)
    await client.read_control(SERIAL, 5035)
    with pytest.raises(SolisThrottledError):
        await client.read_control(SERIAL, 5035)


# -- hygiene -----------------------------------------------------------------------------------


async def test_secrets_never_reach_the_log(
    make_client: MakeClient,
    solis_cloud: FakeSolisCloud,
    caplog: pytest.LogCaptureFixture,
    api_id: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    solis_cloud.inject(FaultKind.CODE, code="B0115", times=2)
    client = make_client(daily_budget=3, budget_warning=2)
    await client.read_control(SERIAL, 5035)
    with pytest.raises(SolisAuthError) as info:
        await make_client(api_secret="wrong-secret").read_control(SERIAL, 5035)
    assert "retrying" in caplog.text
    for secret in (API_SECRET, "wrong-secret", api_id):
        assert secret not in caplog.text
        assert secret not in repr(client)
        assert secret not in str(info.value)


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [("100", "100.0", True), ("ON", "ON", True), ("ON", "OFF", False), ("1", "x", False)],
)
def test_same_value(left: str, right: str, same: bool) -> None:
    assert same_value(left, right) is same
