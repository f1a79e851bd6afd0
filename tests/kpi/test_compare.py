"""Period over period: KPIs and stage rates this month vs the previous one, better or worse, by campaign."""

import json

import pytest
from fastapi.testclient import TestClient

from assistant.cli import main
from assistant.drafting.compare_view import answer
from assistant.kpi import combine, read_export
from assistant.kpi.compare import compare, compare_report, compare_totals, month_rows
from assistant.server import create_app
from tests.fixtures.client_year import write_client

SEPT = {"spend": 10_000_000, "reach": 100_000, "visits": 2_000, "leads": 100, "customers": 10, "revenue": 30_000_000}
OCT = {"spend": 12_000_000, "reach": 100_000, "visits": 2_000, "leads": 150, "customers": 9, "revenue": 27_000_000}


def _by(changes):
    return {c.metric: c for c in changes}


def test_hand_computed_month_over_month():
    changes = _by(compare_totals(SEPT, OCT))
    assert changes["cpl"].previous == 100_000 and changes["cpl"].current == 80_000
    assert changes["cpl"].change == pytest.approx(-0.2) and changes["cpl"].verdict == "better"
    assert changes["cac"].current == pytest.approx(12_000_000 / 9) and changes["cac"].verdict == "worse"
    assert changes["visit_to_lead"].previous == pytest.approx(0.05) and changes["visit_to_lead"].verdict == "better"
    assert changes["lead_to_customer"].current == pytest.approx(0.06) and changes["lead_to_customer"].verdict == "worse"
    assert changes["spend"].verdict == "neutral"  # spending more is neither good nor bad by itself
    assert changes["reach_to_visit"].verdict == "same"


def test_the_latest_month_against_the_previous_and_the_year_before():
    rows = [{"key": "2025-10", **SEPT}, {"key": "2026-09", **SEPT}, {"key": "2026-10", **OCT}]
    result = compare({"month": rows})
    assert (result["current"], result["previous"], result["year_ago"]) == ("2026-10", "2026-09", "2025-10")
    assert "cpl" in result["better"] and "cac" in result["worse"]
    assert [s["key"] for s in result["series"]] == ["2025-10", "2026-09", "2026-10"]
    assert compare({"month": rows[:1]}) is None


def test_a_month_of_two_files_takes_ad_spend_over_the_template():
    rows = [{"key": "2026-10", "source": "t.csv", "spend": 50, "leads": 10},
            {"key": "2026-10", "source": "a.csv", "spend": 30}, {"key": "2026-10", "source": "b.csv", "spend": 20}]
    totals = month_rows({"month": rows}, {"t.csv": "template", "a.csv": "ads", "b.csv": "ads"})[0]["totals"]
    assert totals == {"spend": 50, "leads": 10}


def test_campaigns_compared_when_each_month_is_its_own_file(samples, tmp_path):
    sept = (samples / "meta_ads_vi.csv").read_text(encoding="utf-8-sig").replace("2026-10-", "2026-09-")
    (tmp_path / "sept.csv").write_text(sept, encoding="utf-8")
    report = combine([read_export(tmp_path / "sept.csv"), read_export(samples / "meta_ads_vi.csv")])
    result = compare_report(report)
    assert (result["previous"], result["current"]) == ("2026-09", "2026-10")
    assert {c["key"] for c in result["campaigns"]} == {"Tin nhắn - Áo dài Tết", "Tin nhắn - Váy công sở"}
    assert all(c["verdict"] == "same" for c in result["campaigns"])  # the same figures a month apart


def test_cli_and_api_give_the_same_comparison(tmp_path, capsys):
    files = write_client(tmp_path)
    assert main(["compare", *map(str, files), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert (cli["previous"], cli["current"]) == ("2026-09", "2026-10")
    names = {c["metric"]: c["name"] for c in cli["changes"]}
    assert names["cpl"] and names["qualified_to_customer"].startswith("Tỷ lệ")
    upload = [("files", (p.name, p.read_bytes(), "text/csv")) for p in files]
    api = TestClient(create_app()).post("/api/compare", files=upload).json()
    assert api["changes"] == cli["changes"]
    assert main(["compare", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "2026-10 so với 2026-09" in out and "xấu đi" in out


def test_one_month_is_a_clear_message_everywhere(samples, capsys):
    assert main(["--lang", "en", "compare", str(samples / "meta_ads_vi.csv")]) == 2
    assert "at least two months" in capsys.readouterr().err
    upload = [("files", ("m.csv", (samples / "meta_ads_vi.csv").read_bytes(), "text/csv"))]
    response = TestClient(create_app()).post("/api/compare", files=upload)
    assert response.status_code == 400 and "hai tháng" in response.json()["detail"]
    assert "hai tháng" in answer(None, "vi")


def test_the_chat_answer_of_a_session_with_a_months_file(samples):
    from assistant.contracts import TurnContext
    from assistant.tools.actions import compare_answer

    report = read_export(samples / "funnel_template.csv").to_dict("vi")
    ctx = TurnContext(session_id="s", lang="vi", uploads=[{"filename": "f.csv", "report": report}])
    text = compare_answer(ctx)
    assert "so với" in text and ("tốt lên" in text or "xấu đi" in text)
    assert "hai tháng" in compare_answer(TurnContext(session_id="s", lang="vi"))
