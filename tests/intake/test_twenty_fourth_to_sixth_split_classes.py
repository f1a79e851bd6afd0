"""Classes the twenty-fourth to twenty-sixth held-out splits showed, each in other words than the splits' own."""

import pytest

from assistant.intake.practices import read_practices
from assistant.intake.untracked import counts_untracked
from tests.intake.conftest import figures


def test_weekly_rows_with_a_unit_said_only_on_the_first_ones_are_summed():
    found = figures("khách gọi hỏi theo tuần, tháng 10: tuần 1 30 cuộc, tuần 2 25 cuộc, tuần 3 41, tuần 4 22")
    assert found == {"leads": 118}


@pytest.mark.parametrize("message, expected", [
    ("tiệm sửa laptop tháng rồi 300 tin nhắn, 90 khách mang máy tới kiểm tra, 52 máy sửa xong",
     {"leads": 300, "qualified": 90}),
    ("Bike shop: 220 DMs, 60 brought their bikes in for a check, 41 repairs", {"leads": 220, "customers": 41}),
    ("showroom ô tô tháng rồi 150 data, 35 khách lái thử, chốt 5 xe", {"leads": 150, "qualified": 35, "customers": 5}),
    ("We make custom labels: 60 RFQs, 22 samples approved, 7 orders.", {"leads": 60, "qualified": 22, "customers": 7}),
    ("tiệm may vest tháng rồi 80 khách nhắn, 30 khách tới đo, 18 khách đặt may",
     {"leads": 80, "qualified": 30, "customers": 18}),
    ("phòng khám đông y 300 người hỏi, 60 người tới bắt mạch, 45 người lấy thuốc",
     {"leads": 300, "qualified": 60, "customers": 45}),
    ("Revenue was 900 million from 15 projects.", {"revenue": 900e6, "customers": 15}),
    ("công ty du lịch nhận 120 yêu cầu, gặp khách tư vấn 30 lần, ký 8 tour", {"leads": 120, "qualified": 30}),
])
def test_trade_words_of_the_splits(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_count_that_did_two_steps_joined_by_and_reached_the_later_one():
    assert figures("200 người nhắn, 60 người đến khám và lấy thuốc")["customers"] == 60
    assert figures("we ran 20 demos and signed 4")["qualified"] == 20  # two counts: each keeps its own


def test_a_sign_up_after_a_trial_is_the_enrolment():
    assert figures("lớp võ tháng rồi 90 người hỏi, 25 người tới tập thử, 12 người đăng ký") == {
        "leads": 90, "qualified": 25, "customers": 12}


def test_a_correction_inside_a_list_takes_back_the_figure_before_it():
    found = figures("300 khách inbox, 45 khách đặt lịch, à nhầm, 54 khách đặt lịch mới đúng, 20 khách làm")
    assert found["qualified"] == 54


def test_a_bouquet_is_not_bo_and_each_customer_pays_an_average():
    assert figures("bán 120 bó, giá bó tb 450k")["aov"] == 450e3
    assert figures("gia tb moi khach tra 2tr2")["aov"] == 2.2e6


def test_a_goal_written_mt_is_a_target():
    assert figures("mt t12 là 400 đơn mà mới có 250 đơn")["target_customers"] == 400


def test_an_industrys_word_keeps_the_sale_said_beside_it(session):
    ctx, _ = session("homestay tháng rồi 400 tin nhắn, chốt được 80 booking")
    assert ctx.snapshot["funnel"]["customers"] == 80


@pytest.mark.parametrize("message, expected", [
    ("khách mục tiêu thì ai thuê cũng được, định vị chưa nghĩ tới",
     {"target_customer_defined": False, "positioning_defined": False}),
    ("muc tieu kd chua co", {"business_goal_defined": False}),
    ("quán mình không có gì khác mấy quán xung quanh", {"positioning_defined": False}),
    ("Honestly we never decided who our clients are", {"target_customer_defined": False}),
])
def test_practices_said_in_the_splits_ways(message, expected):
    assert read_practices(message) == expected


def test_not_being_versed_is_no_answer(session):
    ctx, _ = session("200 tin nhắn, 20 đơn", "khách mục tiêu với định vị chị không rành lắm, cứ chẩn đoán đi",
                     asked="strategy")
    practices = ctx.snapshot.get("practices") or {}
    assert practices.get("target_customer_defined") is None and practices.get("positioning_defined") is None


def test_enquiries_not_followed_are_counts_untracked():
    assert counts_untracked("Số công ty hỏi với ứng viên thì bọn mình không theo dõi.")
