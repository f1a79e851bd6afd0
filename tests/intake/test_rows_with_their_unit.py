"""Weekly rows written with their unit after every number are rows of one figure, summed into the month."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("tháng 10 theo tuần: 210 tin nhắn, 190 tin nhắn, 230 tin nhắn, 250 tin nhắn", {"leads": 880}),
    ("weekly bookings last month: 40 bookings, 52 bookings, 47 bookings, 61 bookings", {"qualified": 200}),
    # different words after the numbers are different figures, not rows
    ("tuần rồi 420 tin nhắn, 90 khách đặt lịch, 35 đơn", {"leads": 420, "qualified": 90, "customers": 35}),
])
def test_rows_with_the_same_word_after_each_number_are_summed(message, expected):
    assert figures(message) == expected


def test_the_summed_rows_name_their_period():
    from assistant.intake.reader import read
    found = read("4 tuần vừa rồi: 60 đơn, 75 đơn, 70 đơn, 95 đơn").findings
    assert [(f.field, f.value, f.period) for f in found] == [("customers", 300, "4 weeks")]
