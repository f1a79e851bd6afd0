"""A message with the owner's figures in it is their business: only the sentences that ask something can make it a
glossary, planning or goal-check turn — a term or a "reach 210k" among the figures does not."""

import pytest

from assistant.engine.offline.kinds import asked_part
from tests.engine.test_offline import talk


@pytest.mark.parametrize("message", [
    "Tiệm trà sữa tháng rồi đăng bài tiếp cận 60.000 người, 300 người inbox, 90 người mua. Thế có được không?",
    "Tiệm nail tháng 10: reach 80k người, 700 tin nhắn, 120 khách làm móng. Tỷ lệ chuyển đổi vậy là thấp phải hông?",
    "We reached 150k people last month, 900 clicked through to the site and 45 bought. Is the conversion rate bad?",
])
def test_figures_with_a_term_and_a_question_get_the_verdict(offline, message):
    replies, _ = talk(offline, message)
    assert replies[0].artifacts[0].type == "diagnosis"


def test_a_goal_stated_beside_figures_is_no_request_to_check_it(offline):
    replies, ctx = talk(offline, "Mình check lại sổ: tháng 10 có 350 khách nhắn, 70 khách chốt. Mục tiêu là 120 khách/tháng.")
    assert "Kiểm tra SMART" not in replies[0].text and replies[0].artifacts[0].type == "diagnosis"
    assert ctx.snapshot["target_customers"] == 120


@pytest.mark.parametrize("first, second", [
    ("quán nướng của mình tháng 9 doanh thu 250tr, tiền ads 15tr", "số bàn đặt hay số tin nhắn thì mình ko đếm, chỉ có tổng tiền"),
    ("Our bakery made 90 million VND in October on 8 million of ads.",
     "We never counted messages or orders, honestly. So what should we focus on?"),
])
def test_counts_not_kept_after_money_gets_the_measurement_verdict(offline, first, second):
    replies, _ = talk(offline, first, second)
    assert replies[1].artifacts and replies[1].artifacts[0].type == "diagnosis"
    assert "Đo lường" in replies[1].text or "Measurement" in replies[1].text


def test_the_asked_part_is_the_questions_and_requests():
    message = "Tháng rồi reach 210k, 1.900 click. Conversion rate thấp quá đúng ko? Mình muốn biết nên làm gì"
    assert asked_part(message) == "Conversion rate thấp quá đúng ko? Mình muốn biết nên làm gì"
    assert asked_part("Tháng rồi có 200 tin nhắn, 20 đơn.") == ""
