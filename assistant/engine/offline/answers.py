"""Extractive answers from the knowledge base: the best 1–3 chunks, trimmed to the sentences that match."""

import re

from assistant.engine.offline.text import norm, words

STOPWORDS = set("""la gi cua va cac co khong nhu the nao lam sao de toi minh em anh chi ban thi ma
nhung mot nhieu cho voi tai vi sao duoc bao what is the a an of to how do i my we our and or for in on
why which should can does are be it this that with nen nao ra""".split())
MAX_SENTENCES = 3
MIN_OVERLAP = 1
HEADING_WEIGHT = 2
_SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+")


def _terms(text: str) -> set[str]:
    """Content syllables plus syllable pairs: Vietnamese words are mostly two syllables ("ty le")."""
    syllables = words(norm(text))
    acronyms = {norm(a) for a in re.findall(r"\b[A-Z]{2,}\b", text)}  # "CAC" is a KPI, not "các"
    singles = {w for w in syllables if len(w) > 1 and w not in STOPWORDS} | acronyms
    pairs = {f"{a} {b}" for a, b in zip(syllables, syllables[1:]) if not {a, b} <= STOPWORDS}
    return singles | pairs


def _sentences(chunk: str) -> list[str]:
    """Sentences and list items of a chunk, without Markdown headings."""
    parts = (p.strip(" -*\t") for p in _SPLIT.split(chunk))
    return [p for p in parts if p and not p.startswith("#") and len(p) > 20]


def trim(chunk: str, query: str, limit: int = MAX_SENTENCES) -> tuple[str, int]:
    """The sentences of `chunk` that share most words with `query`, in their order; and the best overlap."""
    terms = _terms(query)
    sentences = _sentences(chunk)
    scored = [(len(terms & _terms(s)), i) for i, s in enumerate(sentences)]
    best = sorted(scored, key=lambda x: (-x[0], x[1]))[:limit]
    keep = sorted(i for score, i in best if score >= MIN_OVERLAP) or [0] if sentences else []
    overlap = max((score for score, _ in scored), default=0)
    return " ".join(sentences[i] for i in keep), overlap


def answer_parts(hits, query: str, max_chunks: int = 3) -> list[dict]:
    """[{text, label, hit}]: the retrieved chunks re-ordered by the words they share with the
    question (search order breaks ties); the first always, the others only if they match too."""
    scored, asked = [], _terms(query)
    for rank, hit in enumerate(hits):
        text, overlap = trim(hit.text, query)
        if text:
            titled = HEADING_WEIGHT * len(asked & _terms(hit.heading))  # a heading that names the question
            scored.append((-(overlap + titled), rank,
                           {"text": text, "label": hit.citation, "hit": hit, "overlap": overlap}))
    parts = [part for *_, part in sorted(scored, key=lambda s: s[:2])][:max_chunks]
    return [p for i, p in enumerate(parts) if i == 0 or p["overlap"] >= 2]
