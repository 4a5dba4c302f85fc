"""The VoltWise dashboard in a real browser: live values, editing through the cards, screenshots.

Chromium (Debian's) opens the dashboard scripts/develop creates, logged in as a user would. The
tests share one page and run in order: values, live updates, plant editing, cancelling a
schedule, screenshots, and last the console (no errors but the frontend noise listed in conftest).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hass_harness import ensure_energy_dashboard

from .conftest import SCREENSHOTS, DashboardHass, unexpected_console_errors

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("socket_enabled")]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SLOT_TEXT = {"peak": "Peak", "normal": "Normal", "off_peak": "Off-peak", "solar": "Solar"}
PLANT = "sensor.roof_active_schedule"
CARDS = (
    "voltwise-timeline-card",
    "voltwise-autopilot-card",
    "voltwise-insight-card",
    "voltwise-schedules-card",
    "voltwise-plant-card",
)


def eventually(check: Callable[[], Any], timeout: float = 20) -> Any:
    """Poll ``check`` until it returns something truthy; fail with its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, f"not within {timeout} s: {result!r}"
            return result
        time.sleep(0.25)


def home_state(hass: DashboardHass, key: str) -> str:
    return str(hass.api.states()[f"sensor.voltwise_demo_home_{key}"]["state"])


def shown_kwh(text: str) -> float:
    """The number a card shows as "23.4 kWh" (Intl drops a trailing ".0" and groups thousands)."""
    return float(text.removesuffix(" kWh").replace(",", ""))


def rounded(value: float | None) -> float | None:
    """One decimal as Intl.NumberFormat rounds: half up on the exact binary value."""
    if value is None:
        return None
    return float(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def plan(hass: DashboardHass) -> dict[str, Any]:
    answer = hass.api.call_service("voltwise", "get_plant_plan", {"plant": PLANT}, response=True)
    return dict(answer["service_response"])


def schedule_ids(hass: DashboardHass) -> set[str]:
    answer = hass.api.call_service(
        "voltwise", "list_schedules", {"config_entry_id": hass.entry_id}, response=True
    )
    return {item["schedule_id"] for item in answer["service_response"]["schedules"]}


def open_dashboard(
    browser: Any,
    hass: DashboardHass,
    viewport: dict[str, int],
    theme: str = "light",
) -> Any:
    """A new browser context on the VoltWise dashboard, logged in; console errors are collected.

    The colour scheme is the context's from the start: switching it on a live page makes Home
    Assistant's frontend animate the change, and a second switch rejects the first animation.
    """
    context = browser.new_context(viewport=viewport, locale="en-GB", color_scheme=theme)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            hass.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: hass.console_errors.append(f"pageerror: {error}"))
    page.goto(f"{hass.url}/")
    page.fill("input[name=username]", "dev")
    page.fill("input[name=password]", "voltwise-dev")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('home-assistant')?.hass?.user")
    page.goto(f"{hass.url}/voltwise-dashboard/home")
    page.locator("voltwise-timeline-card .value.rate").wait_for(timeout=30_000)
    return page


@pytest.fixture(scope="module")
def page(browser: Any, dashboard_hass: DashboardHass) -> Iterator[Any]:
    """One logged-in page on the VoltWise dashboard, shared by the tests in order."""
    hass = dashboard_hass
    # What the cards will show: a run of the washing machine and a plant schedule to edit.
    hass.schedule_id = hass.api.call_service(
        "voltwise",
        "schedule_appliance",
        {"appliance": "switch.washing_machine", "start": "23:00", "duration": "01:00:00"},
        response=True,
    )["service_response"]["schedule_id"]
    hass.api.call_service(
        "voltwise",
        "set_daily_schedule",
        {"plant": PLANT, "schedule": "Workday", "segments": "18:00-22:00 1000 off"},
    )
    hass.api.call_service(
        "voltwise", "assign_daily_schedule", {"plant": PLANT, "schedule": "Workday", "days": "all"}
    )
    page = open_dashboard(browser, hass, DESKTOP)
    try:
        yield page
    finally:
        page.context.close()


