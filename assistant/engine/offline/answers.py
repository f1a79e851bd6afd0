"""Extractive answers from the knowledge base: the best 1–3 chunks, trimmed to the sentences that match."""

import re
from functools import lru_cache

from assistant.intake.text import norm, words

STOPWORDS = set("""la gi cua va cac co khong nhu the nao lam sao de toi minh em anh chi ban thi ma
nhung mot nhieu cho voi tai vi sao duoc bao what is the a an of to how do i my we our and or for in on
why which should can does are be it this that with nen nao ra""".split())
MAX_SENTENCES = 3
MIN_OVERLAP = 1
HEADING_WEIGHT = 2
MAX_LIST_ITEMS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_ITEM = re.compile(r"^(?:[-*•]|\d+[.)])\s+")


@lru_cache(maxsize=4096)  # the knowledge base's sentences come back query after query
def _terms(text: str) -> frozenset[str]:
    """Content syllables plus syllable pairs: Vietnamese words are mostly two syllables ("ty le")."""
    syllables = words(norm(text))
    acronyms = {norm(a) for a in re.findall(r"\b[A-Z]{2,}\b", text)}  # "CAC" is a KPI, not "các"
    singles = {w for w in syllables if len(w) > 1 and w not in STOPWORDS} | acronyms
    pairs = {f"{a} {b}" for a, b in zip(syllables, syllables[1:]) if not {a, b} <= STOPWORDS}
    return frozenset(singles | pairs)


def _units(chunk: str) -> list[tuple[str, bool]]:
    """Sentences and list items of a chunk, without Markdown headings: (text, is_list_item)."""
    units = []
    for line in chunk.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        item = _ITEM.match(line)
        if item:
            units.append((line[item.end():].strip(), True))
            continue
        units += [(s, False) for s in _SENTENCE_END.split(line) if len(s) > 20]
    return [(text, item) for text, item in units if text]


def _with_their_lists(units: list[tuple[str, bool]], keep: list[int]) -> list[int]:
    """A kept sentence that introduces a list ("…, gồm:") keeps the list that follows it."""
    out: set[int] = set(keep)
    for i in keep:
        if units[i][0].endswith(":"):
            j = i + 1
            while j < len(units) and units[j][1] and j - i <= MAX_LIST_ITEMS:
                out.add(j)
                j += 1
    return sorted(out)


def _join(units: list[tuple[str, bool]], keep: list[int]) -> str:
    text = ""
    for n, i in enumerate(keep):
        unit, item = units[i]
        if item:
            text += ("\n" if text else "") + "- " + unit
        else:
            text += ("" if not text else "\n" if units[keep[n - 1]][1] else " ") + unit
    return text


def trim(chunk: str, query: str, limit: int = MAX_SENTENCES) -> tuple[str, int]:
    """The sentences of `chunk` that share most words with `query`, in their order; and the best overlap."""
    terms = _terms(query)
    units = _units(chunk)
    scored = [(len(terms & _terms(text)), i) for i, (text, _) in enumerate(units)]
    best = sorted(scored, key=lambda x: (-x[0], x[1]))[:limit]
    keep = sorted(i for score, i in best if score >= MIN_OVERLAP) or ([0] if units else [])
    overlap = max((score for score, _ in scored), default=0)
    return _join(units, _with_their_lists(units, keep)), overlap


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
