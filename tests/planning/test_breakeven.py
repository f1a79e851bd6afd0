"""Break-even CPA, CPL and ROAS from the order value and gross margin."""

import pytest

from assistant.planning import break_even, break_even_from


def test_break_even_from_order_value_margin_and_close_rate():
    be = break_even_from(500_000, 0.4, lead_to_customer=0.1)
    assert be.cpa == pytest.approx(200_000)
    assert be.cpl == pytest.approx(20_000)
    assert be.roas == pytest.approx(2.5)


def test_a_margin_given_in_percent_is_read_as_a_fraction():
    assert break_even_from(1e6, 25).roas == pytest.approx(4)


def test_a_shop_paying_more_per_customer_than_it_earns_loses_money():
    be = break_even({"funnel": {"leads": 1500, "customers": 12}, "spend": 30e6, "revenue": 6e6,
                     "gross_margin": 0.4})
    assert be.current_cpa == pytest.approx(2.5e6) and be.cpa == pytest.approx(200_000)
    assert be.current_roas == pytest.approx(0.2)
    assert be.cpl == pytest.approx(200_000 * 12 / 1500)
    assert be.current_cpl == pytest.approx(20_000)
    assert be.verdict == "loss"


def test_a_profitable_shop_and_a_stated_order_value():
    be = break_even({"funnel": {"customers": 100}, "spend": 10e6, "aov": 400_000, "gross_margin": 0.5})
    assert be.aov == 400_000 and be.cpa == pytest.approx(200_000)
    assert be.verdict == "profit"


def test_without_margin_nothing_is_guessed():
    be = break_even({"funnel": {"customers": 10}, "spend": 1e6, "revenue": 5e6})
    assert be.cpa is None and be.roas is None and be.verdict is None
    assert be.missing == ["gross_margin"]
    assert be.current_roas == pytest.approx(5)
