"""An owner who keeps no counts of the funnel ("số khách thì mình không đếm", "we don't track leads")."""

import re
from functools import lru_cache

from assistant.intake import lexicon as lx
from assistant.intake.text import has_any, norm

_SENTENCE = re.compile(r"[\n!?;]|\.(?:\s|$)")
_CLAUSE = re.compile(r",|\s(?:nhung|but|con)\s")


@lru_cache(maxsize=1)
def _said() -> re.Pattern:
    """A negation, then within two words a verb of counting ("không đếm", "ko biết bao nhiêu", "don't track")."""
    u = lx.data()["untracked"]

    def alt(key):
        return "|".join(re.escape(w) for w in sorted(u[key], key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9'])(?:{alt('negations')})\s+(?:[a-z']+\s+){{0,2}}?(?:{alt('verbs')})(?![a-z0-9])"
                      rf"|(?<![a-z0-9'])(?:{alt('negations')})\s+(?:{alt('verbs_at_end')})\s*(?:a|nhe|nha|do|het|luon)?\s*$")


@lru_cache(maxsize=1)
def _things() -> tuple[str, ...]:
    """Words that name a count: every stage word and the lexicon's own."""
    loose = set(lx.data().get("right_after_only") or ()) | set(lx.data()["untracked"]["loose"])
    return tuple(lx.data()["untracked"]["things"]) + tuple(
        p for ps in lx.stage_words().values() for p in ps if p not in loose)


def counts_untracked(message: str) -> bool:
    """The message says the owner does not count (or know) the funnel's counts."""
    if has_any(norm(message), lx.data()["untracked"].get("whole") or ()):
        return True
    for sentence in _SENTENCE.split(norm(message)):
        clauses = _CLAUSE.split(sentence)
        for i, clause in enumerate(clauses):
            if re.search(r"\d", clause) or not _said().search(clause):
                continue
            before = clauses[i - 1] if i and not re.search(r"\d", clauses[i - 1]) else ""
            if has_any(clause, _things()) or has_any(before, _things()):
                return True
    return False
