"""Money is never read as a count, nor glued to a count beside it; what describes the customer is no business figure."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("Tiệm nến thơm: Shopee ads 9tr, TikTok 11tr; 27.000 lượt truy cập gian hàng, 640 đơn",
     {"spend": 20e6, "visits": 27000, "customers": 640}),
    ("tiem nen thom: shopee ads 9.000.000, tiktok 11.000.000; 27.000 luot truy cap, 640 don",
     {"spend": 20e6, "visits": 27000, "customers": 640}),
    ("Facebook 7tr, Google 4tr; 3.100 lượt vào web, 52 đơn", {"spend": 11e6, "visits": 3100, "customers": 52}),
    ("Instagram $300, Facebook $200; 2,400 website visits, 35 orders",
     {"spend": 500 * 25_000, "visits": 2400, "customers": 35}),
])
def test_money_by_channel_then_counts_are_two_lists(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("chi 14.500.000 chạy quảng cáo, 4.200 lượt truy cập", {"spend": 14.5e6, "visits": 4200}),
    ("chi 14.500.000 chay quang cao, 4.200 luot truy cap", {"spend": 14.5e6, "visits": 4200}),
    ("ngân sách 9.000.000 tháng rồi, 36 đơn", {"spend": 9e6, "customers": 36}),
    ("doanh thu 185.000.000, 410 đơn", {"revenue": 185e6, "customers": 410}),
    ("spent 16,000,000 on ads, 3,900 visits", {"spend": 16e6, "visits": 3900}),
])
def test_a_money_sized_number_beside_a_money_word_is_money(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("quảng cáo tiếp cận 320.000 người", {"reach": 320000}),
    ("ads reach 210,000, 850 clicks", {"reach": 210000, "visits": 850}),
])
def test_a_large_count_with_its_stage_word_stays_a_count(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("khách của mình là dân văn phòng có thu nhập 35 triệu/tháng", {}),
    ("khach muc tieu la nguoi co thu nhap 20-30 trieu/thang, dinh vi do an healthy", {}),
    ("khách mục tiêu là gia đình trẻ có tầm tài chính 2-3 tỷ, tháng rồi 280 lead", {"leads": 280}),
    ("our customers are young engineers earning 30 million a month", {}),
    ("Target customers are nurses with an income of 15 million; last month 42 orders", {"customers": 42}),
])
def test_what_describes_the_customer_is_no_business_figure(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("khách mục tiêu là sinh viên, mục tiêu tháng này 500 triệu", {"target_revenue": 500e6}),
    ("mục tiêu: 700 triệu", {"target_revenue": 700e6}),
    ("muc tieu thang nay 700 trieu", {"target_revenue": 700e6}),
])
def test_a_target_word_beside_the_amount_still_makes_it_a_target(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message", ["khách mục tiêu là học sinh cấp 3 và người đi làm trẻ, định vị niềng trong suốt",
                                     "khach muc tieu la hoc sinh cap 2 va phu huynh lam van phong"])
def test_numbers_in_a_description_of_the_target_customer_are_no_figures(message):
    assert figures(message) == {}
