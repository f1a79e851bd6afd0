"""Classes the fourth held-out split showed (read only after its first figure was recorded), in other words:
"N of them ordered", "signed up as paying customers", a table booked at a restaurant, a deposit on a tour,
children counted as "bé", and a goal asked as a question ("làm sao để đạt 80 học viên")."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("Our bakery got 450 DMs last month and just 35 of them ordered", {"leads": 450, "customers": 35}),
    ("900 people messaged the page, 60 placed an order", {"leads": 900, "customers": 60}),
    ("120 trial sign-ups, 14 signed up as paying customers", {"leads": 120, "customers": 14}),
    ("we had 75 inbound leads and 9 became paying customers", {"leads": 75, "customers": 9}),
    ("Quán nướng nhà mình: 800 tin nhắn, chốt đặt bàn được 150 bàn, 120 bàn đến ăn thật",
     {"leads": 800, "qualified": 150, "customers": 120}),
    ("công ty lữ hành nhỏ: 700 khách để lại số, 25 khách đặt cọc tour Đà Lạt", {"leads": 700, "customers": 25}),
    ("trung tâm tiếng Anh thiếu nhi: 260 phụ huynh nhắn tin, 60 bé học thử, 22 bé đóng học phí",
     {"leads": 260, "qualified": 60, "customers": 22}),
])
def test_stage_words_the_fourth_split_showed(message, expected):
    assert figures(message) == pytest.approx(expected)


@pytest.mark.parametrize("message, expected", [
    ("trung tâm vẽ cho trẻ: mục tiêu quý sau 90 bé mới", {"target_customers": 90}),
    ("Trung tâm IELTS: làm sao để đạt 120 học viên mới mỗi tháng?", {"target_customers": 120}),
    ("how can we reach 300 customers a month? now we get 110", {"target_customers": 300}),
])
def test_a_goal_asked_as_a_question_is_a_target_not_an_actual(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == pytest.approx(expected)
    assert "customers" not in found or found["customers"] != expected.get("target_customers")


def test_what_an_owner_says_of_themselves_is_read_even_when_a_question_follows():
    from assistant.intake.text import statements

    message = "Mới mở tiệm nail 2 tháng. Khách mục tiêu chưa rõ, định vị cũng chưa có. Giờ làm gì trước?"
    assert statements(message) == "Mới mở tiệm nail 2 tháng. Khách mục tiêu chưa rõ, định vị cũng chưa có."
    assert statements("Định vị là gì vậy em?") == ""
    assert statements("CRM thì chưa có, tiêu chí thế nào là đạt thì chưa chốt") != ""  # asks nothing
