"""Text helpers of the intake (and the offline engine): one normal form for matching (lower case, no diacritics)."""

import re
import unicodedata
from functools import lru_cache

from assistant.core.lang import strip_diacritics

_QUESTION = r"(\?|\bla gi\b|\bwhat is\b|\bwhat's\b|\bwhy\b|\bhow\b|\btai sao\b|\bvi sao\b|\bthe nao\b|\bra sao\b|\blam sao\b|\bnhu the nao\b|\bgom\b|\bco nen\b)"


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


@lru_cache(maxsize=4096)  # a turn normalises the same message, and the same knowledge sentences, many times
def norm(value: str) -> str:
    """Lower case without diacritics, same length as `nfc(value)` so positions line up."""
    return strip_diacritics(nfc(value)).lower()


@lru_cache(maxsize=1024)
def _any_of(phrases: tuple[str, ...]) -> re.Pattern:
    """One pattern for a word list: any of its phrases, as whole words."""
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(re.escape(p) for p in phrases)})(?![a-z0-9])")


def has_any(normalized: str, phrases) -> bool:
    """True if one of `phrases` occurs in `normalized` as whole words."""
    phrases = tuple(phrases)
    return bool(phrases) and _any_of(phrases).search(normalized) is not None


def words(normalized: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalized)


def looks_like_question(message: str) -> bool:
    """A question mark or a question word ("là gì", "tại sao", "how")."""
    return bool(re.search(_QUESTION, norm(message)))
