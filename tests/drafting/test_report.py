import re
import xml.etree.ElementTree as ET

import pytest

from assistant.contracts import Bottleneck
from assistant.drafting.diagnosis_view import action_text
from assistant.drafting.plan import build_plan
from assistant.drafting.report import build_report


def test_report_html_holds_chart_table_citations_plan_and_agenda(diagnosis, snapshot):
    html = build_report(diagnosis, snapshot, {"ctr": 0.04}, "vi")
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    ET.fromstring(svg)  # the embedded chart is well-formed
    for label in ("Tỷ lệ tiếp cận → truy cập", "Tỷ lệ truy cập → lead", "Tỷ lệ lead → khách hàng"):
        assert f"<td>{label}</td>" in html or f"⚠ {label}</td>" in html
    for action in diagnosis.actions:
        cite = action.citations[0]
        assert action_text(action.id, "vi") in html and f"{cite.title} › {cite.heading}" in html
    for days in (30, 60, 90):
        assert f"<h3>{days} ngày đầu</h3>" in html
    assert "Ai là khách hàng mục tiêu?" in html  # the kick-off agenda appendix
    assert "Trong số lead đó, bao nhiêu người thật sự có nhu cầu và đủ điều kiện mua?" in html  # missing data


def test_report_html_is_offline_and_printable(diagnosis, snapshot):
    html = build_report(diagnosis, snapshot, None, "en")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "@media print" in html and "page-break" in html


def test_report_escapes_the_business_name(diagnosis, snapshot):
    html = build_report(diagnosis, snapshot, None, "en", business="<script>x</script>")
    assert "<script" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_report_english_and_markdown(diagnosis, snapshot):
    md = build_report(diagnosis, snapshot, {"cpl": 75_000}, "en", fmt="md")
    assert md.startswith("# Marketing diagnosis report — Shop Mẹ Bé")
    assert "| **⚠ Lead → customer rate** | 3.0% | 10.0% | 30% | Critical |" in md
    assert "### 30 days" in md and "Step 5 · Conversion and sales" in md
    assert "Cost per lead (CPL): 75,000 VND" in md
    assert "Six silos › Silo 6: SLA" in md


def test_summary_states_the_bottleneck_uplift_and_first_pillar(diagnosis, snapshot):
    md = build_report(diagnosis, snapshot, None, "vi", fmt="md")
    summary = md.split("## Tóm tắt")[1].split("##")[0]
    assert "3,0%" in summary and "10,0%" in summary and "84.000.000 VND" in summary
    assert "Chuyển đổi & bán hàng" in summary


@pytest.mark.parametrize(("first", "steps_30"), [("conversion", [1, 5]), ("strategy", [1, 2]),
                                                 ("traffic", [1, 4]), ("measurement", [1, 7])])
def test_plan_follows_the_first_pillar(first, steps_30, diagnosis):
    diagnosis.pillar_priority = [first] + [p for p in diagnosis.pillar_priority if p != first]
    windows = build_plan(diagnosis, "en")["windows"]
    assert [w["days"] for w in windows] == [30, 60, 90]
    assert [s["step"] for s in windows[0]["steps"]] == steps_30
    assert all(len(s["tasks"]) == 3 for w in windows for s in w["steps"])


def test_plan_places_the_diagnosis_actions_on_their_steps(diagnosis):
    windows = build_plan(diagnosis, "en")["windows"]
    step5 = next(s for s in windows[0]["steps"] if s["step"] == 5)
    assert step5["actions"] == [
        "Agree qualified-lead criteria (MQL/SAL) with sales and aim the ads at exactly that group to cut junk leads.",
        "Write a sales script for the usual questions and objections, and track the close rate per salesperson."]
    step7 = next(s for s in windows[2]["steps"] if s["step"] == 7)
    assert step7["actions"] == [("Hold a 30-minute weekly/monthly review of the dashboard: pick one bottleneck and one "
                                 "experiment; change one variable at a time.")]


def test_report_from_an_empty_diagnosis_does_not_break():
    html = build_report(None, {"funnel": {}}, None, "en")
    assert "No bottleneck can be named yet" in html and "No funnel figures to draw yet." in html


def test_summary_does_not_call_a_healthy_stage_low(diagnosis, snapshot):
    diagnosis.bottleneck = Bottleneck(stage="reach_to_visit", actual=0.04, benchmark=0.015, ratio=2.67)
    md = build_report(diagnosis, snapshot, None, "en", fmt="md")
    summary = md.split("## Summary")[1].split("##")[0]
    assert "is only" not in summary
    assert "Every measured rate is at or above its benchmark" in summary
