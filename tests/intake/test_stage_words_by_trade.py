"""Stage words of trades the lexicon first missed: forms, pages, gym members, services done, rooms and tours."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # forms and trials started are leads, the demo after them is qualified
    ("We make booking software: 95 clinics filled in the trial form and 30 booked a demo",
     {"leads": 95, "qualified": 30}),
    ("210 people filled out our form, 18 signed a contract", {"leads": 210, "customers": 18}),
    ("SaaS nhỏ của mình: 640 started a free trial, 52 upgraded to paid", {"leads": 640, "customers": 52}),
    # pages visited or viewed are visits, not viewings
    ("our ads sent 7,500 who visited our product pages, 310 messaged us", {"visits": 7500, "leads": 310}),
    ("2,600 viewed our tour pages and 90 sent an enquiry", {"visits": 2600, "leads": 90}),
    ("Ads reached 90,000 people and 2,100 clicked to the website", {"reach": 90000, "visits": 2100}),
    # gyms and studios: a trial session is qualified, a new member bought
    ("CLB gym bên mình tháng 9 có 38 hội viên mới", {"customers": 38}),
    ("studio yoga: 140 người tập thử, 41 người mua thẻ tập", {"qualified": 140, "customers": 41}),
    ("Pilates studio: 75 came for a trial session and 22 bought a membership", {"qualified": 75, "customers": 22}),
    ("we signed 33 new members in October", {"customers": 33}),
    # a service done on the spot is the sale
    ("Detailing shop: 520 people messaged us and 190 came in for a wash", {"leads": 520, "customers": 190}),
    ("tiệm rửa xe máy tháng rồi được 1.300 lượt rửa xe", {"customers": 1300}),
    ("gara nhỏ của mình tháng 10 có 260 xe vào bảo dưỡng", {"customers": 260}),
    ("barber shop: 410 came in for a haircut", {"customers": 410}),
    ("salon tóc: 800 tin nhắn, 350 khách đến cắt tóc", {"leads": 800, "customers": 350}),
    ("Our clinic: 130 came in for a consultation and 40 started treatment", {"qualified": 130, "customers": 40}),
    # rooms and tours booked are sales
    ("homestay Đà Lạt tháng 12 có 180 lượt đặt phòng", {"customers": 180}),
    ("boutique hotel: 620 room nights sold through Agoda", {"customers": 620}),
    ("travel: 700 enquiries, 64 booked a tour", {"leads": 700, "customers": 64}),
    ("công ty du lịch: 1.100 khách nhắn hỏi, chốt 70 tour", {"leads": 1100, "customers": 70}),
])
def test_each_trade_word_puts_the_count_at_its_stage(message, expected):
    assert figures(message) == expected
