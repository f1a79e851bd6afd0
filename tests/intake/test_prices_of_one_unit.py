"""The price of one unit is the average order value, whatever stands between the price word and the amount."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # "1 ca", "1 bộ" name the unit priced: no count, and the price word still reaches the amount
    ("giá bình quân 1 ca bọc sứ tầm 12 triệu, tháng rồi 25 ca", {"aov": 12e6, "customers": 25}),
    ("gia trung binh 1 bo sofa khoang 22tr", {"aov": 22e6}),
    # an exam's name before a money amount is the course's fee, not a score
    ("học phí lớp TOEIC 4tr5, có 38 học viên nhập học", {"aov": 4.5e6, "customers": 38}),
    ("hoc phi khoa ielts cap toc 12 trieu", {"aov": 12e6}),
])
def test_the_price_of_one_unit_is_read(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("lớp luyện IELTS 6.5 có 18 học viên đăng ký học", {"customers": 18}),
    ("band 7 trở lên, 12 bạn nhập học", {"customers": 12}),
])
def test_a_score_is_still_no_figure(message, expected):
    assert figures(message) == expected
