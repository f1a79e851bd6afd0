"""Phrasings real owners use: lists sharing one unit, rows by channel, explanations, words that look like stages."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # a list of numbers shares the unit written after the last one
    ("weekly ad spend last month was 6, 7, 5 and 8 million VND", {"spend": 26e6}),
    ("chi ads 4 tuần lần lượt 5, 6, 7 và 8 triệu", {"spend": 26e6}),
    # a channel that opens a row holds for every figure of the row
    ("Shopee 42.000 lượt truy cập, 900 đơn; TikTok Shop 18.000 lượt xem sản phẩm, 300 đơn",
     {"visits": 60_000, "customers": 1200}),
    # "vì …" explains; its words are not the figure's ("cả" = also, not "ca" = a procedure)
    ("tin nhắn thực tế là 2.300 vì có cả tin nhắn zalo", {"leads": 2300}),
    ("spa làm được 40 ca tháng rồi", {"customers": 40}),
    # a unit word that starts a longer stage phrase: "buổi" alone is a session, "buổi hẹn gặp" a meeting
    ("quý trước có 120 lead, 30 buổi hẹn gặp, ký 5 hợp đồng", {"leads": 120, "qualified": 30, "customers": 5}),
    ("khóa 30 buổi, 20 học viên đăng ký học", {"customers": 20}),
    ("doanh nghiệp 20-200 nhân viên, 40 khách hỏi", {"leads": 40}),
    # boosting posts is spending
    ("mỗi tháng bỏ khoảng 3 triệu để đẩy bài", {"spend": 3e6}),
    # the price of one sale is the average order value; a cost per message is no figure of the funnel
    ("giá trung bình 25 triệu một ca, 12 ca cấy implant", {"aov": 25e6, "customers": 12}),
    ("học phí 9 triệu một khóa", {"aov": 9e6}),
    ("giá ads 18k một tin nhắn", {}),
    # owners' words for stages
    ("60 parents left their phone number, 20 came to a trial class", {"leads": 60, "qualified": 20}),
    ("9,000 visitors to our site, 270 free-trial sign-ups", {"visits": 9000, "leads": 270}),
])
def test_what_owners_write_is_read_as_they_mean_it(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, tracked", [
    ("không theo dõi tin nhắn hay đơn gì cả", False),
    ("ngoài ra không đếm tin nhắn hay đơn gì cả", False),
    ("em không đếm tin nhắn, chỉ nhớ số đơn thôi", None),  # orders are counted: not "tracks nothing"
])
def test_tracking_nothing_at_all_is_read_not_tracking_one_count(message, tracked):
    from assistant.intake.reader import read_practices
    assert read_practices(message).get("kpis_tracked") is tracked
