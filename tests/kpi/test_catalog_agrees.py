"""The KPI table an owner sees and the KPI classifier the chat uses give a KPI the same level."""

import pytest
import yaml

from assistant.core.config import PROJECT_ROOT
from assistant.kpi.catalog import BY_NAME

CLASSIFIER = yaml.safe_load((PROJECT_ROOT / "assistant/diagnosis/kpi_catalog.yaml").read_text("utf-8"))
SAME_KPI = {
    "spend": "ad_spend", "reach": "reach", "ctr": "ctr", "cpc": "cpc", "cpm": "cpm", "leads": "leads",
    "cpl": "cpl", "visit_to_lead": "conversion_rate", "lead_to_qualified": "mql_to_sql_rate",
    "qualified_to_customer": "close_rate", "customers": "new_customers", "cac": "cac",
    "revenue": "revenue", "aov": "aov", "roas": "roas", "repeat_rate": "retention_rate",
    "ltv": "clv", "ltv_to_cac": "ltv_cac",
}


@pytest.mark.parametrize(("name", "entry"), SAME_KPI.items())
def test_level_kind_and_pillar_agree(name, entry):
    kpi, classified = BY_NAME[name], CLASSIFIER[entry]
    assert (kpi.level, kpi.kind, kpi.pillar) == (classified["level"], classified["kind"], classified["pillar"])


def test_reach_and_clicks_are_results_not_resources():
    """knowledge/kpi-taxonomy.md: impressions, clicks and visits are output KPIs; budget is input."""
    assert {BY_NAME[n].level for n in ("impressions", "reach", "clicks", "ctr")} == {"output"}
    assert BY_NAME["spend"].level == "input"
