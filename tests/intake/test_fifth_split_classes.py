"""Classes the fifth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import read_practices
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # a count noun ("ca", "xe") names nothing: the verb after it does
    ("tháng 9 có 210 ca tới khám, làm được 70 ca", {"qualified": 210, "customers": 70}),
    ("tiệm có 430 xe tới rửa, 51 xe quay lại lần 2", {"customers": 430, "repeat_customers": 51}),
    ("gara nhận 200 cuộc gọi, 90 xe vào kiểm tra, 60 xe làm", {"leads": 200, "qualified": 90, "customers": 60}),
    # membership, rentals, print orders, confirmed bookings, retainers are sales
    ("phòng gym có 300 người nhắn, 40 người đăng ký thẻ 6 tháng", {"leads": 300, "customers": 40}),
    ("We had 800 enquiries and 95 rentals in September", {"leads": 800, "customers": 95}),
    ("xưởng in nhận 150 khách hỏi giá, 33 khách đặt in", {"leads": 150, "customers": 33}),
    ("Resort: 620 inquiries, 140 confirmed bookings", {"leads": 620, "customers": 140}),
    # a closing verb before a booking makes it a sale; before an appointment it does not
    ("homestay tháng rồi 400 tin nhắn, chốt được 85 booking", {"leads": 400, "customers": 85}),
    ("spa chốt được 60 lịch hẹn, 25 khách làm liệu trình", {"qualified": 60, "customers": 25}),
    # B2B and real-estate steps
    ("Q2: 90 inbound leads, 28 discovery calls, 6 clients signed", {"leads": 90, "qualified": 28, "customers": 6}),
    ("300 people requested a quote, 70 went on site visits, 4 bought", {"leads": 300, "qualified": 70, "customers": 4}),
    ("120 signups asked for a demo, 45 attended the demo, 9 paid", {"leads": 120, "qualified": 45, "customers": 9}),
    ("được tư vấn 48 khách, ký mới 15 khách", {"qualified": 48, "customers": 15}),
    ("nails: 260 DMs, 110 came in for a pedicure", {"leads": 260, "customers": 110}),
])
def test_stage_words_by_trade(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # "+" joins names without cutting the clause; between amounts it still adds
    ("doanh thu 300tr, phí quảng cáo shopee + lazada tổng 26tr", {"revenue": 300e6, "spend": 26e6}),
    ("chạy ads 12tr + 3tr seeding, doanh số 90tr", {"spend": 15e6, "revenue": 90e6}),
    ("ad fb 9tr, ds 140tr", {"spend": 9e6, "revenue": 140e6}),
    ("ads 3 sàn tổng 40tr, dt 260tr", {"spend": 40e6, "revenue": 260e6}),
    # a heading names the counts of the run after it, whatever "Ads" the channel's name holds
    ("Tin nhắn tháng 8: Facebook Ads 210, Zalo 90, TikTok Ads 60", {"leads": 360}),
    # a figure in brackets keeps its own time
    ("We plan to put 80 million into ads next month (this month it was 55 million)",
     {"planned_budget": 80e6, "spend": 55e6}),
    ("Goal for Q1 is 30 new accounts", {"target_customers": 30}),
    # what was reached after a target is no target
    ("KPI tháng của tụi mình là 120 học viên mà mới được 70, buồn ghê", {"target_customers": 120, "customers": 70}),
    ("We'd love to get to 150 bookings a month", {"target_customers": 150}),  # a goal in bookings is one in sales
    # a price per customer is the average order value
    ("Gói chụp cưới trung bình 18 triệu/khách", {"aov": 18e6}),
    # not counts: what the business has, ages, durations
    ("We run 3 homestays and 2 villas in Sapa", {}),
    ("Our clients are mostly in their 40s", {}),
    ("định vị: gói 45-phút cho dân văn phòng", {}),
    ("a 90-minute deep-tissue massage for office workers", {}),
    # "sang tháng sau" is a time that happened
    ("tháng 5 có 300 khách, sang tháng sau chỉ 20 khách quay lại", {"customers": 300, "repeat_customers": 20}),
])
def test_money_lists_times_and_non_counts(message, expected):
    assert figures(message) == expected


def test_a_booking_is_a_sale_at_a_lodging_business():
    from assistant.intake.reader import read

    found = read("Our goal is 120 bookings a month", industry="lodging").findings
    assert [(f.field, f.value) for f in found] == [("target_customers", 120)]


def test_a_list_answer_follows_its_channels_not_the_question_asked():
    assert figures("lượt vào gian hàng shopee 20k, lazada 6k. đơn shopee 400, lazada 90", asked="leads") == \
        {"visits": 26000, "customers": 490}


@pytest.mark.parametrize("message, expected", [
    ("There's nothing that sets us apart, honestly", {"positioning_defined": False}),
    ("mục tiêu doanh số thì chưa đặt ra, được bao nhiêu hay bấy nhiêu", {"business_goal_defined": False}),
    ("We never set a sales target", {"business_goal_defined": False}),
])
def test_practices_said_missing(message, expected):
    assert read_practices(message) == expected


def test_dropping_a_count_named_by_its_noun():
    from assistant.intake.reader import read

    found = read("bỏ số xe vào kiểm tra đi em").findings
    assert [(f.field, f.removed) for f in found] == [("qualified", True)]
