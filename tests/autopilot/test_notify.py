"""The autopilot's notifications on the targets the home's options choose."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.persistent_notification import (
    _async_get_or_create_notifications as async_notifications,
)
from homeassistant.const import SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant, ServiceCall
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_mock_service,
)

from .conftest import (
    AUTOPILOT_STORE,
    WASHER,
    actions,
    call,
    ist,
    jump,
    settle,
    start_at,
    state,
    user,
)

PHONE = "mobile_app_phone"
FAMILY = "notify.family"


@pytest.fixture
def home_options() -> dict[str, Any]:
    return {"notify": False, "notify_entity": FAMILY, "notify_service": PHONE}


@pytest.fixture
def phone(hass: HomeAssistant) -> list[ServiceCall]:
    """A phone's legacy notify service (what mobile_app registers), capturing each call."""
    return async_mock_service(hass, "notify", PHONE)


@pytest.fixture
def send_message(hass: HomeAssistant) -> list[ServiceCall]:
    """notify.send_message, capturing each call to the notify entity."""
    hass.states.async_set(FAMILY, "unknown")
    return async_mock_service(hass, "notify", "send_message")


@pytest.fixture
def targets(
    phone: list[ServiceCall], send_message: list[ServiceCall]
) -> tuple[list[ServiceCall], list[ServiceCall]]:
    """The phone's calls and the notify entity's."""
    return phone, send_message


@pytest.fixture
def person(hass_admin_user: MockUser) -> Context:
    """A person's context: what they switch is theirs."""
    return user(hass_admin_user)


def messages(calls: list[ServiceCall]) -> list[str]:
    return [str(item.data["message"]) for item in calls]


async def test_actions_restores_and_the_clean_message_reach_the_chosen_targets(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    phone: list[ServiceCall],
    send_message: list[ServiceCall],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    acted = [text for text in messages(phone) if "autopilot switched" in text]
    assert len(acted) == 1
    assert "the autopilot switched Heater (it puts them back" in acted[0]
    titles = {item.data["title"] for item in phone}
    assert titles == {"⚡ Peak tariff started", "🤖 Autopilot acted at Test Home"}
    assert {item.data["entity_id"] for item in send_message} == {FAMILY}
    assert [text for text in messages(send_message) if "autopilot switched" in text] == acted
    phone.clear()
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.heater") == "on"
    # One message per transition (besides the home's own about the peak's end): the restore,
    # then what is worth running now (the washer is off; the heater runs again; the fridge is
    # essential).
    assert [text for text in messages(phone) if "back to 8 INR" not in text] == [
        "Back as you left them: Heater.",
        "Electricity is cheap or clean again: run Washer now.",
    ]
    # Persistent notifications are off for this home.
    assert not [key for key in async_notifications(hass) if "autopilot" in key]


@pytest.mark.parametrize("home_options", [{"notify": True}])
async def test_the_clean_message_names_every_idle_shiftable_appliance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(21, 30))
    await jump(hass, freezer, ist(22, 0))
    clean = async_notifications(hass)["voltwise_01JTESTHOME00000000000000_autopilot_clean"]
    assert clean["message"] == "Electricity is cheap or clean again: run Heater and Washer now."
    assert clean["title"] == "🌿 Good time to run appliances at Test Home"


