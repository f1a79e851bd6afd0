"""Reading figures and practices out of owners' free text, and when the intake diagnoses."""

import pytest

from assistant.contracts import TurnContext
from assistant.core.config import PROJECT_ROOT
from assistant.engine.offline import flow
from assistant.intake.reader import read_figures, read_industry, read_practices


def figures(message: str, asked=None) -> dict:
    return {f.field: f.value for f in read_figures(message, asked)}


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn",
     {"spend": 30_000_000, "leads": 1500, "customers": 12}),
    ("tiếp cận 400 nghìn người, doanh thu 300 triệu, mục tiêu 600 triệu",
     {"reach": 400_000, "revenue": 300_000_000, "target_revenue": 600_000_000}),
    ("mục tiêu doanh thu 1 tỷ", {"target_revenue": 1_000_000_000}),
    ("Spa mình tháng trước có 2.000 lượt truy cập web, 80 người để lại số, 10 khách đến làm dịch vụ",
     {"visits": 2000, "leads": 80, "customers": 10}),
    ("thang roi chay ads het 20tr, duoc 900 tin nhan, chot 30 don",
     {"spend": 20_000_000, "leads": 900, "customers": 30}),
    ("last month we spent 20 million on ads, got 800 messages and 25 orders",
     {"spend": 20_000_000, "leads": 800, "customers": 25}),
    ("khách là dân văn phòng 25-35 tuổi, bán từ tháng 10", {}),
    ("chi 40 triệu quảng cáo, có 800 người nhắn tin, 90 người đăng ký học thử, 20 học viên đóng phí",
     {"spend": 40_000_000, "leads": 800, "qualified": 90, "customers": 20}),
    ("phòng khám có 300 tin nhắn, 60 người đặt lịch khám, 25 người thanh toán liệu trình",
     {"leads": 300, "qualified": 60, "customers": 25}),
    ("nha khoa chi 25 triệu, 400 tin nhắn, 60 người đặt lịch khám, 35 người làm dịch vụ",
     {"spend": 25_000_000, "leads": 400, "qualified": 60, "customers": 35}),
])
def test_figures_map_to_the_stage_the_words_around_them_name(message, expected):
    assert figures(message) == pytest.approx(expected)


def test_a_bare_number_answers_the_question_just_asked():
    assert figures("khoảng 300", asked="leads") == {"leads": 300}
    assert figures("khoảng 300") == {}


@pytest.mark.parametrize("message, expected", [
    ("chưa có định vị, khách hàng mục tiêu thì chưa rõ",
     {"positioning_defined": False, "target_customer_defined": False}),
    ("bên mình không theo dõi KPI nào cả", {"kpis_tracked": False}),
    ("có CRM rồi, định vị là hàng handmade cao cấp", {"crm": True, "positioning_defined": True}),
])
def test_practices_carry_their_polarity(message, expected):
    assert read_practices(message) == expected


@pytest.mark.parametrize("message, industry", [
    ("mình mở spa ở quận 3", "health"), ("trung tâm tiếng Anh cho trẻ em", "education"),
    ("phong kham nha khoa", "health"), ("quán trà sữa", "fnb"), ("we sell B2B software", "b2b_services"),
])
def test_industry_words_name_a_benchmark_industry(message, industry):
    assert read_industry(message, PROJECT_ROOT / "knowledge") == industry


def _ctx(**snapshot) -> TurnContext:
    ctx = TurnContext(session_id="s")
    ctx.snapshot.update(snapshot)
    return ctx


def test_the_next_question_is_the_most_useful_missing_piece_and_never_repeats_a_declined_one():
    ctx = _ctx(funnel={"leads": 1500})
    assert flow.next_slot(ctx) == "customers"
    ctx.intake["declined"] = ["customers"]
    assert flow.next_slot(ctx) == "top"
    ctx.snapshot["funnel"]["reach"] = 100_000
    assert flow.next_slot(ctx) == "spend"


def test_ready_when_two_counts_are_known_or_strategy_is_missing():
    assert flow.ready(_ctx(funnel={"leads": 1500, "customers": 12}, spend=30e6))  # a verdict; strategy asked beside it
    assert flow.ready(_ctx(funnel={"visits": 20_000, "leads": 700}))  # the bottleneck is in the counts; money adds economics
    assert not flow.ready(_ctx(funnel={"leads": 1500}, spend=30e6))  # one count: ask for the next
    assert flow.ready(_ctx(practices={"target_customer_defined": False, "positioning_defined": False}))
    assert flow.ready(_ctx(practices={"kpis_tracked": False}))


def test_addresses_are_not_figures():
    assert figures("Spa của mình ở quận 3, đường số 7", asked="leads") == {}


@pytest.mark.parametrize("message, expected", [
    ("page có 3k inbox mà chỉ chốt được 80 đơn", {"leads": 3000, "customers": 80}),
    ("budget 500k/ngày", {"spend": 15_000_000}),
    ("bọn mình chi khoảng 2 triệu rưỡi mỗi ngày cho ads", {"spend": 75_000_000}),
])
def test_shorthand_counts_and_daily_budgets(message, expected):
    assert figures(message) == pytest.approx(expected)
