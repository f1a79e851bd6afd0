"""Fold one owner message into the session: figures, corrections, practices and industry into the snapshot."""

import re
from pathlib import Path

from assistant.contracts import TurnContext
from assistant.intake import lexicon as lx
from assistant.intake.figure import Finding
from assistant.intake.plausibility import derived_doubt, stated_doubts
from assistant.intake.practices import (
    TARGET_PRACTICES,
    asks_back_a_practice,
    bare_answer,
    described,
    leads_with_bare_answer,
    polarity,
    read_practices,
    said_before_asking,
    says_absent,
)
from assistant.intake.reader import (
    asks_for_a_verdict,
    read,
    read_industry,
    wants_to_go_on,
)
from assistant.intake.store import estimate_revenue, has_money, known_values, store
from assistant.intake.text import has_any, looks_like_question, norm, statements
from assistant.intake.untracked import counts_untracked

# the intake's questions ("slots") and the snapshot field each one fills
SLOT_FIELD = {"leads": "leads", "customers": "customers", "top": "reach", "spend": "spend",
              "target": "target_revenue"}
GOAL_FIELDS = ("target_revenue", "target_customers", "target_leads")
COUNT_SLOTS = ("leads", "customers", "top")  # the questions that ask for a funnel count


def known_counts(snapshot: dict) -> dict:
    """The funnel counts the snapshot holds."""
    return {k: v for k, v in (snapshot.get("funnel") or {}).items() if v is not None}


def slot_filled(ctx: TurnContext, slot: str) -> bool:
    """True when the snapshot already answers the intake question `slot`."""
    if slot == "strategy":
        return any(ctx.snapshot.get("practices", {}).get(p) is not None for p in TARGET_PRACTICES)
    if slot == "top":
        return bool({"reach", "visits"} & set(known_counts(ctx.snapshot)))
    field = SLOT_FIELD[slot]
    return (ctx.snapshot.get("funnel") or {}).get(field) is not None or ctx.snapshot.get(field) is not None


def absorb(ctx: TurnContext, message: str, knowledge_dir: Path, practices: bool = True,
           usd_rate: float | None = None) -> list[Finding]:
    """Read figures, practices and the industry from `message` into the session; returns the figures."""
    intake, snapshot = ctx.intake, ctx.snapshot
    asked = intake.get("asked")
    rate = usd_rate or (snapshot.get("fx") or {}).get("USD")
    known = (snapshot.get("business") or {}).get("industry")
    industry = read_industry(message, knowledge_dir, known) or known
    reading = read(message, SLOT_FIELD.get(asked), rate, known_values(snapshot), industry)
    if reading.usd_rate:
        snapshot["fx"] = {"USD": reading.usd_rate}
    findings = list(reading.findings) + (at_rate(snapshot, reading.usd_rate, reading.findings) if reading.usd_rate else [])
    for record in (snapshot.get("figures") or {}).values():
        record.pop("doubt", None)  # worded back once: the owner has confirmed it or typed the right one
    for finding in findings:
        store(snapshot, finding)
        if finding.field in GOAL_FIELDS and not finding.removed and asked == "strategy":
            snapshot.setdefault("practices", {})["business_goal_defined"] = True  # a goal given when asked for one
    if {"aov", "customers"} & {f.field for f in findings if not f.removed}:
        derived = estimate_revenue(snapshot)
        findings += [derived] if derived else []
    _doubts(ctx, message, findings)
    intake["correction"] = reading.correction or any(f.correction for f in findings)
    # a question names no practice of theirs, except one repeated back before its answer ("Khách mục tiêu à? Chưa có")
    said = message if asked == "strategy" or asks_back_a_practice(message) else \
        " ".join(filter(None, (statements(message), said_before_asking(message))))
    found = _practices(ctx, said, asked, correction=reading.correction) if practices and said else {}
    _industry(ctx, message, knowledge_dir)
    team = read_team(message)
    if team:
        ctx.snapshot.setdefault("business", {})["team"] = team
    correcting = intake["correction"] and asked not in SLOT_FIELD  # "à nhầm, 54 đơn": no answer to the question
    if asked and not correcting and not slot_filled(ctx, asked) and not looks_like_question(statements(message) or message):
        intake.setdefault("declined", []).append(asked)  # unknown, refused or passed over: do not ask again
    untracked = counts_untracked(message)
    if untracked:  # "số khách thì mình không đếm": no count is asked again
        declined = intake.setdefault("declined", [])
        declined += [slot for slot in COUNT_SLOTS if slot not in declined and not slot_filled(ctx, slot)]
    if wants_to_go_on(message) or (asks_for_a_verdict(message) and _too_few_counts(ctx.snapshot)):
        intake["go"] = True
    intake["asked"] = asked if correcting else None  # a correction leaves the question asked still open
    intake["practice_news"] = bool(found) or bool(intake["industry_news"]) or untracked  # all an intake answer
    intake["untracked"] = untracked
    intake["practices_said"] = found  # shown back in the reply, like a figure
    return findings


