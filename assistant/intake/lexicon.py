"""The intake's vocabulary (`lexicon.yaml`), loaded once on first use, and phrase scanning over it."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.contracts import STAGES
from assistant.intake.text import alternation

LEXICON = Path(__file__).with_name("lexicon.yaml")
SPEND_MARK = "cpx"  # stands for the word "chi" (spend), same length, see amounts.mark_spend

# names the offline engine's flow reads as module attributes (kept for its callers)
_LEGACY = {"SMART_TRIGGER": ("smart_trigger", set), "CLASSIFY_WORDS": ("classify_words", list),
           "GO_AHEAD": ("go_ahead", list), "VAGUE_WORDS": ("vague_words", list)}


@lru_cache(maxsize=1)
def data() -> dict:
    """The parsed lexicon file."""
    return yaml.safe_load(LEXICON.read_text(encoding="utf-8"))


def words(key: str) -> list[str]:
    """One top-level word list of the lexicon."""
    return data()[key]


@lru_cache(maxsize=64)
def alternatives(key: str) -> str:
    """One top-level word list as the body of a regex alternation, longest phrase first (to build patterns with)."""
    return "|".join(re.escape(w) for w in sorted(words(key), key=len, reverse=True))


@lru_cache(maxsize=1)
def go_ahead_words() -> tuple[str, ...]:
    """Every way of asking for the verdict now, the loose ones ("làm đi") included: inside an answer they count."""
    return tuple(words("go_ahead") + words("go_ahead_loose"))


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found in the normalized text: its span, its group (e.g. "stage") and its meaning."""

    start: int
    end: int
    group: str
    meaning: str
    phrase: str


@lru_cache(maxsize=1)
def stage_words() -> dict[str, list[str]]:
    """Every industry's stage words merged: stage -> phrases."""
    merged = {stage: [] for stage in STAGES}
    for groups in data()["stages"].values():
        for stage, phrases in groups.items():
            merged[stage] += phrases
    return merged


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[str, str, str], ...]:
    """(phrase, group, meaning) for every phrase the scanner looks for."""
    d = data()
    out = [(p, "stage", s) for s, ps in stage_words().items() for p in ps]
    known = {p for p, _, _ in out}  # a word only an industry knows reads as that industry's stage
    out += [(p, "stage", s) for groups in (d.get("industry_meanings") or {}).values()
            for s, ps in groups.items() for p in ps if p not in known]
    out += [(p, "audience", a) for a, ps in d["audience"].items() for p in ps]
    out += [(p, "money", f) for f, ps in d["money"].items() for p in ps if f != "gross_margin"]
    out += [(p, "ratio", "ratio") for p in d["ratio_words"]]
    out += [(p, "channel", c) for c, ps in d["channels"].items() for p in ps]
    out += [(p, "kind", k) for k, key in (("target", "target_words"), ("plan", "plan_words"),
                                         ("actual", "actual_words")) for p in d[key]]
    out += [(p, "trait", "trait") for p in d["customer_traits"]]
    out += [(p, "total", "total") for p in d["total_words"]]
    out += [(p, "not_aov", "not_aov") for p in d["not_aov"]]
    out += [(p, "per", per) for per, ps in d["per_period"].items() for p in ps]
    out += [(p, "span", span) for span, ps in d["spans"].items() for p in ps]
    out += [(p, "plain", "plain") for p in d.get("plain_nouns") or ()]
    out += [(p, "spend_question", "plan") for p in d.get("spend_questions") or ()]
    return tuple(out + [(_spend_form(p), g, m) for p, g, m in out if _spend_form(p) != p])


def _spend_form(phrase: str) -> str:
    """The phrase as `mark_spend` leaves it: the word "chi" written without a tone mark reads as spend."""
    return re.sub(r"(?<![a-z0-9])chi(?![a-z0-9])", SPEND_MARK, phrase)


