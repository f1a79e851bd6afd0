"""Classes the fourteenth held-out split showed, each in other words than the split's own."""

import pytest

from assistant.intake.untracked import counts_untracked
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # a number written with a thousands separator after a date word is a count, never a year
    ("Last month 2,000 customers bought from the site.", {"customers": 2000}),
    ("This quarter 1,950 people messaged us", {"leads": 1950}),
    ("tháng rồi 2.000 lượt truy cập, 60 đơn", {"visits": 2000, "customers": 60}),
])
def test_a_count_after_a_date_word_is_no_year(message, expected):
    assert figures(message) == expected


def test_a_year_after_a_date_word_is_still_no_figure():
    assert figures("năm 2025 shop có 300 đơn") == {"customers": 300}


@pytest.mark.parametrize("message, expected", [
    ("Last month 600 enquiries and 15 sales. Is 15 out of 600 bad?", {"leads": 600, "customers": 15}),
    ("tháng rồi 400 tin nhắn, 36 đơn. 36 đơn trên 400 tin là ổn không?", {"leads": 400, "customers": 36}),
])
def test_a_figure_repeated_in_a_question_is_not_read_again(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("12,000 people saw our ads, 400 clicked and 30 booked a table", {"reach": 12000, "visits": 400}),
    ("bài ghim tiếp cận 80.000 người, 2.400 người bấm xem menu", {"reach": 80000, "visits": 2400}),
    ("80 người inbox, 30 người phù hợp, 10 người mua", {"leads": 80, "qualified": 30, "customers": 10}),
    ("120 doanh nghiệp hỏi, 50 đơn vị đúng nhu cầu, ký 9 hợp đồng", {"leads": 120, "qualified": 50, "customers": 9}),
    ("250 signed up for a free assessment, 80 were a good fit and 20 joined", {"leads": 250, "qualified": 80}),
    ("quán bún bò tháng này 900 người đặt món qua app", {"customers": 900}),
])
def test_stage_words_of_the_split(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize("message, total", [
    ("tin nhắn tháng này theo kênh: Facebook 90, Instagram 40, gọi điện 30", 160),
    ("Enquiries by channel: Google 70, Facebook 50, phone 20.", 140),
])
def test_phone_calls_named_in_a_channel_list_are_summed_with_it(message, total):
    assert figures(message)["leads"] == total


def test_a_list_ends_where_a_new_clause_names_its_own_stage():
    assert figures("Messages by channel: Zalo 140, Facebook 60, TikTok 30; 25 customers.") == \
        {"leads": 230, "customers": 25}


@pytest.mark.parametrize("message, expected", [
    ("Tiệm bánh kem, giá mỗi ổ từ 300k đến 900k, tháng rồi 150 đơn", {"customers": 150}),
    ("Giá tour 5 đến 9 triệu một khách", {}),
    ("giá trung bình mỗi bộ 20-30 triệu, 10 khách mua", {"aov": 25e6, "customers": 10}),
])
def test_a_price_range_is_an_average_only_when_said_as_one(message, expected):
    assert {k: v for k, v in figures(message).items() if k != "revenue"} == expected


@pytest.mark.parametrize("message", [
    "tháng rồi 800 đơn, còn bn ng vào xem shop thì ko bt",
    "có 45 khách mua, còn ng hỏi thì hk đếm",
])
def test_counts_not_kept_in_teen_code(message):
    assert counts_untracked(message)
