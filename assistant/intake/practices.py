"""Practices the owner names, with their polarity, and their own words about customer and positioning."""

import re

from assistant.contracts import STRATEGY_PRACTICES
from assistant.intake import lexicon as lx
from assistant.intake.text import has_any, nfc, norm

TARGET_PRACTICES = STRATEGY_PRACTICES[:2]  # who the customer is and why they buy here
CLAUSE = re.compile(r"[,;\n!?]|\.(?:\s|$)|\s(?:va|and|but|nhung|con)\s")
_TEXT_END = re.compile(r"[;\n!?]|\.(?:\s|$)")
_TRAILING_JOIN = re.compile(r"[\s,]+(and|but|while|with|và|va|còn|con|nhưng|nhung|với|voi)$", re.IGNORECASE)


def polarity(normalized: str) -> bool | None | str:
    """'unknown' for "không biết", False for "không/chưa", True for "có/rồi", None if silent."""
    p = lx.data()["polarity"]
    if has_any(normalized, p["unknown"]):
        return "unknown"
    if has_any(normalized, p["no"]):
        return False
    if has_any(normalized, p["yes"]):
        return True
    return None


def _said(clause: str) -> bool | None:
    """A named practice's polarity; not knowing who the customer is means it is not defined."""
    said = polarity(clause)
    if said == "unknown":
        return None if has_any(clause, lx.data()["polarity"]["unsure"]) else False
    return said is not False


def read_practices(message: str) -> dict[str, bool | None]:
    """Practices the owner mentions, each with the polarity of its own clause ("chưa có định vị" -> False)."""
    normalized = norm(message)
    found = {}
    for clause in CLAUSE.split(normalized):
        for practice, phrases in lx.data()["practice_words"].items():
            if has_any(clause, phrases) and not _is_request(clause) and not _a_target(practice, clause):
                found[practice] = _said(clause)
    return {k: v for k, v in found.items() if v is not None} | {k: None for k, v in found.items() if v is None}


def _a_target(practice: str, clause: str) -> bool:
    """"KPI tháng sau là 500 triệu", "mục tiêu doanh thu 1 tỷ": a figure to reach, not a practice answered."""
    return practice in ("kpis_tracked", "business_goal_defined") and bool(re.search(r"\d", clause))


def _is_request(clause: str) -> bool:
    """"tóm tắt giúp mình…", "summary": asking for something names no practice of the owner's."""
    return has_any(clause, lx.words("evasive_words"))


def bare_answer(message: str) -> bool | None:
    """A short "có"/"chưa" to a yes-no question, judged on its first words; None when evasive or not short."""
    normalized = norm(message)
    if is_evasive(normalized) or has_any(normalized, lx.words("go_ahead")):
        return None
    head = " ".join(re.findall(r"[a-z']+", normalized)[:3])
    said = polarity(head)
    return said if said in (True, False) else None


def is_evasive(normalized: str) -> bool:
    """"không có thêm số liệu, cứ chẩn đoán đi", "tóm tắt giúp mình": no answer to the question asked."""
    return has_any(normalized, lx.words("evasive_words"))


def described(message: str, answering: bool = False) -> dict[str, str]:
    """The owner's own words for their customer and positioning ("khách mình là nữ văn phòng 25-35").

    `answering`: the message answers the strategy question, so an unmarked clause after the customer
    ("…, đồ thiết kế vừa túi tiền") is read as the positioning.
    """
    text = nfc(message)
    normalized = norm(text)
    out = {}
    for key, intro in (("customer", "customer_intro"), ("positioning", "positioning_intro")):
        m = lx.compiled(intro).search(normalized)
        if m:
            words = _words_after(text, normalized, m.end(), key)
            if len(words.split()) >= 2:
                out[key] = words
    if answering and "customer" in out and "positioning" not in out:
        rest = _rest_after(text, normalized, out["customer"])
        if len(rest.split()) >= 3 and not any(has_any(norm(rest), p) for p in lx.data()["practice_words"].values()):
            out["positioning"] = rest
    return out


def _rest_after(text: str, normalized: str, customer: str) -> str:
    """The next clause of the sentence after the customer's description."""
    start = text.find(customer) + len(customer)
    end = _TEXT_END.search(normalized, start)
    return text[start:end.start() if end else len(text)].strip(" ,;:-–").strip()


def _words_after(text: str, normalized: str, start: int, key: str) -> str:
    end = _TEXT_END.search(normalized, start)
    stop = end.start() if end else len(text)
    if key == "customer":  # the positioning often follows in the next clause
        other = lx.compiled("positioning_intro").search(normalized, start, stop)
        comma = normalized.find(",", start, stop)
        stop = min([x for x in (other.start() if other else -1, comma) if x > start] or [stop])
    words = text[start:stop].strip(" :,-–").strip()
    return _TRAILING_JOIN.sub("", words)  # "young office workers and" (our positioning…): the joining word is not theirs
