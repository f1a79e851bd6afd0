"""Numbers that did not happen to this business: another shop's figures, a what-if asked about, a capacity."""

import re
from dataclasses import replace
from functools import lru_cache

from assistant.intake import lexicon as lx
from assistant.intake.amounts import Amount
from assistant.intake.context import SENTENCE, _bounds, _clause_cuts, _cuts


def out_of_scope(amounts: list[Amount], normalized: str, hits, text: str = "") -> set[int]:
    """Positions (in `amounts`) of numbers that are no figure of the owner's last period; `text`, the message as
    typed, tells a word from its namesake ("gia sư" is a tutor, "giả sử" a what-if)."""
    if not amounts:
        return set()
    sentences, clauses, size = _cuts(SENTENCE, normalized), list(_clause_cuts(normalized)), len(normalized)
    out = set()
    for i, a in enumerate(amounts):
        start, end = _bounds(sentences, a, size)
        clause = _bounds(clauses, a, size)
        if _others(normalized, start, a) or _asked_about(normalized, hits, start, end, a, text) \
                or _bound(normalized, a, clause) or _installed(normalized, a, clause) or _per_unit(normalized, a, clause, hits) \
                or _lost(normalized, a, clause) or _owned(normalized, hits, a, clause) \
                or _changed_from(normalized, amounts, i) or _price_range(normalized, a) or _MORE.match(normalized, a.end) \
                or _compared_to(normalized, a, clause):
            out.add(i)
    return out


# "tăng từ 150 lên 230", "bookings went from 150 to 230": a change, whose first number is the earlier value
_FROM = re.compile(r"(?<![a-z0-9])(?:tang|giam|len|xuong|nhay|went|gone|grew|rose|fell|dropped|increased|decreased|"
                   r"jumped|climbed|moved|doubled)(?:\s+[a-z]+){0,2}?\s+(?:tu|from)\s*$")
_TO = re.compile(r"\s*(?:len|xuong|thanh|con|to|up to|down to)\s*$")


def latest(amounts: list[Amount], normalized: str) -> list[Amount]:
    """"went from 150 to 230" (read as a range): the period's figure is the value it went to."""
    return [replace(a, value=a.high, low=None, high=None, approximate=False)
            if a.low is not None and a.high is not None and _FROM.search(normalized, 0, a.start) else a for a in amounts]


def _changed_from(normalized: str, amounts: list[Amount], i: int) -> bool:
    a = amounts[i]
    return i + 1 < len(amounts) and bool(_FROM.search(normalized, max(0, a.start - 40), a.start)) and bool(
        _TO.match(normalized[a.end:amounts[i + 1].start]))


# "thêm 20 đơn nữa là đạt KPI", "20 more orders to go": what is still missing, no count of the period
# ("còn 300 đơn Shopee nữa", one more figure, names no goal after it: not this)
_MORE = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:nua\s+(?:(?:la|thi|moi|de|la se)\s+)?(?:dat|du|kip|hoan thanh|cham|hoa von|ve dich)"
                   r"|more(?:\s+[a-z]+)?\s+(?:to go|needed|to hit|to reach|to fill|away|short))(?![a-z0-9])")


def _compared_to(normalized: str, a: Amount, clause: tuple[int, int]) -> bool:
    """"doubled to 300 million vs 150 million in September", "40% of our 500 customers": the figure compared against,
    or the base a share is of, is not the period's figure."""
    if not _ending("compared_before").search(normalized, max(clause[0], a.start - 24), a.start):
        return False
    text = normalized[max(0, a.start - 24):a.start]
    return not text.rstrip().endswith(("of our", "of the", "of all")) or "%" in normalized[max(0, a.start - 12):a.start]


def _price_range(normalized: str, a: Amount) -> bool:
    """"gói website từ 8-15 triệu": a range of money from a floor is what things cost, not what was spent."""
    return a.unit == "money" and a.low is not None and bool(_FLOOR.search(normalized, max(0, a.start - 8), a.start))


_FLOOR = re.compile(r"(?<![a-z0-9])(?:tu|from|between)\s*$")