def test_each_card_shows_the_live_values_of_its_entities(
    page: Any, dashboard_hass: DashboardHass
) -> None:
    hass = dashboard_hass
    timeline = page.locator("voltwise-timeline-card")
    states = hass.api.states()
    rate = float(states["sensor.voltwise_demo_home_tariff_rate"]["state"])
    assert timeline.locator(".value.rate").inner_text() == f"₹{rate:.2f}/kWh"
    slot = states["sensor.voltwise_demo_home_tariff_slot"]["state"]
    assert timeline.locator(".value.slot").inner_text() == SLOT_TEXT[slot]
    intensity = float(states["sensor.voltwise_demo_home_grid_carbon_intensity"]["state"])
    shown = timeline.locator(".value.intensity").inner_text()
    assert shown.endswith(" g/kWh")
    assert abs(float(shown.removesuffix(" g/kWh").replace(",", "")) - intensity) <= 0.5
    assert timeline.locator(".seg.run").first.inner_text() == "Washing machine"
    # With the keyboard alone: the last point of the horizon, then back to now.
    slider = timeline.locator("[role=slider]")
    slider.focus()
    page.keyboard.press("End")
    assert slider.get_attribute("aria-valuenow") == slider.get_attribute("aria-valuemax")
    assert timeline.locator(".value.time").inner_text() in slider.get_attribute("aria-valuetext")
    page.keyboard.press("Home")
    assert slider.get_attribute("aria-valuenow") == "0"

    schedules = page.locator("voltwise-schedules-card")
    item = schedules.locator(f"li[data-schedule='{hass.schedule_id}']")
    once = r"Washing machine: Once on \d{4}-\d\d-\d\d, 23:00 for 1 h"
    assert re.fullmatch(once, item.locator(".what").inner_text())

    plant = page.locator("voltwise-plant-card")
    eventually(lambda: plant.locator(".value.schedule").inner_text() != "")
    active = states[PLANT]["state"]
    expected = "Defaults" if active in ("unknown", "unavailable") else active
    assert plant.locator(".value.schedule").inner_text() == expected
    desired = int(float(states["sensor.roof_desired_peak_shaving_limit"]["state"]))
    assert plant.locator(".value.limit").inner_text().startswith(f"{desired:,} W")


def test_cards_follow_changes_without_a_reload(page: Any, dashboard_hass: DashboardHass) -> None:
    hass = dashboard_hass
    strategy = next(e for e in hass.api.states() if e.endswith("_strategy"))
    hass.api.call_service("select", "select_option", {"entity_id": strategy, "option": "eco_mode"})
    timeline = page.locator("voltwise-timeline-card")
    eventually(lambda: "eco mode" in timeline.locator(".subtitle").inner_text())

    override = {"plant": PLANT, "mode": "until_cleared", "peak_shaving_w": 3000}
    hass.api.call_service("voltwise", "set_override", override)
    plant = page.locator("voltwise-plant-card")
    eventually(lambda: plant.locator(".badge.override").count() == 1)
    eventually(lambda: plant.locator(".value.limit").inner_text().startswith("3,000 W"))
    plant.locator("button[name=clear-override]").click()
    eventually(lambda: plan(hass)["plan"]["override"] is None)
    eventually(lambda: plant.locator(".badge.override").count() == 0)


def test_autopilot_card_sets_the_strategy_and_a_protected_window(
    page: Any, dashboard_hass: DashboardHass
) -> None:
    hass = dashboard_hass
    strategy = next(e for e in hass.api.states() if e.endswith("_strategy"))
    autopilot = page.locator("voltwise-autopilot-card")
    autopilot.locator("[data-strategy=max_savings]").click()
    eventually(lambda: hass.api.states()[strategy]["state"] == "max_savings")
    pill = autopilot.locator("[data-strategy=max_savings]")
    eventually(lambda: pill.get_attribute("aria-checked") == "true")
    assert "cheapest hours" in autopilot.locator(".description").inner_text()

    washer = autopilot.locator(".appliance").filter(has_text="Washing machine")
    start = "time.washing_machine_protected_window_start"
    washer.locator("input.window-start").fill("06:45")
    washer.locator("input.window-start").dispatch_event("change")
    eventually(lambda: hass.api.states()[start]["state"] == "06:45:00")
    action = hass.api.states()["select.washing_machine_autopilot_action"]["state"]
    assert washer.locator("select.action").input_value() == action


