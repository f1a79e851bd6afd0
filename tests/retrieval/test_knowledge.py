"""Knowledge files: front matter validation with clear messages, chunking by heading."""

from pathlib import Path

import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.core.errors import UserFacingError
from assistant.retrieval.knowledge import (
    MAX_CHUNK_CHARS,
    FrontMatter,
    chunk_markdown,
    cite,
    load_all,
    load_knowledge,
    localize,
    parse_document,
)
from assistant.contracts import Citation

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


def _pair(directory: Path, vi_body: str, en_body: str) -> Path:
    (directory / "en").mkdir(parents=True, exist_ok=True)
    (directory / "doc.md").write_text(HEAD.replace("title: Doc", "title: Tài liệu") + vi_body, encoding="utf-8")
    (directory / "en" / "doc.md").write_text(HEAD.replace("title: Doc", "title: Document") + en_body,
                                             encoding="utf-8")
    return directory


def test_english_files_live_under_en_with_their_own_chunk_ids_and_shared_section_ids(tmp_path: Path):
    _pair(tmp_path, "# Tài liệu\n\n## Một\n\nChữ.\n\n## Hai\n\nChữ nữa.\n",
          "# Document\n\n## One\n\nText.\n\n## Two\n\nMore text.\n")
    vi, en = load_all(tmp_path)
    assert (vi.lang, en.lang, vi.key, en.key) == ("vi", "en", "doc", "en/doc")
    assert [c.chunk_id for c in en.chunks] == ["en/doc#0", "en/doc#1"] and vi.chunks[0].chunk_id == "doc#0"
    assert en.source == "knowledge/en/doc.md"
    assert [(c.section, c.heading) for c in vi.chunks] == [(2, "Một"), (3, "Hai")]
    assert [(c.section, c.heading) for c in en.chunks] == [(2, "One"), (3, "Two")]


def test_a_knowledge_dir_without_english_is_vietnamese_only(tmp_path: Path):
    (tmp_path / "doc.md").write_text(HEAD + "## A\n\nText.\n", encoding="utf-8")
    assert load_knowledge(tmp_path, "en") == [] and [d.lang for d in load_all(tmp_path)] == ["vi"]


def test_localize_words_a_citation_in_the_readers_language(tmp_path: Path):
    _pair(tmp_path, "## Silo 6: Bàn giao lead\n\nChữ.\n", "## Silo 6: Lead handoff\n\nText.\n")
    vi = cite("doc", "Silo 6", knowledge_dir=tmp_path)
    en = localize(vi, "en", tmp_path)
    assert (en.title, en.heading, en.source, en.lang) == ("Document", "Silo 6: Lead handoff", "knowledge/en/doc.md", "en")
    assert en.section == vi.section and localize(en, "vi", tmp_path) == vi
    assert cite("doc", "Silo 6", knowledge_dir=tmp_path, lang="en") == en
    # stored before section ids existed: found by its Vietnamese heading
    legacy = Citation(doc_id="doc", title="Tài liệu", heading="Silo 6: Bàn giao lead", source="knowledge/doc.md")
    assert localize(legacy, "en", tmp_path).heading == "Silo 6: Lead handoff"
    # the whole file; and what cannot be matched stays as it was
    assert localize(cite("doc", knowledge_dir=tmp_path), "en", tmp_path).label == "Document"
    unknown = Citation(doc_id="nowhere", title="nowhere", heading="x", source="knowledge/nowhere.md")
    assert localize(unknown, "en", tmp_path) == unknown
    renamed = legacy.model_copy(update={"heading": "Một mục đã đổi tên"})
    assert localize(renamed, "en", tmp_path) == renamed