def _owned(normalized: str, hits, a: Amount, clause: tuple[int, int]) -> bool:
    """"mình có 2 shop Shopee", "thử 2 agency": how many shops, pages or agencies the owner has, unless a stage word
    follows in the clause ("có 40 shop đăng ký dùng thử": a B2B tool's customers)."""
    if a.unit != "count" or not _ending("owned_before").search(normalized, max(0, a.start - 16), a.start):
        return False
    noun = _owned_noun().match(normalized, a.end)
    if not noun or (noun.group(1) and not any(h.group == "channel" and h.start == noun.start(1) for h in hits)):
        return False  # a word between the count and the noun is only a platform's name ("2 Shopee shops")
    return not any(h.group == "stage" and a.end <= h.start < clause[1] for h in hits)


@lru_cache(maxsize=1)
def _owned_noun() -> re.Pattern:
    words = _alternatives("owned_after")
    return re.compile(rf"\s*([a-z]+\s+)?(?:{words})(?![a-z0-9])")  # "2 Shopee shops"


def _lost(normalized: str, a: Amount, clause: tuple[int, int]) -> bool:
    """"15 đơn, 3 đơn bị hoàn", "bị hủy 5 đơn", "50 inbox là spam": the part lost or void, no count of a stage."""
    start, end = clause
    return bool(_ending("lost_before").search(normalized, max(start, a.start - 24), a.start)) or bool(
        _pattern("lost_after").search(normalized, a.end, min(end, a.end + 24)))


def _per_unit(normalized: str, a: Amount, clause: tuple[int, int], hits=()) -> bool:
    """"12 students per class", "lớp 10 bạn/lớp": a count per class or room, no count of the period."""
    if a.unit != "count" or _PRICED_K.search(normalized, max(0, a.start - 16), a.start) and a.text.strip()[-1:] in "kK":
        return False  # "giá 450k/khách": a price per guest, written in thousands
    per = _pattern("per_unit_after").search(normalized, a.end, min(clause[1], a.end + 32))
    return bool(per) and not any(h.group == "stage" and a.end + 1 < h.start and h.end <= per.start() for h in hits)
    # ("40 people booked a class": a verb between says what the 40 did; "15 students per class" is a class size)


_PRICED_K = re.compile(r"(?<![a-z])(?:gia|price|phi|hoc phi|ve)(?:\s+[a-z]+){0,2}\s*$")


def _installed(normalized: str, a: Amount, clause: tuple[int, int]) -> bool:
    """"hơn 200 khách doanh nghiệp đang dùng": the customers a business has, not those won in the period."""
    return bool(_pattern("installed_after").search(normalized, a.end, clause[1])) or bool(
        _pattern("growth_after").match(normalized, a.end + 1, clause[1]))  # "2.000 follow mới": followers gained


def _others(normalized: str, start: int, a: Amount) -> bool:
    """"đối thủ bán 300 bộ/tháng, bên em 45 bộ": after a word naming another shop, until the owner names
    their own side again ("bên em", "we"), the numbers are the other's."""
    before = normalized[start:a.start]
    other = [m for m in _pattern("other_party").finditer(before)
             if not _compared().search(before, max(0, m.start() - 24), m.start())]
    if not other:
        return False
    return not _own().search(before, other[-1].end()) and not _turn().search(before, other[-1].end())


