"""Classes the thirty-first and thirty-second held-out splits showed, each in other words than the splits' own."""

import pytest

from assistant.engine.offline.intents import rule_intent
from assistant.intake.practices import read_practices
from assistant.intake.text import looks_like_question
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("Bike repair shop: 800 site visits, 70 called or messaged for a quote, 40 brought their bikes in, 15 agreed to "
     "the repair", {"visits": 800, "leads": 70, "customers": 15}),
    ("nhà hàng tiệc cưới: 900 lượt khách nhắn fanpage hỏi giá, 120 cặp đến xem sảnh, 30 cặp ký hợp đồng",
     {"leads": 900, "qualified": 120, "customers": 30}),
    ("sân cầu lông tháng rồi 300 người nhắn hỏi, 120 người đặt sân", {"leads": 300, "customers": 120}),
    ("We had 90 inquiries, 40 site inspections and 18 contracts", {"leads": 90, "qualified": 40, "customers": 18}),
    ("lớp tennis: 50 người để lại số, 20 người đến đánh thử, 9 người đóng học phí", {"qualified": 20, "customers": 9}),
    ("tiệm vàng 300 người nhắn hỏi, 40 người ghé tiệm, 25 người mua", {"qualified": 40}),
    ("giao rau tuần: 500 người nhắn, 120 người đặt hộp đầu tiên, 45 người đặt lại",
     {"customers": 120, "repeat_customers": 45}),
    ("trung tâm tiếng Nhật: 250 học viên tiềm năng đăng ký tư vấn, 60 bạn học thử", {"leads": 250, "qualified": 60}),
    ("Last month 900 people left their email for our ebook, 40 booked a call", {"leads": 900, "qualified": 40}),
    ("nhà hàng cưới năm nay tổ chức được 95 đám", {"customers": 95}),
    ("makeup cô dâu tháng rồi nhận 14 cô dâu", {"customers": 14}),
    ("quán cà phê 3.000 người xem trang, 200 người nhắn tin", {"visits": 3000, "leads": 200}),
    ("Công ty vận tải: 80 doanh nghiệp gửi yêu cầu, 30 yêu cầu đủ điều kiện, ký 6 hợp đồng",
     {"leads": 80, "qualified": 30, "customers": 6}),
])
def test_trade_words_of_the_splits(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_tutor_centre_is_no_what_if():
    assert figures("Trung tâm gia sư của mình tháng rồi 300 phụ huynh điền form")["leads"] == 300
    assert figures("giả sử chạy 30 triệu thì được bao nhiêu đơn") == {}


def test_a_k_figure_after_a_reach_word_and_a_filler_is_a_count():
    assert figures("ads tiktok reach được 200k người, 1.500 click")["reach"] == 200e3


def test_a_plus_sum_after_total_is_the_total():
    assert figures("ads tổng 2 kênh là 7tr fb + 3tr tiktok")["spend"] == 10e6


def test_a_sign_up_form_for_a_trial_is_the_lead():
    assert figures("70 filled in the form for a free trial lesson and 25 enrolled") == {"leads": 70, "customers": 25}


def test_a_plan_said_with_tinh():
    assert figures("tháng sau em tính bỏ 12tr chạy ads")["planned_budget"] == 12e6


@pytest.mark.parametrize("message, expected", [
    ("Target customer and positioning, honestly we haven't worked either of them out yet",
     {"target_customer_defined": False, "positioning_defined": False}),
    ("khách mục tiêu với định vị em chưa trả lời được, cứ chẩn đoán đi",
     {"target_customer_defined": None, "positioning_defined": None}),
])
def test_practices_said_in_the_splits_ways(message, expected):
    assert read_practices(message) == expected


def test_any_specific_goal_is_no_question():
    assert not looks_like_question("mình chưa có mục tiêu kinh doanh cụ thể nào")


def test_a_kpi_with_figures_then_which_step_is_weak_is_no_kpi_question():
    assert rule_intent("tháng 11 đặt KPI 80 máy mà bán 34 máy. Yếu khúc nào vậy?") != "kpi_advice"
    assert rule_intent("mình nên theo dõi KPI nào?") == "kpi_advice"


def test_a_goal_of_things_sold_a_month_is_a_goal_in_customers():
    assert figures("I'd like to hit 30 bikes a month by spring") == {"target_customers": 30}
    assert figures("mục tiêu bán 200 hộp mỗi tháng") == {"target_customers": 200}
    assert figures("muốn đạt 80 triệu mỗi tháng") == {"target_revenue": 80e6}
