"""Turns the seventh and later held-out splits showed going astray, in other words than the splits' own."""

from tests.engine.test_offline import talk


def test_a_planning_question_once_the_figures_allow_a_verdict_gets_the_verdict_first(offline):
    replies, _ = talk(offline, "Quán bún bò của mình tháng 9 bán 900 tô, doanh thu 60 triệu. Tin nhắn thì không ai "
                               "đếm hết. Có nên tăng ngân sách quảng cáo không?")
    reply = replies[0]
    assert reply.artifacts[0].type == "diagnosis" and "**Đo lường & tối ưu**" in reply.text
    assert reply.text.count("900") == 1  # the figures said once, in the block that heads the verdict


def test_money_and_one_count_with_a_request_for_advice_gets_the_verdict(offline):
    replies, _ = talk(offline, "My pilates studio has 4,000 Instagram followers; 25 people bought a class pack last "
                               "month and we spent 5 million VND on ads. What should I do?")
    assert replies[0].artifacts and replies[0].artifacts[0].type == "diagnosis"


def test_a_goal_given_every_month_against_healthy_rates_is_a_volume_verdict(offline):
    replies, _ = talk(offline, "October: 300 people messaged us, 120 came for a trial, 60 joined.",
                      "Starting next year we want 150 new members every month. How do we get there?")
    assert "Traffic" in replies[1].text


def test_a_count_question_passed_over_with_money_and_a_goal_gets_the_verdict(offline):
    replies, _ = talk(offline, "Tiệm bánh mì tháng 10 bán qua app: GrabFood 300 đơn, ShopeeFood 200 đơn. Ads trên app 4 triệu.",
                      "Doanh thu app tầm 30 triệu. Mục tiêu tháng 12 đạt 800 đơn.")
    assert replies[1].artifacts and replies[1].artifacts[0].type == "diagnosis"
    assert "**Đo lường & tối ưu**" in replies[1].text


def test_is_that_ok_on_one_count_gets_the_verdict(offline):
    replies, _ = talk(offline, "Xưởng mình bán sỉ bánh tráng, tháng này 40 đại lý lấy hàng. Vậy có ổn không?")
    assert replies[0].artifacts and replies[0].artifacts[0].type == "diagnosis"


def test_a_count_question_is_not_asked_again_after_an_answer_that_asks_back(offline):
    replies, _ = talk(offline, "I sell apartments in District 2.", "Last month 500 leads from ads and sold 2 units.",
                      "Target customer? Anyone with money. Positioning, nothing special.")
    asked = [r.text for r in replies if "how many of them bought" in r.text]
    assert len(asked) <= 1


def test_one_count_and_money_with_a_planning_question_gets_the_verdict_beside_the_plan(offline):
    replies, _ = talk(offline, "Tiệm in tháng rồi nhận 40 đơn, doanh thu 300 triệu. Tháng sau có nên chạy quảng cáo không?")
    assert replies[0].artifacts and replies[0].artifacts[0].type == "diagnosis"
    assert "**Đo lường & tối ưu**" in replies[0].text
