"""Classes the twenty-seventh held-out split showed, each in other words than the split's own."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("xưởng đá lạnh tháng rồi 70 quán gọi hỏi, 25 quán lấy thử, 12 quán lấy đều",
     {"leads": 70, "qualified": 25, "customers": 12}),
    ("Labo bên em: 60 nha khoa liên hệ, 18 nha khoa gửi ca làm thử, 9 nha khoa thành khách mối",
     {"leads": 60, "qualified": 18, "customers": 9}),
    ("We supply coffee beans: 50 cafes contacted us, 20 ordered a trial order, 8 became regular accounts",
     {"leads": 50, "customers": 8}),
    ("Mục tiêu năm sau là 50 đại lý mới", {"target_customers": 50}),
    ("Mục tiêu cuối năm là 25 phòng khám mối", {"target_customers": 25}),
])
def test_businesses_counted_as_customers_of_a_supplier(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, expected", [
    ("an 8-week course at 3.2 million VND, 15 signed up and paid", {"aov": 3.2e6, "customers": 15}),
    ("trung tâm ký được 20 hồ sơ, phí tư vấn 30 triệu mỗi hồ sơ", {"aov": 30e6, "customers": 20}),
    ("Our fee is 12 million VND per client", {"aov": 12e6}),
    ("the 12 orders brought 260 million VND", {"customers": 12, "revenue": 260e6}),
    ("quý rồi thu phí dịch vụ được 800 triệu", {"revenue": 800e6}),
])
def test_prices_and_takings_said_the_splits_way(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_what_was_reached_after_a_goal_is_the_actual():
    assert figures("Tháng 11 mục tiêu doanh thu 300 triệu, đạt 210 triệu") == {"target_revenue": 300e6,
                                                                             "revenue": 210e6}
    assert figures("mục tiêu tháng 12 đạt 500 triệu doanh thu") == {"target_revenue": 500e6}


def test_a_figure_joined_by_and_to_one_its_channel_opens_shares_the_channel(session):
    ctx, _ = session("Tiki 9,000 visits and 210 orders, Shopee 12,000 visits and 300 orders")
    assert ctx.snapshot["funnel"]["customers"] == 510
    assert ctx.snapshot["channels"]["tiki"]["customers"] == 210


def test_a_rate_said_with_words_between_still_converts(session):
    ctx, _ = session("tháng rồi chạy Facebook hết 600 USD, 200 lead, 9 hợp đồng", "tỷ giá thì tính 25.500 nha")
    assert ctx.snapshot["spend"] == 600 * 25_500


def test_staff_are_no_count_even_beside_a_stage_word():
    assert figures("tiệm có 5 bạn nhân viên, tháng rồi 90 khách làm") == {"customers": 90}
