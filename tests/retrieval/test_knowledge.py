"""Knowledge files: front matter validation with clear messages, chunking by heading."""

from pathlib import Path

import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.core.errors import UserFacingError
from assistant.retrieval.knowledge import (
    MAX_CHUNK_CHARS,
    FrontMatter,
    chunk_markdown,
    load_knowledge,
    parse_document,
)

AGREED_IDS = {
    "systematic-marketing", "pillar-strategy", "pillar-traffic", "pillar-conversion", "pillar-measurement",
    "step-1-business-problem", "step-2-customer-journey", "step-3-strategy-positioning",
    "step-4-traffic-system", "step-5-conversion-sales", "step-6-crm-automation-ai",
    "step-7-measure-optimise", "kpi-taxonomy", "marketing-department", "smart-goals", "strategy-goals",
    "silos", "glossary",
}

HEAD = "---\nid: doc\ntitle: Doc\npillar: all\nstep: null\ntopics: []\nsource: 000_x.txt\n---\n"


def test_every_knowledge_file_has_valid_front_matter_and_a_source():
    documents = load_knowledge(PROJECT_ROOT / "knowledge")
    ids = {d.doc_id for d in documents}
    assert AGREED_IDS <= ids
    for doc in documents:
        assert doc.meta.source.endswith(".txt"), doc.source
        assert doc.chunks, f"{doc.source} has no text under its headings"
        assert all(c.source == f"knowledge/{doc.doc_id}.md" for c in doc.chunks)


def test_chunks_follow_headings_and_know_their_path():
    body = "# Doc\n\nIntro text.\n\n## Alpha\n\nA text.\n\n### Sub\n\nSub text.\n\n## Beta\n\nB text.\n"
    chunks = chunk_markdown(body, FrontMatter(id="doc", title="Doc", pillar="all", source="x.txt"), "knowledge/doc.md")
    assert [c.heading for c in chunks] == ["", "Alpha", "Alpha › Sub", "Beta"]
    assert [c.text for c in chunks] == ["Intro text.", "A text.", "Sub text.", "B text."]
    assert chunks[2].label == "Doc › Alpha › Sub"
    assert [c.chunk_id for c in chunks] == ["doc#0", "doc#1", "doc#2", "doc#3"]


def test_a_heading_with_no_text_of_its_own_makes_no_chunk():
    doc = parse_document("doc.md", HEAD + "## Parent\n\n### Child\n\nOnly the child has text.\n")
    assert [(c.heading, c.text) for c in doc.chunks] == [("Parent › Child", "Only the child has text.")]


def test_hash_lines_inside_code_fences_are_not_headings():
    doc = parse_document("doc.md", HEAD + "## Real\n\n```\n## not a heading\n```\n")
    assert [c.heading for c in doc.chunks] == ["Real"]
    assert "## not a heading" in doc.chunks[0].text


def test_long_sections_split_at_paragraphs_without_losing_text():
    paragraphs = [f"Đoạn {i}: " + "chữ " * 60 for i in range(12)]
    doc = parse_document("doc.md", HEAD + "## Dài\n\n" + "\n\n".join(paragraphs) + "\n")
    assert len(doc.chunks) > 1
    assert all(len(c.text) <= MAX_CHUNK_CHARS for c in doc.chunks)
    assert all(c.heading == "Dài" for c in doc.chunks)
    assert "\n\n".join(c.text for c in doc.chunks) == "\n\n".join(p.strip() for p in paragraphs)


def test_chunk_hash_changes_only_with_the_text():
    a = parse_document("doc.md", HEAD + "## A\n\nOne.\n\n## B\n\nTwo.\n")
    b = parse_document("doc.md", HEAD + "## A\n\nOne.\n\n## B\n\nTwo, edited.\n")
    assert a.chunks[0].hash == b.chunks[0].hash
    assert a.chunks[1].hash != b.chunks[1].hash
    assert a.hash != b.hash


BAD_FILES = [
    ("no front matter at all\n", "doc.md", ["«doc.md»", "front matter"], ["“doc.md”", "front matter"]),
    ("---\nid: doc\ntitle: [unclosed\n---\nBody\n", "doc.md", ["YAML", "doc.md"], ["malformed", "doc.md"]),
    (HEAD.replace("source: 000_x.txt\n", ""), "doc.md", ["thiếu trường «source»"], ["lacks “source”"]),
    (HEAD.replace("pillar: all", "pillar: sales"), "doc.md", ["«pillar» = «sales»"], ["“pillar” = “sales”"]),
    (HEAD.replace("step: null", "step: 9"), "doc.md", ["«step»", "1 đến 7"], ["“step”", "1 to 7"]),
    (HEAD, "other.md", ["id «doc»", "tên tệp"], ["id “doc”", "file name"]),
]


@pytest.mark.parametrize("content,filename,vi_parts,en_parts", BAD_FILES)
def test_bad_front_matter_names_the_file_and_the_problem(content, filename, vi_parts, en_parts):
    with pytest.raises(UserFacingError) as caught:
        parse_document(filename, content)
    vi, en = caught.value.message("vi"), caught.value.message("en")
    assert "\n" not in vi and "\n" not in en
    assert all(part in vi for part in vi_parts), vi
    assert all(part in en for part in en_parts), en


def test_duplicate_ids_and_empty_dirs_are_reported(tmp_path: Path):
    with pytest.raises(UserFacingError) as empty:
        load_knowledge(tmp_path)
    assert str(tmp_path) in empty.value.message("vi")
    (tmp_path / "doc.md").write_text(HEAD + "## A\n\nText.\n", encoding="utf-8")
    (tmp_path / "doc2.md").write_text(HEAD.replace("id: doc", "id: doc2") + "## A\n\nText.\n", encoding="utf-8")
    assert [d.doc_id for d in load_knowledge(tmp_path)] == ["doc", "doc2"]
    (tmp_path / "doc3.md").write_bytes(b"\xff\xfe not utf-8 \xff")
    with pytest.raises(UserFacingError) as unreadable:
        load_knowledge(tmp_path)
    assert "doc3.md" in unreadable.value.message("en")