@pytest.mark.parametrize("home_options", [{"notify_service": "mobile_app_gone"}])
async def test_a_notify_service_that_is_gone_never_stops_the_autopilot(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(17, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater")
    await jump(hass, freezer, ist(18, 0))
    assert state(hass, "switch.heater") == "off"
    assert "Notification to notify.mobile_app_gone not sent" in caplog.text


def offered(calls: list[ServiceCall]) -> dict[str, str]:
    """The buttons of the last actionable notification: title -> action id."""
    (last,) = [item for item in calls if "data" in item.data][-1:]
    return {button["title"]: button["action"] for button in last.data["data"]["actions"]}


async def answer(hass: HomeAssistant, action: str, context: Context | None = None) -> None:
    hass.bus.async_fire("mobile_app_notification_action", {"action": action}, context=context)
    await hass.async_block_till_done()


async def test_run_at_turns_it_off_and_starts_it_at_the_best_time_on_the_calendar(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    targets: tuple[list[ServiceCall], list[ServiceCall]],
    person: Context,
) -> None:
    phone, send_message = targets
    await start_at(hass, freezer, mock_config_entry, ist(18, 0))
    await jump(hass, freezer, ist(18, 30))
    phone.clear()
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    assert state(hass, "sensor.washer_status") == "override"
    buttons = offered(phone)
    offer = next(item for item in phone if "data" in item.data)
    assert offer.data["title"] == "⚡ Washer started at a dear time"
    assert (
        offer.data["data"]["tag"] == "voltwise_01JTESTHOME00000000000000_01JTESTWASHER000000000000"
    )
    # The washer has no eco mode; its best hour is when the peak ends (2 kWh, 0.80 INR less each).
    assert list(buttons) == ["Run now", "Run at 22:00 (save 1.60 INR)"]
    # The phone got the buttons, not a second plain message about the override.
    assert not [text for text in messages(phone) if "You took over" in text]
    assert [text for text in messages(send_message) if "You took over Washer" in text]
    run_at = buttons["Run at 22:00 (save 1.60 INR)"]
    # Forged answers: another home, another token, another appliance: nothing happens.
    for forged in (
        run_at.replace("01JTESTHOME00000000000000", "01JOTHERHOME0000000000000"),
        run_at[:-4] + "AAAA",
        run_at.replace("01JTESTWASHER000000000000", "01JTESTHEATER000000000000"),
        "voltwise:explode:01JTESTHOME00000000000000:01JTESTWASHER000000000000:x",
        run_at.replace(":run_at:", ":explode:"),
        run_at.replace(":run_at:", ":eco:"),  # the washer has no eco mode: never offered
        "something else",
    ):
        await answer(hass, forged)
    hass.bus.async_fire("mobile_app_notification_action", {"action": 42})
    await hass.async_block_till_done()
    assert state(hass, "switch.washer") == "on"
    await answer(hass, run_at, person)
    assert state(hass, "switch.washer") == "off"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_off", "user")
    events = await hass.services.async_call(
        "calendar",
        "get_events",
        {"entity_id": "calendar.test_home_appliance_schedules", "duration": {"hours": 12}},
        blocking=True,
        return_response=True,
    )
    runs = events["calendar.test_home_appliance_schedules"]["events"]
    assert [(run["summary"], run["start"], run["end"]) for run in runs] == [
        ("Washer (autopilot)", "2026-03-02T22:00:00+05:30", "2026-03-02T23:00:00+05:30")
    ]
    # An answer counts once.
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.washer", context=person)
    await answer(hass, run_at)
    assert state(hass, "switch.washer") == "off"
    phone.clear()
    await jump(hass, freezer, ist(21, 59))
    assert state(hass, "switch.washer") == "off"
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.washer") == "on"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_on", "user")
    assert not [item for item in phone if "data" in item.data]


@pytest.mark.usefixtures("send_message")
async def test_eco_and_run_now_answers(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    phone: list[ServiceCall],
    person: Context,
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(18, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.heater", context=person)
    buttons = offered(phone)
    assert list(buttons) == ["Run now", "Eco"]  # no typical cycle: no best start to offer
    await answer(hass, buttons["Eco"], person)
    assert state(hass, "switch.heater_eco_mode") == "on"
    assert state(hass, "switch.heater") == "on"
    assert actions(mock_config_entry, "Heater")[-1] == ("Heater", "eco_on", "user")
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    await settle(hass, freezer)  # a second change within a second is decided on a second later
    await answer(hass, offered(phone)["Run now"])
    assert state(hass, "switch.washer") == "on"
    assert state(hass, "sensor.washer_status") == "override"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_on", "user")


async def reload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Reload the home: everything in memory is rebuilt from what was stored."""
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()


async def test_an_answer_tapped_after_a_restart_is_still_carried_out_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    phone: list[ServiceCall],
    person: Context,
    *,
    hass_storage: dict[str, Any],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(18, 30))
    phone.clear()
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    run_at = offered(phone)["Run at 22:00 (save 1.60 INR)"]
    [stored] = hass_storage[AUTOPILOT_STORE]["data"]["offers"]
    assert stored["appliance_id"] == WASHER
    await reload(hass, mock_config_entry)
    assert state(hass, "switch.washer") == "on"
    await answer(hass, run_at, person)
    assert state(hass, "switch.washer") == "off"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_off", "user")
    assert hass_storage[AUTOPILOT_STORE]["data"]["offers"] == []
    # Used up, also across another restart.
    await reload(hass, mock_config_entry)
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.washer", context=person)
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    await answer(hass, run_at, person)
    assert state(hass, "switch.washer") == "on"
    # The run it chose was stored too: the washer starts at 22:00 after all.
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.washer", context=person)
    await jump(hass, freezer, ist(22, 0))
    assert state(hass, "switch.washer") == "on"


async def test_an_override_is_announced_once_not_again_at_each_restart(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    targets: tuple[list[ServiceCall], list[ServiceCall]],
    person: Context,
) -> None:
    phone, send_message = targets
    await start_at(hass, freezer, mock_config_entry, ist(18, 30))
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    assert [text for text in messages(send_message) if "You took over Washer" in text]
    assert offered(phone)
    phone.clear()
    send_message.clear()
    await reload(hass, mock_config_entry)
    await jump(hass, freezer, ist(18, 45))
    assert state(hass, "sensor.washer_status") == "override"
    assert not [text for text in messages(send_message) if "You took over" in text]
    assert not [item for item in phone if "data" in item.data]
    # A new override after the restart is news again.
    await call(hass, "switch", SERVICE_TURN_OFF, "switch.washer", context=person)
    await settle(hass, freezer)
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    assert [text for text in messages(send_message) if "You took over Washer" in text]


async def test_an_offer_withdrawn_before_a_restart_does_nothing_after_it(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    phone: list[ServiceCall],
    person: Context,
    *,
    hass_storage: dict[str, Any],
) -> None:
    await start_at(hass, freezer, mock_config_entry, ist(21, 30))
    phone.clear()
    await call(hass, "switch", SERVICE_TURN_ON, "switch.washer", context=person)
    run_now = offered(phone)["Run now"]
    run_at = next(action for title, action in offered(phone).items() if "Run at" in title)
    await jump(hass, freezer, ist(22, 0))  # the peak ends: so does the override and its offer
    assert hass_storage[AUTOPILOT_STORE]["data"]["offers"] == []
    await reload(hass, mock_config_entry)
    await answer(hass, run_at, person)
    await answer(hass, run_now, person)
    assert state(hass, "switch.washer") == "on"
    assert actions(mock_config_entry, "Washer")[-1] == ("Washer", "turn_on", "user")


@pytest.mark.usefixtures("phone")
async def test_odd_stored_offers_are_dropped(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    person: Context,
) -> None:
    good = {"appliance_id": WASHER, "token": "secret", "run": None, "eco": False, "saving": 0}
    odd = [
        {**good, "appliance_id": "gone"},  # parses, but there is no such appliance
        "offer",
        {**good, "token": ""},
        {**good, "appliance_id": 7},
        {**good, "eco": "no"},
        {**good, "saving": True},
        {**good, "saving": "much"},
        {**good, "run": "tonight"},
        {**good, "run": ["2026-03-02T22:00:00+05:30"]},
        {**good, "run": ["later", "2026-03-02T23:00:00+05:30"]},
        {**good, "run": ["2026-03-02T22:00:00", "2026-03-02T23:00:00"]},
        {**good, "run": ["2026-03-02T23:00:00+05:30", "2026-03-02T22:00:00+05:30"]},
    ]
    for offers in (odd, "all of them"):
        hass_storage[AUTOPILOT_STORE] = {
            "version": 1,
            "key": AUTOPILOT_STORE,
            "data": {
                "memory": {},
                "pauses": {},
                "resumed": {},
                "grid_events": [],
                "offers": offers,
            },
        }
        await start_at(hass, freezer, mock_config_entry, ist(18, 30))
        await call(hass, "switch", SERVICE_TURN_OFF, "switch.washer", context=person)
        await answer(hass, f"voltwise:eco:01JTESTHOME00000000000000:{WASHER}:secret")
        await answer(hass, f"voltwise:run_at:01JTESTHOME00000000000000:{WASHER}:secret")
        assert state(hass, "switch.washer") == "off"
        assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
        await hass.async_block_till_done()
