"""A figure belongs to what the words around it say: stage words by industry, kinds, non-figures."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("industry, message, expected", [
    ("dental", "1.800 khách nhắn hỏi niềng răng, 420 khách đặt lịch khám, 70 khách làm niềng",
     {"leads": 1800, "qualified": 420, "customers": 70}),
    ("real estate", "45 khách đi xem nhà, chốt 3 căn", {"qualified": 45, "customers": 3}),
    ("education", "900 phụ huynh để lại số, 150 bé đến test đầu vào, 40 bé đóng học phí",
     {"leads": 900, "qualified": 150, "customers": 40}),
    ("fnb", "tháng rồi 600 tin nhắn, 210 khách đặt bàn, 7.500 bill", {"leads": 600, "qualified": 210, "customers": 7500}),
    ("b2b", "300 người điền form, 25 demo, ký 6 hợp đồng", {"leads": 300, "qualified": 25, "customers": 6}),
    ("spa", "500 inbox hỏi giá, 80 khách hẹn lịch, 30 khách mua liệu trình", {"leads": 500, "qualified": 80, "customers": 30}),
    ("retail", "12.000 lượt vào web, 340 đơn", {"visits": 12000, "customers": 340}),
    ("english clinic", "95 DMs, 30 booked a consultation, 12 became patients", {"leads": 95, "qualified": 30, "customers": 12}),
])
def test_the_words_after_a_number_decide_its_stage_in_every_industry(industry, message, expected):
    assert figures(message) == pytest.approx(expected)


def test_khach_alone_decides_nothing_but_the_verb_after_it_does():
    assert figures("1.800 khách nhắn hỏi") == {"leads": 1800}
    assert figures("420 khách đặt lịch") == {"qualified": 420}
    assert figures("70 khách làm niềng") == {"customers": 70}


def test_followers_are_an_audience_not_a_periods_reach():
    assert figures("fanpage có 48 nghìn người theo dõi") == {"followers": 48000}
    assert figures("tiếp cận 200 nghìn người") == {"reach": 200000}


@pytest.mark.parametrize("message, expected", [
    ("mục tiêu 60 học viên mới/tháng", {"target_customers": 60}),
    ("target Q4 là 20 deals", {"target_customers": 20}),
    ("KPI tháng sau 1.000 data", {"target_leads": 1000}),
    ("muốn đạt doanh thu 600 triệu", {"target_revenue": 600e6}),
    ("tháng này target 200 orders, hiện tại mới được 120 đơn", {"target_customers": 200, "customers": 120}),
    ("tháng sau e có 50 triệu ngân sách thì nên làm gì?", {"planned_budget": 50e6}),
    ("next month we plan to spend 40 million", {"planned_budget": 40e6}),
])
def test_targets_and_plans_never_fill_the_periods_actuals(message, expected):
    assert figures(message) == pytest.approx(expected)


@pytest.mark.parametrize("message", [
    "khách là nữ văn phòng 25-35 tuổi", "women 25-40", "phòng khám ở 45 Lê Lợi quận 1",
    "sale 11.11 năm nay", "CPM tầm 45k, CTR 1,8%", "căn 2 phòng ngủ 68m2",
])
def test_ages_ranges_dates_addresses_and_ratios_are_never_counts(message):
    assert figures(message, asked="leads") == {}


@pytest.mark.parametrize("message, expected", [
    ("đơn tb 420k", {"aov": 420_000}), ("học phí 9 triệu/khóa", {"aov": 9e6}),
    ("giá niềng trung bình 35 triệu", {"aov": 35e6}), ("ACV 300 triệu", {"aov": 300e6}),
    ("dt 142tr", {"revenue": 142e6}), ("CPA tầm 1,5 triệu", {}),
])
def test_prices_and_averages_are_the_average_order_value_and_costs_per_order_are_not(message, expected):
    assert figures(message) == pytest.approx(expected)


def test_a_week_or_day_rate_becomes_a_month_marked_estimated():
    found = figures("chạy ads mỗi tuần 7 triệu")
    assert found == pytest.approx({"spend": 30e6})
    from assistant.intake.reader import read
    spend = read("chạy ads mỗi tuần 7 triệu").findings[0]
    assert spend.estimated and spend.note == "per_week"
