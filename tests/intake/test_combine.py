"""Several figures of one field in one message: sums, totals, rows, the first qualified step, the last period."""


from assistant.intake.reader import read
from tests.intake.conftest import figures


def test_line_items_and_channels_are_summed_and_the_breakdown_kept():
    assert figures("chi 25 triệu chạy ads + 5 triệu booking KOL") == {"spend": 30e6}
    spend = read("Shopee ads 15tr, TikTok 20tr").findings[0]
    assert spend.value == 35e6
    assert {(p["channel"], p["value"]) for p in spend.parts} == {("shopee", 15e6), ("tiktok", 20e6)}


def test_a_total_stated_before_its_split_is_not_added_again():
    assert figures("tháng tới plan 30tr, chia fb 20tr, tiktok 10tr") == {"planned_budget": 30e6}


def test_weekly_rows_are_summed_with_the_period_stated():
    found = read("tuần 1: 20 đơn, tuần 2: 25 đơn, tuần 3: 22 đơn, tuần 4: 30 đơn").findings
    assert [(f.field, f.value, f.period, f.estimated) for f in found] == [("customers", 97, "4 weeks", False)]
    assert figures("Orders by week: 820, 760, 910, 1,030.") == {"customers": 3520}


def test_sql_is_the_qualified_stage_and_mql_is_kept_beside_it():
    assert figures("95 MQL, 30 SQL") == {"mql": 95, "qualified": 30}


def test_the_first_qualification_step_fills_the_stage():
    assert figures("420 khách đặt lịch khám, 260 khách đến khám") == {"qualified": 420}


def test_of_several_periods_the_last_is_the_one_talked_about():
    assert figures("tháng 9 doanh thu 800 triệu, tháng 10 lên 950 triệu") == {"revenue": 950e6}
