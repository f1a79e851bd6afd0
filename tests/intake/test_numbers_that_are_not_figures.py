"""Numbers a careless reader would store: phone lines, codes, sizes, staff and seats, reviews, thresholds,
discounts, one item's price, a price range, the installed base, the value a figure changed from."""

import pytest

from assistant.intake.practices import read_practices
from assistant.intake.reader import read
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("tổng đài 1800 1234 miễn phí, tháng rồi 320 cuộc gọi tới", {"leads": 320}),
    ("gọi 1900.9999 để đặt lịch nha", {}),
    ("mẫu SP-3301 bán chạy nhất, tháng rồi 210 đơn", {"customers": 210}),
    ("đã ký 2 hợp đồng căn B2-1507 và C-0912", {"customers": 2}),
    ("tủ quần áo 2m2 x 60cm, giường 1m8", {}),
    ("kệ tivi dài 180cm, tháng rồi bán 25 đơn", {"customers": 25}),
])
def test_phone_lines_codes_and_sizes(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("tiệm có 3 bạn nhân viên và 6 thợ, tháng rồi 140 khách làm tóc", {"customers": 140}),
    ("nha khoa 2 ghế, 1 bác sĩ chính, tháng rồi 60 ca", {"customers": 60}),
    ("spa 10 giường, 4 ktv", {}),
    ("tiệm được 4,9 sao với 860 đánh giá trên Google Maps", {}),
    ("outbound gửi 5.000 cold emails, inbound 180 leads", {"leads": 180}),
])
def test_staff_seats_and_reviews_are_not_counts(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("freeship cho đơn từ 300k, tháng rồi 420 đơn", {"customers": 420}),
    ("orders over 500k get a gift; we had 260 orders in October", {"customers": 260}),
    ("tặng mã giảm giá 30k cho khách mới", {}),
    ("giá trị đơn tối thiểu 150k, tháng rồi 410 đơn", {"customers": 410}),
    ("minimum order is 200k", {}),
    ("nhà phố giá từ 4,5 tỷ", {}),
    ("dự án 600 căn, tháng rồi bán được 21 căn", {"customers": 21}),
    ("giỏ hàng còn 150 căn", {}),
])
def test_thresholds_and_discounts_are_not_figures(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # a catalogue price alone is no average of the sales
    ("ghế công thái học giá 3,2 triệu", {}),
    ("bọc răng sứ 6 triệu/răng, dán sứ 8 triệu/răng", {}),
    ("gói chăm sóc da cao cấp giá 2tr5", {}),
    # beside the sales it prices, it is
    ("gói chăm sóc da giá 2tr5, tháng rồi bán được 60 gói", {"aov": 2.5e6, "customers": 60}),
    # one model's or one item's price, even beside the sales
    ("tháng rồi 210 đơn, mẫu bán chạy nhất là váy hoa giá 450k", {"customers": 210}),
    ("We sell candles, each bottle 220k; 130 orders last month", {"customers": 130}),
    # a list of prices is no average
    ("phần mềm có 3 gói: 500k, 1tr, 2tr/tháng, tháng rồi 60 khách trả phí", {"customers": 60}),
    ("gói cơ bản 300k, gói nâng cao 600k, tháng rồi 90 khách đăng ký", {"leads": 90}),
    ("có 500 cuộc gọi tới", {"leads": 500}),
    # a range of prices is no average either
    ("gói website từ 8-15 triệu tùy tính năng", {}),
])
def test_one_price_or_a_range_of_prices(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("hiện có 340 khách hàng đang sử dụng phần mềm, tháng rồi ký mới 12 khách", {"customers": 12}),
    ("About 900 active users; 35 new paying accounts last month", {"customers": 35}),
])
def test_the_installed_base_is_not_the_period_s_customers(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi data tăng từ 400 lên 650", {"leads": 650}),
    ("đơn giảm từ 300 xuống còn 180 đơn", {"customers": 180}),
    ("leads went from 500 to 720 last month", {"leads": 720}),
    ("last month 2,100 profile visits", {"visits": 2100}),  # a count, not the year 2100
])
def test_a_change_keeps_the_value_it_went_to(message, expected):
    assert figures(message) == expected


