"""SMART check of a goal in free text: which of S/M/A/R/T hold, what is missing, a rewritten goal."""

import re
import unicodedata

from pydantic import BaseModel

from assistant.core.lang import strip_diacritics
from assistant.core.templates import normalize_lang, text
from assistant.diagnosis.numbers import find_amounts

# Words are matched without diacritics, on word boundaries; the longest match at a position wins.
METRICS = {
    "revenue": ["doanh thu", "doanh so", "revenue", "sales"],
    "profit": ["loi nhuan", "profit", "margin"],
    "customers": ["khach hang moi", "khach moi", "khach hang", "customers", "clients"],
    "leads": ["khach hang tiem nang", "lead", "leads", "data", "mql", "tin nhan", "mess", "inbox", "enquiries"],
    "orders": ["don hang", "don", "orders"],
    "retention": ["mua lai", "quay lai", "giu chan", "retention", "repeat"],
    "conversion": ["ty le chuyen doi", "ti le chuyen doi", "ty le chot", "conversion"],
    "traffic": ["luot truy cap", "traffic", "visits", "visitors"],
    "followers": ["follower", "followers", "nguoi theo doi", "fan", "like", "likes", "luot thich"],
    "awareness": ["nhan dien thuong hieu", "nhan dien", "thuong hieu", "awareness", "brand"],
}
BUSINESS = {"revenue", "profit", "customers", "leads", "orders", "retention", "conversion"}
VERBS = (r"\b(?:tang|giam|dat|nang cao|nang muc|keo|mo rong|increase|grow|raise|reduce|cut|reach|achieve|hit|"
         r"double|triple|gap \w+)\b")
CHANNELS = (r"\b(?:zalo|facebook|fb|fanpage|tiktok|google|seo|website|web|email|shopee|lazada|instagram|youtube|ads|"
            r"quang cao|livestream|kenh|channel)\b")
MEANS = r"\b(?:nho|thong qua|qua|bang|tu kenh|via|through|using)\s+"
STOP = {"trong", "truoc", "tu", "len", "den", "moi", "va", "de", "voi", "by", "within", "in", "before", "and", "to"}
TIME = (r"\b(?:quy\s*[1-4]|q[1-4]|thang\s*\d{1,2}|nam\s*\d{4}|\d{4}|cuoi (?:nam|thang|quy|tuan)|"
        r"trong\s*\d+\s*(?:ngay|tuan|thang|nam)|truoc ngay|\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
        r"(?:this|next|per|each|every|by|within|end of)\s+(?:the\s+)?(?:month|quarter|year|week)|"
        r"within\s+\d+\s+\w+|quarter|thang nay|thang toi|nam nay|quy nay|moi thang|hang thang)\b")
MULTIPLES = {"doi": 2, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "muoi": 10}
MAX_GROWTH = 1.0  # more than doubling in one goal period is flagged as not achievable


class SmartCheck(BaseModel):
    criteria: dict[str, bool]     # S, M, A, R, T
    missing: list[str]
    feedback: list[str]
    rewritten: str


def _find_metric(plain: str) -> str | None:
    hits = [(plain.find(f" {w} "), -len(w), metric) for metric, words in METRICS.items() for w in words
            if f" {w} " in plain]
    return min(hits)[2] if hits else None


def _multiple(plain: str) -> int | None:
    """'gấp 10', 'gấp ba', 'x3', 'triple' -> the factor."""
    match = re.search(r"\b(?:gap|x)\s*(\d+|doi|hai|ba|bon|nam|muoi)\b", plain)
    if match:
        word = match.group(1)
        return int(word) if word.isdigit() else MULTIPLES[word]
    return 2 if re.search(r"\bdouble\b", plain) else 3 if re.search(r"\btriple\b", plain) else None


def _means_text(goal: str, plain: str) -> str | None:
    """The phrase after 'nhờ / qua / bằng / via…', up to four words, stopping at a time or range word."""
    match = re.search(MEANS, plain)
    if not match:
        return None
    words = []
    for word in goal[match.end() - 1:].split()[:4]:
        if strip_diacritics(word).lower().strip(",.;") in STOP:
            break
        words.append(word)
        if word[-1] in ",.;":
            break
    return " ".join([goal[match.start() - 1:match.end() - 1].strip(), *words]).strip(",.; ") if words else None


def check_goal(goal: str, lang: str = "vi") -> SmartCheck:
    """Judge a goal against SMART; every criterion comes with a line of feedback in `lang`."""
    lang, goal = normalize_lang(lang), unicodedata.normalize("NFC", (goal or "").strip())
    plain = f" {re.sub(r'[.,;:!?()]', ' ', strip_diacritics(goal).lower())} "  # same length as goal
    time_spans = [(m.start() - 1, m.end() - 1) for m in re.finditer(TIME, plain)]
    amounts = [a for a in find_amounts(goal) if not any(s <= a.start < e for s, e in time_spans)]
    metric, multiple = _find_metric(plain), _multiple(plain)
    growth = max((a.value for a in amounts if a.unit == "percent"), default=None)
    too_big = (growth is not None and growth > MAX_GROWTH) or (multiple is not None and multiple > 2)
    measurable = bool(amounts) or multiple is not None
    criteria = {
        "S": bool(metric and re.search(VERBS, plain) and metric != "awareness"),
        "M": measurable,
        "A": measurable and not too_big,
        "R": metric in BUSINESS or bool(metric and metric != "followers" and re.search(CHANNELS, plain)),
        "T": bool(time_spans),
    }
    missing = [k for k, ok in criteria.items() if not ok]
    feedback = [text("smart.feedback", lang, letter=k, ok=ok, metric=metric) for k, ok in criteria.items()]
    return SmartCheck(criteria=criteria, missing=missing, feedback=feedback,
                      rewritten=_rewrite(goal, plain, amounts, time_spans, metric, missing, lang))


def _rewrite(goal, plain, amounts, time_spans, metric, missing, lang) -> str:
    """The goal itself when it is SMART; otherwise a template keeping what it has, brackets for the rest."""
    if not missing:
        return goal[:1].upper() + goal[1:]
    usable = amounts if "A" not in missing and "R" not in missing else []
    time_text = goal[time_spans[0][0]:time_spans[0][1]] if time_spans else None
    return text("smart.rewrite", lang, metric=metric if metric != "followers" else None,
                amount=usable[0].text if usable else None, time=time_text, means=_means_text(goal, plain))
