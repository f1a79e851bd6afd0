"""Classes the sixth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import read_practices
from assistant.intake.reader import read
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # weekly rows with a label ("tuần 2 …") and the same noun after every number
    ("lead form tháng 9: tuan 1 duoc 40, tuan 2 52, tuan 3 47, tuan 4 61", {"leads": 200}),
    ("khách đặt bàn tháng rồi: tuần 1 có 30 bàn, tuần 2 41 bàn, tuần 3 38 bàn", {"qualified": 109}),
    # "công ty" is a company, not "cộng" (plus); "với" between two names does not cut the clause
    ("tháng 8 có 120 công ty để lại thông tin, 18 công ty ký hợp đồng", {"leads": 120, "customers": 18}),
    ("tiền quảng cáo Zalo với TikTok tổng 18 triệu, doanh thu 150 triệu", {"spend": 18e6, "revenue": 150e6}),
    # a channel list whose last item is a webinar
    ("lead: LinkedIn 30, Google 45, webinar 25", {"leads": 100}),
    # trade words
    ("Có 90 yêu cầu báo giá qua website, chốt được 14 đơn", {"leads": 90, "customers": 14}),
    ("200 người nhắn, 70 người đặt lịch, 55 người đến gội", {"leads": 200, "qualified": 70, "customers": 55}),
    ("tháng rồi 500 lượt khách vào gian hàng, 40 đơn", {"visits": 500, "customers": 40}),
    ("150 khách hỏi, 40 khách đặt ăn thử, 12 khách ký hợp đồng", {"leads": 150, "qualified": 40, "customers": 12}),
])
def test_rows_lists_and_trade_words(message, expected):
    assert figures(message) == expected


def test_site_visits_at_a_property_agency_are_viewings():
    found = read("Real estate agency: 300 leads, 25 site visits, 2 sales", industry="real_estate").findings
    assert {f.field: f.value for f in found} == {"leads": 300, "qualified": 25, "customers": 2}


@pytest.mark.parametrize("message, known, expected", [
    # the figure held as the old value is the one corrected, whatever the count noun says of the new one
    ("à nhầm, lịch hẹn chỉ có 95 ca thôi chứ không phải 150", {"leads": 800, "qualified": 150, "customers": 30},
     ("qualified", 95)),
    ("Oops, typo: not 300 orders, 3,000.", {"visits": 40000, "customers": 300}, ("customers", 3000)),
])
def test_corrections_keep_the_field_of_the_figure_they_replace(message, known, expected):
    found = read(message, known=known).findings
    assert [(f.field, f.value) for f in found] == [expected] and found[0].correction


@pytest.mark.parametrize("message, expected", [
    ("mục tiêu năm nay doanh thu 3 tỷ", "year"), ("target 90 new clients per quarter", "quarter"),
    ("KPI mỗi tháng 200 đơn", "month"), ("mục tiêu 200 đơn", None),
])
def test_a_goal_says_how_long_it_covers(message, expected):
    assert [f.span for f in read(message).findings] == [expected]


@pytest.mark.parametrize("message, expected", [
    ("We have no defined target buyer; we pitch every listing to everyone.", {"target_customer_defined": False}),
    ("chưa đo được gì hết, cứ bán thôi", {"kpis_tracked": False}),
])
def test_practices_said_missing(message, expected):
    assert read_practices(message) == expected
