"""Weekly and daily rows are summed into the period; a rate the owner states converts dollars exactly."""

import pytest

from tests.intake.conftest import figures
from assistant.intake.reader import read


@pytest.mark.parametrize("message, field, total", [
    ("tuần 1 có 210 tin nhắn, tuần 2 240, tuần 3 260, tuần 4 290", "leads", 1000),
    ("tuan 1 co 50 don, tuan 2 60, tuan 3 70", "customers", 180),
    ("week 1 had 40 enquiries, week 2 55, week 3 65, week 4 40", "leads", 200),
    ("ngày 1 có 12 đơn, ngày 2 15, ngày 3 18", "customers", 45),
])
def test_rows_whose_stage_word_is_on_the_first_row_only_are_summed(message, field, total):
    found = {f.field: f for f in read(message).findings}
    assert found[field].value == total and found[field].period.endswith("s")


@pytest.mark.parametrize("message", [
    "tuần 1 chi 2 triệu được 110 tin nhắn, tuần 2 chi 3 triệu được 150 tin, tuần 3 chi 3 triệu được 140 tin. Cả tháng chốt 30 đơn",
    "tuan 1 chay 2tr duoc 110 inbox, tuan 2 chay 3tr duoc 150 inbox, tuan 3 chay 3tr duoc 140 inbox, ca thang chot 30 don",
    "week 1 we spent 2 million and got 110 messages, week 2 spent 3 million and got 150 messages, "
    "week 3 spent 3 million and got 140 messages. 30 orders in the month",
])
def test_rows_with_spend_and_counts_sum_both(message):
    assert figures(message) == {"spend": 8e6, "leads": 400, "customers": 30}


def test_a_total_after_the_rows_is_not_a_row():
    found = {f.field: f for f in read("tuần 1 được 45 đơn, tuần 2 55 đơn, tổng tháng doanh thu 80 triệu").findings}
    assert found["customers"].value == 100 and found["revenue"].value == 80e6 and found["revenue"].period is None


@pytest.mark.parametrize("message, usd, rate", [
    ("We spent $700 on Instagram ads (use 24,800 VND per USD), 210 DMs", 700, 24_800),
    ("chạy ads hết $640 tháng rồi, 25.500đ/USD", 640, 25_500),
    ("chay ads het 640 do, 25.500d / usd", 640, 25_500),
    ("chi $900 quảng cáo (1 USD = 25.200đ)", 900, 25_200),
    ("Our salon spent $300 on ads at 25,000 VND to the dollar", 300, 25_000),
    ("chi 500 đô cho Facebook, tỷ giá 25.300", 500, 25_300),
])
def test_a_stated_rate_converts_exactly_and_is_no_figure_itself(message, usd, rate):
    reading = read(message)
    spend = next(f for f in reading.findings if f.field == "spend")
    assert spend.value == usd * rate and spend.parts == []
    assert spend.original == {"value": usd, "currency": "USD", "rate": rate} and reading.usd_rate == rate
