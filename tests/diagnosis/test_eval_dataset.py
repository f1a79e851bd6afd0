"""The diagnosis eval set covers every rule and stage, and the engine gets every case right."""

import importlib.util

from assistant.core.config import PROJECT_ROOT


def load_eval():
    spec = importlib.util.spec_from_file_location("eval_diagnosis", PROJECT_ROOT / "eval" / "diagnosis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dataset_covers_rules_stages_and_industries():
    cases = load_eval().load_cases()
    assert len(cases) >= 30
    assert {c["expected_pillar"] for c in cases} == {"strategy", "measurement", "traffic", "conversion"}
    stages = {c["expected_stage"] for c in cases}
    assert stages >= {"reach_to_visit", "visit_to_lead", "lead_to_qualified", "qualified_to_customer",
                      "customer_to_repeat", "volume", "reach_to_lead", "lead_to_customer", None}
    industries = {c["snapshot"].get("business", {}).get("industry") for c in cases}
    assert len(industries - {None}) >= 6
    assert all(c["why"] for c in cases)


def test_every_case_is_right():
    metrics = load_eval().evaluate(load_eval().load_cases(), repeats=0)
    assert metrics["failures"] == []
    assert metrics["pillar_accuracy"] == metrics["stage_accuracy"] == 1.0
