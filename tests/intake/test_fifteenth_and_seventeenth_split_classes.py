"""Classes the fifteenth and seventeenth held-out splits showed, each in other words than the splits' own."""

import pytest

from assistant.intake.practices import read_practices
from assistant.intake.reader import read
from assistant.intake.untracked import counts_untracked
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # an emoji ends what was said: the next clause's repeat word is not this number's
    ("đặt lịch 40 ng mà đến làm được 12 ng 😢 khách cũ quay lại 5 ng", {"qualified": 40, "customers": 12, "repeat_customers": 5}),
    # a counted noun, then the verb, decides; not the stage word nearer on the left
    ("trong 500 tin nhắn có 70 người đặt lịch, 30 người tới làm", {"leads": 500, "qualified": 70, "customers": 30}),
    # "cộng lại" is a total, not a clause cut
    ("lượt vào shop 3 sàn cộng lại 18.000, ra 90 đơn", {"visits": 18000, "customers": 90}),
    ("garage: 60 người nhắn, 25 người đưa xe tới sửa", {"leads": 60, "customers": 25}),
    ("80 people messaged, 55 of them dropped off their laundry", {"leads": 80, "customers": 55}),
    ("3,000 people tapped the ad, 400 installed the app, 60 bought the annual plan",
     {"visits": 3000, "leads": 400, "customers": 60}),
    ("200 leads, 40 site surveys, 8 contracts", {"leads": 200, "qualified": 40, "customers": 8}),
    ("120 cặp nhắn hỏi, 40 cặp tới thử đồ, 11 cặp thuê", {"leads": 120, "qualified": 40}),
    ("quảng cáo về 500 lead, nhưng chỉ 60 lead là đạt chuẩn", {"leads": 500, "qualified": 60}),
    ("tiếp cận 90.000 người, 1.800 lượt nhấp, 200 tin nhắn", {"reach": 90000, "visits": 1800, "leads": 200}),
    ("60 doanh nghiệp hỏi, 25 doanh nghiệp đủ điều kiện (có hàng hằng tuần)", {"leads": 60, "qualified": 25}),
])
def test_readings_of_the_splits(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, spend", [
    ("Chạy quảng cáo 3 tuần, mỗi tuần 4 triệu.", 12e6),
    ("Quảng cáo mỗi ngày 200k, chạy 10 ngày", 2e6),
])
def test_the_number_of_weeks_or_days_said_is_used_not_an_assumed_month(message, spend):
    [f] = read(message).findings
    assert f.field == "spend" and f.value == spend and not f.estimated


@pytest.mark.parametrize("message, expected", [
    ("Tháng sau em tính bỏ 15 triệu chạy quảng cáo", {"planned_budget": 15e6}),
    ("học phí 1 khóa 6tr5, 20 học viên", {"aov": 6.5e6, "customers": 20}),
    ("The course fee is 9 million VND and 12 students enrolled", {"aov": 9e6, "customers": 12}),
])
def test_money_put_in_and_fees(message, expected):
    assert {k: v for k, v in figures(message).items() if k != "revenue"} == expected


def test_a_held_figure_pointed_back_to_is_not_read_again():
    assert figures("Trong 45 lịch hẹn đó có 20 khách làm dịch vụ", known={"qualified": 45, "leads": 300}) == \
        {"customers": 20}


def test_a_trial_sign_up_is_the_lead_when_no_lead_is_named_and_the_step_after_messages():
    assert figures("tháng rồi 80 người đăng ký tập thử, 30 người mua gói") == {"leads": 80, "customers": 30}
    assert figures("200 tin nhắn, 80 người đăng ký tập thử, 30 người mua gói") == \
        {"leads": 200, "qualified": 80, "customers": 30}


@pytest.mark.parametrize("message", ["khách từ quảng cáo tới thì tui không biết mô mà đếm",
                                     "khách từ ads thì em cũng không biết đâu mà đếm"])
def test_central_and_northern_ways_of_not_counting(message):
    assert counts_untracked(message)


@pytest.mark.parametrize("message, expected", [
    ("Honestly I never defined who my customers are.", {"target_customer_defined": False}),
    ("We haven't worked out who we're for yet.", {"target_customer_defined": False}),
])
def test_who_the_business_is_for(message, expected):
    assert read_practices(message) == expected


def test_one_row_of_weekly_rows_corrected_changes_the_total(session):
    ctx, found = session("Enquiries per week last month: 40, 55, 61, 44.", "Sorry, week 3 was 66, not 61.")
    assert ctx.snapshot["funnel"]["leads"] == 205
    assert found and found[0].value == 205  # shown back
