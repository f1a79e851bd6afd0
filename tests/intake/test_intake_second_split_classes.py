"""Classes the intake's second held-out split showed once it was read, each in other words than the split's own."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, customers", [
    ("tuần qua tiệm trà bán: t2 40 ly, t3 35, t4 50, t5 45, t6 60, t7 80, cn 90", 400),
    ("tuần rồi tiệm nail làm: thứ 2 12 khách, thứ 3 9, thứ 4 11, thứ 5 10, thứ 6 15, thứ 7 22, chủ nhật 25", 104),
])
def test_rows_by_day_of_the_week_are_summed(message, customers):
    assert figures(message)["customers"] == customers


def test_a_total_then_its_breakdown_after_a_colon_is_the_total_once(session):
    ctx, _ = session("tháng rồi chi 40 triệu: Facebook 25 triệu, Google 15 triệu")
    assert ctx.snapshot["spend"] == 40e6
    assert {ch: v["spend"] for ch, v in ctx.snapshot["channels"].items()} == {"facebook": 25e6, "google": 15e6}


def test_a_list_that_does_not_add_up_after_a_colon_is_still_summed():
    assert figures("tháng rồi: Facebook 25 triệu, Google 15 triệu")["spend"] == 40e6


def test_a_booking_then_a_stay_are_two_steps_even_where_a_booking_is_a_sale(session):
    ctx, _ = session("Khách sạn mini của mình tháng rồi có 60 booking, 48 khách check-in thật")
    assert (ctx.snapshot["funnel"]["qualified"], ctx.snapshot["funnel"]["customers"]) == (60, 48)
    ctx, _ = session("khách sạn mini tháng rồi 500 tin nhắn, 180 booking đã thanh toán")
    assert ctx.snapshot["funnel"]["customers"] == 180


@pytest.mark.parametrize("message, expected", [
    ("nhà xe limousine tháng rồi chạy 210 chuyến, ads 9 triệu", {"customers": 210, "spend": 9e6}),
    ("cho thuê xe tự lái, tháng 11 được 64 chuyến", {"customers": 64}),
    ("khóa luyện thi, 300 lead, close dc 28 bạn", {"leads": 300, "customers": 28}),
    ("Villa rental: 5,100 listing views and 210 enquiries in October", {"visits": 5100, "leads": 210}),
    ("trung tâm 45 học viên, học phí trung bình 1tr8/tháng", {"aov": 1.8e6}),
    ("gym tháng rồi bán 70 thẻ mới, 95 hội viên gia hạn", {"customers": 70, "repeat_customers": 95}),
])
def test_trade_words_of_the_split(message, expected):
    found = figures(message)
    assert {k: found.get(k) for k in expected} == expected


def test_a_number_of_members_held_is_no_count_of_the_month():
    assert figures("phòng tập hiện có 600 hội viên") == {}


def test_an_average_of_a_month_is_still_no_price():
    assert "aov" not in figures("doanh thu trung bình 80tr/tháng")


def test_sales_at_the_counter_are_the_offline_channel(session):
    ctx, _ = session("nhà thuốc tháng rồi 1.500 bill tại quầy, 300 đơn qua Shopee")
    assert ctx.snapshot["funnel"]["customers"] == 1800
    assert ctx.snapshot["channels"]["offline"]["customers"] == 1500


def test_a_blogger_is_paid_like_a_kol(session):
    ctx, _ = session("We spent 6 million on Facebook ads and 2 million on a beauty blogger, 300 DMs, 45 orders.")
    assert ctx.snapshot["spend"] == 8e6 and ctx.snapshot["channels"]["kol"]["spend"] == 2e6


def test_who_buys_said_unasked_is_no_target_customer_chosen(session):
    ctx, _ = session("Our buyers are mostly retirees living near the lake.")
    assert ctx.snapshot.get("practices", {}).get("target_customer_defined") is None


def test_not_agreeing_what_a_lead_is_is_no_lead_definition(session):
    ctx, _ = session("có CRM rồi mà sale với marketing chưa thống nhất thế nào là lead")
    assert ctx.snapshot["practices"]["lead_definition_agreed"] is False


def test_a_positioning_described_with_a_no_is_a_positioning(session):
    ctx, _ = session("khách là mẹ bỉm sữa, định vị là sữa hạt không đường giá vừa, còn mục tiêu doanh thu chưa đặt",
                     asked="strategy")
    practices = ctx.snapshot["practices"]
    assert (practices["target_customer_defined"], practices["positioning_defined"],
            practices["business_goal_defined"]) == (True, True, False)
    assert "mục tiêu" not in ctx.snapshot["business"]["positioning"]


def test_the_old_figure_explained_in_a_correction_is_not_read_again(session):
    ctx, _ = session("tháng rồi 400 tin nhắn, chốt 20 đơn", "à nhầm, 15 đơn thôi, 20 là tính cả 5 đơn hoàn")
    assert ctx.snapshot["funnel"]["customers"] == 15
