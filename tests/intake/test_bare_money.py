"""A bare amount of money with no word of its own takes its measure from what it stands beside."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("Our goal for November was 250 orders and 120 million VND revenue, we ended with 90 orders and 41 million",
     {"target_customers": 250, "target_revenue": 120e6, "customers": 90, "revenue": 41e6}),
    ("KPI quý này 900 đơn và 600 triệu doanh thu, thực tế mới được 310 đơn và 205 triệu",
     {"target_customers": 900, "target_revenue": 600e6, "customers": 310, "revenue": 205e6}),
    ("tháng rồi shop được 140 đơn, 96 triệu", {"customers": 140, "revenue": 96e6}),
    ("last month we did 75 orders and 52 million VND", {"customers": 75, "revenue": 52e6}),
])
def test_money_beside_sales_or_a_revenue_target_is_revenue(message, expected):
    assert figures(message) == expected


def test_a_clause_with_its_own_time_keeps_it_in_a_list():
    assert figures("tháng sau dự kiến chi 40 triệu, tháng này mới 25 triệu") == {"planned_budget": 40e6, "spend": 25e6}
