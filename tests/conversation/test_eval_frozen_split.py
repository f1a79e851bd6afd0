"""The frozen conversation split: a held-out set that parses, says why, and runs on its own with its own title."""

import argparse
import importlib.util
import json

import pytest

from assistant.cli import main
from assistant.core.config import PROJECT_ROOT
from assistant.core.lang import detect_lang

FROZEN = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen.jsonl"
FROZEN2 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen2.jsonl"
FROZEN3 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen3.jsonl"
FROZEN4 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen4.jsonl"
FROZEN5 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen5.jsonl"
FROZEN6 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen6.jsonl"
FROZEN7 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen7.jsonl"
FROZEN8 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen8.jsonl"
FROZEN9 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen9.jsonl"
FROZEN10 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen10.jsonl"
FROZEN11 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen11.jsonl"
FROZEN12 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen12.jsonl"
FROZEN13 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen13.jsonl"
FROZEN14 = PROJECT_ROOT / "eval" / "datasets" / "conversations_frozen14.jsonl"
DEV = PROJECT_ROOT / "eval" / "datasets" / "conversations.jsonl"
PILLARS = {"strategy", "traffic", "conversion", "measurement"}


def load(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def runner():
    spec = importlib.util.spec_from_file_location("eval_conversations", PROJECT_ROOT / "eval" / "conversations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, FROZEN9,
                                  FROZEN10, FROZEN11, FROZEN12, FROZEN13, FROZEN14],
                         ids=["frozen", "frozen2", "frozen3", "frozen4", "frozen5", "frozen6", "frozen7", "frozen8",
                              "frozen9", "frozen10", "frozen11", "frozen12", "frozen13", "frozen14"])
def test_every_frozen_scenario_has_a_reasoned_pillar_and_figures(path):
    cases = load(path)
    assert len(cases) >= 40 and len({c["id"] for c in cases}) == len(cases)
    assert not {c["id"] for c in cases} & {c["id"] for c in load(DEV)}
    assert {c["expected_pillar"] for c in cases} == PILLARS
    assert sum(c["lang"] == "en" for c in cases) >= 8
    for case in cases:
        assert case["expected_pillar"] in PILLARS and case["why"].strip(), case["id"]
        assert isinstance(case["expect_figures"], dict) and case["turns"], case["id"]
        first_text = next(turn for turn in case["turns"] if isinstance(turn, str))
        assert detect_lang(first_text, default="?") in (case["lang"], "?"), case["id"]
        uploads = [PROJECT_ROOT / turn["upload"] for turn in case["turns"] if isinstance(turn, dict)]
        assert all(path.is_file() for path in uploads), case["id"]


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


def test_the_frozen_split_runs_alone_under_its_own_title(monkeypatch, capsys):
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN)]
    assert "FROZEN split" in out and FROZEN.name in out
    played.clear()
    module.main(argparse.Namespace(rest=[], json=False))
    assert len(played) == len(load(DEV)) and "FROZEN" not in capsys.readouterr().out


