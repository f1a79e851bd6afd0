"""Figures no small business has: "1tr2 mess" counts thousands; a cost per lead of a few đồng is asked back."""

import pytest

from assistant.core.templates import text as t
from assistant.intake.plausibility import stated_doubts
from tests.intake.conftest import figures


@pytest.mark.parametrize("message, expected", [
    ("thang roi chay ads 25tr, dc 1tr2 mess, chot 80 don", {"spend": 25e6, "leads": 1200, "customers": 80}),
    ("tháng 10 được 2tr5 tin nhắn, 140 đơn", {"leads": 2500, "customers": 140}),
    ("shop e thang nay 1tr1 inbox", {"leads": 1100}),
    ("1k2 mess, chốt 60 đơn", {"leads": 1200, "customers": 60}),
])
def test_a_count_of_leads_or_sales_written_in_tr_counts_thousands(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, expected", [
    ("video tháng rồi được 1tr2 lượt xem", {"reach": 1.2e6}),  # a million views is a real reach
    ("chi 1tr2 được 300 mess", {"spend": 1.2e6, "leads": 300}),  # money stays money
])
def test_reach_and_money_written_in_tr_stay_millions(message, expected):
    assert figures(message) == expected


@pytest.mark.parametrize("message, said", [
    ("tháng rồi chạy 30 triệu, CPL 21đ, chốt 40 đơn", "21đ"),
    ("cpl tam 35d thoi a", "35d"),
    ("chi phí mỗi tin nhắn có 18 đồng", "18 đồng"),
    ("our cost per lead was 15 VND last month", "15 VND"),
    ("quảng cáo ra 40đ/lead", "40đ"),
])
def test_a_stated_cost_per_lead_of_a_few_dong_is_doubted(message, said):
    assert [d["said"] for d in stated_doubts(message)] == [said]


@pytest.mark.parametrize("message", ["CPL 45k", "chi phí 1 lead 35.000đ", "cost per lead 2 USD", "tỷ lệ chốt 3%",
                                     "CPL tầm 18 nghìn"])
def test_a_real_cost_per_lead_is_not(message):
    assert stated_doubts(message) == []


def test_a_derived_cost_per_lead_of_a_few_dong_is_worded_back_on_the_spend(session):
    ctx, found = session("tháng rồi chạy ads 30 nghìn được 1.400 tin nhắn, chốt 20 đơn")
    spend = next(f for f in found if f.field == "spend")
    assert spend.doubt["value"] == pytest.approx(30_000 / 1400, rel=1e-3)
    assert ctx.snapshot["figures"]["spend"]["doubt"] == spend.doubt
    said = t("engine.noted", "vi", findings=found)
    assert "21 đồng một lead" in said and "30.000 đồng" in said and "1.400" in said and "?" in said


def test_a_stated_cost_per_lead_is_worded_back_with_the_owners_words(session):
    _, found = session("Last month we spent 20 million VND on ads, CPL 21đ, 950 messages and 30 orders")
    assert any(f.doubt and f.doubt["said"] == "21đ" for f in found)
    said = t("engine.noted", "en", findings=found)
    assert '"21đ"' in said and "unusually low" in said and "?" in said


def test_the_doubt_is_asked_once_then_dropped(session):
    ctx, _ = session("chạy ads 20 nghìn, 900 mess", "đúng rồi, chốt 30 đơn")
    assert all("doubt" not in record for record in ctx.snapshot["figures"].values())


def test_a_plausible_cost_per_lead_raises_no_doubt(session):
    ctx, found = session("chạy ads 20 triệu, 900 mess, chốt 30 đơn")
    assert not any(f.doubt for f in found) and ctx.intake["doubts"] == []
