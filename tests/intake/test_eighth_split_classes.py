"""Classes the eighth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.engine.offline.intents import rule_intent
from assistant.intake.practices import read_practices
from assistant.intake.reader import read
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("2.000 people visited our booking page, 180 enquired, 60 booked and paid",
     {"visits": 2000, "leads": 180, "customers": 60}),
    ("700 khách nhắn hỏi tour, 90 khách lên văn phòng tư vấn, 14 khách đặt cọc", {"leads": 700, "qualified": 90, "customers": 14}),
    ("50 couples asking for a quote, 20 came to a consultation meeting, 7 booked a package",
     {"leads": 50, "qualified": 20, "customers": 7}),
    ("we ran 35 demos and signed 8 salons", {"qualified": 35, "customers": 8}),
])
def test_stage_words(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, known, field", [
    ("thôi bỏ số 20 triệu đi em, đó là của cả quý", {"spend": 20e6, "leads": 400}, "spend"),
    ("drop the 3,000 please, I'm not sure of it", {"visits": 3000, "customers": 40}, "visits"),
])
def test_a_figure_dropped_by_its_value(message, known, field):
    assert [(f.field, f.removed) for f in read(message, known=known).findings] == [(field, True)]


@pytest.mark.parametrize("message, expected", [
    ("target customer? honestly anyone with a wedding. positioning, nothing special", 
     {"target_customer_defined": False, "positioning_defined": False}),
    ("Target customer and positioning? Never really defined them, we take any shop that calls.",
     {"target_customer_defined": False, "positioning_defined": False}),
    ("Mục tiêu thì chưa có bao giờ, cũng chưa nghĩ phục vụ ai, định vị gì cả",
     {"business_goal_defined": False, "target_customer_defined": False, "positioning_defined": False}),
    ("chưa có định vị, khách hàng mục tiêu thì chưa rõ", {"positioning_defined": False, "target_customer_defined": False}),
])
def test_answers_after_the_practice_is_asked_back(message, expected):
    assert read_practices(message) == expected


@pytest.mark.parametrize("message", ["tháng rồi 300 khách tới làm, mình không có báo cáo gì, nên bắt đầu từ đâu?",
                                     "we make the sale, there is no report at all, where do I start?"])
def test_a_report_said_missing_is_no_request_for_one(message):
    assert rule_intent(message) != "report"
