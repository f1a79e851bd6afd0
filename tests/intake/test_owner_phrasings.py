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
    # a row's label is no range: "tuần 1 - 20 đơn" is week 1's 20 orders, not "1 to 20"
    ("tuần 1 - 20 đơn, tuần 2 - 25 đơn", {"customers": 45}),
    ("200-300 tin nhắn", {"leads": 250}),  # a range stays a range
    # a phrase may hold "and" itself
    ("700 people messaged us, 60 booked a service slot and 45 came in and paid",
     {"leads": 700, "qualified": 60, "customers": 45}),
    ("150 sent a DM asking for prices, and only 3 guests actually booked and paid", {"leads": 150, "customers": 3}),
    # rent and salaries are no marketing spend, and not the neighbour's figure either
    ("dt 142tr, chi ads 12tr, tien mat bang 25tr", {"revenue": 142e6, "spend": 12e6}),
    ("chi ads 5tr, mat bang 10tr, luong nhan vien 20tr", {"spend": 5e6}),
    # what a contract brought in is revenue
    ("spent 200 million VND on marketing this quarter and closed 5.5 billion in contracts",
     {"spend": 200e6, "revenue": 5.5e9}),
    ("1,000 clicked through to our menu page, 180 people sent an order request through the form",
     {"visits": 1000, "leads": 180}),
    ("1,200 leads from Facebook, 80 went to see the land and 4 paid a deposit",
     {"leads": 1200, "qualified": 80, "customers": 4}),
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


def test_not_knowing_who_the_customer_is_and_having_no_positioning_are_two_missing_practices():
    from assistant.intake.reader import read_practices
    said = read_practices("Thật ra mình chưa rõ khách là ai, định vị cũng chưa có.")
    assert said == {"target_customer_defined": False, "positioning_defined": False}
