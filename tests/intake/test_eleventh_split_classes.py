"""Classes the eleventh held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import read_practices
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("We had 300 leads in October and sold 2 villas", {"leads": 300, "customers": 2}),
    ("tháng này có 35 đại lý lấy hàng", {"customers": 35}),
    ("120 người đến khám và làm dịch vụ", {"customers": 120}),
    ("có 900 người bấm vô coi, 60 người nhắn", {"visits": 900, "leads": 60}),
    ("live có 300 người cmt chốt đơn, ra 120 đơn thành công", {"leads": 300, "customers": 120}),
    ("500 tin nhắn hỏi, 70 khách thuê", {"leads": 500, "customers": 70}),
    ("40 bàn đặt trước, 32 bàn tới thật", {"qualified": 40, "customers": 32}),
])
def test_words(message, expected):
    assert figures(message) == expected


def test_one_answer_for_two_practices_named_together():
    assert read_practices("Target customer and positioning, we have neither really.") == \
        {"target_customer_defined": False, "positioning_defined": False}
