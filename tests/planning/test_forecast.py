"""Forecasts for a budget at the current rates, with the bottleneck improving, and for a target."""

import pytest

from assistant.diagnosis import diagnose
from assistant.planning import forecast, forecast_improved, plan_for_target

# 30M spent -> 1,500 messages -> 12 orders at 500k: lead->customer 0.8%, far below its benchmark
MESSENGER_SHOP = {"business": {"industry": "retail"}, "funnel": {"leads": 1500, "customers": 12},
                  "spend": 30e6, "revenue": 6e6, "gross_margin": 0.4}


def test_a_bigger_budget_scales_every_count_and_keeps_the_unit_costs():
    f = forecast(MESSENGER_SHOP, 50e6)
    assert f.scale == pytest.approx(5 / 3)
    assert f.leads == pytest.approx(2500)
    assert f.customers == pytest.approx(20)
    assert f.revenue == pytest.approx(10e6)
    assert f.cac == pytest.approx(2.5e6)          # 30M / 12 = 50M / 20
    assert f.cpl == pytest.approx(20_000)
    assert f.roas == pytest.approx(0.2)
    assert "diminishing_returns" in f.caveats and "linear_scaling" in f.caveats


def test_a_smaller_budget_has_no_diminishing_returns_caveat():
    f = forecast(MESSENGER_SHOP, 15e6)
    assert f.customers == pytest.approx(6)
    assert "diminishing_returns" not in f.caveats


def test_without_spend_nothing_is_forecast_and_spend_is_named_missing():
    f = forecast({"funnel": {"leads": 100, "customers": 5}}, 10e6)
    assert f.customers is None and f.scale is None
    assert "spend" in f.missing


def test_the_bottleneck_improves_step_by_step_toward_its_benchmark():
    diag = diagnose(MESSENGER_SHOP)
    assert diag.bottleneck.stage == "lead_to_customer"
    plan = forecast_improved(MESSENGER_SHOP, diag, 30e6, periods=3)
    rates = [p.rate for p in plan.periods]
    assert len(rates) == 3
    assert rates[0] == pytest.approx(0.008 * 1.3)           # at most +30% a period
    assert rates == sorted(rates) and rates[-1] < plan.benchmark
    # customers follow the rate: 1,500 leads x the step's rate
    assert plan.periods[0].customers == pytest.approx(1500 * 0.008 * 1.3)
    assert plan.periods[0].cac == pytest.approx(30e6 / (1500 * 0.0104))
    assert plan.periods_to_benchmark > 3


def test_no_diagnosis_means_no_bottleneck_to_improve():
    plan = forecast_improved(MESSENGER_SHOP, None, 30e6)
    assert plan.periods == [] and "bottleneck" in plan.missing
    assert plan.base.customers == pytest.approx(12)


def test_doubling_the_orders_costs_double_at_todays_rates_or_double_the_rate():
    diag = diagnose(MESSENGER_SHOP)
    plan = plan_for_target(MESSENGER_SHOP, diag, customers=24)
    assert plan.budget_needed == pytest.approx(60e6)
    assert plan.rate_needed == pytest.approx(0.016)
    assert plan.target_revenue == pytest.approx(12e6)
    assert plan.beyond_benchmark is False
    # the needed rate is within reach of the benchmark: three equal steps of 2^(1/3) get there
    assert [s.rate for s in plan.steps.steps] == pytest.approx([0.008 * 2 ** (k / 3) for k in (1, 2, 3)])


def test_a_revenue_target_is_read_as_customers_at_the_order_value():
    plan = plan_for_target(MESSENGER_SHOP, diagnose(MESSENGER_SHOP), revenue=1.5e9)
    assert plan.target_customers == pytest.approx(3000)
    assert plan.budget_needed == pytest.approx(7.5e9)
    assert plan.beyond_benchmark is True       # 1,500 leads cannot give 3,000 orders
