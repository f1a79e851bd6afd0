"""Words whose stage depends on the business, "tổng cộng" totals, trial sign-ups, and answers that are no answers."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # a cafe's or restaurant's guest who came in has bought
    ("Our coffee shop: 900 messages last month and 310 people came in, spent 6 million dong",
     {"leads": 900, "customers": 310, "spend": 6e6}),
    ("quán cà phê của mình tháng rồi có 500 tin nhắn, 200 khách đến quán", {"leads": 500, "customers": 200}),
    ("quan tra sua minh co 640 tin nhan, 410 khach ghe quan", {"leads": 640, "customers": 410}),
    # a clinic's patient who came in has only consulted
    ("Our dental clinic got 300 messages and 60 people came in for a consultation, 20 started treatment",
     {"leads": 300, "qualified": 60, "customers": 20}),
    ("spa mình có 300 tin nhắn, 80 khách đến trải nghiệm, 25 khách mua liệu trình",
     {"leads": 300, "qualified": 80, "customers": 25}),
])
def test_a_stage_word_is_read_as_the_business_means_it(session, message, expected):
    ctx, found = session(message)
    assert {f.field: f.value for f in found} == expected


def test_an_industry_said_earlier_decides_a_later_message(session):
    ctx, found = session("We run a small ramen restaurant.", "Last month 420 enquiries, 150 came in")
    assert {f.field: f.value for f in found} == {"leads": 420, "customers": 150}


@pytest.mark.parametrize("message, expected", [
    ("tiếp cận tổng cộng 300 nghìn người, 90 tin nhắn", {"reach": 300_000, "leads": 90}),
    ("chi tổng cộng 12 triệu, tổng cộng 40 đơn", {"spend": 12e6, "customers": 40}),
    ("chạy fb 5tr cộng tiktok 3tr", {"spend": 8e6}),  # "cộng" still adds line items
])
def test_tong_cong_is_a_total_and_cong_still_adds(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("90 trial sign-ups, 4 paying customers", {"leads": 90, "customers": 4}),
    ("120 free trial signups and 15 became paying", {"leads": 120, "customers": 15}),
    ("phần mềm của mình có 75 đăng ký dùng thử, 9 khách trả phí", {"leads": 75, "customers": 9}),
])
def test_trial_sign_ups_are_leads_not_qualified(message, expected):
    assert figures(message) == expected


def test_a_correction_that_starts_with_khong_is_no_answer_to_the_strategy_question(session):
    ctx, _ = session("à không, doanh thu 180 triệu chứ không phải 280", asked="strategy",
                     snapshot={"revenue": 280e6})
    assert ctx.snapshot["revenue"] == 180e6
    assert all(v is None for v in (ctx.snapshot.get("practices") or {}).values())  # unknown, not "no"


def test_an_owner_who_describes_their_customer_has_defined_it_asked_or_not(session):
    ctx, _ = session("khách của mình là người ăn chay và dân văn phòng thích ăn healthy, định vị buffet chay giá rẻ")
    practices = ctx.snapshot["practices"]
    assert practices["target_customer_defined"] is True and practices["positioning_defined"] is True
    assert "ăn chay" in ctx.snapshot["business"]["customer"]
