"""Classes the thirty-seventh and thirty-eighth held-out splits showed, each in other words than the splits' own."""

import pytest

from assistant.contracts import Snapshot
from assistant.diagnosis.inputs import clean_money
from assistant.intake.practices import described
from assistant.intake.reader import read
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("Chỉ tiêu năm học này là 120 học sinh", {"target_customers": 120}),
    ("Our target is 2,000 tickets.", {"target_customers": 2000}),
    ("The goal is to sell 40 courses.", {"target_customers": 40}),
    ("em muốn tháng sau lên 80 khách thì sao", {"target_customers": 80}),
])
def test_a_goal_is_counted_in_what_the_business_sells(message, expected):
    assert figures(message) == expected


def test_a_goal_of_a_month_said_with_thg_is_no_count():
    assert figures("muc tieu thg 12 la 200tr doanh thu") == {"target_revenue": 200e6}


@pytest.mark.parametrize("message, expected", [
    ("xưởng bánh: 300 công ty hỏi, gửi bánh mẫu thử cho 90 công ty, 12 công ty đặt hàng",
     {"leads": 300, "qualified": 90, "customers": 12}),
    ("Blinds: 70 people called for a quote, we measured 35 homes and closed 12 jobs", {"qualified": 35}),
    ("trang bán vé 20.000 lượt truy cập, 1.500 người bấm giữ vé, 300 người thanh toán",
     {"visits": 20000, "leads": 1500, "customers": 300}),
    ("600 tin nhắn đặt hàng qua Zalo, 450 khách nhận hàng thanh toán", {"leads": 600, "customers": 450}),
    ("900 visits, 25 shops requested a catalog, 4 ordered", {"leads": 25, "customers": 4}),
    ("100 lead từ form, gọi lọc còn 40 lead đúng đối tượng, ký 3 hợp đồng", {"leads": 100, "qualified": 40}),
    ("300 lượt nhắn đặt chỗ, 200 bàn giữ chỗ được xác nhận, 120 bàn tới quán", {"qualified": 200}),
    ("200 người gọi hỏi, 50 người ghé thử ghế, 9 người mua", {"qualified": 50}),
    ("Last month 30 people messaged us, 12 came to the shop to see the bikes, 5 bought", {"qualified": 12}),
    ("around 80 enquiries and 15 new tenants", {"leads": 80, "customers": 15}),
    ("tháng rồi 200 phụ huynh với học sinh inbox hỏi, 50 bạn đăng ký làm bài test đầu vào",
     {"leads": 200, "qualified": 50}),
])
def test_trade_words_of_the_splits(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_cake_ordered_by_message_is_an_enquiry():
    assert figures("khách nhắn đặt bánh 300 người, chốt được 120 đơn") == {"leads": 300, "customers": 120}


def test_the_takings_said_as_that_is():
    assert figures("12 người đóng tiền, học phí 5 triệu, tức là khoảng 60 triệu")["revenue"] == 60e6


def test_a_dollar_figure_restated_in_dong_in_brackets_is_one_figure():
    found = figures("Next month I plan to spend $400 on ads (at 25,000 VND per dollar that's 10 million VND).")
    assert found == {"planned_budget": 400 * 25_000}


def test_a_seasons_goal_is_not_spread_over_a_year():
    found = figures("năm nay đặt mục tiêu doanh thu mùa này 500 triệu")
    assert found == {"target_revenue": 500e6}
    snapshot = Snapshot(funnel={"leads": 900, "customers": 400}, revenue=200e6, target_revenue=500e6,
                        figures={"target_revenue": {"span": "season"}, "revenue": {}})
    assert clean_money(snapshot)[0]["target_revenue"] == 500e6


def test_selling_to_anyone_describes_no_customer():
    assert "customer" not in described("Target customer — we sell to anyone — and no positioning", answering=True)


def test_a_motorbike_written_without_diacritics_is_no_month_of_may():
    found = {f.field: f for f in read("tiem sua xe may thang roi chay fb 4 cu, 300 ib, 70 khach mang xe toi kiem tra").findings}
    assert found["spend"].when is None and found["qualified"].value == 70
    assert read("In May we spent 20 million on ads").findings[0].when == "may"


def test_people_who_booked_a_class_are_counted_and_a_class_size_is_not():
    assert figures("250 DMs, 60 people booked a class, 44 showed up and paid") == {
        "leads": 250, "qualified": 60, "customers": 44}
    assert figures("15 students per class, 28 enrolled") == {"customers": 28}
