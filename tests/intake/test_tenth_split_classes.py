"""Classes the tenth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.reader import read, wants_to_go_on
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi 150 người nhắn, 25 người đăng ký", {"leads": 150, "customers": 25}),
    ("spa ghi theo tuần: tin nhắn 40, 52, 61, 47; lịch hẹn 12, 15, 20, 13", {"leads": 200, "qualified": 60}),
    ("xong buổi tư vấn có 40 phụ huynh cho con học thử, 15 bé nhập học", {"qualified": 40, "customers": 15}),
    ("mục tiêu tháng sau 60 bé", {"target_customers": 60}),
    ("tiệm muốn lên 40 xe/tháng thì làm sao", {"target_customers": 40}),
    ("Mục tiêu tháng 12 là 500 bàn", {"target_customers": 500}),
    ("We'd like 90 orders a month", {"target_customers": 90}),
    ("220 enrolled at 4 million VND per course", {"customers": 220, "aov": 4e6}),
    ("Bi-weekly: 200 appointment requests, 120 showed up and paid", {"leads": 200, "customers": 120}),
    ("shop giày có 9000 lượt xem shop, 200 đơn", {"visits": 9000, "customers": 200}),
    ("quán có 800 người vào menu page, 120 order", {"visits": 800, "customers": 120}),
    ("chốt đc 25 bạn lm móng", {"customers": 25}),
    ("khách đặt bàn: tuần 1 có 30 bàn, tuần 2 41 bàn, tuần 3 38 bàn", {"qualified": 109}),
])
def test_words(message, expected):
    assert figures(message) == expected


def test_sorry_not_x_it_was_y_replaces_the_figure():
    found = read("Sorry, not 90 trials, it was 190.", known={"leads": 90, "customers": 8}).findings
    assert [(f.field, f.value, f.correction) for f in found] == [("leads", 190, True)]


@pytest.mark.parametrize("message", ["ad xem giúp e vs", "check giúp mình với", "coi dùm em cái"])
def test_please_take_a_look_is_a_go_ahead(message):
    assert wants_to_go_on(message)
