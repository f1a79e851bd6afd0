"""SMART check of a goal in free text: which of S/M/A/R/T hold, what is missing, a rewritten goal."""

import re
import unicodedata

from pydantic import BaseModel

from assistant.core.lang import strip_diacritics
from assistant.core.templates import normalize_lang, text
from assistant.diagnosis.numbers import find_amounts

# Words are matched without diacritics, on word boundaries.
METRICS = {
    "revenue": ["doanh thu", "doanh so", "revenue", "sales"],
    "profit": ["loi nhuan", "profit", "margin"],
    "customers": ["khach hang moi", "khach moi", "khach hang", "customers", "clients"],
    "leads": ["khach hang tiem nang", "lead", "leads", "data", "mql"],
    "orders": ["don hang", "don", "orders"],
    "retention": ["mua lai", "quay lai", "giu chan", "retention", "repeat"],
    "conversion": ["ty le chuyen doi", "ti le chuyen doi", "conversion"],
    "traffic": ["luot truy cap", "traffic", "visits", "visitors"],
    "followers": ["follower", "followers", "nguoi theo doi", "fan", "like", "likes"],
    "awareness": ["nhan dien thuong hieu", "nhan dien", "thuong hieu", "awareness", "brand"],
}
BUSINESS = {"revenue", "profit", "customers", "leads", "orders", "retention", "conversion"}
VERBS = r"\b(?:tang|giam|dat|nang|keo|mo rong|increase|grow|raise|reduce|cut|reach|achieve|hit|double|gap doi|get)\b"
MEANS = (r"\b(?:nho|thong qua|qua kenh|bang|tu kenh|kenh|via|through|from|using|zalo|facebook|fb|tiktok|google|seo|"
         r"website|email|shopee|lazada|instagram|youtube|ads|quang cao|livestream)\b")
TIME = (r"\b(?:quy\s*[1-4]|q[1-4]|thang\s*\d{1,2}|nam\s*\d{4}|\d{4}|cuoi (?:nam|thang|quy|tuan)|"
        r"trong\s*\d+\s*(?:ngay|tuan|thang|nam)|truoc ngay|\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
        r"(?:this|next|per|each|every|by|within|end of)\s+(?:the\s+)?(?:month|quarter|year|week)|"
        r"within\s+\d+\s+\w+|quarter|thang nay|thang toi|nam nay|quy nay|moi thang|hang thang)\b")
MAX_GROWTH = 1.0  # more than doubling in one goal period is flagged as not achievable


class SmartCheck(BaseModel):
    criteria: dict[str, bool]     # S, M, A, R, T
    missing: list[str]
    feedback: list[str]
    rewritten: str


def _find_metric(plain: str) -> str | None:
    hits = [(plain.find(f" {w} "), metric) for metric, words in METRICS.items() for w in words if f" {w} " in plain]
    return min(hits)[1] if hits else None


def _amounts_outside(goal: str, spans: list[tuple[int, int]]):
    return [a for a in find_amounts(goal) if not any(s <= a.start < e for s, e in spans)]


def check_goal(goal: str, lang: str = "vi") -> SmartCheck:
    """Judge a goal against SMART; every criterion comes with a line of feedback in `lang`."""
    lang, goal = normalize_lang(lang), unicodedata.normalize("NFC", goal or "")
    plain = f" {strip_diacritics(goal or '').lower()} "
    time_spans = [(m.start() - 1, m.end() - 1) for m in re.finditer(TIME, plain)]
    amounts = _amounts_outside(goal or "", time_spans)
    metric = _find_metric(plain)
    has_verb = bool(re.search(VERBS, plain))
    growth = max((a.value for a in amounts if a.unit == "percent"), default=None)
    multiple = re.search(r"\b(?:gap|x)\s*(\d+)\b", plain)
    too_big = (growth is not None and growth > MAX_GROWTH) or (multiple and int(multiple.group(1)) > 2)
    means = re.search(MEANS, plain)
    criteria = {
        "S": bool(metric and has_verb and metric != "awareness"),
        "M": bool(amounts),
        "A": bool(amounts) and not too_big,
        "R": metric in BUSINESS or bool(means and metric),
        "T": bool(time_spans),
    }
    missing = [k for k, ok in criteria.items() if not ok]
    feedback = [text("smart.feedback", lang, letter=k, ok=ok, metric=metric) for k, ok in criteria.items()]
    amount_text = next((a.text for a in amounts), None)
    time_text = goal[time_spans[0][0]:time_spans[0][1]] if time_spans else None
    means_text = re.split(r"[,.;]", goal[means.start() - 1:])[0].strip() if means else None
    rewritten = text("smart.rewrite", lang, metric=metric, amount=amount_text, time=time_text, means=means_text)
    return SmartCheck(criteria=criteria, missing=missing, feedback=feedback, rewritten=rewritten)