def test_insight_card_shows_the_forecast(page: Any, dashboard_hass: DashboardHass) -> None:
    """The demo's simulated household has a year of history: a forecast and actual hours."""
    api = dashboard_hass.api
    sensor = next(e for e in api.states() if e.endswith("_consumption_forecast_today"))

    def forecast() -> float | None:
        state = api.states()[sensor]["state"]
        return None if state in ("unknown", "unavailable") else float(state)

    eventually(lambda: forecast() is not None, timeout=120)
    insight = page.locator("voltwise-insight-card")
    eventually(lambda: insight.locator(".forecast-today").count() == 1)
    # The forecast may be refreshed (statistics imported, the hour turning) while the test reads it.
    today = insight.locator(".forecast-today")
    eventually(lambda: shown_kwh(today.inner_text()) == rounded(forecast()))
    eventually(lambda: insight.locator("rect.actual").count() > 0)
    # The bill slot finds both of the home's bill sensors by their translation keys.
    eventually(lambda: insight.locator(".bill .stat").count() == 2)
    labels = insight.locator(".bill .label").all_inner_texts()
    assert labels == ["Bill so far", "Projected bill"]


def test_add_a_plant_segment_in_the_week_view(page: Any, dashboard_hass: DashboardHass) -> None:
    hass = dashboard_hass
    plant = page.locator("voltwise-plant-card")
    plant.locator("button[name=tab-week]").click()
    plant.locator("select[name=schedule]").select_option("Workday")
    plant.locator("button[name=add-segment]").click()
    rows = plant.locator(".segment-row")
    assert rows.count() == 2
    watts = rows.nth(1).locator("input[name=segment-watts]")
    watts.fill("2500")
    watts.dispatch_event("change")
    # Moved an hour earlier it overlaps 18:00-22:00: refused whole, the reason shown inline.
    for _ in range(4):
        rows.nth(1).locator("button[name=earlier]").click()
    plant.locator("button[name=save-schedule]").click()
    alert = plant.locator("[role=alert]")
    alert.wait_for()
    assert "overlap" in alert.inner_text().lower()
    assert len(plan(hass)["plan"]["collections"][0]["schedules"][0]["segments"]) == 1
    for _ in range(4):
        rows.nth(1).locator("button[name=later]").click()
    plant.locator("button[name=save-schedule]").click()

    def saved() -> list[dict[str, Any]]:
        workday = plan(hass)["plan"]["collections"][0]["schedules"][0]
        return list(workday["segments"]) if len(workday["segments"]) == 2 else []

    assert eventually(saved)[1] == {
        "start": "22:00",
        "end": "23:00",
        "peak_shaving_w": 2500,
        "grid_charging_allowed": False,
    }
    eventually(lambda: plant.locator("[role=alert]").count() == 0)
    plant.locator("button[name=tab-today]").click()


