"""A figure no small business has is asked back before any verdict rests on it (issue 10, plausibility)."""

from tests.engine.test_offline import talk


def test_an_implausible_cost_per_lead_holds_the_verdict_and_a_correction_replaces_the_figure(offline):
    replies, ctx = talk(offline, "tháng 10 shop chi 45 nghìn chạy quảng cáo, được 2.000 tin nhắn, chốt 50 đơn",
                        "à nhầm, 45 triệu")
    asked, fixed = replies
    assert ctx.intake.get("doubts") == [] and ctx.snapshot["spend"] == 45e6
    assert "22 đồng một lead" in asked.text and "kiểm tra lại" in asked.text  # 45.000 / 2.000, worded back
    assert not any(a.type == "diagnosis" for a in asked.artifacts)  # no verdict on a figure in doubt
    assert "chi quảng cáo: **45 triệu đồng**" in fixed.text and fixed.artifacts[0].type == "diagnosis"
    assert "CPL 22.500 đồng" in fixed.text


def test_a_confirmed_figure_stands_and_the_verdict_follows(offline):
    replies, ctx = talk(offline, "Last month we spent 30 thousand VND on ads, got 1,400 messages and 20 orders",
                        "yes, that's right")
    assert "21 VND a lead" in replies[0].text and ctx.snapshot["spend"] == 30_000
    assert replies[1].artifacts[0].type == "diagnosis" and "Figures I'm using" in replies[1].text


def test_a_stated_cost_per_lead_alone_is_worded_back(offline):
    replies, _ = talk(offline, "CPL bên mình có 15đ thôi")
    assert "«15đ»" in replies[0].text and "15 nghìn đồng" in replies[0].text


def test_a_plausible_cost_per_lead_is_diagnosed_at_once(offline):
    replies, _ = talk(offline, "tháng 10 shop chi 45 triệu chạy quảng cáo, được 2.000 tin nhắn, chốt 50 đơn")
    assert replies[0].artifacts[0].type == "diagnosis" and "kiểm tra lại" not in replies[0].text
