"""Classes the twenty-second held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import read_practices
from assistant.intake.untracked import counts_untracked
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("facebook reach 250k, 900 clicks, 60 orders", {"reach": 250000, "visits": 900, "customers": 60}),
    ("In March 180 parents asked on Facebook and 22 enrolled. Our goal is 50 students a month.",
     {"leads": 180, "customers": 22, "target_customers": 50}),
    ("We teach grade 7 and grade 8 pupils; 90 enquiries, 12 sign-ups", {"leads": 90}),
    ("150 people messaged and 40 booked a treatment session", {"leads": 150, "customers": 40}),
    ("vào trang đăng ký có 1.500 lượt, 120 người điền form", {"visits": 1500, "leads": 120}),
    ("60 nhà gửi yêu cầu khảo sát, đi khảo sát 25 nhà, chốt 4", {"leads": 60, "qualified": 25}),
    ("we held 30 qualification calls and signed 3", {"qualified": 30}),
    ("khách hỏi thuê 50 người, thuê thật 12 đoàn", {"customers": 12}),
])
def test_readings_of_the_split(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_stage_word_right_beside_k_makes_it_a_count_and_a_price_word_keeps_it_money():
    assert figures("ads reach 300k") == {"reach": 300000}
    assert figures("trung bình mỗi khách làm khoảng 280k") == {"aov": 280000}


def test_a_figure_dropped_and_replaced_in_one_message_is_replaced(session):
    ctx, _ = session("tháng này 400 tin nhắn, bán 20 đơn", "bỏ số 400 đi, tin nhắn đúng ra là 180")
    assert ctx.snapshot["funnel"]["leads"] == 180


def test_a_correction_with_its_noun_is_no_answer_to_the_question_of_reach():
    assert figures("nhầm, 70 khách chứ, thiếu số 0", asked="reach", known={"customers": 7}) == {"customers": 70}


@pytest.mark.parametrize("message, expected", [
    ("Target customers: retirees who never used a gym; positioning: small groups, nothing fancy.",
     {"target_customer_defined": True, "positioning_defined": True}),
    ("Positioning: none yet.", {"positioning_defined": False}),
    ("khách mục tiêu với định vị thì em chưa nghĩ kỹ, cứ chẩn đoán đi", {"target_customer_defined": None,
                                                                      "positioning_defined": None}),
    ("mục tiêu với khách mục tiêu thì chưa có gì hết", {"business_goal_defined": False,
                                                      "target_customer_defined": False}),
])
def test_practices_said_in_the_splits_ways(message, expected):
    assert read_practices(message) == expected


def test_nobody_writing_it_down_is_not_counting():
    assert counts_untracked("Nobody writes down how many customers came in or how many bought.")


@pytest.mark.parametrize("message, expected", [
    ("Quý sau em muốn đạt 300 đơn thì làm sao?", {"target_customers": 300}),
    ("Target is 90 million a month, is that realistic?", {"target_revenue": 90e6}),
    ("Bán cho hộ gia đình ở Củ Chi, tháng rồi 40 người hỏi, bán 12 bộ", {"leads": 40}),
    ("we got 300 orders from 20,000 page views", {"customers": 300, "visits": 20000}),
])
def test_goals_asked_about_families_and_views_are_read(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_goal_only_considered_is_not_set():
    assert "target_leads" not in figures("có nên đặt chỉ tiêu 400 data không, hiện giờ mới 250 data")


def test_an_average_order_said_before_k_stays_money_in_owner_shorthand():
    assert figures("thang roi chay fb 12 cu, dc 850 ib ma chot co 34 don thoi, tb don 380k") == \
        {"spend": 12e6, "leads": 850, "customers": 34, "aov": 380000}
