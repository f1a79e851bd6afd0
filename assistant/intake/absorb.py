"""Fold one owner message into the session: figures, practices and industry into the snapshot."""

from pathlib import Path

from assistant.contracts import STAGES, TurnContext
from assistant.intake.reader import (
    TARGET_PRACTICES,
    Finding,
    polarity,
    read_figures,
    read_industry,
    read_practices,
    wants_to_go_on,
)
from assistant.intake.text import looks_like_question, norm

# the intake's questions ("slots") and the snapshot field each one fills
SLOT_FIELD = {"leads": "leads", "customers": "customers", "top": "reach", "spend": "spend",
              "target": "target_revenue"}


def known_counts(snapshot: dict) -> dict:
    """The funnel counts the snapshot holds."""
    return {k: v for k, v in (snapshot.get("funnel") or {}).items() if v is not None}


def _fill(ctx: TurnContext, finding: Finding) -> None:
    snapshot = ctx.snapshot
    if finding.field in STAGES:
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
        for practice in TARGET_PRACTICES + ("business_goal_defined",):
            if found.get(practice) is None and ctx.snapshot.get("practices", {}).get(practice) is None:
                ctx.snapshot.setdefault("practices", {})[practice] = said


def slot_filled(ctx: TurnContext, slot: str) -> bool:
    """True when the snapshot already answers the intake question `slot`."""
    if slot == "strategy":
        return any(ctx.snapshot.get("practices", {}).get(p) is not None for p in TARGET_PRACTICES)
    if slot == "top":
        return bool({"reach", "visits"} & set(known_counts(ctx.snapshot)))
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
    if asked and not slot_filled(ctx, asked) and not looks_like_question(message):
        intake.setdefault("declined", []).append(asked)  # unknown, refused or passed over: do not ask again
    if wants_to_go_on(message):
        intake["go"] = True
    intake["asked"] = None
    intake["practice_news"] = bool(found) or bool(intake["industry_news"])
    return findings