def test_the_second_frozen_split_is_held_out_from_the_first_and_runs_under_its_own_title(monkeypatch, capsys):
    assert not {c["id"] for c in load(FROZEN2)} & {c["id"] for c in load(FROZEN)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen2"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN2)]
    assert "FROZEN2 split" in out and FROZEN2.name in out


def test_the_third_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    third = {c["id"] for c in load(FROZEN3)}
    assert all(i.startswith("fz3-") for i in third)
    assert not third & ({c["id"] for c in load(FROZEN)} | {c["id"] for c in load(FROZEN2)} | {c["id"] for c in load(DEV)})
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen3"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN3)]
    assert "FROZEN3 split" in out and FROZEN3.name in out



def test_the_fourth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    fourth = {c["id"] for c in load(FROZEN4)}
    assert all(i.startswith("fz4-") for i in fourth)
    others = [FROZEN, FROZEN2, FROZEN3, DEV]
    assert not fourth & {c["id"] for path in others for c in load(path)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen4"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN4)]
    assert "FROZEN4 split" in out and FROZEN4.name in out


def test_the_fifth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    fifth = {c["id"] for c in load(FROZEN5)}
    assert all(i.startswith("fz5-") for i in fifth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, DEV]
    assert not fifth & {c["id"] for path in others for c in load(path)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen5"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN5)]
    assert "FROZEN5 split" in out and FROZEN5.name in out


def test_the_sixth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    sixth = {c["id"] for c in load(FROZEN6)}
    assert all(i.startswith("fz6-") for i in sixth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, DEV]
    assert not sixth & {c["id"] for path in others for c in load(path)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen6"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN6)]
    assert "FROZEN6 split" in out and FROZEN6.name in out


def test_the_seventh_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    seventh = {c["id"] for c in load(FROZEN7)}
    assert all(i.startswith("fz7-") for i in seventh)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, DEV]
    assert not seventh & {c["id"] for path in others for c in load(path)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen7"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN7)]
    assert "FROZEN7 split" in out and FROZEN7.name in out


def test_the_eighth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    eighth = {c["id"] for c in load(FROZEN8)}
    assert all(i.startswith("fz8-") for i in eighth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, DEV]
    assert not eighth & {c["id"] for path in others for c in load(path)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen8"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN8)]
    assert "FROZEN8 split" in out and FROZEN8.name in out


def test_the_ninth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    ninth = {c["id"] for c in load(FROZEN9)}
    assert all(i.startswith("fz9-") for i in ninth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, DEV]
    assert not ninth & {c["id"] for path in others for c in load(path)}
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen9"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN9)]
    assert "FROZEN9 split" in out and FROZEN9.name in out


def test_the_tenth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    tenth = {c["id"] for c in load(FROZEN10)}
    assert all(i.startswith("fz10-") for i in tenth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, FROZEN9, DEV]
    assert not tenth & {c["id"] for path in others for c in load(path)}
    scored = set(runner().SCORED)
    assert all(set(c["expect_figures"]) <= scored for c in load(FROZEN10))
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen10"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN10)]
    assert "FROZEN10 split" in out and FROZEN10.name in out


def test_the_eleventh_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    eleventh = {c["id"] for c in load(FROZEN11)}
    assert all(i.startswith("fz11-") for i in eleventh)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, FROZEN9, FROZEN10, DEV]
    assert not eleventh & {c["id"] for path in others for c in load(path)}
    scored = set(runner().SCORED)
    assert all(set(c["expect_figures"]) <= scored for c in load(FROZEN11))
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen11"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN11)]
    assert "FROZEN11 split" in out and FROZEN11.name in out


def test_the_twelfth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    twelfth = {c["id"] for c in load(FROZEN12)}
    assert all(i.startswith("fz12-") for i in twelfth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, FROZEN9, FROZEN10, FROZEN11, DEV]
    assert not twelfth & {c["id"] for path in others for c in load(path)}
    scored = set(runner().SCORED)
    assert all(set(c["expect_figures"]) <= scored for c in load(FROZEN12))
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen12"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN12)]
    assert "FROZEN12 split" in out and FROZEN12.name in out


def test_the_thirteenth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    thirteenth = {c["id"] for c in load(FROZEN13)}
    assert all(i.startswith("fz13-") for i in thirteenth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, FROZEN9, FROZEN10, FROZEN11,
              FROZEN12, DEV]
    assert not thirteenth & {c["id"] for path in others for c in load(path)}
    scored = set(runner().SCORED)
    assert all(set(c["expect_figures"]) <= scored for c in load(FROZEN13))
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen13"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN13)]
    assert "FROZEN13 split" in out and FROZEN13.name in out


def test_the_fourteenth_frozen_split_is_held_out_from_the_others_and_runs_under_its_own_title(monkeypatch, capsys):
    fourteenth = {c["id"] for c in load(FROZEN14)}
    assert all(i.startswith("fz14-") for i in fourteenth)
    others = [FROZEN, FROZEN2, FROZEN3, FROZEN4, FROZEN5, FROZEN6, FROZEN7, FROZEN8, FROZEN9, FROZEN10, FROZEN11,
              FROZEN12, FROZEN13, DEV]
    assert not fourteenth & {c["id"] for path in others for c in load(path)}
    scored = set(runner().SCORED)
    assert all(set(c["expect_figures"]) <= scored for c in load(FROZEN14))
    module = runner()
    played = []

    monkeypatch.setattr(module, "evaluate", _stand_in(played))
    assert module.main(argparse.Namespace(rest=["--split", "frozen14"], json=False)) == 0
    out = capsys.readouterr().out
    assert [c["id"] for c in played] == [c["id"] for c in load(FROZEN14)]
    assert "FROZEN14 split" in out and FROZEN14.name in out


def test_the_cli_passes_the_split_to_the_suite(monkeypatch, tmp_path, capsys):
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "echo.py").write_text("def main(args):\n    print('rest:', args.rest)\n", encoding="utf-8")
    monkeypatch.setattr("assistant.cli.eval_cmd.checkout", lambda: tmp_path)
    assert main(["eval", "echo", "--split", "frozen"]) == 0
    assert "rest: ['--split', 'frozen']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen2"]) == 0
    assert "rest: ['--split', 'frozen2']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen3"]) == 0
    assert "rest: ['--split', 'frozen3']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen5"]) == 0
    assert "rest: ['--split', 'frozen5']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen6"]) == 0
    assert "rest: ['--split', 'frozen6']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen7"]) == 0
    assert "rest: ['--split', 'frozen7']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen8"]) == 0
    assert "rest: ['--split', 'frozen8']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen9"]) == 0
    assert "rest: ['--split', 'frozen9']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen10"]) == 0
    assert "rest: ['--split', 'frozen10']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen11"]) == 0
    assert "rest: ['--split', 'frozen11']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen12"]) == 0
    assert "rest: ['--split', 'frozen12']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen13"]) == 0
    assert "rest: ['--split', 'frozen13']" in capsys.readouterr().out
    assert main(["eval", "echo", "--split", "frozen14"]) == 0
    assert "rest: ['--split', 'frozen14']" in capsys.readouterr().out
