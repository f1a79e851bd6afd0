"""Numbers that did not happen to the owner's business are not stored: another shop's, a what-if, a capacity."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    # another shop's or person's figures, until the owner names their own side again
    ("shop đối diện có 2.000 đơn một tháng, còn bên mình được 260 đơn", {"customers": 260}),
    ("nghe nói người ta chạy 80 triệu, tụi em chạy có 12 triệu", {"spend": 12e6}),
    ("anh bạn em mở quán cùng phố bán 900 ly, em thì tháng rồi 400 ly", {"customers": 400}),
    ("Our rival posts 3,000 orders a month; we did 450 orders last month", {"customers": 450}),
    ("quán kia 500 bill mỗi ngày, bên em tháng rồi 1.800 bill", {"customers": 1800}),
    # the other's figure said last
    ("bên em tháng rồi 260 đơn, trong khi shop đối diện tới 2.000 đơn", {"customers": 260}),
    ("tụi em chạy 12 triệu, nghe nói đối thủ đốt 80 triệu", {"spend": 12e6}),
])
def test_another_shops_figures_are_not_the_owners(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # the owner's side in teen code: "bên e", "e", "mk"
    ("doi thu dot 90tr/thang, ben e chay 12tr thoi", {"spend": 12e6}),
    ("shop kia ban 3k don, e dc 280 don", {"customers": 280}),
    # "chị" typed without its tone mark is still a person, not spend
    ("shop cua chi Hoa ben canh ban 1.200 don, shop e dc 300 don", {"customers": 300}),
    ("quán của anh Tuấn tháng rồi 2.000 bill, bên em 900 bill", {"customers": 900}),
])
def test_the_owners_side_in_teen_code(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # "người ta" (people) are the owner's own customers, unless what they say is hearsay
    ("tháng rồi người ta nhắn 500 tin mà chốt có 20 đơn", {"leads": 500, "customers": 20}),
    ("bạn bè em giới thiệu được 12 khách mua", {"customers": 12}),
    ("A friend referred 6 clients last month", {"customers": 6}),
])
def test_people_and_friends_who_buy_are_the_owners_customers(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # the owner's outcome after a "so"/"but" turn is the owner's, unless the other is named again
    ("đối thủ bán rẻ hơn nên tháng rồi shop chỉ được 90 đơn", {"customers": 90}),
    ("đối thủ giảm giá mạnh nên họ bán được 700 đơn", {}),
    ("đối thủ cạnh tranh gắt quá, tháng rồi 600 tin nhắn mà có 35 đơn", {"leads": 600, "customers": 35}),
    ("đối thủ tháng rồi bán 500 đơn", {}),
    ("đối thủ có doanh số 2 tỷ một tháng", {}),  # "số" is no "so"
    ("competitors cut prices so we only sold 80 orders", {"customers": 80}),
    # studying competitors names no figure of theirs
    ("em có nghiên cứu đối thủ, tháng rồi chạy 15 triệu được 200 đơn", {"spend": 15e6, "customers": 200}),
])
def test_where_another_shops_figures_end(message, expected):
    assert figures(message) == expected


def test_a_competitor_named_as_an_object_keeps_the_owners_figure():
    # "cạnh tranh với đối thủ": the owner's own spend follows
    assert figures("để cạnh tranh với đối thủ em chạy ads hết 20 triệu") == {"spend": 20e6}


@pytest.mark.parametrize("message, expected", [
    ("nếu đổ 40 triệu vào TikTok thì ra được bao nhiêu đơn?", {}),
    ("giả sử ngân sách 100 củ thì ra được bao nhiêu khách", {}),
    ("What if we spent 2,000 USD on Google?", {}),
    ("có nên đẩy ngân sách lên 60 triệu không? tháng rồi chạy 30 triệu được 90 đơn",
     {"spend": 30e6, "customers": 90}),
    ("Should we raise the budget to 40 million? Last month we spent 25 million and got 80 orders",
     {"spend": 25e6, "customers": 80}),
    ("đổ 50 triệu một tháng cho quán nhỏ thì có nhiều quá không?", {}),
    # what happened, said after the question in the same sentence, is kept
    ("có nên đặt chỉ tiêu 500 data không, hiện giờ mới 320 data", {"leads": 320}),
])
def test_an_amount_asked_about_is_not_spent_nor_planned(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    # a plan word keeps the plan, whatever the owner asks about it
    ("tháng sau nếu em chạy 30 triệu thì chia thế nào?", {"planned_budget": 30e6}),
    ("tháng sau em có nên chạy 40 triệu không?", {"planned_budget": 40e6}),
    # an amount to split, asked how: a plan
    ("với 25 triệu thì em nên chạy kênh nào?", {"planned_budget": 25e6}),
    ("giả sử ngân sách 100 củ thì nên chia kênh thế nào", {"planned_budget": 100e6}),
    # an amount that happened, asked to be judged
    ("tháng rồi chạy 30 triệu được 50 đơn thì có ổn không?", {"spend": 30e6, "customers": 50}),
    ("em chạy 20 triệu thì được 50 đơn, vậy có ổn không?", {"spend": 20e6, "customers": 50}),
])
def test_a_plan_or_an_actual_asked_about_is_still_read(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("If I remember right, we had 420 leads last month", {"leads": 420}),
    ("nếu mình nhớ không nhầm thì tháng rồi 75 đơn", {"customers": 75}),
    ("neu e nho ko nham thang roi chay 9tr", {"spend": 9e6}),
])
def test_a_hedge_is_no_what_if(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("xưởng một tháng sản xuất tối đa 150 bộ sofa", {}),
    ("phòng học sức chứa 25 học viên, tháng rồi 40 học viên nhập học", {"customers": 40}),
    ("hôm đông nhất quán bán 300 ly, cả tháng 4.200 ly", {"customers": 4200}),
    ("record day was 95 orders; the whole month 1,100 orders", {"customers": 1100}),
    ("tháng rồi 1.100 đơn, ngày cao nhất 95 đơn", {"customers": 1100}),
])
def test_a_capacity_or_a_peak_is_no_count_of_the_month(message, expected):
    assert figures(message) == expected
