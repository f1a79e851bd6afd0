"""Classes the seventh held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import bare_answer, described, read_practices
from assistant.intake.reader import asks_for_a_verdict, read
from assistant.intake.untracked import counts_untracked
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # a sign-up before an attendance is the lead; after messages it stays the qualified step
    ("300 bé đăng ký học thử, 120 bé đến học thử, 30 bé nhập học", {"leads": 300, "qualified": 120, "customers": 30}),
    ("600 tin nhắn, 150 người đăng ký học thử, 40 người đóng học phí", {"leads": 600, "qualified": 150, "customers": 40}),
    ("80 signed up for a free trial class, 35 attended it, 12 enrolled", {"leads": 80, "qualified": 35, "customers": 12}),
    ("Q2: 300 free-trial sign-ups, 45 sales-qualified, 10 won", {"leads": 300, "qualified": 45, "customers": 10}),
    # a step that filters the leads; tables served; what follows a goal is no figure
    ("250 yêu cầu báo giá, sales lọc ra 70 khách có nhu cầu thật, ký 9 hợp đồng",
     {"leads": 250, "qualified": 70, "customers": 9}),
    ("tin nhắn 90, số bàn phục vụ cả tháng 1.100", {"leads": 90, "customers": 1100}),
    ("KPI là 60 học viên mới mỗi tháng để mở thêm 2 lớp", {"target_customers": 60}),
    ("mục tiêu của tui là 250 khách một tháng mới đủ chi phí", {"target_customers": 250}),
])
def test_steps_and_goals(message, expected):
    assert figures(message) == expected


def test_a_number_taken_back_in_the_same_message_is_dropped_where_it_was_first_said():
    found = read("có 900 khách để lại số, 200 khách đi xem nhà, chốt 5 căn. À nhầm, đi xem là 80 chứ không phải 200").findings
    assert {f.field: f.value for f in found} == {"leads": 900, "qualified": 80, "customers": 5}


@pytest.mark.parametrize("message, expected", [
    ("mục tiêu 150 đơn mỗi tháng, bắt đầu từ năm sau", "month"),
    ("Our goal is 40 new clients every quarter", "quarter"),
])
def test_the_time_beside_a_goal_wins_over_an_earlier_one(message, expected):
    assert [f.span for f in read(message).findings] == [expected]


@pytest.mark.parametrize("message, expected", [
    ("Mục tiêu doanh thu hả chị? Thật ra chưa đặt, làm tới đâu hay tới đó.", {"business_goal_defined": False}),
    ("Khách mục tiêu hả, ai có tiền là bán thôi", {"target_customer_defined": False}),
    ("We have no target guest in mind, we take whoever books.", {"target_customer_defined": False}),
    ("Target customer: young parents. Positioning, to be honest, nope.",
     {"target_customer_defined": True, "positioning_defined": False}),
])
def test_practices(message, expected):
    assert read_practices(message) == expected


def test_practices_put_off_stay_unknown():
    assert not any(read_practices("khách mục tiêu với định vị thì để sau nha, cứ phân tích đi").values())
    assert described("khách mục tiêu, định vị thì tính sau, cứ chẩn đoán giúp", answering=True) == {}


def test_words_after_a_practice_said_missing_describe_nothing():
    assert described("no positioning at all, we sell to whoever comes", answering=True) == {}
    assert bare_answer("we have no strategy yet") is False


@pytest.mark.parametrize("message", ["số đơn thì chưa lọc ra được", "click với email thì em không xem",
                                     "còn số tin nhắn thì tui hổng có đếm"])
def test_counts_not_kept(message):
    assert counts_untracked(message)


@pytest.mark.parametrize("message", ["chạy vậy có đáng tí nào không", "How do I grow from here?", "giờ tính sao em"])
def test_asks_for_a_verdict_or_advice(message):
    assert asks_for_a_verdict(message)
