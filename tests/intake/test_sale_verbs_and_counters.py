"""Stage words owners put next to a number: "bán 60 bộ", "ca" that only counts cases, walk-ins, business clients."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # "bán" right before the number is a sale; "bàn"/"bạn" elsewhere are not
    ("tháng rồi bán 34 bộ bàn ghế ăn", {"customers": 34}),
    ("muốn tháng sau bán 80 cái giường", {"target_customers": 80}),
    ("ban dc 57 tu quan ao thang truoc", {"customers": 57}),
    ("bàn 12 có 4 người ngồi", {}),
    # "ca" counts cases: the stage word right before the number, or right after "ca", says which
    ("dat lich 140 ca, lam 60 ca", {"qualified": 140, "customers": 60}),
    ("tháng 9 có 95 ca đặt lịch tư vấn, 30 ca làm răng sứ", {"qualified": 95, "customers": 30}),
    ("spa làm được 52 ca tháng rồi", {"customers": 52}),
    # a walk-in at a showroom came to look; a demo session is a demo; a new business client bought
    ("showroom đón 85 khách walk-in, chốt 19 đơn", {"qualified": 85, "customers": 19}),
    ("quý rồi 44 buổi demo, ký 9 hợp đồng", {"qualified": 44, "customers": 9}),
    ("năm nay có thêm 26 khách hàng doanh nghiệp mới", {"customers": 26}),
])
def test_the_word_beside_the_number_says_the_stage(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("group zalo có 2.300 mem, tháng rồi 140 đơn", {"followers": 2300, "customers": 140}),
    ("nhom fb 8k member", {"followers": 8000}),
])
def test_members_of_a_group_are_its_audience(message, expected):
    assert figures(message) == expected
