"""Stage words in the forms owners use: showrooms, trial lessons, demos, repeat buyers, targets; scores are no counts."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi 420 khách nhắn hỏi giá, 38 khách đến showroom, 15 khách đặt đóng đồ",
     {"leads": 420, "qualified": 38, "customers": 15}),
    ("thang roi 420 khach nhan hoi gia, 38 khach den xem noi that, 15 khach dat dong do",
     {"leads": 420, "qualified": 38, "customers": 15}),
    ("tháng 9 có 260 phụ huynh và học sinh để lại số, 75 bạn đến học thử, 9 bạn đóng học phí",
     {"leads": 260, "qualified": 75, "customers": 9}),
    ("thang 9 co 260 phu huynh va hoc sinh de lai so, 75 ban den test dau vao, 9 ban dong hoc phi",
     {"leads": 260, "qualified": 75, "customers": 9}),
    # a sign-up before an attendance is the lead (no other lead named): 64 signed up, 41 took the test
    ("đăng ký học thử 64, test đầu vào 41, đóng học phí 11", {"leads": 64, "qualified": 41, "customers": 11}),
    ("Last quarter: 70 demo requests, 18 demos held, 4 deals closed",
     {"leads": 70, "qualified": 18, "customers": 4}),
    ("We got 120 inbound leads and 30 demos booked", {"leads": 120, "qualified": 30}),
    ("Last month 1,100 leads, 140 people came to see the show flat, 5 contracts signed",
     {"leads": 1100, "qualified": 140, "customers": 5}),
])
def test_each_stage_is_read_from_the_words_beside_the_count(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message", ["khóa trước 90 bé đăng ký học, 22 bé học tiếp khóa sau",
                                     "khoa truoc 90 be dang ky hoc, 22 be hoc tiep khoa sau",
                                     "90 khách mua, 22 khách quay lại mua lần 2",
                                     "90 orders, 22 customers bought again"])
def test_repeat_buyers(message):
    assert figures(message) == {"customers": 90, "repeat_customers": 22}


@pytest.mark.parametrize("message", ["mục tiêu 18 khách/quý", "muc tieu 18 khach doanh nghiep quy toi",
                                     "target 18 new clients next quarter", "our goal is 18 clients/quarter"])
def test_a_target_count_fills_target_customers(message):
    assert figures(message) == {"target_customers": 18}


def test_figures_in_an_evasive_answer_to_the_strategy_question_still_count(session):
    ctx, _ = session("Quán cà phê tháng rồi chi 7 triệu, 380 tin nhắn")
    ctx.intake["asked"] = "strategy"
    from assistant.core.config import PROJECT_ROOT
    from assistant.intake.absorb import absorb
    absorb(ctx, "chiến lược thì mình chưa rõ, nhưng tháng rồi 55 khách mua", PROJECT_ROOT / "knowledge")
    assert ctx.snapshot["funnel"] == {"leads": 380, "customers": 55}


@pytest.mark.parametrize("message, expected", [
    ("khách mục tiêu là sinh viên cần IELTS 6.5 để tốt nghiệp", {}),
    ("khach muc tieu la sinh vien can ielts 7 de du hoc, thang roi 150 lead", {"leads": 150}),
    ("mục tiêu tỷ lệ chốt 6.5% và 30 khách", {"target_customers": 30}),
    ("target close rate 6.5% and 25 new clients", {"target_customers": 25}),
    ("tỷ lệ chốt 6.5", {}),
])
def test_a_score_or_a_percentage_is_never_a_count(message, expected):
    assert figures(message) == expected
