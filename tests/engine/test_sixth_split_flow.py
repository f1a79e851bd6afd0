"""Turns the sixth held-out split showed going astray, in other words than the split's own."""

from tests.engine.test_offline import talk


def test_a_goal_given_with_a_planning_question_moves_the_verdict_and_says_so(offline):
    replies, ctx = talk(offline, "tiệm bánh mình tháng rồi có 400 tin nhắn, chốt 180 đơn, chạy ads 5 triệu",
                        "tháng sau mình muốn đạt 400 đơn thì làm sao?")
    assert ctx.snapshot["target_customers"] == 400
    assert "(trước là Chuyển đổi & bán hàng)" in replies[1].text and "**Traffic" in replies[1].text


def test_a_years_goal_is_compared_per_month(offline):
    replies, ctx = talk(offline, "Studio tháng rồi có 300 tin nhắn, 60 khách đến tư vấn, 20 khách ký hợp đồng, "
                                 "doanh thu 200 triệu", "mục tiêu năm nay doanh thu 2 tỷ")
    assert ctx.snapshot["target_revenue"] == 2e9
    assert "lượng khách đầu phễu" not in replies[1].text  # 2 tỷ a year is ~167 triệu a month: within reach


def test_a_business_introduced_without_figures_is_asked_for_them(offline):
    replies, _ = talk(offline, "Chào em, anh có một xưởng mộc nhỏ ở Bình Dương.")
    assert "em cần vài con số của tháng gần nhất" in replies[0].text and replies[0].citations == []


def test_nothing_tracked_said_after_two_counts_moves_the_verdict_to_measurement(offline):
    replies, _ = talk(offline, "Tháng rồi 600 tin nhắn, 250 đơn.",
                      "Nói thật bên mình không theo dõi chỉ số nào, không dashboard, số trên là đoán thôi.")
    assert "Đo lường" in replies[1].text and "Với tình hình hiện tại, anh/chị nên theo dõi" not in replies[1].text


def test_counts_not_kept_in_southern_words_get_a_verdict_not_a_capability_answer(offline):
    replies, _ = talk(offline, "Tiệm rửa xe tháng rồi chạy ads 8 triệu, khoảng 70 xe vào làm.",
                      "Còn số khách nhắn hỏi thì tui hổng có đếm, tụi nhỏ trả lời bằng điện thoại riêng.")
    assert replies[1].artifacts and replies[1].artifacts[0].type == "diagnosis"
