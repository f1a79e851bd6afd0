import xml.etree.ElementTree as ET

from assistant.contracts import Diagnosis
from assistant.drafting.chart import funnel_svg

NS = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]


def test_chart_is_well_formed_and_accessible(diagnosis, snapshot):
    root = ET.fromstring(funnel_svg(diagnosis, "vi", snapshot=snapshot))
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert "Shop Mẹ Bé" in root.find(f"{NS}title").text
    assert "Điểm nghẽn: Tỷ lệ lead → khách hàng" in root.find(f"{NS}desc").text


def test_chart_has_a_bar_per_known_stage_with_counts_and_rates(diagnosis, snapshot):
    svg = funnel_svg(diagnosis, "vi", snapshot=snapshot)
    texts = _texts(svg)
    assert {"200.000", "8.000", "400", "12"} <= set(texts)
    bars = [r for r in ET.fromstring(svg).iter(f"{NS}rect") if r.get("fill") == "#1d4ed8"]
    assert len(bars) == 4
    widths = [float(b.get("width")) for b in bars]
    assert widths == sorted(widths, reverse=True)
    assert "↓ 3,0% · chuẩn 10,0% · Nghiêm trọng" in texts
    assert any("Điểm nghẽn" in t for t in texts)


def test_chart_escapes_the_business_name(diagnosis, snapshot):
    svg = funnel_svg(diagnosis, "en", snapshot=snapshot, business='<script>alert("x")</script>')
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == 'Marketing funnel — <script>alert("x")</script>'


def test_chart_from_a_snapshot_alone_computes_the_rates(snapshot):
    texts = _texts(funnel_svg(None, "en", snapshot=snapshot))
    assert "↓ 3.0% · Unknown" in texts  # 12 / 400, no benchmark without a diagnosis


def test_chart_without_counts_still_draws(diagnosis):
    texts = _texts(funnel_svg(diagnosis, "en"))
    assert "Leads" in texts and "Customers" in texts
    assert "No funnel figures to draw yet." in _texts(funnel_svg(None, "en", snapshot={"funnel": {}}))


def test_a_healthy_weakest_stage_is_not_flagged_as_a_bottleneck(snapshot):
    healthy = Diagnosis.model_validate({"bottleneck": {"stage": "reach_to_lead", "actual": 0.0042, "benchmark": 0.0006, "ratio": 7.0},
               "stages": [{"stage": "reach_to_lead", "actual": 0.0042, "benchmark": 0.0006, "status": "ok"}],
               "pillar_priority": ["traffic", "measurement", "strategy", "conversion"]})
    funnel = {**snapshot, "funnel": {"reach": 459_483, "leads": 1_907}}
    assert not any("Điểm nghẽn" in t for t in _texts(funnel_svg(healthy, "vi", snapshot=funnel)))
