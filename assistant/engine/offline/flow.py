"""The intake across turns: fold a message into the snapshot, pick the next question, say when to diagnose."""

from pathlib import Path

from assistant.engine.context import TurnContext
from assistant.engine.offline import lexicon as lx
from assistant.engine.offline.intake import (
    COUNT_FIELDS, STRATEGY_PRACTICES, Finding, polarity, read_figures, read_industry, read_practices,
    wants_to_go_on,
)
from assistant.engine.offline.intents import looks_like_question
from assistant.engine.offline.text import has_any, norm, words

SLOT_FIELD = {"leads": "leads", "customers": "customers", "top": "reach", "spend": "spend",
              "target": "target_revenue"}


def _known_counts(snapshot: dict) -> dict:
    return {k: v for k, v in (snapshot.get("funnel") or {}).items() if v is not None}


def _fill(ctx: TurnContext, finding: Finding) -> None:
    snapshot = ctx.snapshot
    if finding.field in COUNT_FIELDS:
        snapshot.setdefault("funnel", {})[finding.field] = finding.value
    else:
        snapshot[finding.field] = finding.value
    snapshot.setdefault("sources", {})[finding.field] = "chat"
    if finding.field == "target_revenue":
        snapshot.setdefault("practices", {})["business_goal_defined"] = True


def _answer_strategy(ctx: TurnContext, message: str, found: dict) -> None:
    """A bare "có"/"chưa" to the strategy question covers the three fundamentals it asked about."""
    said = polarity(norm(message.split(",")[0]))
    if said in (True, False):
        for practice in STRATEGY_PRACTICES + ("business_goal_defined",):
            if found.get(practice) is None and ctx.snapshot.get("practices", {}).get(practice) is None:
                ctx.snapshot.setdefault("practices", {})[practice] = said


def _slot_filled(ctx: TurnContext, slot: str) -> bool:
    if slot == "strategy":
        return any(ctx.snapshot.get("practices", {}).get(p) is not None for p in STRATEGY_PRACTICES)
    if slot == "top":
        return bool({"reach", "visits"} & set(_known_counts(ctx.snapshot)))
    field = SLOT_FIELD[slot]
    return (ctx.snapshot.get("funnel") or {}).get(field) is not None or ctx.snapshot.get(field) is not None


def absorb(ctx: TurnContext, message: str, knowledge_dir: Path, practices: bool = True) -> list[Finding]:
    """Read figures, practices and the industry from `message` into the session; returns the figures."""
    intake = ctx.intake
    asked = intake.get("asked")
    findings = read_figures(message, SLOT_FIELD.get(asked))
    for finding in findings:
        _fill(ctx, finding)
    found = read_practices(message) if practices else {}
    ctx.snapshot.setdefault("practices", {}).update({k: v for k, v in found.items() if v is not None})
    if asked == "strategy":
        _answer_strategy(ctx, message, found)
    industry = read_industry(message, knowledge_dir)
    known = (ctx.snapshot.get("business") or {}).get("industry")
    intake["industry_news"] = industry if industry and industry != known else None
    if industry:
        ctx.snapshot.setdefault("business", {})["industry"] = industry
        ctx.snapshot["business"].setdefault("model", "b2b" if industry.startswith("b2b") else "b2c")
    if asked and not _slot_filled(ctx, asked) and not looks_like_question(message):
        intake.setdefault("declined", []).append(asked)  # unknown, refused or passed over: do not ask again
    if wants_to_go_on(message):
        intake["go"] = True
    intake["asked"] = None
    intake["practice_news"] = bool(found) or bool(intake["industry_news"])
    return findings


def next_slot(ctx: TurnContext) -> str | None:
    """The most useful missing piece, one at a time, never one the owner could not give."""
    closed = set(ctx.intake.get("declined", []))
    known = _known_counts(ctx.snapshot)
    candidates = [
        ("leads", "leads" not in known),
        ("customers", "customers" not in known),
        ("top", len(known) < 2 and not {"reach", "visits"} & set(known)),
        ("spend", ctx.snapshot.get("spend") is None and ctx.snapshot.get("revenue") is None),
        ("strategy", not _slot_filled(ctx, "strategy")),
    ]
    return next((slot for slot, missing in candidates if missing and slot not in closed), None)


def strategy_missing(practices: dict) -> bool:
    """Priority rule 1: no target customer and no positioning, or no business goal."""
    no_target = practices.get("target_customer_defined") is False and practices.get("positioning_defined") is False
    return no_target or practices.get("business_goal_defined") is False


def ready(ctx: TurnContext) -> bool:
    """Enough to diagnose (see the rule in `intake`'s docstring)."""
    practices = ctx.snapshot.get("practices") or {}
    if ctx.intake.get("go") or strategy_missing(practices) or practices.get("kpis_tracked") is False:
        return True
    counts = len(_known_counts(ctx.snapshot)) >= 2
    money = ctx.snapshot.get("spend") is not None or ctx.snapshot.get("revenue") is not None
    strategy_seen = _slot_filled(ctx, "strategy") or "strategy" in ctx.intake.get("declined", [])
    return (counts and money and strategy_seen) or next_slot(ctx) is None


def has_data(ctx: TurnContext) -> bool:
    """Anything at all to diagnose from."""
    practices = ctx.snapshot.get("practices") or {}
    return bool(_known_counts(ctx.snapshot)) or any(v is not None for v in practices.values())



def states_a_goal(message: str) -> bool:
    """A goal to check has a verb and something to aim at, not just "check my goal"."""
    rest = [w for w in words(norm(message)) if w not in lx.SMART_TRIGGER]
    return len(rest) >= 4


def asks_about_one_kpi(message: str) -> bool:
    """"CPL là KPI gì / thuộc loại nào" rather than "which KPIs should I track"."""
    return has_any(norm(message), lx.CLASSIFY_WORDS)


def is_thanks(message: str) -> bool:
    return has_any(norm(message), ["cam on", "thank", "thanks", "tks", "thx"])
