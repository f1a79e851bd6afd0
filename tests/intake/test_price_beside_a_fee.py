"""An average order value said beside a shipping fee keeps its meaning; the fee is no figure; "every week" is a rate."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("giá trị đơn trung bình 380k mà phí ship 35k", {"aov": 380e3}),
    ("bill tb 160k phí ship 20k, 900 đơn", {"aov": 160e3, "customers": 900}),
    ("đơn trung bình 520k chưa gồm ship", {"aov": 520e3}),
    # a cost per order is still no average order value
    ("chi phí mỗi đơn tầm 45k", {}),
])
def test_an_average_order_value_beside_a_shipping_fee(message, expected):
    assert figures(message) == expected


def test_every_week_is_a_weekly_rate():
    assert figures("every week we put 700 dollars into Meta ads") == {"spend": pytest.approx(3000 * 25_000)}
