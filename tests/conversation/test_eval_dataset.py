"""The conversations eval set: enough scenarios, in both languages, each with a reasoned pillar."""

import json

from assistant.core.config import PROJECT_ROOT
from assistant.core.lang import detect_lang

DATASET = PROJECT_ROOT / "eval" / "datasets" / "conversations.jsonl"


def scenarios() -> list[dict]:
    return [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_set_covers_vietnamese_and_english_with_every_pillar():
    cases = scenarios()
    assert sum(c["lang"] == "vi" for c in cases) >= 15 and any(c["lang"] == "en" for c in cases)
    assert {c["expected_pillar"] for c in cases} == {"strategy", "traffic", "conversion", "measurement"}
    assert len({c["id"] for c in cases}) == len(cases)


def test_every_scenario_is_written_in_its_language_and_says_why():
    for case in scenarios():
        assert case["turns"] and case["why"], case["id"]
        first_text = next(turn for turn in case["turns"] if isinstance(turn, str))
        assert detect_lang(first_text, default="?") in (case["lang"], "?"), case["id"]
        uploads = [PROJECT_ROOT / turn["upload"] for turn in case["turns"] if isinstance(turn, dict)]
        assert all(path.is_file() for path in uploads), case["id"]


def test_the_runner_scores_scenarios_and_names_the_commit(capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_conversations", PROJECT_ROOT / "eval" / "conversations.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    picked = [c for c in scenarios() if c["id"] in ("vi-spa-no-target-customer", "en-shop-close-rate")]
    metrics = runner.evaluate(picked)
    assert metrics["diagnosed_right"] == 1.0 and metrics["turns_to_diagnosis_max_numbers_first"] == 1
    assert metrics["reply_language_right"] == 1.0 and metrics["commit"]
    runner.print_table(metrics)
    assert "diagnosed right" in capsys.readouterr().out


def test_the_runner_scores_expected_figures_and_figures_shown():
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_conversations", PROJECT_ROOT / "eval" / "conversations.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    snapshot = {"funnel": {"leads": 1500, "customers": 12}, "spend": 3e7, "sources": {"leads": "chat"}}
    assert runner.figures_right(snapshot, {"funnel.leads": 1500, "funnel.customers": 12, "spend": 3e7}) == (True, [])
    right, wrong = runner.figures_right(snapshot, {"funnel.leads": 1500, "funnel.customers": 120})
    assert not right and wrong == ["funnel.customers: expected 120, got 12", "spend: not stated, got 3e+07"]
    after = {"funnel": {"leads": 1500}, "spend": 26228466}
    assert runner.unshown({}, after, "khách hỏi: 1.500; chi quảng cáo 26,2 triệu đồng", "vi") == []
    assert runner.unshown({}, after, "Noted: 1,500 leads.", "en") == ["spend=2.62285e+07"]
    assert sum("expect_figures" in c for c in scenarios()) >= 45 and len(scenarios()) >= 60
