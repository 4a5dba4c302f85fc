"""The registered service schemas enforce what services.yaml's selectors promise.

Issue 11: ``get_penalty_timeline hours: 0.01`` and ``power: 1e12`` were accepted although the
selectors say 1-48 h and 0-100000 W, and an infinite power got an unrelated message. For every
service field with a number selector, the registered schema must accept the selector's minimum
and maximum and refuse anything just outside them; every numeric field refuses NaN and infinity
with a translated error.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component

from custom_components.voltwise.const import DOMAIN

SERVICES_YAML = (
    Path(__file__).resolve().parents[1] / "custom_components" / "voltwise" / "services.yaml"
)
SERVICES: dict[str, Any] = yaml.safe_load(SERVICES_YAML.read_text())


def _sample(field: dict[str, Any]) -> Any:
    """A value the field's selector would send."""
    selector_type, options = next(iter(field["selector"].items()))
    samples: dict[str, Any] = {
        "config_entry": "01JTESTHOME00000000000000",
        "entity": "switch.heater",
        "device": "0123456789abcdef",
        "time": "22:00",
        "boolean": True,
        "duration": "01:00:00",
    }
    if "example" in field:
        return field["example"]
    if selector_type == "number":
        return options["min"]
    if selector_type == "select":
        return options["options"][0]
    return samples.get(selector_type, "x")


def _base(service: str) -> dict[str, Any]:
    """The smallest valid call data: every required field."""
    fields = SERVICES[service].get("fields", {})
    data = {name: _sample(field) for name, field in fields.items() if field.get("required")}
    if "target" in SERVICES[service]:
        data["entity_id"] = ["switch.heater"]
    return data


NUMBER_FIELDS = [
    (service, name, field["selector"]["number"]["min"], field["selector"]["number"]["max"])
    for service, spec in SERVICES.items()
    for name, field in spec.get("fields", {}).items()
    if "number" in field["selector"]
]
# Numeric fields without a number selector: durations, a profile's values, a select of numbers,
# a segment's watts.
OTHER_NUMERIC: list[tuple[str, str, Any]] = [
    ("find_best_window", "duration", "{}"),
    ("find_best_window", "profile_step", "{}"),
    ("find_best_window", "min_block", "{}"),
    ("find_best_window", "profile", "[{}]"),
    ("get_penalty_timeline", "resolution", "{}"),
    ("schedule_appliance", "duration", "{}"),
    ("update_schedule", "duration", "{}"),
    ("set_daily_schedule", "segments", "segment"),
]


def _schema(hass: HomeAssistant, service: str) -> Any:
    return hass.services.async_services_for_domain(DOMAIN)[service].schema


def _refused(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Exception:
    with pytest.raises((vol.Invalid, ServiceValidationError)) as raised:
        _schema(hass, service)(data)
    return raised.value


def test_the_number_fields_were_found() -> None:
    assert {(service, name) for service, name, _, _ in NUMBER_FIELDS} >= {
        ("find_best_window", "power"),
        ("get_penalty_timeline", "hours"),
        ("set_override", "peak_shaving_w"),
        ("assign_daily_schedule", "priority"),
        ("set_plant_defaults", "peak_shaving_w"),
    }


@pytest.mark.parametrize(
    ("service", "name", "minimum", "maximum"),
    NUMBER_FIELDS,
    ids=[f"{service}.{name}" for service, name, _, _ in NUMBER_FIELDS],
)
async def test_schemas_carry_the_selectors_ranges(
    hass: HomeAssistant, service: str, name: str, minimum: float, maximum: float
) -> None:
    await _setup(hass)
    base = _base(service)
    for value in (minimum, maximum, str(maximum)):
        assert _schema(hass, service)({**base, name: value})[name] == float(value)
    for value in (minimum - 1e-6, maximum + 1e-6, maximum * 1e7, 10**400, -math.inf):
        refused = _refused(hass, service, {**base, name: value})
        assert isinstance(refused, ServiceValidationError), value
        assert refused.translation_key in {"value_out_of_range", "value_not_finite"}
    for value in (math.nan, math.inf, "nan", "inf", "-Infinity"):
        refused = _refused(hass, service, {**base, name: value})
        assert isinstance(refused, ServiceValidationError), value
        assert refused.translation_key == "value_not_finite"
        assert refused.translation_placeholders["field"] == name
    # A word or a boolean is a type error, which Home Assistant reports itself.
    for value in ("a lot", True, [1]):
        assert isinstance(_refused(hass, service, {**base, name: value}), vol.Invalid)


@pytest.mark.parametrize(
    ("service", "name", "shape"), OTHER_NUMERIC, ids=[f"{s}.{n}" for s, n, _ in OTHER_NUMERIC]
)
async def test_every_numeric_field_refuses_nan_and_infinity(
    hass: HomeAssistant, service: str, name: str, shape: str
) -> None:
    await _setup(hass)
    base = _base(service)
    for bad in (math.nan, math.inf, -math.inf):
        if shape == "segment":
            value: Any = [
                {
                    "start": "06:00",
                    "end": "09:00",
                    "peak_shaving_w": bad,
                    "grid_charging_allowed": False,
                }
            ]
        elif shape == "[{}]":
            value = [1.0, bad]
        else:
            value = bad
        refused = _refused(hass, service, {**base, name: value})
        assert isinstance(refused, ServiceValidationError), (name, bad)
        assert refused.translation_key == "value_not_finite"
    if shape == "{}":  # a boolean is not a number of anything
        assert isinstance(_refused(hass, service, {**base, name: True}), vol.Invalid)


async def _setup(hass: HomeAssistant) -> None:
    """Register the services (the integration's async_setup), without a home."""
    assert await async_setup_component(hass, DOMAIN, {})
