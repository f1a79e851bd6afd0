"""Absorbing a message: every stored figure keeps its record; plans and targets leave history alone."""

import pytest


def test_a_plan_does_not_overwrite_the_periods_spend(session):
    ctx, _ = session("tháng rồi chạy ads 30 triệu", "tháng sau e có 50 triệu ngân sách thì nên làm gì?")
    assert ctx.snapshot["spend"] == 30e6 and ctx.snapshot["planned_budget"] == 50e6


def test_every_stored_figure_keeps_kind_channel_period_words_and_source(session):
    ctx, _ = session("chạy ads Facebook hết 18 triệu, mục tiêu 60 đơn")
    spend, target = ctx.snapshot["figures"]["spend"], ctx.snapshot["figures"]["target_customers"]
    assert spend["kind"] == "actual" and spend["channel"] == "facebook" and spend["source"] == "chat"
    assert spend["said"] == "18 triệu" and "Facebook" in spend["quote"]
    assert target["kind"] == "target" and ctx.snapshot["target_customers"] == 60
    assert ctx.snapshot["channels"] == {}  # one channel alone is no breakdown


def test_revenue_is_estimated_from_the_average_order_value_when_unknown(session):
    ctx, found = session("chốt 40 đơn", "đơn tb 420k")
    assert ctx.snapshot["revenue"] == pytest.approx(16.8e6)
    assert ctx.snapshot["figures"]["revenue"]["estimated"] is True
    assert found[-1].note == "aov_x_customers"


def test_a_typed_revenue_is_never_replaced_by_an_estimate(session):
    ctx, _ = session("doanh thu 20 triệu, 40 đơn", "đơn tb 420k")
    assert ctx.snapshot["revenue"] == 20e6


def test_the_noted_reply_says_a_correction_and_shows_a_conversion(session):
    from assistant.core.templates import text
    _, found = session("chốt 12 đơn", "à nhầm, 120 đơn chứ không phải 12")
    assert text("engine.noted", "vi", findings=found).startswith("Em đã sửa")
    _, found = session("$1,200 ad spend")
    assert "1,200 USD" in text("engine.noted", "en", findings=found)
