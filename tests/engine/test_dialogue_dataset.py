"""The dialogue eval set: enough turns in context, three ways of writing, a frozen split kept apart."""

import importlib.util
import json

from assistant.core.config import PROJECT_ROOT
from assistant.core.lang import strip_diacritics

DATASETS = PROJECT_ROOT / "eval" / "datasets"


def cases(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATASETS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_sets_are_large_enough_and_cover_every_kind_in_three_ways_of_writing():
    tune, frozen = cases("dialogue.jsonl"), cases("dialogue_frozen.jsonl")
    assert len(tune) >= 150 and len(frozen) >= 50
    for split in (tune, frozen):
        assert len({c["id"] for c in split}) == len(split)
        assert {"glossary", "why", "disagree", "plan", "capability", "decline", "summary", "start_over",
                "delta", "intake"} <= {c["kind"] for c in split}
        vi = [c for c in split if c["lang"] == "vi"]
        assert any(strip_diacritics(c["message"]) == c["message"] for c in vi)      # typed without diacritics
        assert any(strip_diacritics(c["message"]) != c["message"] for c in vi)
        assert any(c["lang"] == "en" for c in split)


def test_the_frozen_split_shares_no_case_with_the_tuned_one():
    """A case is a message in a context: the same words after another conversation are another case."""
    def keyed(split):
        return {(json.dumps(c["state"], sort_keys=True), c["message"]) for c in split}
    assert not keyed(cases("dialogue.jsonl")) & keyed(cases("dialogue_frozen.jsonl"))


def test_the_runner_scores_a_turn_on_its_kind_and_facts(classifier):
    spec = importlib.util.spec_from_file_location("eval_dialogue", PROJECT_ROOT / "eval" / "dialogue.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    from assistant.engine.offline import OfflineEngine
    from tests.engine.fakes import FakeSearch

    engine = OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch(), classifier)
    picked = {c["id"]: c for c in cases("dialogue.jsonl") if c["id"] in ("t-S1-budget", "t-cap0")}
    results = [runner.play(engine, c) for c in picked.values()]
    assert all(r["kind_right"] and r["facts_right"] for r in results), results
    wrong = runner.play(engine, {**picked["t-S1-budget"], "facts": ["999.999"]})
    assert wrong["kind_right"] and not wrong["facts_right"]
