"""Achievable targets step from the current rate toward the benchmark."""

import pytest

from assistant.planning import target_steps


def test_a_far_benchmark_is_a_horizon_not_the_next_target():
    t = target_steps(0.031, 0.14, periods=3)
    assert [s.rate for s in t.steps] == pytest.approx([0.0403, 0.05239, 0.068107])
    assert t.reaches_benchmark is False and t.periods_to_benchmark == 6


def test_a_near_benchmark_is_reached_in_equal_steps():
    t = target_steps(0.10, 0.12, periods=3)
    rates = [s.rate for s in t.steps]
    assert rates[-1] == 0.12 and rates[0] == pytest.approx(0.1 * 1.2 ** (1 / 3))
    assert t.reaches_benchmark is True and t.periods_to_benchmark == 3


def test_a_healthy_rate_needs_no_steps():
    t = target_steps(0.2, 0.12)
    assert t.steps == [] and t.reaches_benchmark and t.periods_to_benchmark == 0


def test_a_zero_or_unknown_rate_cannot_be_stepped():
    assert target_steps(0.0, 0.1).missing == ["actual"]
    assert target_steps(None, 0.1).missing == ["actual"]
