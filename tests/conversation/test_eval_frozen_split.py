"""The held-out conversation splits: each parses, says why, is held out from the others, and runs alone under its title."""

import argparse
import importlib.util
import json

import pytest

from assistant.cli import main
from assistant.core.config import PROJECT_ROOT
from assistant.core.lang import detect_lang

DATASETS = PROJECT_ROOT / "eval" / "datasets"
DEV = DATASETS / "conversations.jsonl"
PILLARS = {"strategy", "traffic", "conversion", "measurement"}


def load(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def runner():
    spec = importlib.util.spec_from_file_location("eval_conversations", PROJECT_ROOT / "eval" / "conversations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HELD_OUT = {name: path for name, path in runner().splits().items() if name != "dev"}


def test_the_held_out_splits_are_found_in_the_order_they_were_written():
    names = list(HELD_OUT)
    assert names[:3] == ["frozen", "frozen2", "frozen3"] and len(names) >= 14
    assert names == sorted(names, key=runner().held_out_order)


@pytest.mark.parametrize("name", list(HELD_OUT))
def test_every_held_out_scenario_has_a_reasoned_pillar_and_figures(name):
    cases = load(HELD_OUT[name])
    assert len(cases) >= 40 and len({c["id"] for c in cases}) == len(cases)
    assert {c["expected_pillar"] for c in cases} == PILLARS
    assert sum(c["lang"] == "en" for c in cases) >= 8
    for case in cases:
        assert case["expected_pillar"] in PILLARS and case["why"].strip(), case["id"]
        assert isinstance(case["expect_figures"], dict) and case["turns"], case["id"]
        first_text = next(turn for turn in case["turns"] if isinstance(turn, str))
        assert detect_lang(first_text, default="?") in (case["lang"], "?"), case["id"]
        uploads = [PROJECT_ROOT / turn["upload"] for turn in case["turns"] if isinstance(turn, dict)]
        assert all(path.is_file() for path in uploads), case["id"]
    if runner().held_out_order(name) >= 10:  # from the tenth split on, only figures the eval scores are named
        scored = set(runner().SCORED)
        assert all(set(c["expect_figures"]) <= scored for c in cases)
        assert all(c["id"].startswith(f"fz{runner().held_out_order(name)}-") for c in cases)


@pytest.mark.parametrize("name", list(HELD_OUT))
def test_every_held_out_split_shares_no_scenario_with_another_or_with_dev(name):
    ids = {c["id"] for c in load(HELD_OUT[name])}
    others = [DEV, *(path for other, path in HELD_OUT.items() if other != name)]
    assert not ids & {c["id"] for path in others for c in load(path)}


def _stand_in(played: list):
    """An `evaluate` that records the scenarios it is given and returns the metrics' shape."""
    def evaluate(scenarios):
        played.extend(scenarios)
        return {"commit": "abc1234", "scenarios": len(scenarios), "turns": 0, "diagnosed_right": 1.0,
                "turns_to_diagnosis_mean": 1.0, "turns_to_diagnosis_max_numbers_first": 1,
                "replies_with_citations": 1.0, "diagnoses_and_drafts_with_citations": 1.0,
                "reply_language_right": 1.0, "figures_scenarios": 0, "figures_exactly_right": None,
                "storing_turns": 0, "figures_stored_silently": 0, "figure_failures": [], "silent": [],
                "latency_ms_p50": 1.0, "latency_ms_p95": 1.0, "failures": [], "repeated_questions": 0,
                "repeats": []}
    return evaluate


@pytest.mark.parametrize("name", list(HELD_OUT))
def test_a_held_out_split_runs_alone_under_its_own_title(name, monkeypatch, capsys):
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", name], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(HELD_OUT[name])]
    assert f"{name.upper()} split" in out and HELD_OUT[name].name in out and "tuned on" not in out.split("never")[0]


def test_without_a_split_the_dev_set_runs_under_its_own_title(monkeypatch, capsys):
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    module.main(argparse.Namespace(rest=[], json=False))
    out = capsys.readouterr().out
    assert len(played) == len(load(DEV)) and "FROZEN" not in out and "dev split, tuned on" in out


def test_an_unknown_split_is_refused_with_the_ones_there_are(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        runner().main(argparse.Namespace(rest=["--split", "frozen999"], json=False))
    assert "frozen2" in capsys.readouterr().err


@pytest.mark.parametrize("split", ["frozen", "frozen2", "frozen14", "frozen15"])
def test_the_cli_passes_the_split_to_the_suite(split, monkeypatch, tmp_path, capsys):
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "echo.py").write_text("def main(args):\n    print('rest:', args.rest)\n", encoding="utf-8")
    monkeypatch.setattr("assistant.cli.eval_cmd.checkout", lambda: tmp_path)
    assert main(["eval", "echo", "--split", split]) == 0
    assert f"rest: ['--split', '{split}']" in capsys.readouterr().out
