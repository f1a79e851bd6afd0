"""Classes the twenty-first held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.reader import read
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("2,000 people visited our order page and 140 placed orders", {"visits": 2000, "customers": 140}),
    ("shop bánh kem: 300 inbox, book được 85 bánh", {"leads": 300}),
    ("năm ngoái bán được 500 chiếc, năm nay KPI 900 chiếc", {"target_customers": 900}),
    ("We did about 75 jobs last month", {"customers": 75}),
    ("60 people messaged, 25 started a treatment plan", {"leads": 60, "customers": 25}),
    ("lượt xem quán trên app khoảng 9.000, 400 đơn", {"visits": 9000, "customers": 400}),
    ("300 ib, chốt lịch cọc 30 ng, xăm xong 26 ng", {"leads": 300, "qualified": 30, "customers": 26}),
    ("we got 90 inquiries, 15 video calls and 4 bookings", {"leads": 90, "qualified": 15, "customers": 4}),
    ("500 enquiry, 80 lượt xem phòng, 30 booking", {"leads": 500, "qualified": 80, "customers": 30}),
])
def test_readings_of_the_split(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_wages_are_no_ad_spend():
    assert figures("tháng rồi thu 60 triệu, quảng cáo 3 triệu, tiền thuê thợ 20 triệu") == {"revenue": 60e6, "spend": 3e6}


def test_that_period_is_no_money_poured_in():
    assert figures("Doanh thu dịp đó 90 triệu nha") == {"revenue": 90e6}


@pytest.mark.parametrize("message", ["Khách mục tiêu là chủ nhà có hóa đơn điện trên 3 triệu/tháng.",
                                     "Our target customers are firms with more than 50 staff."])
def test_numbers_in_a_description_of_the_customer_are_no_figures(message):
    assert figures(message) == {}


def test_selling_to_customers_is_no_description_of_them():
    assert figures("tháng 9 bán cho 210 khách, doanh thu 150 triệu") == {"customers": 210, "revenue": 150e6}


def test_a_year_goal_against_last_years_figure_keeps_both_to_the_year():
    found = {f.field: f for f in read("năm ngoái 320 khách, năm nay mục tiêu 600 khách").findings}
    assert found["customers"].span == found["target_customers"].span == "year"


def test_a_price_of_membership_is_an_average_order_value():
    assert figures("A membership is 3.2 million VND")["aov"] == 3.2e6
