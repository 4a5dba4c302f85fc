"""The one gate every meter reading passes: finite numbers within what the appliance can show."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.plausibility import Quantity, bounds, plausible

MAX_W = 3680.0


@pytest.mark.parametrize(
    ("quantity", "value", "expected"),
    [
        (Quantity.POWER, 0, 0.0),
        (Quantity.POWER, 1234.5, 1234.5),
        (Quantity.POWER, MAX_W, MAX_W),
        (Quantity.POWER, MAX_W + 0.1, None),
        (Quantity.POWER, -0.1, None),
        (Quantity.POWER, 1e12, None),
        (Quantity.POWER, float("nan"), None),
        (Quantity.POWER, float("inf"), None),
        (Quantity.POWER, True, None),  # a relay's state, not a number of watts
        (Quantity.POWER, False, None),
        (Quantity.POWER, "100", None),
        (Quantity.POWER, None, None),
        (Quantity.COUNTER, 152.301, 152.301),
        (Quantity.COUNTER, 1e12, None),
        (Quantity.COUNTER, -1, None),
        (Quantity.COUNTER, 10**400, None),  # an integer beyond any float
        (Quantity.VOLTAGE, 230.1, 230.1),
        (Quantity.VOLTAGE, 1e14, None),
        (Quantity.CURRENT, 8.7, 8.7),
        (Quantity.CURRENT, float("-inf"), None),
        (Quantity.FREQUENCY, 50.02, 50.02),
        (Quantity.FREQUENCY, 0, None),
        (Quantity.POWER_FACTOR, 0.97, 0.97),
        (Quantity.POWER_FACTOR, 1.2, None),
    ],
)
def test_readings(quantity: Quantity, value: object, expected: float | None) -> None:
    assert plausible(quantity, value, max_power_w=MAX_W) == expected


def test_integers_become_floats() -> None:
    result = plausible(Quantity.POWER, 20, max_power_w=MAX_W)
    assert type(result) is float


def test_the_power_bound_is_the_appliances() -> None:
    assert bounds(Quantity.POWER, max_power_w=500.0) == (0.0, 500.0)
    assert plausible(Quantity.POWER, 600, max_power_w=500.0) is None
    assert bounds(Quantity.VOLTAGE, max_power_w=500.0) == bounds(
        Quantity.VOLTAGE, max_power_w=50_000.0
    )


@given(
    st.sampled_from(list(Quantity)),
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.booleans(),
        st.text(max_size=5),
    ),
    st.floats(min_value=1, max_value=100_000),
)
def test_what_passes_is_finite_and_in_bounds(
    quantity: Quantity, value: object, max_power_w: float
) -> None:
    result = plausible(quantity, value, max_power_w=max_power_w)
    if result is None:
        return
    low, high = bounds(quantity, max_power_w=max_power_w)
    assert not isinstance(value, bool | str)
    assert math.isfinite(result)
    assert low <= result <= high
