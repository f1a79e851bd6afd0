"""Where a number sits in a message: its sentence, its clause, and the words on either side."""

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount

EMOJI = "\U0001F300-\U0001FAFF\u2600-\u27BF"  # "9 ng à 😭 khách quen…": an emoji ends what was said
SENTENCE = re.compile(rf"[\n!?{EMOJI}]|\.(?:\s|$)|;")
# "cộng" (plus) cuts a clause, "tổng cộng" (in total) does not; "+" cuts between amounts ("25tr ads + 5tr KOL"),
# not between names ("tiền quảng cáo fb + tiktok tổng 22tr"); a bracket with a number in it is a clause of its own
# ("(last month it was 42 million)"), one without is a note on the figure before it ("180 lịch hẹn (SQL)")
# "vì"/"because" starts an explanation, whose words are not the figure's ("đơn vị", "định vị", "vị trí" are no "vì")
CLAUSE = re.compile(rf"[,;:\n!?&){EMOJI}]|\((?=[^)]*\d)|(?<=\d)\s*\+|(?<=\d[a-z])\s*\+|(?<=\d[a-z][a-z])\s*\+|\+(?=\s*\d)|\.(?:\s|$)|\s-\s|\s(?:va|and|but|nhung|ma|plus|voi|with|because|since)\s"
                    r"|(?<!tong)\scong\s(?!ty\b|lai\b|chung\b)|(?<!don)(?<!dinh)(?<!tri)\svi\s"
                    r"|(?<!cho)(?<!cua)(?<!nuoi)\scon\s(?!cai\b|nho\b|be\b|hoc\b)")  # "còn", not "cho con học thử"


@dataclass
class Place:
    """The spans around one number: clause and sentence starts and ends, and the text between."""

    left: str          # from the clause start (or the previous figure) to the number
    right: str         # from the number to the clause end (or the next figure)
    since: str         # from the previous figure (or the sentence start) to the number, across clause marks
    left_start: int
    right_end: int
    clause_start: int
    clause_end: int
    sentence_start: int
    sentence_end: int
    before: str = ""   # from the sentence start to the number
    ahead: str = ""    # from the clause end to the next figure (or the sentence end)


def _cuts(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_LABELLED = re.compile(r"\s*[~≈]?\s*\$?\d")
_PER_LABEL = re.compile(r"(?:weekly|daily|monthly|hang tuan|hang ngay|hang thang|moi tuan|moi ngay|per week|per day|"
                        r"a week|a day|week|tuan|ngay|day)\s*$")  # "Bi-weekly: 200 …" keeps its own clause
_JOINS = frozenset({"va", "and", "voi", "with", "plus"})


@lru_cache(maxsize=64)
def _clause_cuts(normalized: str) -> tuple[tuple[int, int], ...]:
    """Where clauses end. "và"/"with" joins two names ("quảng cáo Facebook với Google tổng 40 triệu") when nothing
    before it since the last cut holds a number: then it does not cut."""
    out, last = [], 0
    for m in CLAUSE.finditer(normalized):
        if m.group().strip() in _JOINS and not re.search(r"\d", normalized[last:m.start()]):
            continue
        if m.group() == ":" and _LABELLED.match(normalized, m.end()) and not _PER_LABEL.search(normalized, 0, m.start()):
            continue  # "Doanh thu: 200 triệu", "Spend: ~25M": a label and its figure are one clause
        out.append((m.start(), m.end()))
        last = m.end()
    return tuple(out)


def place(normalized: str, amounts: list[Amount], i: int) -> Place:
    """The words around amount `i`, bounded by clause marks and the neighbouring amounts."""
    a = amounts[i]
    clause_start, clause_end = _bounds(list(_clause_cuts(normalized)), a, len(normalized))
    sentence_start, sentence_end = _bounds(_cuts(SENTENCE, normalized), a, len(normalized))
    left_start = max(clause_start, amounts[i - 1].end if i else 0)
    right_end = min(clause_end, amounts[i + 1].start if i + 1 < len(amounts) else len(normalized))
    since = normalized[max(sentence_start, amounts[i - 1].end if i else 0):a.start]
    next_start = amounts[i + 1].start if i + 1 < len(amounts) else len(normalized)
    return Place(normalized[left_start:a.start], normalized[a.end:right_end], since, left_start, right_end,
                 clause_start, clause_end, sentence_start, sentence_end, normalized[sentence_start:a.start],
                 normalized[clause_end:min(next_start, sentence_end)])


def _bounds(cuts: list[tuple[int, int]], a: Amount, length: int) -> tuple[int, int]:
    start = max((end for s, end in cuts if end <= a.start), default=0)
    end = min((s for s, e in cuts if s >= a.end), default=length)
    return start, end


def nearest(hits: list[lx.Hit], a: Amount, p: Place, groups: tuple[str, ...]) -> lx.Hit | None:
    """The hit of `groups` closest to the number inside its left/right words; longer phrases win ties."""
    best, key = None, None
    for h in hits:
        if h.group not in groups or (h.phrase in _right_after_only() and not 0 <= h.start - a.end <= 1) or (
                h.phrase in _right_before_only() and not 0 <= a.start - h.end <= 1):
            continue
        if p.left_start <= h.start and h.end <= a.start:
            distance = a.start - h.end + 0.5
        elif a.end <= h.start and (h.end <= p.right_end or (h.start < p.right_end and CLAUSE.search(h.phrase))):
            # a phrase may hold a clause word itself: "45 came in and paid"
            distance = h.start - a.end
        else:
            continue
        if key is None or (distance, -len(h.phrase)) < key:
            best, key = h, (distance, -len(h.phrase))
    return best


@lru_cache(maxsize=1)
def _right_after_only() -> frozenset[str]:
    return frozenset(lx.data().get("right_after_only") or ())


@lru_cache(maxsize=1)
def _right_before_only() -> frozenset[str]:
    return frozenset(lx.data().get("right_before_only") or ())


def within(hits: list[lx.Hit], start: int, end: int, group: str) -> list[lx.Hit]:
    """Hits of one group lying inside [start, end)."""
    return [h for h in hits if h.group == group and start <= h.start and h.end <= end]
