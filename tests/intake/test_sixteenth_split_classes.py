"""Classes the sixteenth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.intake.practices import read_practices
from assistant.intake.reader import read, read_industry
from tests.intake.conftest import figures

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.mark.parametrize("message, span", [
    ("KPI năm nay của sếp là 1 tỷ/tháng", "month"),
    ("target this year: 80 orders/month", "month"),
    ("mục tiêu 12 tỷ/năm", "year"),
])
def test_a_rate_written_on_the_goal_says_how_long_it_covers(message, span):
    [goal] = read(message).findings
    assert goal.kind == "target" and goal.span == span


@pytest.mark.parametrize("message, not_industry", [
    ("Bên mình bảo trì máy lạnh cho các nhà hàng, quán cafe ở Q1", "fnb"),
    ("We do the bookkeeping for dental clinics and spas", "health"),
    ("Xưởng in tem nhãn, khách là các shop thời trang online", "retail"),
])
def test_the_trade_an_owner_serves_is_not_their_own(message, not_industry):
    assert read_industry(message, KNOWLEDGE) != not_industry


@pytest.mark.parametrize("message, industry", [
    ("Spa cho mẹ bầu ở Thủ Đức", "health"),
    ("I run Facebook ads for my dental clinic", "health"),
    ("Nhà trẻ tư thục ở Gò Vấp", "education"),
])
def test_the_owners_own_trade_is_still_read(message, industry):
    assert read_industry(message, KNOWLEDGE) == industry


@pytest.mark.parametrize("message, expected", [
    ("Tiệm mình cũng chưa nghĩ ra mình khác tiệm khác chỗ nào", {"positioning_defined": False}),
    ("Còn mục tiêu chi thì chưa đặt, bán được tới đâu hay tới nấy", {"business_goal_defined": False}),
    ("Our target is 50 orders a week.", {}),
    ("Our target is office workers nearby.", {"target_customer_defined": True}),
])
def test_practices_said_in_other_words(message, expected):
    assert read_practices(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("khách đến hát là 150 phòng, 400 tin nhắn đặt phòng", {"customers": 150, "leads": 400}),
    ("900 started their free trial and 40 upgraded to premium", {"leads": 900, "customers": 40}),
    ("45 calls and 120 messages, 20 sales", {"leads": 165, "customers": 20}),
    ("30 bought a 12-session package", {"customers": 30}),
    ("tư vấn 1:1 được 25 khách, 9 khách ký", {"qualified": 25, "customers": 9}),
    ("150 người nhắn, 60 người tới cửa hàng thử, 20 người mua", {"leads": 150, "qualified": 60, "customers": 20}),
    ("300 người đăng ký livestream, 120 người vào xem webinar, 15 người mua khóa",
     {"leads": 300, "qualified": 120, "customers": 15}),
    ("định vị là lớp 6 học viên, kèm sát từng bạn", {}),
])
def test_figures_of_the_split_in_other_words(message, expected):
    assert {k: v for k, v in figures(message).items() if k != "revenue"} == expected


@pytest.mark.parametrize("message, expected", [
    ("Anh có 25 triệu cho marketing, nên phân bổ thế nào?", {"planned_budget": 25e6}),
    ("I have 40 million for ads - where should I spend it?", {"planned_budget": 40e6}),
    ("tháng rồi chi 30 triệu, giờ nên phân bổ thế nào?", {"spend": 30e6}),
    ("Quý sau dự kiến 90 triệu (quý này chi 60 triệu)", {"planned_budget": 90e6, "spend": 60e6}),
])
def test_money_still_to_spend_is_a_plan_and_a_bracket_keeps_its_own_time(message, expected):
    assert figures(message) == expected


def test_a_forgotten_item_explains_the_corrected_figure():
    assert figures("À nhầm, 15 đơn chứ, em quên mất 3 đơn ship COD", known={"customers": 12}) == {"customers": 15}


def test_a_run_under_its_heading_is_not_the_answer_to_the_question_asked():
    assert figures("Demo bookings by week: 5, 7, 6 and 9", asked="leads") == {"qualified": 27}


def test_a_school_that_takes_children_has_enrolled_them():
    found = {f.field: f.value for f in read("đợt này 180 phụ huynh hỏi, nhận được 60 bé", industry="education").findings}
    assert found == {"leads": 180, "customers": 60}


def test_one_channel_of_a_sum_corrected_changes_the_total(session):
    ctx, _ = session("tin nhắn tháng này: Facebook 200, Zalo 100, TikTok 50",
                     "à nhầm, Zalo là 150 chứ không phải 100")
    assert ctx.snapshot["funnel"]["leads"] == 400
    assert ctx.snapshot["channels"]["zalo"]["leads"] == 150


def test_a_rate_stated_later_converts_the_earlier_dollars_again_and_shows_them(session):
    ctx, found = session("Last month I spent $500 on ads and made $3,000.", "Please use 26,000 VND per dollar.")
    assert ctx.snapshot["spend"] == 13_000_000 and ctx.snapshot["revenue"] == 78_000_000
    assert {f.field for f in found} >= {"spend", "revenue"}  # changed figures are shown back
