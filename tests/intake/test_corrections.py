"""Corrections replace or remove the named figure; the old value never stays."""

import pytest

from tests.intake.conftest import figures


@pytest.mark.parametrize("message", [
    "à nhầm, 120 đơn chứ không phải 12", "sửa 12 đơn thành 120", "không phải 12 mà là 120 đơn",
    "Correction: it was 120 orders, not 12.",
])
def test_the_old_value_is_dropped_and_the_new_one_replaces_it(message, session):
    ctx, found = session("chốt 12 đơn", message)
    assert ctx.snapshot["funnel"]["customers"] == 120
    assert [(f.field, f.value, f.correction) for f in found] == [("customers", 120, True)]


def test_a_bare_new_number_takes_the_field_that_held_the_old_one():
    assert figures("nhầm, 41 triệu chứ không phải 14", known={"spend": 14e6}) == {"spend": 41e6}
    assert figures("à nhầm, 120 chứ không phải 12", known={"customers": 12}) == {"customers": 120}


def test_bo_so_removes_the_named_figure(session):
    ctx, found = session("doanh thu 300 triệu, 40 đơn", "bỏ số doanh thu đi nha")
    assert "revenue" not in ctx.snapshot and "revenue" not in ctx.snapshot["sources"]
    assert ctx.snapshot["funnel"]["customers"] == 40
    assert [(f.field, f.removed) for f in found] == [("revenue", True)]


def test_spending_money_is_not_removing_it():
    assert figures("bỏ ra 30 triệu chạy ads") == {"spend": 30e6}


def test_one_channel_of_a_sum_can_be_corrected(session):
    ctx, _ = session("Shopee ads 15tr, TikTok 20tr", "sửa TikTok thành 25tr")
    assert ctx.snapshot["spend"] == 40e6 and ctx.snapshot["channels"]["tiktok"]["spend"] == 25e6


def test_a_correction_may_name_the_field_before_the_new_value(session):
    ctx, found = session("doanh thu 620 triệu", "doanh thu em gõ nhầm, 710 triệu mới đúng")
    assert ctx.snapshot["revenue"] == 710e6 and found[0].correction
