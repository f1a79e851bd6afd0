"""Vietnamese numbers and money in free text, case by case."""

import pytest

from assistant.diagnosis.numbers import find_amounts, parse_amount, parse_number


@pytest.mark.parametrize("text, value, unit", [
    ("30 triệu", 30e6, "money"),
    ("60tr", 60e6, "money"),
    ("60 trieu", 60e6, "money"),
    ("1,2 tỷ", 1.2e9, "money"),
    ("1.2 tỷ", 1.2e9, "money"),
    ("2 triệu rưỡi", 2.5e6, "money"),
    ("400 nghìn", 400e3, "money"),
    ("20 ngàn", 20e3, "money"),
    ("2k", 2e3, "money"),
    ("1.500", 1500, "count"),
    ("15%", 0.15, "percent"),
    ("3,5%", 0.035, "percent"),
    ("30.000đ", 30000, "money"),
    ("500.000 VND", 500000, "money"),
    ("$500", 500, "money"),
    ("1 tỷ 2", 1.2e9, "money"),
    ("2 triệu 250 nghìn", 2.25e6, "money"),
    ("1.234.567,5", 1234567.5, "count"),
    ("1tr2", 1.2e6, "money"),
    ("2k5", 2.5e3, "money"),
    ("3 củ", 3e6, "money"),
    ("30 triệu đồng", 30e6, "money"),
    ("100 triệu/tháng", 100e6, "money"),
])
def test_single_amounts(text, value, unit):
    amount = parse_amount(text)
    assert amount.value == pytest.approx(value)
    assert amount.unit == unit
    assert not amount.approximate


@pytest.mark.parametrize("text, low, high", [
    ("20–30 triệu", 20e6, 30e6),
    ("20-30tr", 20e6, 30e6),
    ("từ 20 đến 30 triệu", 20e6, 30e6),
    ("10-15%", 0.10, 0.15),
])
def test_ranges_become_their_middle_and_are_approximate(text, low, high):
    amount = parse_amount(text)
    assert (amount.low, amount.high) == (pytest.approx(low), pytest.approx(high))
    assert amount.value == pytest.approx((low + high) / 2)
    assert amount.approximate


def test_hedged_amount_is_approximate():
    assert parse_amount("khoảng 50 triệu").approximate
    assert not parse_amount("chốt có 12 đơn").approximate


def test_the_intake_sentence():
    found = find_amounts("tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn")
    assert [(a.value, a.unit) for a in found] == [(30e6, "money"), (1500, "count"), (12, "count")]
    assert found[0].text == "30 triệu"
    text = "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn"
    assert text[found[1].start:found[1].end] == "1.500"


def test_a_count_noun_makes_a_k_number_a_count():
    assert parse_amount("2k mess").unit == "count"
    assert parse_amount("2k mess").value == 2000


def test_a_number_after_a_unit_followed_by_a_noun_is_not_a_decimal():
    found = find_amounts("chạy 2 triệu 3 ngày")
    assert [(a.value, a.unit) for a in found] == [(2e6, "money"), (3, "count")]


@pytest.mark.parametrize("token, value", [("1.500", 1500), ("1,500", 1500), ("1,5", 1.5), ("1.234,5", 1234.5),
                                          ("1,234.5", 1234.5), ("12", 12)])
def test_parse_number_separators(token, value):
    assert parse_number(token) == pytest.approx(value)


def test_no_amount():
    assert parse_amount("chưa chạy quảng cáo") is None
    assert find_amounts("") == []
