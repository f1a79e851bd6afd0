"""Per-person and per-session rates, break-even points, shortfalls, how-to goals, cumulative claims and an earlier
period's figure followed by this period's bare number."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("mỗi nhân viên tư vấn chốt tầm 25 đơn, tháng rồi cả shop 180 đơn", {"customers": 180}),
    ("Each sales rep closes about 8 deals a month", {}),
    ("tháng rồi live 10 buổi, mỗi buổi khoảng 150 người xem, ra 90 đơn", {"customers": 90}),
    ("each store sees around 400 walk-ins a week", {}),
    ("we have 3 sales reps, each handles about 120 leads a month", {}),
])
def test_a_rate_per_person_or_per_session_is_no_total(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("quán hòa vốn khi bán được 120 bill/ngày", {}),
    ("our break-even is 60 orders a month", {}),
    ("tháng rồi bị hụt chỉ tiêu 40 đơn", {}),
    ("còn 15 hợp đồng nữa là đạt target quý", {}),
    ("We're 10 more deals away… need 10 more deals to hit the quarter", {}),
])
def test_a_break_even_or_a_shortfall_is_no_count(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("làm thế nào để có 1.000 data mỗi tháng?", {"target_leads": 1000}),
    ("How can I get 50 new students a month?", {"target_customers": 50}),
    ("em cần 1 kế hoạch để đạt 2 tỷ doanh thu năm nay", {"target_revenue": 2e9}),
])
def test_a_how_to_question_names_a_goal(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("hơn 20.000 khách đã tin dùng sản phẩm của shop", {}),
    ("Since 2019 we have served 8,000 patients", {}),
    ("My cousin's spa does 600 bookings a month", {}),
    ("khách hỏi 3 câu là chốt, shop đăng 2 video mỗi ngày", {}),
])
def test_claims_and_other_peoples_counts(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("cùng kỳ năm ngoái 3.100 đơn, tháng này mới được 2.050", {"customers": 2050}),
    ("năm rồi 900 học viên, năm nay tới giờ 640", {"customers": 640}),
])
def test_this_periods_bare_number_after_an_earlier_periods_figure(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi bán buôn 150 triệu, bán lẻ 60 triệu", {"revenue": 210e6}),
    ("bán sỉ 25 đơn, bán lẻ 140 đơn", {"customers": 165}),
])
def test_wholesale_and_retail_are_line_items_of_the_month(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # a goal for one period, then what another period reached
    ("chỉ tiêu quý 2 là 900 triệu, quý 1 đạt 700 triệu", {"target_revenue": 900e6, "revenue": 700e6}),
    ("KPI tháng 12 là 500 đơn, tháng 11 được 420", {"target_customers": 500, "customers": 420}),
    # goals set per month under one KPI stay goals
    ("KPI quý 4: tháng 10 300 đơn, tháng 11 350 đơn", {"target_customers": 350}),
    # a spend wanted next month is a plan
    ("tháng sau em muốn chạy 30 triệu, tháng này 20 triệu được 150 đơn",
     {"planned_budget": 30e6, "spend": 20e6, "customers": 150}),
])
def test_goals_plans_and_the_period_they_belong_to(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi ads 12 triệu, tiền ship 4 triệu, nhập hàng 60 triệu", {"spend": 12e6}),
    ("vốn ban đầu 200 triệu, tháng rồi chạy quảng cáo 9 triệu", {"spend": 9e6}),
])
def test_shipping_stock_and_capital_are_no_marketing_spend(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi 18 triệu mà chỉ được 95 đơn", {"spend": 18e6, "customers": 95}),
    ("thang roi 7tr ra 60 don", {"spend": 7e6, "customers": 60}),
    # money after the sales is what they brought in
    ("tháng rồi được 95 đơn, 40 triệu", {"customers": 95, "revenue": 40e6}),
])
def test_money_that_brought_a_count_was_spent(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("Doanh thu: 320 triệu. Chi phí quảng cáo: 45 triệu", {"revenue": 320e6, "spend": 45e6}),
    ("Last month's spend: ~18M. Leads: ~900. Sales: ~70", {"spend": 18e6, "leads": 900, "customers": 70}),
])
def test_a_label_and_its_figure_across_a_colon(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # the figure compared against, and the base of a share, are no figures of the period
    ("Revenue rose to 420 million vs 300 million in August", {"revenue": 420e6}),
    ("doanh thu tháng này 300 triệu, so với 150 triệu tháng 9", {"revenue": 300e6}),
    ("Around 30% of our 800 customers came back", {}),
    ("Of the 300 leads, 40 bought", {"leads": 300, "customers": 40}),
    # a multiplier is no count
    ("leads tăng gấp 3, lên 900 tin nhắn", {"leads": 900}),
    ("We had 2x more orders than in May: 460", {"customers": 460}),
    # targeting is a goal; still missing is no count
    ("We're targeting 1,500 orders for Tet", {"target_customers": 1500}),
    ("we need 40 more students to fill the 2 new classes", {}),
])
def test_comparisons_shares_multipliers_and_goals(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("quý rồi tổng 60tr ads, trung bình 20tr/tháng", {"spend": 60e6}),  # a month's average is no price
    ("học phí 2 triệu/tháng, tháng rồi 40 bé nhập học", {"aov": 2e6, "customers": 40}),  # a monthly fee is
    ("live tối qua chốt 95 đơn trong 3 tiếng", {"customers": 95}),
])
def test_averages_per_month_fees_and_hours(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # the audience a page has is stored; followers gained and views per video are not
    ("kênh TikTok 80k follow, video trung bình 6k view, tháng rồi 250 đơn", {"followers": 80000, "customers": 250}),
    ("tháng rồi 1.500 follow mới, 420 tin nhắn", {"leads": 420}),
    ("We gained 900 new followers and 200 leads", {"leads": 200}),
])
def test_followers_gained_and_views_per_video_are_no_audience_nor_reach(message, expected):
    assert figures(message) == expected