def test_software_the_business_sells_is_not_its_crm():
    assert "crm" not in read_practices("bên mình bán phần mềm quản lý kho cho chuỗi bán lẻ")
    assert read_practices("shop dùng phần mềm quản lý khách hàng rồi").get("crm") is True


@pytest.mark.parametrize("message, expected", [
    ("The course runs 10 weeks, 3 sessions a week, 15 students per class", {}),
    ("lớp 12 bạn/lớp, tháng rồi 40 bạn nhập học", {"customers": 40}),
])
def test_counts_per_class_or_per_week_of_a_course_are_no_figures(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # shops or pages numbered: the labels are no counts, their figures are line items summed
    ("có 2 gian hàng, gian hàng 1 được 350 đơn, gian hàng 2 được 150 đơn", {"customers": 500}),
    ("fanpage 1 có 700 tin nhắn, fanpage 2 có 300 tin nhắn", {"leads": 1000}),
    ("tháng rồi shop 18 đơn thôi", {"customers": 18}),  # a count right after the shop's name counts
    ("We have 2 Shopee shops: shop A did 800 orders, shop B 500 orders", {"customers": 1300}),
    # what the owner runs or tried is no figure
    ("thử 3 agency rồi, tháng này chạy 4 chiến dịch, chi 18 triệu", {"spend": 18e6}),
    # a contact list is no period's leads
    ("có tệp data 5.000 khách cũ, tháng rồi nhắn lại được 90 đơn", {"customers": 90}),
    ("We have a list of 4,000 past customers; emailing it brought 70 orders", {"customers": 70}),
])
def test_labels_tools_and_lists(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # shops, pages or agencies a B2B seller signs are its customers
    ("tháng rồi có 40 shop đăng ký dùng thử, 12 shop ký hợp đồng", {"leads": 40, "customers": 12}),
    ("tháng rồi ký 5 agency mới", {"customers": 5}),
    # a record month is the month's figure; a record day is not
    ("tháng rồi đạt doanh thu cao nhất từ trước tới giờ 500 triệu", {"revenue": 500e6}),
])
def test_counts_that_look_like_traps_but_are_figures(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("tháng rồi được 3 trăm rưỡi đơn", {"customers": 350}),
    ("tháng rồi 3 chục rưỡi bé đóng hp", {"customers": 35}),
])
def test_half_of_a_hundred_or_of_ten_in_a_count(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, asked, expected", [
    ("dạ 48 đơn, 6 đơn bị hoàn", "customers", {"customers": 48}),
    ("chốt 70 đơn, bị bom 9 đơn", None, {"customers": 70}),
    ("320 inbox, mà 40 inbox là spam", "leads", {"leads": 320}),
    ("We got 180 bookings but 25 were no-shows", None, {"qualified": 180}),
    ("95 orders last month, 7 of them were returned", None, {"customers": 95}),
    ("chốt 4 căn, 2 căn đang chờ ký", "customers", {"customers": 4}),
    ("30 deals closed, 12 still in negotiation", None, {"customers": 30}),
    ("inbox cỡ 500, mà 150 inbox hỏi giá xong im", "leads", {"leads": 500}),
    ("ads thì 10 triệu, còn thuê 2 bạn content 16 triệu", "spend", {"spend": 26e6}),
])
def test_the_part_returned_cancelled_or_void_is_no_count(message, asked, expected):
    assert figures(message, asked) == expected


def test_an_amount_left_out_does_not_replace_the_corrected_figure():
    found = read("sửa chi phí thành 22 triệu, còn 4 triệu phí ship không tính", known={"spend": 15e6}).findings
    assert [(f.field, f.value) for f in found] == [("spend", 22e6)]