def at_rate(snapshot: dict, rate: float, fresh: list[Finding]) -> list[Finding]:
    """"Use 25,400 VND per dollar for everything": USD figures typed earlier at another rate, converted again at
    the stated one (each shown back, like any figure that changes)."""
    said_now = {f.field for f in fresh}
    out = []
    for field, record in (snapshot.get("figures") or {}).items():
        original = record.get("original") or {}
        if field in said_now or original.get("currency") != "USD" or original.get("rate") == rate:
            continue
        keep = {k: record[k] for k in ("measure", "kind", "unit", "channel", "period", "when", "span", "quote")
                if record.get(k) is not None}
        out.append(Finding(field=field, value=original["value"] * rate, raw=record.get("said") or "", **keep,
                           currency="VND", original={**original, "rate": rate}, correction=True))
    return out


def _too_few_counts(snapshot: dict) -> bool:
    """Money or a count, but fewer than two counts: a verdict asked for now is rule 2's, and asking for counts
    first would leave the owner's question unanswered."""
    counts = len(known_counts(snapshot))
    return (has_money(snapshot) or counts > 0) and counts < 2


def _doubts(ctx: TurnContext, message: str, findings: list[Finding]) -> None:
    """"CPL 21đ", or 30 nghìn spent for 1.400 leads: a figure worded back to confirm, on the figure it concerns
    (shown with it, in the turn's reply and the figures in use); with no figure in the message it waits in
    `intake["doubts"]` for the engine."""
    doubts = stated_doubts(message)
    derived = derived_doubt(ctx.snapshot) if {"spend", "leads"} & {f.field for f in findings} else None
    doubts += [derived] if derived and not doubts else []
    ctx.intake["doubts"] = doubts
    fresh = [f for f in findings if not f.removed]
    if not doubts or not fresh:
        return
    holder = next((f for f in fresh if f.field in ("spend", "leads")), fresh[0])
    holder.doubt = doubts[0]
    ctx.snapshot["figures"][holder.field]["doubt"] = doubts[0]


def _practices(ctx: TurnContext, message: str, asked: str | None, correction: bool = False) -> dict:
    """Practices named in the message, a bare answer to the strategy question, the owner's own descriptions.

    An owner who describes their customer or positioning has defined it, asked or not; "à không, …" that
    corrects a figure is no answer to the question."""
    said = {k: v for k, v in read_practices(message).items() if v is not None}
    words = described(message, answering=asked == "strategy")
    business = ctx.snapshot.setdefault("business", {})
    observed = asked != "strategy" and has_any(norm(message), lx.words("customer_observed"))
    for key, practice in (("customer", "target_customer_defined"), ("positioning", "positioning_defined")):
        if key in words:
            business[key] = words[key]
            if not (key == "customer" and observed):  # "khách chủ yếu là nữ 18-24": who buys, not who is chosen
                if said.get(practice) is False and polarity(norm(words[key])) is False \
                        and not says_absent(norm(words[key])):
                    said[practice] = True  # described with a "không" that is part of the offer ("niềng không đau")
                said.setdefault(practice, True)
    if asked == "strategy" and not correction and leads_with_bare_answer(message) and not counts_untracked(message):
        # else only what was named is known ("we don't log enquiries": an answer about counting, not strategy)
        answer = bare_answer(message)
        for practice in TARGET_PRACTICES + ("business_goal_defined",):
            held = ctx.snapshot.get("practices", {}).get(practice)
            if answer is not None and said.get(practice) is None and held is None:
                said[practice] = answer
    ctx.snapshot.setdefault("practices", {}).update(said)
    return said


_SOLO = re.compile(r"\b(mot minh|1 minh|tu lam (het|tat ca|mot minh)|tu chay|1 nguoi|mot nguoi|chi co (minh|em|toi)|"
                   r"khong co nhan vien|chua co nhan vien|solo|by myself|on my own|one[- ]person|just me|no staff)\b")
_TEAM = re.compile(r"\b(phong (sales|marketing|kinh doanh|cskh|cham soc)|\d+ (nhan vien|nhan su|ban sales|sales)|"
                   r"(team|doi|nhom) (sales|marketing|kinh doanh|\d+ nguoi)|cong ty (minh|toi|em)|"
                   r"\d+ (employees|staff|people on the team|salespeople)|sales team|marketing team|our company)\b")


def read_team(message: str) -> str | None:
    """"shop mình tự làm một mình" -> solo; "phòng sales 3 người" -> team; None when the message does not say."""
    normalized = norm(message)
    if _SOLO.search(normalized):
        return "solo"
    return "team" if _TEAM.search(normalized) else None


def _industry(ctx: TurnContext, message: str, knowledge_dir: Path) -> None:
    known = (ctx.snapshot.get("business") or {}).get("industry")
    industry = read_industry(message, knowledge_dir, known)
    ctx.intake["industry_news"] = industry if industry and industry != known else None
    if industry:
        ctx.snapshot.setdefault("business", {})["industry"] = industry
        ctx.snapshot["business"].setdefault("model", "b2b" if industry.startswith("b2b") else "b2c")
