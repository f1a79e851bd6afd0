"""The English knowledge base mirrors the Vietnamese one: same files, same sections, same ids."""

import re
from pathlib import Path

import pytest

from assistant.core.lang import strip_diacritics
from assistant.retrieval.knowledge import cite, load_knowledge

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
VI = {d.doc_id: d for d in load_knowledge(KNOWLEDGE, "vi")}
EN = {d.doc_id: d for d in load_knowledge(KNOWLEDGE, "en")}
BOTH = sorted(set(VI) & set(EN))


def test_every_vietnamese_article_has_its_english_counterpart_and_vice_versa():
    assert sorted(VI) == sorted(EN)
    assert all((KNOWLEDGE / "en" / f"{doc_id}.md").is_file() for doc_id in VI)


@pytest.mark.parametrize("doc_id", BOTH)
def test_front_matter_agrees_but_the_title(doc_id):
    vi, en = VI[doc_id].meta, EN[doc_id].meta
    assert (en.id, en.pillar, en.step, en.source) == (vi.id, vi.pillar, vi.step, vi.source)
    assert en.title != vi.title and en.topics


@pytest.mark.parametrize("doc_id", BOTH)
def test_every_section_has_its_counterpart_with_the_same_id(doc_id):
    """Section n of one language is section n of the other: same level, and text in both or neither."""
    vi, en = VI[doc_id], EN[doc_id]
    assert [level for level, _ in en.headings] == [level for level, _ in vi.headings]
    assert {c.section for c in en.chunks} == {c.section for c in vi.chunks}
    # numbers in headings ("Silo 6", "Bước 1" / "Step 1", "20% … quý 1" / "20% in Q1") carry over
    for (_, vi_heading), (_, en_heading) in zip(vi.headings, en.headings):
        assert re.findall(r"\d+", vi_heading) == re.findall(r"\d+", en_heading), (vi_heading, en_heading)


@pytest.mark.parametrize("doc_id", BOTH)
def test_english_files_are_english(doc_id):
    """No paragraph left in Vietnamese: the English text carries no Vietnamese diacritics."""
    english = " ".join(c.embed_text for c in EN[doc_id].chunks)
    leftovers = {ch for ch in english if strip_diacritics(ch) != ch and ch not in "–—×÷→−"}
    assert not leftovers, sorted(leftovers)


def test_a_citation_resolves_to_the_same_section_in_english():
    vi = cite("silos", "Silo 6", lang="vi")
    en = cite("silos", "Silo 6", lang="en")
    assert vi.section == en.section is not None
    assert (vi.lang, en.lang) == ("vi", "en")
    assert en.source == "knowledge/en/silos.md" and vi.source == "knowledge/silos.md"
    assert en.title == EN["silos"].meta.title and en.heading.startswith("Silo 6: ")
    assert "SLA" in en.heading and en.heading != vi.heading
