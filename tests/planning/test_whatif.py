"""What-if: one rate reaches a value and everything downstream follows."""

import pytest

from assistant.planning import what_if

SHOP_A = {"funnel": {"reach": 200000, "visits": 8000, "leads": 400, "qualified": 120, "customers": 30,
                     "repeat_customers": 5}, "spend": 50e6, "revenue": 300e6}


def test_a_better_lead_to_qualified_rate_moves_customers_revenue_and_cac():
    w = what_if(SHOP_A, "lead_to_qualified", 0.45)   # 30% -> 45%: x1.5
    assert w.actual == pytest.approx(0.3)
    assert w.customers_after == pytest.approx(45)
    assert w.revenue_after == pytest.approx(450e6)
    assert w.cac_before == pytest.approx(50e6 / 30)
    assert w.cac_after == pytest.approx(50e6 / 45)
    assert w.counts_after["repeat_customers"] == pytest.approx(7.5)
    assert w.counts_after["leads"] == 400


def test_a_span_over_an_unknown_count_is_read_from_its_two_ends():
    w = what_if({"funnel": {"leads": 400, "customers": 20}, "spend": 30e6, "revenue": 10e6},
                "lead_to_customer", 0.1)
    assert w.actual == pytest.approx(0.05)
    assert (w.customers_after, w.revenue_after, w.cac_after) == pytest.approx((40, 20e6, 750_000))


def test_a_better_repeat_rate_adds_returning_orders_not_new_customers():
    w = what_if(SHOP_A, "customer_to_repeat", 0.5)   # 5 -> 15 repeat customers at 10M each
    assert w.customers_after == 30
    assert w.revenue_after == pytest.approx(300e6 + 10 * 10e6)


def test_a_rate_whose_end_is_unknown_names_the_missing_count():
    w = what_if({"funnel": {"leads": 400, "customers": 20}}, "lead_to_qualified", 0.5)
    assert w.customers_after is None
    assert "qualified" in w.missing and "revenue" in w.missing


def test_an_unknown_rate_id_is_missing_not_an_error():
    assert what_if(SHOP_A, "bogus", 0.5).missing == ["stage"]
