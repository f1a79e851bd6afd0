"""Where prompts and knowledge come from: the checkout's folders, or `GROWTHDOC_PROMPTS_DIR` once configured."""

import shutil

import pytest

from assistant.cli import main
from assistant.core.config import PROJECT_ROOT, Settings, get_settings, resource_dir
from assistant.core.templates import prompts_dir, text, use_prompts


@pytest.fixture
def own_prompts(tmp_path):
    """A copy of the prompts whose English empty-file message is the owner's own; the default comes back after."""
    root = tmp_path / "own-prompts"
    shutil.copytree(resource_dir("prompts"), root)
    kpi = root / "en" / "kpi.j2"
    kpi.write_text(kpi.read_text(encoding="utf-8").replace("is empty — it has no lines", "has nothing in it"),
                   encoding="utf-8")
    yield root
    use_prompts(None)


def test_a_checkout_reads_its_top_level_folders():
    assert resource_dir("prompts") == PROJECT_ROOT / "prompts"
    assert resource_dir("knowledge") == PROJECT_ROOT / "knowledge"
    assert Settings().prompts_dir == prompts_dir() == PROJECT_ROOT / "prompts"


def test_use_prompts_switches_every_text_and_none_goes_back(own_prompts):
    use_prompts(own_prompts)
    assert text("kpi.empty_file", "en", name="a.csv").startswith("The file “a.csv” has nothing in it")
    use_prompts(None)
    assert text("kpi.empty_file", "en", name="a.csv").startswith("The file “a.csv” is empty — it has no lines")


def test_the_cli_renders_from_the_configured_prompts_dir(own_prompts, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GROWTHDOC_PROMPTS_DIR", str(own_prompts))
    get_settings.cache_clear()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["--lang", "en", "kpi", str(empty)]) == 2
    assert "“empty.csv” has nothing in it" in capsys.readouterr().err


def test_eval_outside_a_checkout_says_it_needs_one(monkeypatch, capsys):
    monkeypatch.setattr("assistant.cli.eval_cmd.checkout", lambda: None)
    assert main(["--lang", "en", "eval", "diagnosis"]) == 2
    assert "checkout of the GrowthDoc repository" in capsys.readouterr().err
