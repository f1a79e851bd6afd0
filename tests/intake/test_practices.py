"""Practices: only what was named; unknown is not "no"; the owner's own words kept as text."""

from assistant.intake.practices import read_practices


def test_a_compound_answer_applies_to_each_practice_it_names(session):
    ctx, _ = session("chưa biết khách mục tiêu là ai, cũng chưa có định vị", asked="strategy")
    assert ctx.snapshot["practices"] == {"target_customer_defined": False, "positioning_defined": False}


def test_a_request_sets_no_practice(session):
    ctx, _ = session("tóm tắt giúp mình các số đã ghi nhận", asked="strategy")
    assert ctx.snapshot["practices"] == {}


def test_an_evasive_answer_leaves_practices_unknown(session):
    ctx, _ = session("mình không có thêm số liệu, cứ chẩn đoán đi", asked="strategy")
    assert ctx.snapshot["practices"] == {}


def test_a_bare_no_to_the_strategy_question_answers_all_three(session):
    ctx, _ = session("chưa có gì hết em ơi", asked="strategy")
    assert ctx.snapshot["practices"] == {"target_customer_defined": False, "positioning_defined": False,
                                         "business_goal_defined": False}


def test_the_owners_description_is_kept_as_text(session):
    ctx, _ = session("khách mình là nữ văn phòng 25-35, đồ thiết kế vừa túi tiền", asked="strategy")
    assert ctx.snapshot["business"]["customer"] == "nữ văn phòng 25-35"
    assert ctx.snapshot["business"]["positioning"] == "đồ thiết kế vừa túi tiền"
    assert ctx.snapshot["practices"]["positioning_defined"] is True


def test_a_figure_to_reach_is_not_a_practice():
    assert read_practices("KPI tháng sau là 500 triệu") == {}
    assert read_practices("co file theo doi KPI hang tuan") == {"kpis_tracked": True}


def test_each_named_practice_keeps_its_own_clause():
    message = "chưa có định vị, chưa biết mình khác gì, khách hàng mục tiêu cũng chưa xác định"
    assert read_practices(message) == {"positioning_defined": False, "target_customer_defined": False}


def test_the_team_size_is_read_from_the_owners_words():
    from assistant.intake.absorb import read_team

    assert read_team("spa của mình chỉ có mình em tự làm một mình thôi") == "solo"
    assert read_team("shop 1 người, không có nhân viên") == "solo"
    assert read_team("công ty mình có phòng sales 5 người") == "team"
    assert read_team("I run it on my own") == "solo"
    assert read_team("chạy ads 30 triệu, 1.500 tin nhắn") is None
