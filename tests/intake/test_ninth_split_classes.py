"""Classes the ninth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.practices import described, read_practices
from assistant.intake.reader import read
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("600 enquiries, 150 confirmed dates, 50 paid a deposit", {"leads": 600, "qualified": 150, "customers": 50}),
    ("spa có 5.000 người bấm vào xem, 300 người nhắn tin", {"visits": 5000, "leads": 300}),
    ("Sales were around 250 million VND in September", {"revenue": 250e6}),
    ("trung tâm có 200 phụ huynh hỏi, 80 bé làm bài kiểm tra đầu vào, 20 bé nhập học",
     {"leads": 200, "qualified": 80, "customers": 20}),
    ("phòng khám có 240 người nhắn, 60 người đến đánh giá, 35 người mua gói", {"leads": 240, "qualified": 60, "customers": 35}),
    ("Our goal is 60 bookings a month", {"target_customers": 60}),
    ("t12 tính đẩy ads lên 30tr + book 2 KOL tầm 8tr", {"planned_budget": 38e6}),
])
def test_words(message, expected):
    assert figures(message) == expected


def test_a_bare_number_among_named_ones_is_no_answer_to_the_question():
    assert figures("Last quarter 900 leads from ads, 45 people came out to see the land, 3 deals", asked="leads") == \
        {"leads": 900, "qualified": 45, "customers": 3}
    assert figures("Reach by week: 40k, 38k, 52k and 50k. 1,100 clicks, 60 orders", asked="leads") == \
        {"reach": 180000, "visits": 1100, "customers": 60}
    assert figures("khoảng 300", asked="leads") == {"leads": 300}  # alone, it still answers


def test_an_amount_that_explains_a_corrected_one_is_no_figure_of_its_own():
    found = read("à không, sửa lại chi phí là 28 triệu, lúc nãy quên tính 5 triệu booking KOL", known={"spend": 23e6}).findings
    assert [(f.field, f.value) for f in found] == [("spend", 28e6)]


def test_practices_and_descriptions():
    assert read_practices("Positioning, we don't have one really.") == {"positioning_defined": False}
    assert described("khách mục tiêu là mẹ bỉm sữa 25-35, mấy câu kia để sau nhé", answering=True) == \
        {"customer": "mẹ bỉm sữa 25-35"}