def _asked_about(normalized: str, hits, start: int, end: int, a: Amount, text: str = "") -> bool:
    """"nếu chạy 20tr thì…", "có nên tăng lên 50tr không?", "chạy 30 triệu thì có phí không?": an amount asked
    about, not spent nor planned (a plan word of the sentence keeps it: "tháng sau nếu chạy 30tr…")."""
    planned = [h for h in hits if h.group == "kind" and h.meaning == "plan" and start <= h.start and h.end <= end
               and h.phrase not in lx.words("conditional_words")]
    if planned:
        return False
    before = normalized[start:a.start]
    opener = [m for key in ("conditional_words", "should_words") for m in _pattern(key).finditer(before)
              if not _hedge().match(before, m.end())
              and (not text or lx.spelled_as(m.group().strip(), text[start + m.start():start + m.end()].strip()))]
    first = min((m.start() for m in opener), default=len(before)) + start
    if any(h.group == "kind" and h.meaning == "target" and start <= h.start < first and h.end <= end for h in hits):
        return False  # "muốn đạt 200 đơn thì làm sao?": a goal set, then asked about ("có nên đặt chỉ tiêu 500?" is not)
    if opener:  # "có nên đặt KPI 100 demo không, hiện tại mới 55 demo": what happened is said after the question
        said = max(m.end() for m in opener) + start
        return not any(h.group == "kind" and h.meaning == "actual" and said <= h.start and h.end <= a.start
                       for h in hits)
    # "X thì có … không?": a question about the amount, when nothing in the sentence says it happened
    # ("chạy 20 triệu thì được 50 đơn, vậy có ổn không?" states what came of it: a number after "thì")
    then = _THEN_ASKED.search(normalized, a.end, min(len(normalized), end + 1))
    return bool(then) and not any(h.group == "kind" and h.meaning == "actual" and start <= h.start < then.start()
                                  for h in hits) and "?" in normalized[then.start():end + 1] \
        and not re.search(r"\d", normalized[then.start():end])


@lru_cache(maxsize=1)
def _hedge() -> re.Pattern:
    """"nếu em nhớ không nhầm", "if I remember": a hedge after "nếu"/"if", no what-if (lexicon `hedge_after_if`)."""
    return re.compile(rf"\s+(?:(?:i|em|e|minh|toi|tui|we)\s+)?(?:{lx.alternatives('hedge_after_if')})")


_THEN_ASKED = re.compile(r"(?<![a-z0-9])(?:thi|then)(?![a-z0-9])[^?]*?(?<![a-z0-9])(?:khong|ko|k|hong|chua|bao nhieu|"
                         r"sao|the nao|not|how many|how much)(?![a-z0-9])")


def _bound(normalized: str, a: Amount, clause: tuple[int, int]) -> bool:
    """"phục vụ tối đa 200 khách", "sức chứa 20 bạn", "ngày đắt nhất 7 đơn": a capacity or a peak, no period's count."""
    return bool(_pattern("bound_words").search(normalized, clause[0], a.start))


@lru_cache(maxsize=1)
def _compared() -> re.Pattern:
    """"cạnh tranh với đối thủ": the other shop named as an object, not as the one the numbers are of."""
    words = _alternatives("other_party_object")
    return re.compile(rf"(?<![a-z0-9])(?:{words})\s*$")


@lru_cache(maxsize=1)
def _own() -> re.Pattern:
    """The owner's own side named again ("bên em", "em thì", "we"); "của em" is a possessive, not the subject."""
    words = _alternatives("own_party")
    return re.compile(rf"(?<![a-z0-9])(?<!cua )(?<!of )(?:{words})(?![a-z0-9])")


@lru_cache(maxsize=4)
def _ending(key: str) -> re.Pattern:
    """One word list of the lexicon, written right before the number."""
    words = _alternatives(key)
    return re.compile(rf"(?<![a-z0-9])(?:{words})\s*$")


@lru_cache(maxsize=1)
def _turn() -> re.Pattern:
    words = _alternatives("scope_breaks")
    # a new clause opening on the owner's own period ("…, tháng rồi chỉ được 40 đơn") turns back to the owner too
    return re.compile(rf"(?:(?<![a-z0-9])(?:{words})(?![a-z0-9])|[,;]\s*(?:thang roi|thang truoc|thang nay|last month|"
                      rf"this month)(?![a-z0-9]))(?!\s+(?:ho|they|doi thu|ben kia|shop kia|competitors?))")


@lru_cache(maxsize=8)
def _pattern(key: str) -> re.Pattern:
    return lx.compiled(key)  # both spend forms: "chi" typed without a tone mark reads as "cpx"


def _alternatives(key: str) -> str:
    """A word list of the lexicon as a regex alternation, longest first, in both spend forms."""
    forms = {form for w in lx.words(key) for form in (w, lx._spend_form(w))}  # the lexicon's own spend form
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
