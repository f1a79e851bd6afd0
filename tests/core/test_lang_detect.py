"""Which language an owner writes in, from their words alone (no model)."""

import pytest

from assistant.core.lang import detect_lang


@pytest.mark.parametrize("message, lang", [
    # place names are not Vietnamese sentences
    ("Dental clinic in Ho Chi Minh City. October: 8,000 website visits, 90 patients, ad spend 30 million VND.", "en"),
    ("Our spa is in Da Nang, we got 300 messages and 40 bookings", "en"),
    ("Sorry, visits were 18,000, not 8,000.", "en"),
    ("actually we closed 8 customers last month", "en"),
    # Vietnamese without diacritics, names included, stays Vietnamese
    ("Minh ban ao dai o Ha Noi, thang roi chay ads 20tr", "vi"),
    ("shop minh o Da Nang co 300 tin nhan, chot 40 don", "vi"),
    ("quan an com trua van phong cua minh thang roi chay ads fb 6tr", "vi"),
    ("tháng rồi chạy ads hết 30 triệu", "vi"),
])
def test_the_language_is_the_owners_not_the_place_names(message, lang):
    assert detect_lang(message, default="vi" if lang == "en" else "en") == lang


@pytest.mark.parametrize("message, lang", [
    # an accented word English borrowed is no Vietnamese
    ("We run a café in District 1: 2,000 visits, 150 orders last month", "en"),
    ("Our crème brûlée bakery got 300 messages and 25 orders", "en"),
    ("My résumé says marketing, but our café only got 40 customers", "en"),
    # a Vietnamese owner's café is still Vietnamese
    ("quán café của mình tháng rồi có 300 tin nhắn", "vi"),
    ("quan café minh thang roi chay ads 5tr, duoc 200 tin nhan", "vi"),
])
def test_loanwords_with_accents_do_not_decide_the_language(message, lang):
    assert detect_lang(message, default="vi" if lang == "en" else "en") == lang
