"""More figures sent after the strategy question are no answer to it: the "có" of "tháng đó có 120 khách" is a
verb, not a yes (it set all three practices to "đã có" and took strategy off the verdict)."""

import pytest

from assistant.intake.practices import bare_answer

FIGURES = ["tháng đó có 120 khách đặt lịch nữa", "shop có thêm 3.000 lượt xem trang",
           "tuần rồi có 45 đơn từ tiktok", "we had 300 more leads from Google that month",
           "bên mình cũng chưa chạy ads, 200 tin nhắn là tự nhiên"]
ANSWERS = [("dạ có, mục tiêu tháng này 500 triệu", True), ("có rồi em, khách là mẹ bỉm 25-35", True),
           ("chưa, năm nay mới mở 2 chi nhánh", False), ("ừ chưa có, 2 năm nay làm theo cảm tính", False),
           ("yes, target is 40 clients a month", True)]


@pytest.mark.parametrize("message", FIGURES)
def test_a_figure_after_the_question_names_no_practice(session, message):
    ctx, found = session(message, asked="strategy")
    assert found, "the figure is read"
    assert bare_answer(message) is None
    assert not any((ctx.snapshot.get("practices") or {}).get(p) is True
                   for p in ("target_customer_defined", "positioning_defined"))


@pytest.mark.parametrize("message, answer", ANSWERS)
def test_an_answer_that_opens_with_yes_or_no_still_answers(message, answer):
    assert bare_answer(message) is answer
