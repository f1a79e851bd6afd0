"""Helpers for the diagnosis tests: a snapshot builder with every practice in place."""

import pytest

GOOD_PRACTICES = {
    "target_customer_defined": True, "positioning_defined": True, "business_goal_defined": True,
    "kpis_tracked": True, "dashboard": True, "periodic_review": True,
    "lead_definition_agreed": True, "sales_sla": True, "crm": True,
}


@pytest.fixture
def snap():
    """snap(funnel, practices overrides..., **top-level fields) -> a snapshot dict."""
    def build(funnel, practices=None, **fields):
        data = {"funnel": funnel, "practices": {**GOOD_PRACTICES, **(practices or {})}}
        data.update(fields)
        return data
    return build
