"""A stored diagnosis is words-free: what is shown is worded in the reader's language at the time.

A session diagnosed in Vietnamese, kept in the session store, then read in English gives an English
report throughout, citations included: the knowledge base is written in both languages, and a cited
section is shown under its English title and heading (`knowledge/en/`, the same section id).
"""

import json
import re

import pytest
from markupsafe import escape

from assistant.contracts import Citation, Diagnosis, TurnContext
from assistant.conversation.store import ConversationStore
from assistant.core.config import resource_dir
from assistant.core.lang import strip_diacritics
from assistant.retrieval.knowledge import load_knowledge
from assistant.tools import actions

SNAPSHOT = {
    "business": {"name": "Shop A", "industry": "construction", "model": "b2c"},
    "currency": "VND",
    # qualified > leads: a contradiction, so a warning and a "check both figures" question
    "funnel": {"reach": 200_000, "visits": 8_000, "leads": 400, "qualified": 500, "customers": 12},
    "spend": 30_000_000, "revenue": 36_000_000, "target_revenue": 100_000_000, "gross_margin": 40,
    "practices": {"target_customer_defined": True, "positioning_defined": False, "kpis_tracked": True,
                  "sales_sla": False, "dashboard": False},
    "sources": {},
}


def vietnamese_letters(text: str) -> list[str]:
    """Letters with Vietnamese diacritics (ạ, ế, đ…); typography such as → or — is not counted."""
    return [ch for ch in text if ch.isalpha() and strip_diacritics(ch) != ch]


def titles(lang: str) -> set[str]:
    """The titles of the knowledge files in one language."""
    return {d.meta.title for d in load_knowledge(resource_dir("knowledge"), lang)}


@pytest.fixture
def store(tmp_path):
    return ConversationStore(f"sqlite:///{tmp_path / 'sessions.db'}")


def diagnosed_in_vietnamese(store) -> tuple[str, dict]:
    """A session diagnosed in Vietnamese and saved; (session id, what the Vietnamese reader was shown)."""
    session_id = store.create_session("ws", "web", None)
    ctx = TurnContext(session_id=session_id, lang="vi", snapshot=dict(SNAPSHOT))
    shown = actions.run_diagnosis(ctx)
    store.save_state(session_id, ctx.lang, ctx.state(), ctx.diagnosis)
    return session_id, shown


def read_back(store, session_id: str, lang: str) -> TurnContext:
    row = store.load(session_id, "ws")
    return TurnContext.from_state(session_id, lang, row.state, row.diagnosis, [], [])


def test_the_vietnamese_reader_was_shown_vietnamese(store):
    """The check below can fail: the same diagnosis, shown in Vietnamese, is full of Vietnamese letters."""
    _, shown = diagnosed_in_vietnamese(store)
    for text in [*shown["reasons"], shown["actions"][0]["text"], shown["kpis_to_track"][0]["name"],
                 shown["missing_data"][0]["question"], shown["warnings"][0]]:
        assert vietnamese_letters(text), text


def test_the_stored_diagnosis_round_trips_and_holds_no_words(store):
    session_id, _ = diagnosed_in_vietnamese(store)
    stored = read_back(store, session_id, "en").diagnosis
    diagnosis = Diagnosis.model_validate(stored)
    assert diagnosis.model_dump(mode="json") == stored
    assert [a.id for a in diagnosis.actions] and all(k.id for k in diagnosis.kpis_to_track)
    quoted = re.sub(r'"(title|heading)": "[^"]*"', "", json.dumps(stored, ensure_ascii=False))  # citations
    assert not vietnamese_letters(quoted)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_english_report_after_a_vietnamese_diagnosis_is_english_throughout(store, fmt):
    session_id, shown_vi = diagnosed_in_vietnamese(store)
    ctx = read_back(store, session_id, "en")
    report = actions.make_report(ctx, fmt=fmt).data["content"]
    for action in shown_vi["actions"]:  # the Vietnamese texts are not there...
        assert action["text"] not in report
    shown_en = actions.shown_diagnosis(ctx)
    for text in [*shown_en["reasons"][:1], *(a["text"] for a in shown_en["actions"]),  # ...the English ones are
                 *(k["name"] for k in shown_en["kpis_to_track"])]:
        assert (text if fmt == "md" else str(escape(text))) in report
    assert vietnamese_letters(report) == []
    cited = {c.title for a in shown_en["actions"] for c in map(Citation.model_validate, a["citations"])}
    assert cited and cited <= titles("en")  # the sources name the English sections
    assert all((t if fmt == "md" else str(escape(t))) in report for t in cited)
    assert not any(t in report for t in titles("vi"))


def test_cards_and_drafts_shown_later_follow_the_reader_not_the_diagnosis(store):
    session_id, _ = diagnosed_in_vietnamese(store)
    ctx = read_back(store, session_id, "en")
    card = actions.diagnosis_artifacts(ctx)[0].data
    worded = [*card["reasons"], *(a["text"] for a in card["actions"]), *(k["name"] for k in card["kpis_to_track"]),
              *(m["question"] for m in card["missing_data"]), *card["warnings"],
              *(f for p in card["pillars"].values() for f in p["findings"])]
    assert worded and vietnamese_letters(" ".join(worded)) == []
    cited = [Citation.model_validate(c) for a in card["actions"] for c in a["citations"]]
    assert cited and {c.lang for c in cited} == {"en"} and all(c.source.startswith("knowledge/en/") for c in cited)
    assert vietnamese_letters(" ".join(c.label for c in cited)) == []
    for kind in ("agenda", "sla", "kpi_tree"):
        draft = actions.make_draft(ctx, kind).data["markdown"]
        assert vietnamese_letters(draft) == [], kind


def test_the_vietnamese_reader_still_reads_vietnamese_citations(store):
    session_id, shown = diagnosed_in_vietnamese(store)
    cited = [Citation.model_validate(c) for a in shown["actions"] for c in a["citations"]]
    assert cited and {c.lang for c in cited} == {"vi"} and {c.title for c in cited} <= titles("vi")
    assert all(not c.source.startswith("knowledge/en/") for c in cited)
    report = actions.make_report(read_back(store, session_id, "vi"), fmt="md").data["content"]
    assert {c.title for c in cited} & titles("vi") and all(c.title in report for c in cited)


def test_a_diagnosis_kept_worded_by_an_earlier_version_is_made_again_not_shown_as_is():
    old = {"bottleneck": None, "stages": [], "pillar_priority": ["measurement"], "pillars": {},
           "reasons": ["Trụ cột Đo lường cần sửa trước."], "actions": [{"text": "Ghi lại phễu", "step": 7}],
           "kpis_to_track": [], "missing_data": [], "warnings": []}
    ctx = TurnContext(session_id="s", lang="en", snapshot=dict(SNAPSHOT), diagnosis=old)
    card = actions.diagnosis_artifacts(ctx)[0].data
    assert card["actions"] and vietnamese_letters(" ".join(a["text"] for a in card["actions"])) == []
    assert Diagnosis.model_validate(ctx.diagnosis).actions  # kept again, keyed
