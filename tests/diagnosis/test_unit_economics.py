"""CAC, ROAS against break-even ROAS, LTV:CAC, payback, and the money-losing flag."""

import pytest

from assistant.diagnosis.unit_economics import unit_economics
from tests.diagnosis.worded import diagnose


def test_unit_economics_from_spend_revenue_customers_margin():
    econ = unit_economics(spend=50e6, revenue=300e6, customers=30, repeat_rate=0.2, gross_margin=0.4)
    assert econ.cac == pytest.approx(50e6 / 30)
    assert econ.roas == pytest.approx(6)
    assert econ.break_even_roas == pytest.approx(2.5)
    assert econ.gross_profit_per_customer == pytest.approx(4e6)
    assert econ.ltv == pytest.approx(4e6 / 0.8)
    assert econ.ltv_cac == pytest.approx(5e6 / (50e6 / 30))
    assert econ.payback_orders == pytest.approx((50e6 / 30) / 4e6)
    assert econ.loses_money_per_customer is False


def test_missing_data_leaves_fields_unknown_not_zero():
    econ = unit_economics(spend=None, revenue=100e6, customers=10, repeat_rate=None, gross_margin=None)
    assert econ.cac is None and econ.break_even_roas is None and econ.loses_money_per_customer is None
    assert econ.roas is None


def test_spending_that_loses_money_on_every_customer_is_flagged(snap):
    result = diagnose(snap({"leads": 500, "customers": 10}, spend=50e6, revenue=10e6, gross_margin=0.4))
    assert result.unit_economics.loses_money_per_customer is True
    assert any("5.000.000" in r and "400.000" in r for r in result.reasons)
    assert any(a.step == 1 and any(c.doc_id == "glossary" for c in a.citations) for a in result.actions)


def test_ltv_cac_below_the_yaml_minimum_is_explained(snap):
    # 30 customers, 5 repeat: LTV = 4M / (1 - 1/6) = 4.8M; CAC = 50M / 30 -> LTV:CAC 2.9 < 3
    result = diagnose(snap({"leads": 400, "customers": 30, "repeat_customers": 5},
                           spend=50e6, revenue=300e6, gross_margin=0.4))
    assert result.unit_economics.ltv_cac == pytest.approx(2.88)
    assert any("LTV:CAC khoảng 2,9" in r for r in result.reasons)
