"""Stage rates, statuses, spans over unknown counts, volume and the revenue uplift."""

import pytest

from assistant.core.lang import strip_diacritics
from assistant.diagnosis import load_benchmarks
from tests.diagnosis.worded import diagnose


def stages(result):
    return {s.stage: s for s in result.stages}


def test_rates_span_consecutive_known_counts_with_composed_benchmarks(snap):
    bench = load_benchmarks()
    result = diagnose(snap({"reach": 200000, "leads": 300, "customers": 12}, business={"industry": "retail"}))
    rates = stages(result)
    assert list(rates) == ["reach_to_lead", "lead_to_customer"]
    assert rates["reach_to_lead"].actual == pytest.approx(300 / 200000)
    expected = bench.stage("retail", "reach_to_visit").typical * bench.stage("retail", "visit_to_lead").typical
    assert rates["reach_to_lead"].benchmark == pytest.approx(expected)
    expected = bench.stage("retail", "lead_to_qualified").typical * bench.stage("retail", "qualified_to_customer").typical
    assert rates["lead_to_customer"].benchmark == pytest.approx(expected)


@pytest.mark.parametrize("leads, status", [(40, "ok"), (32, "ok"), (30, "weak"), (20, "weak"), (19, "critical")])
def test_status_from_ratio_to_benchmark(snap, leads, status):
    # visit->lead benchmark (overall) is 4%: ok >= 3.2%, weak >= 2%, critical below
    result = diagnose(snap({"visits": 1000, "leads": leads}))
    assert stages(result)["visit_to_lead"].status == status


def test_volume_when_every_rate_is_healthy_but_the_target_is_out_of_reach(snap):
    result = diagnose(snap({"reach": 50000, "visits": 1000, "leads": 50, "customers": 4},
                           revenue=40_000_000, target_revenue=120_000_000))
    b = result.bottleneck
    assert b.stage == "volume"
    assert b.actual == 50000 and b.benchmark == pytest.approx(150000)
    assert b.ratio == pytest.approx(1 / 3)
    assert b.revenue_uplift == pytest.approx(80_000_000)
    assert result.pillar_priority[0] == "traffic"
    assert any("150.000" in r for r in result.reasons)


def test_no_volume_when_the_target_is_met(snap):
    result = diagnose(snap({"reach": 50000, "visits": 1000, "leads": 50, "customers": 4},
                           revenue=150_000_000, target_revenue=120_000_000))
    assert result.bottleneck.stage == "visit_to_lead"
    assert result.bottleneck.revenue_uplift == 0


def test_revenue_uplift_if_the_bottleneck_reached_its_benchmark(snap):
    # visit->lead 1% against 4%: four times the leads, other rates held -> four times the revenue
    result = diagnose(snap({"visits": 2000, "leads": 20, "customers": 5}, revenue=100_000_000))
    assert result.bottleneck.stage == "visit_to_lead"
    assert result.bottleneck.revenue_uplift == pytest.approx(300_000_000)
    assert any("300.000.000" in r for r in result.reasons)


def test_repeat_uplift_counts_extra_repeat_customers_at_the_average_order(snap):
    # 40 customers, 2 repeat (5%) vs 25%: 8 more repeat buyers x 2M average revenue per customer
    result = diagnose(snap({"leads": 500, "qualified": 150, "customers": 40, "repeat_customers": 2},
                           revenue=80_000_000))
    assert result.bottleneck.stage == "customer_to_repeat"
    assert result.bottleneck.revenue_uplift == pytest.approx(16_000_000)


def test_reason_reads_the_rate_per_round_number_of_people(snap):
    result = diagnose(snap({"visits": 1000, "leads": 1, "customers": 1}))
    line = next(r for r in result.reasons if r.startswith("Tầng"))
    assert "cứ 1.000 người vào web/trang chỉ có 1 người để lại thông tin" in line
    assert "20–66" in line


def test_english_texts(snap):
    result = diagnose(snap({"visits": 1000, "leads": 1, "customers": 1}), lang="en")
    assert any("out of every 1,000 visitors only 1 become" in r for r in result.reasons)
    assert result.actions and all(strip_diacritics(a.text) == a.text for a in result.actions)


def test_no_uplift_when_a_later_rate_is_contradictory(snap):
    result = diagnose(snap({"leads": 1000, "qualified": 30, "customers": 187}, revenue=100_000_000))
    assert result.bottleneck.stage == "lead_to_qualified"
    assert result.bottleneck.revenue_uplift is None


def test_volume_when_every_rate_is_healthy_but_the_customer_goal_is_out_of_reach(snap):
    # leads 200 -> qualified 80 (40%) -> customers 30 (37.5%): healthy; the goal is 100 customers a month
    result = diagnose(snap({"leads": 200, "qualified": 80, "customers": 30}, target_customers=100))
    b = result.bottleneck
    assert b.stage == "volume" and result.pillar_priority[0] == "traffic"
    assert b.benchmark == pytest.approx(200 * 100 / 30) and b.ratio == pytest.approx(0.3)
    assert b.revenue_uplift is None  # no revenue said: no money invented
    assert any("30 khách mua chưa tới mục tiêu 100 khách" in r for r in result.reasons)
    with_revenue = diagnose(snap({"leads": 200, "qualified": 80, "customers": 30}, revenue=60_000_000,
                                 target_customers=100))
    assert with_revenue.bottleneck.revenue_uplift == pytest.approx(140_000_000)  # 60 tr x (100 / 30 - 1)


def test_a_customer_goal_already_met_leaves_the_weakest_rate(snap):
    result = diagnose(snap({"leads": 200, "qualified": 80, "customers": 30}, target_customers=25))
    assert result.bottleneck.stage != "volume"
