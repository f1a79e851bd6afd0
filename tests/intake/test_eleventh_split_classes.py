"""Classes the eleventh held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import read_practices
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("We had 300 leads in October and sold 2 villas", {"leads": 300, "customers": 2}),
    ("tháng này có 35 đại lý lấy hàng", {"customers": 35}),
    ("120 người đến khám và làm dịch vụ", {"customers": 120}),
    ("có 900 người bấm vô coi, 60 người nhắn", {"visits": 900, "leads": 60}),
    ("live có 300 người cmt chốt đơn, ra 120 đơn thành công", {"leads": 300, "customers": 120}),
    ("500 tin nhắn hỏi, 70 khách thuê", {"leads": 500, "customers": 70}),
    ("40 bàn đặt trước, 32 bàn tới thật", {"qualified": 40, "customers": 32}),
])
def test_words(message, expected):
    assert figures(message) == expected


def test_one_answer_for_two_practices_named_together():
    assert read_practices("Target customer and positioning, we have neither really.") == \
        {"target_customer_defined": False, "positioning_defined": False}


@pytest.mark.parametrize("message, expected", [
    # the twelfth split's, in other words
    ("gara có 800 lượt khách vào fanpage, 70 người inbox, 40 xe đến làm", {"visits": 800, "leads": 70, "customers": 40}),
    ("Tháng 10: 9.000 lượt xem website, 300 người để lại số", {"visits": 9000, "leads": 300}),
    ("120 people DMed to order, 80 picked up and paid", {"leads": 120, "customers": 80}),
    ("homestay, bài quảng cáo tới được 150.000 người, 700 người bấm vô coi", {"reach": 150000, "visits": 700}),
    ("mục tiêu tháng này 300 triệu nhưng mới đạt 180 triệu", {"target_revenue": 300e6, "revenue": 180e6}),
])
def test_twelfth_split_words(message, expected):
    assert figures(message) == expected


def test_a_practice_asked_back_before_a_question_mark_is_read_with_its_answer(session):
    ctx, _ = session("Khách mục tiêu hả? Chưa có, căn nào cũng bán. Định vị cũng chưa.")
    assert ctx.snapshot["practices"].get("target_customer_defined") is False
    ctx, _ = session("tui hổng biết khách mục tiêu là ai, cũng chưa nghĩ tới định vị")
    assert ctx.snapshot["practices"] == {"target_customer_defined": False, "positioning_defined": False}


@pytest.mark.parametrize("message, expected", [
    # the thirteenth split's, in other words
    ("Target tháng sau là 400 khách nha", {"target_customers": 400}),
    ("Mục tiêu là 200 thẻ/tháng", {"target_customers": 200}),
    ("We need 80 clients a month.", {"target_customers": 80}),
    ("Our reels reached 300,000 people, 1,800 visited the shop, 70 orders", {"reach": 300000, "visits": 1800, "customers": 70}),
])
def test_thirteenth_split_words(message, expected):
    assert figures(message) == expected


def test_counts_never_kept_said_without_a_negation():
    from assistant.intake.untracked import counts_untracked

    assert counts_untracked("quán mình chỉ theo dõi doanh thu thôi, tháng rồi 200 triệu")
    assert counts_untracked("We only track revenue, about 90 million last month")
