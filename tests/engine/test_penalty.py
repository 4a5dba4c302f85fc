"""The penalty engine: strategies, normalisation, should_delay and the home's state."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, strategies as st

from custom_components.voltwise.engine.carbon import profile_for_region, profile_from_values
from custom_components.voltwise.engine.errors import EngineError
from custom_components.voltwise.engine.home_state import HomeSettings, compute_home_state
from custom_components.voltwise.engine.horizon import CarbonInput, build_horizon
from custom_components.voltwise.engine.penalty import (
    DEFAULT_THRESHOLD,
    DelayPolicy,
    ProtectedWindow,
    Strategy,
    Weights,
    penalty_vector,
    should_delay,
    weights_for,
)
from custom_components.voltwise.engine.tariff import presets

KOLKATA = ZoneInfo("Asia/Kolkata")


def test_strategy_weights() -> None:
    assert weights_for(Strategy.MAX_SAVINGS) == Weights(1.0, 0.0)
    assert weights_for(Strategy.ECO_MODE) == Weights(0.0, 1.0)
    assert weights_for(Strategy.BALANCED) == Weights(0.7, 0.3)
    assert weights_for(Strategy.CUSTOM, 0.2) == Weights(0.2, 0.8)


@pytest.mark.parametrize("weight", [-0.1, 1.5, float("nan")])
def test_custom_weight_must_lie_in_0_1(weight: float) -> None:
    with pytest.raises(EngineError) as err:
        weights_for(Strategy.CUSTOM, weight)
    assert err.value.code == "invalid_weight"


@given(
    st.lists(st.floats(0, 50), min_size=1, max_size=20),
    st.lists(st.floats(0, 1500), min_size=1, max_size=20),
    st.floats(0, 1),
)
def test_penalty_lies_between_0_and_1(
    rates: list[float], carbon: list[float], cost_weight: float
) -> None:
    size = min(len(rates), len(carbon))
    rate, intensity = np.array(rates[:size]), np.array(carbon[:size])
    penalty = day_penalty(rate, intensity, Weights(cost_weight, 1 - cost_weight))
    assert np.all(penalty >= 0)
    assert np.all(penalty <= 1 + 1e-12)


def day_penalty(rates: np.ndarray, intensities: np.ndarray, weights: Weights) -> np.ndarray:
    """The penalty of one day's values, each term on the day's own range."""
    size = len(rates)
    return penalty_vector(
        rates,
        intensities,
        weights,
        day_min_rates=np.full(size, rates.min()),
        day_max_rates=np.full(size, rates.max()),
        day_min_intensities=np.full(size, intensities.min()),
        day_max_intensities=np.full(size, intensities.max()),
    )


@given(
    st.lists(st.tuples(st.floats(0, 50), st.floats(0, 1500)), min_size=1, max_size=30),
    st.floats(0, 1),
)
def test_penalty_places_each_value_in_its_days_range(
    values: list[tuple[float, float]], cost_weight: float
) -> None:
    """Brute force: each term is (x - lowest) / (highest - lowest), 0 when the day is flat."""
    rates = [rate for rate, _ in values]
    intensities = [intensity for _, intensity in values]

    def position(value: float, day: list[float]) -> float:
        low, high = min(day), max(day)
        return 0.0 if high == low else (value - low) / (high - low)

    penalty = day_penalty(
        np.array(rates), np.array(intensities), Weights(cost_weight, 1 - cost_weight)
    )
    for index, (rate, intensity) in enumerate(values):
        expected = cost_weight * position(rate, rates) + (1 - cost_weight) * position(
            intensity, intensities
        )
        assert penalty[index] == pytest.approx(expected, abs=1e-12)


def test_a_flat_term_adds_nothing_and_the_other_spans_0_to_1() -> None:
    penalty = day_penalty(np.zeros(3), np.array([1.0, 2.0, 4.0]), Weights(0.5, 0.5))
    assert list(penalty) == pytest.approx([0.0, 1 / 6, 0.5])


def test_indias_tariff_spans_the_whole_range_so_the_threshold_can_be_crossed() -> None:
    """With the day's maximum as the only yardstick India's tariff never scored below 0.67."""
    tariff = presets()["india_tod_domestic"].build(8.0, "INR")
    now = datetime(2026, 3, 2, 0, 0, tzinfo=KOLKATA)
    horizon = build_horizon(tariff, CarbonInput(profile_for_region("IN")), KOLKATA, now, hours=24)
    cost = horizon.penalties(weights_for(Strategy.MAX_SAVINGS))
    solar = horizon.grid.index_of(datetime(2026, 3, 2, 10, 0, tzinfo=KOLKATA))
    peak = horizon.grid.index_of(datetime(2026, 3, 2, 19, 0, tzinfo=KOLKATA))
    normal = horizon.grid.index_of(datetime(2026, 3, 2, 23, 0, tzinfo=KOLKATA))
    assert (cost[solar], cost[peak]) == (0.0, 1.0)
    assert cost[normal] == pytest.approx((8.0 - 6.8) / (8.8 - 6.8))
    assert not (cost > DEFAULT_THRESHOLD).all()
    carbon = horizon.penalties(weights_for(Strategy.ECO_MODE))
    assert carbon.min() == 0.0
    assert carbon.max() == 1.0


NOON = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)


@pytest.mark.parametrize(
    ("policy", "when", "penalty", "expected"),
    [
        (DelayPolicy(), NOON, 0.61, True),
        (DelayPolicy(), NOON, 0.6, False),  # strictly above the threshold
        # Protected 22:00-06:00 (wraps midnight): never delayed inside, even at penalty 1.
        (DelayPolicy(ProtectedWindow(time(22), time(6))), NOON.replace(hour=23), 1.0, False),
        (DelayPolicy(ProtectedWindow(time(22), time(6))), NOON.replace(hour=5), 1.0, False),
        (DelayPolicy(ProtectedWindow(time(22), time(6))), NOON, 1.0, True),
        (DelayPolicy(ProtectedWindow(time(11), time(13))), NOON, 1.0, False),
        (DelayPolicy(ProtectedWindow(time(11), time(13))), NOON.replace(hour=13), 1.0, True),
        # A user override holds until its end.
        (DelayPolicy(override_until=NOON + timedelta(minutes=1)), NOON, 1.0, False),
        (DelayPolicy(override_until=NOON), NOON, 1.0, True),
    ],
)
def test_should_delay(policy: DelayPolicy, when: datetime, penalty: float, expected: bool) -> None:
    assert should_delay(policy, when, KOLKATA, penalty) is expected


def test_should_delay_uses_local_time_of_any_instant() -> None:
    policy = DelayPolicy(ProtectedWindow(time(11), time(13)))
    assert should_delay(policy, NOON.astimezone(UTC), KOLKATA, 1.0) is False


def test_home_state_of_a_home_where_nothing_ever_changes() -> None:
    flat = presets()["flat"].build(5.0, "EUR")
    carbon = CarbonInput(profile_from_values("flat", [300.0] * 24))
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    state = compute_home_state(flat, carbon, UTC, now, HomeSettings())
    assert state.next_slot_change is None
    assert state.next_transition == now + timedelta(hours=24)
    assert state.next_peak_start is None
    assert state.peak_warning_at is None
    assert state.cheap is True
    assert state.clean is False  # not below the mean
    assert state.best_time is False


def test_reference_window_longer_than_the_look_ahead_is_left_out() -> None:
    tariff = presets()["india_tod_domestic"].build(8.0, "INR")
    now = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)
    state = compute_home_state(
        tariff,
        CarbonInput(profile_for_region("IN")),
        KOLKATA,
        now,
        HomeSettings(best_window_minutes=25 * 60),
    )
    assert state.best_window is None


def test_timeline_follows_the_horizon() -> None:
    tariff = presets()["india_tod_domestic"].build(8.0, "INR")
    now = datetime(2026, 3, 2, 12, 7, tzinfo=KOLKATA)
    state = compute_home_state(
        tariff, CarbonInput(profile_for_region("IN")), KOLKATA, now, HomeSettings()
    )
    points = state.timeline(step_minutes=60)
    assert len(points) == 48
    assert points[0].start == datetime(2026, 3, 2, 12, 5, tzinfo=KOLKATA)
    assert points[6].rate == 8.8  # 18:05: the evening peak


def test_live_reading_counts_towards_todays_range() -> None:
    tariff = presets()["flat"].build(5.0, "EUR")
    now = datetime(2026, 3, 2, 12, 0, tzinfo=KOLKATA)
    profile = profile_for_region("IN-SO")
    horizon = build_horizon(tariff, CarbonInput(profile, live_value=2000.0), KOLKATA, now)
    assert horizon.intensities[0] == 2000.0
    assert horizon.day_max_intensities[0] == 2000.0
    assert horizon.day_min_intensities[0] == min(profile.hourly)
    assert horizon.penalties(weights_for(Strategy.ECO_MODE))[0] == 1.0
    # By tomorrow the reading's deviation has faded (test_live_carbon_forecast.py).
    tomorrow = horizon.grid.index_of(datetime(2026, 3, 3, 12, 0, tzinfo=KOLKATA))
    assert horizon.day_max_intensities[tomorrow] == pytest.approx(max(profile.hourly), rel=1e-2)
    assert horizon.day_min_intensities[tomorrow] == pytest.approx(min(profile.hourly), rel=1e-2)


def test_a_clean_live_reading_is_the_bottom_of_todays_range() -> None:
    tariff = presets()["flat"].build(5.0, "EUR")
    now = datetime(2026, 3, 2, 12, 30, tzinfo=KOLKATA)
    profile = profile_for_region("IN-SO")
    horizon = build_horizon(tariff, CarbonInput(profile, live_value=10.0), KOLKATA, now)
    assert horizon.day_min_intensities[0] == 10.0
    assert horizon.penalties(weights_for(Strategy.ECO_MODE))[0] == 0.0
    # A flat tariff has no cost range: balanced scores only its carbon share.
    assert horizon.penalties(weights_for(Strategy.BALANCED))[0] == 0.0
    assert horizon.penalties(weights_for(Strategy.MAX_SAVINGS)).max() == 0.0
