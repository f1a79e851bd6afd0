"""The retrieval eval: its dataset points at real knowledge files, its metrics count correctly."""

import importlib.util
from collections import Counter

from assistant.core.config import PROJECT_ROOT
from assistant.retrieval.knowledge import load_knowledge


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_retrieval", PROJECT_ROOT / "eval" / "retrieval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dataset_has_enough_questions_in_each_language_and_real_ids():
    module = _eval_module()
    questions = module.load_dataset()
    ids = {d.doc_id for d in load_knowledge(PROJECT_ROOT / "knowledge")}
    languages = Counter(q["lang"] for q in questions)
    assert len(questions) >= 40 and all(languages[lang] >= 10 for lang in module.LANGS)
    assert len({q["q"] for q in questions}) == len(questions)
    for item in questions:
        assert item["relevant"] and set(item["relevant"]) <= ids, item


def test_metrics_count_ranks_of_the_first_relevant_file():
    module = _eval_module()
    assert module.first_relevant_rank(["a", "b", "c"], ["c", "b"]) == 2
    assert module.first_relevant_rank(["a"], ["z"]) is None
    assert module._quality([1, 3, None, 2]) == {"hit@1": 0.25, "hit@3": 0.75, "mrr": round((1 + 1 / 3 + 1 / 2) / 4, 3)}
    assert module.percentile([5, 1, 4, 2, 3], 0.5) == 3


def test_english_questions_are_asked_in_english_and_some_are_frozen():
    module = _eval_module()
    questions = module.load_dataset()
    english = [q for q in questions if q["lang"] == "en"]
    assert {module.reader_lang(q) for q in english} == {"en"}
    assert {module.reader_lang(q) for q in questions if q["lang"] != "en"} == {"vi"}
    assert sum(q.get("split") == module.FROZEN for q in english) >= 10
