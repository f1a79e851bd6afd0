"""`growthdoc ingest` and `growthdoc search` as a user runs them."""

import json

import pytest

from assistant.cli import main
from assistant.core.config import get_settings


@pytest.fixture
def use_settings(monkeypatch):
    """Point the CLI's settings at a data dir (and optionally a knowledge dir)."""

    def apply(data_dir, knowledge_dir=None):
        monkeypatch.setenv("GROWTHDOC_DATA_DIR", str(data_dir))
        if knowledge_dir:
            monkeypatch.setenv("GROWTHDOC_KNOWLEDGE_DIR", str(knowledge_dir))
        get_settings.cache_clear()

    return apply


def test_search_json_lists_results_best_first(indexed_settings, use_settings, capsys):
    use_settings(indexed_settings.data_dir)
    assert main(["search", "SLA marketing sales phản hồi lead", "--k", "3", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 3
    assert all(set(r) == {"text", "title", "source", "heading", "score", "citation", "lang", "fallback"}
               for r in results)
    assert {(r["lang"], r["fallback"]) for r in results} == {("vi", False)}
    assert results[0]["source"] == "knowledge/silos.md"
    assert results[0]["citation"].startswith(results[0]["title"])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_search_answers_in_the_language_asked_for(indexed_settings, use_settings, capsys):
    use_settings(indexed_settings.data_dir)
    assert main(["search", "how fast should sales respond to a marketing lead", "--k", "3", "--json"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert {r["lang"] for r in english} == {"en"} and english[0]["source"].startswith("knowledge/en/")
    assert main(["--lang", "vi", "search", "SLA marketing sales", "--k", "2", "--json"]) == 0
    assert {r["lang"] for r in json.loads(capsys.readouterr().out)} == {"vi"}


def test_search_modes_and_readable_output(indexed_settings, use_settings, capsys):
    use_settings(indexed_settings.data_dir)
    assert main(["search", "muc", "tieu", "smart", "la", "gi", "--mode", "bm25", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. ") and "knowledge/smart-goals.md" in out and "\n2. " in out


def test_ingest_prints_what_it_did_and_is_incremental(tiny_settings, use_settings, capsys):
    use_settings(tiny_settings.data_dir, tiny_settings.knowledge_dir)
    assert main(["ingest", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["chunks_embedded"] == 5
    assert main(["--lang", "en", "ingest", "--quiet"]) == 0
    assert "0 new, 0 updated, 0 removed, 3 unchanged files; embedded 0/5 chunks" in capsys.readouterr().out


def test_search_on_an_empty_index_ingests_first_and_says_so(tiny_settings, use_settings, capsys):
    use_settings(tiny_settings.data_dir, tiny_settings.knowledge_dir)
    assert main(["search", "kich ban ban hang", "--json", "--k", "1"]) == 0
    captured = capsys.readouterr()
    assert "growthdoc ingest" in captured.err
    assert json.loads(captured.out)[0]["source"] == "knowledge/beta.md"


def test_a_bad_knowledge_file_is_one_clear_line(tiny_settings, use_settings, capsys):
    (tiny_settings.knowledge_dir / "gamma.md").write_text("---\nid: gamma\ntitle: G\n---\n## A\n\nx\n", encoding="utf-8")
    use_settings(tiny_settings.data_dir, tiny_settings.knowledge_dir)
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "gamma.md" in err and "pillar" in err
    assert main(["--lang", "en", "ingest"]) == 2
    assert capsys.readouterr().err.startswith("Knowledge file “gamma.md”")


def test_an_unreachable_chroma_host_names_the_setting(use_settings, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GROWTHDOC_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("GROWTHDOC_CHROMA_PORT", "9")
    use_settings(tmp_path / "data")
    assert main(["search", "kpi"]) == 2
    err = capsys.readouterr().err
    assert "GROWTHDOC_CHROMA_HOST" in err and "127.0.0.1:9" in err and "Traceback" not in err
