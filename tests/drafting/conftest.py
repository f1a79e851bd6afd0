"""A hand-made snapshot dict and a hand-made keyed `Diagnosis` (DESIGN.md contracts, not the diagnosis code's output)."""

import copy

import pytest

from assistant.contracts import Diagnosis

DIAGNOSIS = {
    "bottleneck": {"stage": "lead_to_customer", "actual": 0.03, "benchmark": 0.1, "ratio": 0.3,
                   "revenue_uplift": 84_000_000},
    "stages": [
        {"stage": "reach_to_visit", "actual": 0.04, "benchmark": 0.015, "status": "ok"},
        {"stage": "visit_to_lead", "actual": 0.05, "benchmark": 0.04, "status": "ok"},
        {"stage": "lead_to_customer", "actual": 0.03, "benchmark": 0.1, "status": "critical"},
    ],
    "pillar_priority": ["conversion", "measurement", "strategy", "traffic"],
    "pillars": {"conversion": {"score": 35, "findings": [
        {"key": "diagnosis.finding_stage",
         "params": {"stage": "lead_to_customer", "actual": 0.03, "benchmark": 0.1, "status": "critical"}}]},
                "measurement": {"score": 50, "findings": []}, "strategy": {"score": 80, "findings": []},
                "traffic": {"score": 95, "findings": []}},
    "reasons": [{"key": "diagnosis.stage_line",
                 "params": {"stage": "lead_to_customer", "start": "leads", "end": "customers", "per": 100,
                            "actual": 3.0, "low": 5.0, "high": 20.0, "below": True}}],
    "actions": [
        {"id": "lead_criteria", "step": 5,
         "citations": [{"doc_id": "silos", "title": "Six silos", "heading": "Silo 6: SLA",
                        "source": "knowledge/silos.md"}]},
        {"id": "sales_script", "step": 5,
         "citations": [{"doc_id": "step-5-conversion-sales", "title": "Step 5", "heading": "Action 2: scripts",
                        "source": "knowledge/step-5-conversion-sales.md"}]},
        {"id": "periodic_review", "step": 7,
         "citations": [{"doc_id": "step-7-measure-optimise", "title": "Step 7", "heading": "Action 2: reviews",
                        "source": "knowledge/step-7-measure-optimise.md"}]},
    ],
    "kpis_to_track": [{"id": "qualified_to_customer", "level": "output", "kind": "tactical"},
                      {"id": "revenue", "level": "impact", "kind": "strategic"}],
    "missing_data": [{"field": "qualified"}],
    "unit_economics": {"cac": 2_500_000.0, "roas": 1.2},
    "warnings": [],
}

SNAPSHOT = {
    "business": {"name": "Shop Mẹ Bé", "industry": "retail", "model": "b2c"},
    "period": {"start": "2026-10-01", "end": "2026-10-31"},
    "currency": "VND",
    "funnel": {"reach": 200_000, "visits": 8_000, "leads": 400, "customers": 12},
    "spend": 30_000_000, "revenue": 36_000_000, "target_revenue": 100_000_000,
    "practices": {"target_customer_defined": True, "positioning_defined": False, "sales_sla": False,
                  "lead_definition_agreed": False, "dashboard": False},
}


@pytest.fixture
def diagnosis() -> Diagnosis:
    return Diagnosis.model_validate(copy.deepcopy(DIAGNOSIS))


@pytest.fixture
def snapshot() -> dict:
    return copy.deepcopy(SNAPSHOT)
