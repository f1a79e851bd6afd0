"""Commission ("hoa hồng") is a broker's revenue, never the price of one sale; paid out, it is a cost."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, revenue", [
    ("văn phòng môi giới của mình tháng rồi thu về 450 triệu tiền hoa hồng từ 5 căn", 450e6),
    ("hoa hồng tháng 10 được 120 triệu", 120e6),
    ("doanh thu hoa hong thang roi 2 ty 1", 2.1e9),
    ("phí môi giới thu được 200tr", 200e6),
    ("We closed 4 apartments and earned 380 million VND in commissions", 380e6),
    ("commission income last month was 95 million VND on 2 deals", 95e6),
])
def test_commission_is_revenue(message, revenue):
    found = figures(message)
    assert found.get("revenue") == revenue
    assert "aov" not in found


@pytest.mark.parametrize("message, aov", [
    ("hoa hồng trung bình mỗi căn khoảng 45 triệu", 45e6),
    ("the average commission per deal is 70 million VND", 70e6),
])
def test_an_average_commission_is_the_revenue_of_one_sale(message, aov):
    assert figures(message) == {"aov": aov}


def test_commission_paid_to_affiliates_is_spend_and_to_staff_no_marketing_figure():
    assert figures("shop tiktok tháng rồi trả hoa hồng affiliate 12 triệu, doanh thu 150 triệu") == {
        "spend": 12e6, "revenue": 150e6}
    assert figures("hoa hồng cho sale 15 triệu, doanh thu 300 triệu") == {"revenue": 300e6}


def test_commission_revenue_is_not_multiplied_by_the_deals(session):
    ctx, _ = session("tháng rồi chốt 3 căn, tiền hoa hồng 240 triệu")
    assert ctx.snapshot["revenue"] == 240e6 and ctx.snapshot.get("aov") is None
