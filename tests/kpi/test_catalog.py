"""The KPI arithmetic: formulas on hand-made totals; unknown or zero denominators give None."""

import pytest

from assistant.kpi.catalog import BY_NAME, CATALOG, compute, label


def test_formulas():
    totals = {"spend": 10_000_000, "impressions": 200_000, "reach": 100_000, "clicks": 2_000, "visits": 1_500,
              "leads": 100, "qualified": 40, "customers": 10, "repeat_customers": 5, "orders": 16,
              "revenue": 32_000_000}
    k = compute(totals, gross_margin=0.5)
    assert k["frequency"] == 2 and k["ctr"] == 0.01 and k["cpc"] == 5_000 and k["cpm"] == 50_000
    assert k["cpl"] == 100_000 and k["visit_to_lead"] == pytest.approx(100 / 1500)
    assert k["lead_to_qualified"] == 0.4 and k["qualified_to_customer"] == 0.25
    assert k["cac"] == 1_000_000 and k["aov"] == 2_000_000 and k["roas"] == 3.2 and k["break_even_roas"] == 2
    assert k["repeat_rate"] == 0.5
    assert k["ltv"] == pytest.approx(3_200_000 / (1 - 0.5) * 0.5)  # revenue per customer, repeat, margin
    assert k["ltv_to_cac"] == pytest.approx(3.2)


def test_unknown_is_never_zero():
    k = compute({"spend": 1_000_000, "customers": 0})
    assert k["cac"] is None and k["leads"] is None and k["cpl"] is None and k["roas"] is None
    assert k["break_even_roas"] is None and k["ltv"] is None


def test_every_kpi_has_a_label_in_both_languages_and_a_valid_level():
    for kpi in CATALOG:
        assert label(kpi.name, "vi") != kpi.name and label(kpi.name, "en") != kpi.name  # a real label
        assert kpi.level in ("input", "output", "impact") and kpi.kind in ("strategic", "tactical")
        assert kpi.pillar in ("strategy", "traffic", "conversion", "measurement")
    assert set(compute({})) == set(BY_NAME)
    assert label("cpl", "vi", message_leads=True) == "Chi phí mỗi tin nhắn"