@lru_cache(maxsize=1)
def _scanner() -> tuple[re.Pattern, dict[str, list[tuple[str, str]]]]:
    meanings: dict[str, list[tuple[str, str]]] = {}
    for phrase, group, meaning in _entries():
        meanings.setdefault(phrase, []).append((group, meaning))
    alternation = "|".join(re.escape(p) for p in sorted(meanings, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?=({alternation})(?![a-z0-9]))"), meanings


def scan(normalized: str) -> list[Hit]:
    """Every lexicon phrase in the text (overlaps included), each with its group and meaning."""
    pattern, meanings = _scanner()
    hits = []
    for m in pattern.finditer(normalized):
        start = m.start()
        for phrase in _phrases_at(normalized, start, meanings):
            hits += [Hit(start, start + len(phrase), g, meaning, phrase) for g, meaning in meanings[phrase]]
    return [h for h in hits if h.group == "channel" or not any(
        o.start <= h.start and h.end <= o.end and len(o.phrase) > len(h.phrase)
        and not (o.group == "channel" and h.group == "money") for o in hits)]  # "Shopee ads": a channel and spend


def spelled(hits: list[Hit], text: str) -> list[Hit]:
    """Drop a phrase the owner typed with other diacritics than its meaning ("bàn", "bạn" are not "bán")."""
    return [h for h in hits if spelled_as(h.phrase, text[h.start:h.end])]


def spelled_as(phrase: str, typed: str) -> bool:
    """True unless the owner typed `phrase` with other diacritics than the lexicon means (see `written_as`)."""
    spellings = (data().get("written_as") or {}).get(phrase)
    return not spellings or typed.lower() == phrase or typed.lower() in spellings


@lru_cache(maxsize=16)
def _industry_words(industry: str) -> dict[str, str]:
    """phrase -> stage for the words whose stage this industry decides."""
    meanings = (data().get("industry_meanings") or {}).get(industry) or {}
    return {p: stage for stage, phrases in meanings.items() for p in phrases}


def in_industry(hits: list[Hit], industry: str | None, normalized: str = "") -> list[Hit]:
    """Stage words read as the business means them ("came in" at a cafe is a sale, at a clinic a visit)."""
    by_phrase = _industry_words(industry or "")
    if not by_phrase:
        return hits
    meant = [Hit(h.start, h.end, h.group, by_phrase[h.phrase], h.phrase)
             if h.group == "stage" and h.phrase in by_phrase else h for h in hits]
    return [_earlier_of_two(h, m, meant, normalized) for h, m in zip(hits, meant)]


def _earlier_of_two(hit: Hit, meant: Hit, meant_all: list[Hit], normalized: str) -> Hit:
    """The business's meaning, unless a later figure in the message is named that same stage and the word's own
    stage comes before it: a dog hotel's "40 bookings, 34 stayed" are a booking, then a stay ("290 booking đã
    thanh toán" is one figure, paid)."""
    if meant is hit or hit.meaning not in STAGES or meant.meaning not in STAGES:
        return meant
    if STAGES.index(hit.meaning) >= STAGES.index(meant.meaning):
        return meant
    if any(o.meaning == meant.meaning and o.group == "stage" and o.end <= hit.start and hit.start - o.end <= 16
           and _NUMBER_BETWEEN.fullmatch(normalized[o.end:hit.start]) for o in meant_all):
        return meant  # "chốt được 64 booking": the sale is said
    later = any(o.group == "stage" and o.meaning == meant.meaning and o.start >= hit.end and o.phrase != hit.phrase
                and _NUMBER_BEFORE.search(normalized, max(hit.end, o.start - 28), o.start)
                and any(c.isdigit() for c in normalized[hit.end:o.start]) for o in meant_all)
    return hit if later else meant


_NUMBER_BETWEEN = re.compile(r"\s*[\d.,]+\s*")
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*(?:[a-z]+\s+){0,2}$")  # the later word names a number of its own


def _phrases_at(normalized: str, start: int, meanings: dict) -> list[str]:
    """All lexicon phrases that start at `start` and end on a word boundary (longest first)."""
    rest = normalized[start:start + 48]
    out = []
    for end in range(len(rest), 0, -1):
        piece = rest[:end]
        if piece in meanings and (end == len(rest) or not rest[end].isalnum()):
            out.append(piece)
    return out


def compiled(key: str) -> re.Pattern:
    """A whole-word alternation over one top-level word list (in both spend forms)."""
    return compiled_phrases(tuple(words(key)))


@lru_cache(maxsize=256)  # the word lists are few; building both spend forms of a long list is not free
def compiled_phrases(phrases: tuple[str, ...]) -> re.Pattern:
    """A whole-word alternation over a word list of the lexicon, in both spend forms (compiled once per list)."""
    return alternation(tuple(sorted({form for p in phrases for form in (p, _spend_form(p))})))


def __getattr__(name: str):
    """Old constant names, read lazily from the YAML (no I/O at import time)."""
    if name in _LEGACY:
        key, kind = _LEGACY[name]
        return kind(words(key))
    raise AttributeError(name)
