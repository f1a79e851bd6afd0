"""Tokens for BM25 (diacritics folded, so "ty le" matches "tỷ lệ") and diacritic restoration.

Vietnamese owners often type without diacritics. BM25 copes by folding both sides; the dense
model does not, so `Restorer` puts the marks back using the corpus itself: for each folded
syllable the accented forms seen in the knowledge base, chosen by bigram counts (Viterbi).
"""

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

from assistant.core.lang import strip_diacritics

_WORD = re.compile(r"\w+", re.UNICODE)
# English words that are not also common Vietnamese syllables typed without marks
_ENGLISH = {"the", "and", "is", "are", "how", "what", "why", "which", "should", "of", "for", "with",
            "does", "my", "we", "our", "you", "it", "i", "this", "that", "your"}


def words(value: str) -> list[str]:
    """Lower-cased words, diacritics kept."""
    return _WORD.findall(value.lower())


def fold(value: str) -> str:
    """Lower-case, diacritics removed: the form BM25 indexes."""
    return strip_diacritics(value.lower())


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """`fold` of one word, remembered: a corpus repeats a few thousand syllables (index build 4x faster)."""
    return fold(word)


def bm25_tokens(value: str) -> list[str]:
    """Folded syllables plus adjacent pairs: Vietnamese words are mostly two syllables."""
    unigrams = [_fold_word(w) for w in words(value)]
    return unigrams + [f"{a}_{b}" for a, b in zip(unigrams, unigrams[1:])]


def has_diacritics(value: str) -> bool:
    return strip_diacritics(value) != value


class Restorer:
    """Restore diacritics of a folded query from the corpus' own word and word-pair counts."""

    def __init__(self, texts: list[str]):
        self.unigrams: Counter = Counter()
        self.bigrams: Counter = Counter()
        self.forms: dict[str, list[str]] = defaultdict(list)
        for value in texts:
            tokens = words(value)
            self.unigrams.update(tokens)
            self.bigrams.update(zip(tokens, tokens[1:]))
        for word, _ in self.unigrams.most_common():
            self.forms[fold(word)].append(word)

    def looks_vietnamese(self, query: str) -> bool:
        """True when most words of a query typed without marks are Vietnamese syllables of the corpus."""
        tokens = [fold(w) for w in words(query)]
        if sum(t in _ENGLISH for t in tokens) >= 2:
            return False
        accented = [t for t in tokens if any(has_diacritics(form) for form in self.forms.get(t, []))]
        return bool(tokens) and len(accented) * 2 >= len(tokens)

    def _candidates(self, token: str) -> list[str]:
        return self.forms.get(token, [token])[:6]

    def _score(self, prev: str | None, word: str) -> float:
        unigram = math.log(self.unigrams.get(word, 0) + 0.5)
        if prev is None:
            return unigram
        return 3.0 * math.log(self.bigrams.get((prev, word), 0) + 0.1) + unigram

    def restore(self, query: str) -> str:
        """'ty le chuyen doi' -> 'tỷ lệ chuyển đổi'; words the corpus never saw stay as typed."""
        typed = _WORD.findall(query)
        tokens = [fold(w) for w in typed]
        if not tokens:
            return query
        best = {w: (self._score(None, w), [w]) for w in self._candidates(tokens[0])}
        for token in tokens[1:]:
            step = {}
            for word in self._candidates(token):
                step[word] = max(
                    ((score + self._score(prev, word), path + [word]) for prev, (score, path) in best.items()),
                    key=lambda item: item[0],
                )
            best = step
        chosen = max(best.values(), key=lambda item: item[0])[1]
        return " ".join(w if has_diacritics(w) else t for w, t in zip(chosen, typed))
