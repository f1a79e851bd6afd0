"""A target and what was reached so far, said in one breath: the target fills the target, the rest is history."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # "mà" ties the actual to the target in one clause
    ("quý này KPI 90 hợp đồng mà tới giờ mới ký được 41", {"target_customers": 90, "customers": 41}),
    ("tháng này mục tiêu 150 ca mà đến nay mới làm được 70 ca", {"target_customers": 150, "customers": 70}),
    # the reached figure names no stage: it counts what the target counts
    ("KPI quý 3 là 2.000 data, đến giờ được 1.350", {"target_leads": 2000, "leads": 1350}),
    ("target this month is 400 leads, so far we have 260", {"target_leads": 400, "leads": 260}),
    # the word saying "so far" may come after the number
    ("we want 600 orders this month but we're at 410 now", {"target_customers": 600, "customers": 410}),
    # students who paid are customers
    ("chỉ tiêu khóa này 60 học viên, hiện có 25 bạn đã đóng tiền", {"target_customers": 60, "customers": 25}),
])
def test_a_target_and_the_figure_reached_so_far_are_both_read(message, expected):
    assert figures(message) == expected


def test_a_target_alone_stays_a_target():
    assert figures("mục tiêu tháng này 700 triệu doanh thu") == {"target_revenue": 700e6}


def test_the_month_a_target_is_set_for_is_no_sign_of_an_actual():
    assert figures("mục tiêu 120 khách mới tháng này đạt doanh thu 400 triệu") == {
        "target_customers": 120, "target_revenue": 400e6}
