"""Owners' number slang the intake adds to the shared parser."""

import pytest

from assistant.intake.amounts import find_amounts


@pytest.mark.parametrize("text, value, unit", [
    ("11 cu", 11e6, "money"), ("1 tỏi", 1e9, "money"), ("2 chục", 20, "count"), ("20 million", 20e6, "money"),
    ("khoảng 1 nghìn 2 tin nhắn", 1200, "count"), ("300 đô", 300, "money"),
])
def test_slang_and_english_scales(text, value, unit):
    amount = find_amounts(text)[-1]
    assert (amount.value, amount.unit) == (pytest.approx(value), unit)


def test_a_b_starting_word_is_no_billion():
    assert find_amounts("640 bàn")[0].value == 640 and find_amounts("130 bé")[0].value == 130
