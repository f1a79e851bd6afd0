"""Figures given branch by branch are line items of the period: summed, not the last branch kept."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("chi nhánh 1 tháng rồi 2.400 bill, chi nhánh 2 được 1.750 bill", {"customers": 4150}),
    ("cơ sở Thủ Đức 180 học viên, cơ sở Q3 140 học viên", {"customers": 320}),
    ("store A spent 12 million on ads, store B spent 8 million", {"spend": 20e6}),
    # one branch in two months is two periods: the last one is kept
    ("chi nhánh 1 tháng 9 được 600 bill, tháng 10 được 720 bill", {"customers": 720}),
    # a count of branches is no figure, and a stated total is not added to
    ("3 chi nhánh tổng cộng 5.200 bill", {"customers": 5200}),
])
def test_branch_figures_are_summed(message, expected):
    assert figures(message) == expected
