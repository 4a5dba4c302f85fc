"""The appliance catalogue: seed 002's appliances, grouped by room, each one the flow accepts."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from custom_components.voltwise.appliances import config as appliance_config, flow as appliance_flow
from custom_components.voltwise.appliances.model import Category
from custom_components.voltwise.const import MAX_NAME_LENGTH
from custom_components.voltwise.engine import appliance_catalogue
from custom_components.voltwise.engine.appliance_catalogue import (
    AppliancePreset,
    appliance_presets,
    parse_catalogue,
    presets_by_room,
)

# Seed 002's catalogue, room by room, with its watts (and the washing machine VoltWise adds).
SEED = {
    "living_room": {
        "tv": 150,
        "ceiling_fan": 75,
        "floor_lamp": 60,
        "gaming_console": 120,
        "sound_system": 100,
    },
    "kitchen": {
        "refrigerator": 150,
        "microwave": 1000,
        "coffee_maker": 800,
        "dishwasher": 1800,
        "oven": 2400,
        "toaster": 800,
    },
    "bedroom": {
        "bedroom_tv": 100,
        "bedside_lamp": 40,
        "ceiling_light": 60,
        "electric_blanket": 60,
        "phone_charger": 10,
    },
    "bathroom": {
        "bathroom_heater": 1500,
        "hair_dryer": 1800,
        "exhaust_fan": 30,
        "bathroom_light": 60,
    },
    "hvac": {"air_conditioner": 3500, "heater": 4000, "water_heater": 3000},
    "laundry": {"washing_machine": 2000},
}


def raw_catalogue() -> dict[str, Any]:
    path = resources.files(appliance_catalogue.__package__).joinpath(
        "data/appliance_catalogue.json"
    )
    return json.loads(path.read_text("utf-8"))


def test_the_catalogue_has_the_seeds_appliances_with_their_watts_by_room() -> None:
    presets = appliance_presets()
    assert len(presets) == 24
    grouped = presets_by_room()
    assert list(grouped) == list(SEED)  # rooms in order
    for room, expected in SEED.items():
        assert {preset.key: preset.watts for preset in grouped[room]} == expected
    # The select lists presets room by room, in the catalogue's order.
    assert list(presets) == [key for room in SEED.values() for key in room]


def test_ac_geyser_washing_machine_and_dishwasher_have_a_typical_cycle() -> None:
    presets = appliance_presets()
    for key in ("air_conditioner", "water_heater", "washing_machine", "dishwasher"):
        preset = presets[key]
        assert preset.profile_kw is not None, key
        assert preset.category == "shiftable"
    assert presets["washing_machine"].duration_minutes == 90
    assert presets["washing_machine"].cycle_kwh == pytest.approx(0.8625)
    assert presets["dishwasher"].cycle_kwh == pytest.approx(1.0625)
    assert presets["water_heater"].cycle_kwh == pytest.approx(1.125)
    assert presets["phone_charger"].cycle_kwh == pytest.approx(0.02)
    assert presets["tv"].cycle_kwh is None
    assert presets["tv"].cycle(15) is None


@pytest.mark.parametrize("step_minutes", [5, 15, 30, 60])
@pytest.mark.parametrize("key", sorted(appliance_presets()))
def test_every_cycle_builds_on_a_planning_grid_and_keeps_its_energy(
    key: str, step_minutes: int
) -> None:
    preset = appliance_presets()[key]
    cycle = preset.cycle(step_minutes)
    if preset.cycle_kwh is None:
        assert cycle is None
        return
    assert cycle is not None
    energy = sum(cycle.power_kw) * step_minutes / 60
    if preset.profile_kw is not None:
        assert energy == pytest.approx(preset.cycle_kwh)
    else:  # a plain duration is rounded up to whole steps
        assert energy >= preset.cycle_kwh - 1e-9


@pytest.mark.parametrize("key", sorted(appliance_presets()))
def test_every_preset_fills_a_form_the_appliance_flow_accepts(key: str) -> None:
    preset = appliance_presets()[key]
    data = preset.appliance_data()
    user_input = {**data}
    if "cycle_profile" in data:
        user_input["cycle_profile"] = ", ".join(f"{value:g}" for value in data["cycle_profile"])
    validated, errors = appliance_flow._validate_common(user_input)
    assert errors == {}
    assert validated == data
    assert 0 <= preset.watts <= appliance_config.MAX_APPLIANCE_W
    assert (preset.duration_minutes or 0) <= appliance_config.MAX_CYCLE_MINUTES


def test_the_catalogue_checks_against_the_flows_own_bounds() -> None:
    assert appliance_catalogue.MAX_APPLIANCE_W == appliance_config.MAX_APPLIANCE_W
    assert appliance_catalogue.MAX_CYCLE_MINUTES == appliance_config.MAX_CYCLE_MINUTES
    assert appliance_catalogue.MAX_PROFILE_STEPS == appliance_flow.MAX_PROFILE_STEPS
    assert appliance_catalogue.MAX_PROFILE_STEP_MINUTES == appliance_flow.MAX_PROFILE_STEP_MINUTES
    assert appliance_catalogue.MAX_NAME_LENGTH == MAX_NAME_LENGTH
    assert set(appliance_catalogue.CATEGORIES) == {category.value for category in Category}
    assert appliance_config.CONF_NAMEPLATE_W == "nameplate_w"
    assert appliance_config.CONF_ECO_W == "eco_w"
    assert appliance_config.CONF_CYCLE_PROFILE == "cycle_profile"
    assert appliance_config.CONF_PROFILE_STEP_MINUTES == "profile_step_minutes"


def edit(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(raw_catalogue())
    target = raw
    for part in path[:-1]:
        target = target[part]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("presets", "tv", "watts"), 60_000),
        (("presets", "tv", "watts"), 0),
        (("presets", "tv", "watts"), float("nan")),
        (("presets", "tv", "eco_watts"), 200),
        (("presets", "tv", "eco_watts"), -1),
        (("presets", "tv", "category"), "sometimes"),
        (("presets", "tv", "room"), "garage"),
        (("presets", "tv", "name"), ""),
        (("presets", "tv", "name"), "x" * 65),
        (("presets", "tv", "name"), "Microwave"),
        (("presets", "tv", "cycle_minutes"), 0),
        (("presets", "tv", "cycle_minutes"), 1441),
        (("presets", "tv", "profile_step_minutes"), 15),
        (("presets", "dishwasher", "cycle_minutes"), 60),
        (("presets", "dishwasher", "profile_kw"), []),
        (("presets", "dishwasher", "profile_kw"), [1.0, float("inf")]),
        (("presets", "dishwasher", "profile_kw"), [1.0, -0.5]),
        (("presets", "dishwasher", "profile_kw"), [1.9]),
        (("presets", "dishwasher", "profile_kw"), [0.1] * 289),
        (("presets", "dishwasher", "profile_kw"), [0.1] * 100),  # 100 x 15 min > 24 h
        (("presets", "dishwasher", "profile_step_minutes"), 0),
        (("presets", "dishwasher", "profile_step_minutes"), KeyError),
    ],
)
def test_a_bad_catalogue_fails_loudly(path: tuple[str, ...], value: Any) -> None:
    with pytest.raises(ValueError, match=r"appliance preset|distinct"):
        parse_catalogue(edit(path, value))


def test_a_bad_key_fails_loudly() -> None:
    raw = raw_catalogue()
    raw["presets"]["Bad Key"] = raw["presets"]["tv"] | {"name": "Other TV"}
    with pytest.raises(ValueError, match="key"):
        parse_catalogue(raw)


def test_presets_are_plain_values() -> None:
    preset = AppliancePreset("kettle", "Kettle", "kitchen", 2000.0, "essential", cycle_minutes=4)
    assert preset.appliance_data() == {
        "name": "Kettle",
        "nameplate_w": 2000.0,
        "category": "essential",
        "cycle_minutes": 4,
    }
    assert preset.cycle_kwh == pytest.approx(2 * 4 / 60)
