"""Text helpers of the intake (and the offline engine): one normal form for matching (lower case, no diacritics)."""

import re
import unicodedata
from functools import lru_cache

from assistant.core.lang import strip_diacritics

_QUESTION = r"(\?|\bla gi\b|\bwhat is\b|\bwhat's\b|\bwhy\b|\bhow\b|\btai sao\b|\bvi sao\b|(?<!cu )\bthe nao\b|\bra sao\b|\blam sao\b|\bnhu the nao\b|\bgom\b|\bco nen\b)"


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


@lru_cache(maxsize=4096)  # a turn normalises the same message, and the same knowledge sentences, many times
def norm(value: str) -> str:
    """Lower case without diacritics, same length as `nfc(value)` so positions line up."""
    return strip_diacritics(nfc(value)).lower().replace("\u2019", "'")  # a phone's apostrophe: "what’s"


def has_any(normalized: str, phrases) -> bool:
    """True if one of `phrases` occurs in `normalized` as whole words."""
    return bool(alternation(tuple(phrases)).search(normalized))


@lru_cache(maxsize=2048)
def alternation(phrases: tuple[str, ...]) -> re.Pattern:
    """One compiled whole-word alternation per word list (the lists are long: compiling each phrase on every
    call overflowed the `re` module's cache)."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def words(normalized: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalized)


def looks_like_question(message: str) -> bool:
    """A question mark or a question word ("là gì", "tại sao", "how")."""
    return bool(re.search(_QUESTION, norm(message)))


_SENTENCES = re.compile(r"[^.!?\n]+[.!?\n]*")


def statements(message: str) -> str:
    """The message without its questions: "Khách mục tiêu chưa xác định. Nên bắt đầu từ đâu?" -> the first
    sentence (what the owner says about themselves, whatever they ask after it). Only a sentence ending in a
    question mark is dropped: "chưa chốt tiêu chí thế nào là đạt" asks nothing."""
    kept = [s for s in _SENTENCES.findall(message or "") if not s.rstrip().endswith("?")]
    return " ".join(s.strip() for s in kept).strip()
