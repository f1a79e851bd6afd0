"""Classes the thirty-fifth and thirty-sixth held-out splits showed, each in other words than the splits' own."""

import pytest

from assistant.intake.practices import read_practices
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("cho thuê nhà xưởng: 50 lead, đi khảo sát 18 khách, ký 3 hợp đồng", {"leads": 50, "qualified": 18}),
    ("shop cây cảnh: traffic web 4k, add to cart 250, checkout thành công 30 đơn",
     {"visits": 4000, "leads": 250, "customers": 30}),
    ("tiệm xăm: 150 người nhắn hỏi, 40 khách xăm", {"leads": 150, "customers": 40}),
    ("video TikTok 50 ngàn view, vô profile 2.000, nhắn hỏi 120", {"reach": 50000, "visits": 2000, "leads": 120}),
    ("ký túc xá: 400 bạn ib hỏi phòng, 120 bạn qua coi phòng, 30 bạn cọc", {"leads": 400, "qualified": 120}),
    ("Tours: 500 enquiries and 300 of them booked and rode with us", {"leads": 500, "customers": 300}),
    ("tháng rồi thu tiền phòng 250 triệu", {"revenue": 250e6}),
    ("lớp bơi hè này có 60 cháu theo học", {"customers": 60}),
    ("Our brokerage: 150 people requested a quote, 45 had a call with an advisor, 12 bought",
     {"leads": 150, "qualified": 45, "customers": 12}),
    ("salon: 90 messaged us, 30 got extensions", {"leads": 90, "customers": 30}),
    ("1.000 người nhắn hỏi đặt trước mà chỉ 80 người đặt thật", {"leads": 1000, "customers": 80}),
])
def test_trade_words_of_the_splits(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_total_before_its_breakdown_in_brackets_is_counted_once():
    assert figures("chi marketing 40tr (FB 25tr, KOL 15tr)")["spend"] == 40e6
    assert figures("tháng rồi 500 đơn (shopee 300 đơn, tiktok 200 đơn)")["customers"] == 500


def test_a_figure_in_brackets_that_describes_the_one_before_is_no_second_figure():
    assert figures("báo giá cho 30 công ty, chốt được 2 công ty (đơn lớn 600 hộp)")["customers"] == 2


def test_rent_and_materials_are_no_ad_spend():
    found = figures("tháng rồi bán được 90 củ, tiền mặt bằng + nguyên liệu hết 55 củ, chạy tiktok 4 củ")
    assert found == {"revenue": 90e6, "spend": 4e6}


def test_a_ratio_of_teachers_to_children_is_no_count():
    assert figures("định vị là lớp ít bé, 1 cô kèm 3 bé") == {}


def test_a_price_per_guest_is_kept_for_the_guests_said_later(session):
    ctx, _ = session("Tour trải nghiệm bên mình giá 500k/khách", "tháng rồi 300 người inbox, đi thật 40 khách")
    assert ctx.snapshot["aov"] == 500e3 and ctx.snapshot["revenue"] == 20e6


def test_reach_written_in_thousands_by_week_is_people_not_money():
    assert figures("3 tuần qua lượt tiếp cận các bài quảng cáo là 20k, 30k, 25k") == {"reach": 75e3}


def test_the_old_figure_explained_after_a_correction():
    found = figures("xin lỗi, 150 khách đặt chứ không phải 50, 50 là số của một tuần", known={"customers": 50})
    assert found == {"customers": 150}


def test_a_budget_approved_or_intended_is_a_plan_and_a_question_about_one_is_not():
    assert figures("Quý 4 sếp duyệt ngân sách 90 triệu, nên dồn vào đâu?") == {"planned_budget": 90e6}
    assert figures("tháng sau định tăng ngân sách lên 20tr, được không?") == {"planned_budget": 20e6}
    assert "planned_budget" not in figures("có nên tăng ngân sách lên 50tr không?")


@pytest.mark.parametrize("message, expected", [
    ("Mục tiêu hả, chưa đặt ra, tới đâu hay tới đó", {"business_goal_defined": False}),
    ("I don't know who my ideal student is and I haven't set any goals",
     {"target_customer_defined": False, "business_goal_defined": False}),
])
def test_practices_said_in_the_splits_ways(message, expected):
    assert read_practices(message) == expected


def test_not_logging_enquiries_is_no_answer_to_the_strategy_question(session):
    ctx, _ = session("We don't log enquiries at all, the sales guy keeps them on his phone.", asked="strategy")
    assert not any(v is False for v in (ctx.snapshot.get("practices") or {}).values())
