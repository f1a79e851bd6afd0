"""Owners' money slang read at its usual value; phone numbers in groups and dates with slashes are no figures."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # Southern "chai" is a million after a money word, with nothing named after it
    ("quý rồi bên mình đốt quảng cáo 45 chai", {"spend": 45e6}),
    ("doanh số tháng trước tầm 120 chai, 300 đơn", {"revenue": 120e6, "customers": 300}),
    # ... and a bottle when the shop sells bottles
    ("tháng này bán được 75 chai nước hoa", {"customers": 75}),
    ("nhập 200 chai dầu gội, chốt 60 đơn", {"customers": 60}),
    # "lít" is a hundred thousand đồng, never a million
    ("ads tuần rồi tốn 35 lít", {"spend": 3.5e6}),
    # "chục" before a money unit: tens of that unit
    ("tháng trước ngân sách quảng cáo 3 chục triệu", {"spend": 30e6}),
    ("doanh thu tầm 5 chục củ", {"revenue": 50e6}),
    # a trial run of ads is spending, not revenue ("chạy thử": "thử" is no "thu")
    ("mới chạy thử quảng cáo 2 triệu", {"spend": 2e6}),
])
def test_money_slang_is_read_at_its_usual_value(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("sđt cửa hàng 0938 765 432, tuần này 35 đơn", {"customers": 35}),
    ("gọi em qua 0868.111.222 nhé, tháng rồi 1.250 tin nhắn", {"leads": 1250}),
    ("hotline: 028-3822-1234 · 48 khách đặt lịch", {"qualified": 48}),
    ("+84 977 888 999 là số tư vấn, có 300 lead", {"leads": 300}),
])
def test_a_phone_number_in_groups_is_no_figure(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("ngày 11/11 vừa rồi shop ra 520 đơn", {"customers": 520}),
    ("từ 1/10 đến 31/10 có 2.300 tin nhắn", {"leads": 2300}),
    ("khai trương 8/3/2025, tháng đầu 75 khách đặt bàn", {"qualified": 75}),
])
def test_a_date_written_with_slashes_is_no_figure(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("quảng cáo tháng rồi tốn 18 chai rưỡi", {"spend": 18.5e6}),
    ("năm rồi doanh số 4 tỏi 5, 36 căn", {"revenue": 4.5e9, "customers": 36}),
    # a number after the unit that counts something else is no tail
    ("doanh thu 2 tỏi, 7 căn hộ", {"revenue": 2e9, "customers": 7}),
])
def test_a_slang_amount_takes_its_half_or_its_tenths(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("lời tầm 30%, doanh thu 400 triệu", {"gross_margin": 0.3, "revenue": 400e6}),
    ("lãi gộp 42%", {"gross_margin": 0.42}),
    # "lại" (again) and "lỗi" (defect) are no margin, typed with their marks or inside a stage word
    ("35% khách quay lại lần hai", {}),
    ("25% khach mua lai", {}),
    ("tỉ lệ hàng lỗi 4%", {}),
])
def test_a_margin_is_read_only_from_a_margin_word(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # "do" after an amount in triệu is "because", not dollars
    ("thang roi ads 12tr do chay them tiktok", {"spend": 12e6}),
    ("doanh thu 90 trieu do mua sale", {"revenue": 90e6}),
    # dollars still read after a plain number or thousands
    ("ads thang roi 600 do", {"spend": 600 * 25_000}),
])
def test_do_after_an_amount_in_trieu_is_no_dollar(message, expected):
    assert figures(message) == expected
