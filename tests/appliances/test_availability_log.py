"""An appliance's reachability in the log: once each way, and a summary while it flaps."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.voltwise.appliances.availability import QUIET_PERIOD, AvailabilityLog


def lines(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name.startswith("custom")]


async def later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture
def log(hass: HomeAssistant, caplog: pytest.LogCaptureFixture) -> AvailabilityLog:
    caplog.set_level(logging.INFO, logger="custom_components.voltwise")
    return AvailabilityLog(hass, "Geyser")


async def test_start_up_is_not_news_and_a_repeat_is_none(
    hass: HomeAssistant, log: AvailabilityLog, caplog: pytest.LogCaptureFixture
) -> None:
    log.report(False, dt_util.utcnow())  # the device is away when VoltWise starts
    log.report(False, dt_util.utcnow())
    assert lines(caplog) == []
    log.report(True, dt_util.utcnow())
    assert lines(caplog) == [(logging.INFO, "Geyser is available again")]


async def test_one_outage_while_flapping_ends_in_a_summary_that_it_is_back(
    hass: HomeAssistant,
    log: AvailabilityLog,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    for online in (True, False, True, False, True):
        log.report(online, dt_util.utcnow())
    await later(hass, freezer, QUIET_PERIOD)
    assert lines(caplog) == [
        (logging.WARNING, "Geyser is unavailable"),
        (logging.INFO, "Geyser is available again"),
        (logging.WARNING, "Geyser went offline 1 more time in 10 minutes and is available now"),
    ]
    # A quiet period follows the summary; nothing happened in it, so nothing is said.
    caplog.clear()
    await later(hass, freezer, QUIET_PERIOD)
    assert lines(caplog) == []
    log.report(False, dt_util.utcnow())
    assert lines(caplog) == [(logging.WARNING, "Geyser is unavailable")]


async def test_an_unloaded_appliance_leaves_no_summary_behind(
    hass: HomeAssistant,
    log: AvailabilityLog,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    for online in (True, False, True, False):
        log.report(online, dt_util.utcnow())
    log.cancel()
    log.cancel()
    await later(hass, freezer, QUIET_PERIOD)
    assert [message for _level, message in lines(caplog)] == [
        "Geyser is unavailable",
        "Geyser is available again",
    ]
