"""The what-if and budget plan the report, `growthdoc whatif` and `POST /api/whatif` show, against hand-computed
cases (a campaign with zero results included)."""

import json

import pytest
from fastapi.testclient import TestClient

from assistant.cli import main
from assistant.core.errors import UserFacingError
from assistant.diagnosis.verdict import verdict
from assistant.planning.scenario import check_stage, parse_rate, scenario
from assistant.server import create_app

# 400 leads -> 20 customers (5%), 30 M spent, 60 M revenue (3 M a customer), 50% margin
SNAPSHOT = {"business": {"industry": "retail"}, "funnel": {"leads": 400, "customers": 20}, "spend": 30_000_000,
            "revenue": 60_000_000, "gross_margin": 0.5}
CAMPAIGNS = [{"key": "A", "spend": 20_000_000, "results": 300},   # 15 customers at 5% -> CPA 1.33 M
             {"key": "B", "spend": 10_000_000, "results": 100},   # 5 customers -> CPA 2 M (> break-even 1.5 M)
             {"key": "C", "spend": 5_000_000, "results": 0}]      # spent, no result


@pytest.fixture(scope="module")
def plan():
    return scenario(SNAPSHOT, verdict(SNAPSHOT), budget=30_000_000, campaigns=CAMPAIGNS)


def test_forecast_and_break_even_by_hand(plan):
    assert plan.budget_source == "given"
    assert plan.forecast.customers == pytest.approx(20) and plan.forecast.cac == pytest.approx(1_500_000)
    assert plan.break_even.cpa == pytest.approx(1_500_000)            # 3 M x 50 %
    assert plan.break_even.cpl == pytest.approx(75_000)               # 1.5 M x 5 %
    assert plan.break_even.roas == pytest.approx(2.0)
    assert plan.break_even.current_cpa == pytest.approx(1_500_000) and plan.break_even.verdict == "profit"


def test_the_bottleneck_reaching_its_benchmark_by_default(plan):
    d = verdict(SNAPSHOT)
    assert plan.what_if.stage == d.bottleneck.stage == "lead_to_customer"
    rate = d.bottleneck.benchmark
    assert plan.what_if.customers_after == pytest.approx(400 * rate)
    assert plan.what_if.cac_after == pytest.approx(30_000_000 / (400 * rate))
    assert [p.period for p in plan.improved.periods] == [1, 2, 3]


def test_split_by_cost_per_customer_with_a_zero_result_campaign(plan):
    shares = {s.name: s for s in plan.split.shares}
    assert plan.split_basis == "campaigns"  # customers estimated from leads x 5 %
    assert shares["C"].status == "no_results" and shares["C"].budget == 0
    assert shares["B"].status == "over_break_even" and shares["B"].budget == 0
    assert shares["A"].budget == pytest.approx(30_000_000)  # under its cap of 2 x 20 M
    assert shares["A"].expected_customers == pytest.approx(30_000_000 / (20_000_000 / 15))
    assert "zero_results" in plan.split.caveats


def test_a_channel_with_its_own_customers_is_not_estimated():
    plan = scenario(SNAPSHOT, None, 10_000_000, campaigns=[{"key": "zalo", "spend": 5_000_000, "customers": 10}])
    assert plan.split_basis == "channels" and plan.split.shares[0].expected_customers == pytest.approx(20)


def test_rates_and_stages_are_read_like_people_write_them():
    assert parse_rate("10%") == parse_rate("0,1") == parse_rate("10") == pytest.approx(0.1)
    with pytest.raises(UserFacingError):
        parse_rate("mười")
    with pytest.raises(UserFacingError):
        check_stage("lead_to_moon")


def test_cli_and_api_agree(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SNAPSHOT), encoding="utf-8")
    assert main(["whatif", "--input", str(path), "--budget", "60000000", "--stage", "lead_to_customer",
                 "--rate", "10%", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["forecast"]["customers"] == pytest.approx(40)
    assert cli["what_if"]["customers_after"] == pytest.approx(40)  # 400 x 10 %
    with TestClient(create_app()) as api:
        got = api.post("/api/whatif?budget=60000000&stage=lead_to_customer&rate=10%25", json=SNAPSHOT).json()
        assert got["forecast"] == cli["forecast"] and got["what_if"] == cli["what_if"]
        assert any("Nếu tỷ lệ lead → khách hàng đạt 10,0%" in r["label"] for r in got["worded"]["rows"])
        bad = api.post("/api/whatif?rate=abc", json=SNAPSHOT)
        assert bad.status_code == 400 and "abc" in bad.json()["detail"]
    assert main(["whatif", "--input", str(path), "--stage", "x_to_y"]) == 2
    assert "lead_to_customer" in capsys.readouterr().err
    assert main(["whatif", "--input", str(path), "--budget", "60000000"]) == 0
    assert "Điểm hoà vốn" in capsys.readouterr().out