def test_cancel_a_schedule_and_add_two(page: Any, dashboard_hass: DashboardHass) -> None:
    hass = dashboard_hass
    assert hass.schedule_id in schedule_ids(hass)
    schedules = page.locator("voltwise-schedules-card")
    item = schedules.locator(f"li[data-schedule='{hass.schedule_id}']")
    item.locator("button[name=cancel]").click()
    item.locator("button[name=confirm-cancel]").click()
    eventually(lambda: hass.schedule_id not in schedule_ids(hass))
    eventually(lambda: schedules.locator("li.schedule").count() == 0)
    assert schedules.locator(".empty").inner_text() == "No schedules yet."

    def add(fields: dict[str, str], repeat: str, *, smart: bool = False) -> None:
        schedules.locator("button[name=add]").click()
        form = schedules.locator("form")
        if len(page.locator("voltwise-schedules-card select[name=appliance]").all()):
            form.locator("select[name=appliance]").select_option(label="Washing machine")
        form.locator("select[name=kind]").select_option("smart" if smart else "fixed")
        for name, value in fields.items():
            field = form.locator(f"input[name={name}]")
            field.fill(value)
            field.dispatch_event("change")
        form.locator("select[name=repeat]").select_option(repeat)
        form.locator("button[name=save]").click()
        eventually(lambda: schedules.locator("form").count() == 0)

    add({"start": "06:00", "duration": "45"}, "weekdays")
    add({"start": "21:00", "end": "05:00", "duration": "120"}, "daily", smart=True)
    eventually(lambda: len(schedule_ids(hass)) == 2)
    eventually(lambda: schedules.locator("li.schedule").count() == 2)
    texts = schedules.locator("li.schedule .what").all_inner_texts()
    assert sorted(texts) == [
        "Washing machine: Every day: best time between 21:00 and 05:00 for 2 h",
        "Washing machine: Weekdays, 06:00 for 45 min",
    ]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.usefixtures("page")  # after the tests above: their schedules are in the pictures
def test_screenshots(
    browser: Any,
    dashboard_hass: DashboardHass,
    *,
    theme: str,
    width: str,
    viewport: dict[str, int],
) -> None:
    """Every card, light and dark, desktop and phone width, for the README."""
    shots = open_dashboard(browser, dashboard_hass, viewport, theme)
    try:
        shots.locator("voltwise-schedules-card li.schedule").first.wait_for()
        shots.locator("voltwise-plant-card .value.schedule").wait_for()
        shots.wait_for_timeout(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if width == "desktop":
            shots.screenshot(path=str(SCREENSHOTS / f"dashboard-{theme}.png"))
        # Tall enough that no card scrolls under Home Assistant's fixed toolbar.
        shots.set_viewport_size({"width": viewport["width"], "height": 3200})
        shots.wait_for_timeout(300)

        def shoot(card: str, name: str) -> None:
            locator = shots.locator(card)
            path = SCREENSHOTS / f"{name}-{theme}-{width}.png"
            locator.screenshot(path=str(path), animations="disabled")
            assert path.stat().st_size > 2_000

        for card in CARDS:
            shoot(card, card.removeprefix("voltwise-").removesuffix("-card"))
        shots.locator("voltwise-plant-card button[name=tab-week]").click()
        shots.locator("voltwise-plant-card select[name=schedule]").select_option("Workday")
        shoot("voltwise-plant-card", "plant-week")
    finally:
        shots.context.close()


def test_energy_dashboard_gets_each_appliance_once(dashboard_hass: DashboardHass) -> None:
    """What scripts/develop does: the home's consumption as grid consumption, priced by its
    tariff, and every appliance's energy (and power) as an individual device."""
    api = dashboard_hass.api
    assert ensure_energy_dashboard(api) == (
        "put 3 appliances and the home's consumption on the Energy dashboard"
    )
    (prefs,) = api.ws({"type": "energy/get_prefs"})
    (grid,) = prefs["energy_sources"]
    assert grid["type"] == "grid"
    assert [flow["stat_energy_from"] for flow in grid["flow_from"]] == [
        "sensor.voltwise_demo_home_simulated_household_energy"
    ]
    assert grid["flow_from"][0]["entity_energy_price"] == "sensor.voltwise_demo_home_tariff_rate"
    # HA finds nothing wrong with the meter or its price.
    # (Its statistics are "not defined" until the import of a year of them is committed.)
    validate = {"type": "energy/validate"}
    eventually(lambda: api.ws(validate)[0]["energy_sources"] == [[]], 180)
    assert sorted(prefs["device_consumption"], key=lambda d: d["stat_consumption"]) == [
        {"stat_consumption": f"sensor.{name}_energy", "stat_rate": f"sensor.{name}_power"}
        for name in ("refrigerator", "washing_machine", "water_heater")
    ]
    assert ensure_energy_dashboard(api) == "kept the Energy dashboard's settings"


def test_no_console_errors(dashboard_hass: DashboardHass) -> None:
    assert unexpected_console_errors(dashboard_hass.console_errors) == []
