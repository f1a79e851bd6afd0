"""A scale word with no number after a word of approximation ("cỡ trăm đơn", "tầm chục triệu") is a figure."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi chốt được tầm trăm đơn thôi", {"customers": 100}),
    ("khoảng nghìn tin nhắn một tháng", {"leads": 1000}),
    ("quảng cáo hết cỡ chục triệu", {"spend": 10e6}),
    ("doanh số tháng trước hơn tỷ", {"revenue": 1e9}),
    # without a word of approximation the word is no number ("trăm" in a name, "nghìn" in "hàng nghìn")
    ("quán Trăm Năm tháng rồi 300 bill", {"customers": 300}),
])
def test_a_scale_word_alone_is_read_as_its_value(message, expected):
    assert figures(message) == expected
