"""Answers to the strategy question that list practices or refuse them all, weekly reviews in owners' words, and
who happens to buy (not a customer chosen)."""

import pytest

from assistant.intake.reader import read_practices


def test_one_answer_after_a_list_of_practices_holds_for_each(session):
    ctx, _ = session("khách thì có rồi, học sinh cấp 3; còn định vị, mục tiêu doanh thu thì chưa tính tới",
                     asked="strategy")
    practices = ctx.snapshot["practices"]
    assert practices["target_customer_defined"] is True
    assert practices["positioning_defined"] is False and practices["business_goal_defined"] is False


@pytest.mark.parametrize("message", ["hiện giờ chưa có cái nào trong mấy cái anh hỏi", "honestly none of them yet"])
def test_none_of_them_answers_the_whole_strategy_question(session, message):
    ctx, _ = session(message, asked="strategy")
    assert {k: ctx.snapshot["practices"].get(k) for k in
            ("target_customer_defined", "positioning_defined", "business_goal_defined")} == \
        {"target_customer_defined": False, "positioning_defined": False, "business_goal_defined": False}


@pytest.mark.parametrize("message", ["tối chủ nhật nào mình cũng ngồi xem lại doanh số cả tuần",
                                     "cuối tháng cả team tổng kết số liệu một lần"])
def test_a_regular_look_at_the_numbers_is_a_periodic_review(message):
    assert read_practices(message).get("periodic_review") is True


def test_who_happens_to_buy_is_kept_as_text_but_defines_no_target_customer(session):
    ctx, _ = session("khách hàng chủ yếu là sinh viên gần trường, tháng rồi 140 đơn")
    assert ctx.snapshot["funnel"]["customers"] == 140
    assert "sinh viên" in ctx.snapshot["business"]["customer"]
    assert (ctx.snapshot.get("practices") or {}).get("target_customer_defined") is None


def test_the_same_words_answering_the_strategy_question_define_it(session):
    ctx, _ = session("khách hàng chủ yếu là sinh viên gần trường", asked="strategy")
    assert ctx.snapshot["practices"]["target_customer_defined"] is True
