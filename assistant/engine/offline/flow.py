"""The intake conversation: which question to ask next, and when there is enough to diagnose.

When to diagnose (the rule this module implements):
- at once when the owner asks to go on with what there is ("cứ phân tích đi", "go ahead");
- when at least two funnel counts are known (the diagnosis spans unknown stages between them): at
  once — an owner who wrote their numbers gets a verdict, not another question (money only adds the
  unit economics; the bottleneck is in the counts); the strategy question (target customer, positioning, revenue goal: the fundamentals of priority
  rule 1) is asked beside that first verdict, and the owner's answer re-diagnoses;
- when the strategy fundamentals are known to be missing: priority rule 1 decides whatever the numbers;
- when nothing useful is left to ask (the owner does not know the rest): rule 2 then speaks;
- when the owner could not give two of the figures asked ("không đếm", "không biết"): they have said
  what they have, and a third question would be an interrogation;
- when the owner gave their sales with money, a goal or a budget ("48 booking, doanh thu 120 triệu"): they wrote
  what they have, and the count they left out is the measurement gap itself, so rule 2's verdict comes at once
  with its invitation to send that count, which re-diagnoses (an owner who gave only enquiries is asked for
  the sales first: without them there is no outcome to judge).
KPI tracking is not asked: an owner who gives two funnel counts is measuring something; one who says
they track nothing ("không theo dõi KPI") is taken at their word.
"""

from assistant.contracts import TurnContext, strategy_missing
from assistant.intake import lexicon as lx
from assistant.intake import store
from assistant.intake.absorb import known_counts, slot_filled
from assistant.intake.text import has_any, norm, words


def next_slot(ctx: TurnContext) -> str | None:
    """The most useful missing piece, one at a time, never one the owner could not give."""
    closed = set(ctx.intake.get("declined", []))
    known = known_counts(ctx.snapshot)
    candidates = [
        ("leads", "leads" not in known),
        ("customers", "customers" not in known),
        ("top", len(known) < 2 and not {"reach", "visits"} & set(known)),
        ("spend", ctx.snapshot.get("spend") is None and ctx.snapshot.get("revenue") is None),
        ("strategy", not slot_filled(ctx, "strategy")),
    ]
    return next((slot for slot, missing in candidates if missing and slot not in closed), None)


def ready(ctx: TurnContext) -> bool:
    """Enough to diagnose (the rule in this module's docstring)."""
    practices = ctx.snapshot.get("practices") or {}
    if ctx.intake.get("go") or strategy_missing(practices) or practices.get("kpis_tracked") is False:
        return True
    counts = len(known_counts(ctx.snapshot)) >= 2
    passed = [slot for slot in ctx.intake.get("declined", []) if slot != "strategy"]
    known = known_counts(ctx.snapshot)
    said_more = known and (passed or "customers" in known) and (
        _money_or_goal(ctx.snapshot) or ctx.snapshot.get("planned_budget") is not None)
    return counts or next_slot(ctx) is None or (len(passed) >= 2 and has_data(ctx)) or bool(said_more)


def _money_or_goal(snapshot: dict) -> bool:
    """An owner who gave a count and money or a goal has said what they have: the verdict (rule 2 with one count)
    and its invitation to send more, not a question first."""
    return store.has_money(snapshot) or any(snapshot.get(f) is not None for f in ("target_revenue", "target_customers"))


def has_data(ctx: TurnContext) -> bool:
    """Anything at all to diagnose from: a count, money spent or earned, or a practice."""
    practices = ctx.snapshot.get("practices") or {}
    return bool(known_counts(ctx.snapshot)) or store.has_money(ctx.snapshot) or any(v is not None for v in practices.values())


def has_money(ctx: TurnContext) -> bool:
    """Money spent or earned is known: with a planning question, enough for rule 2's verdict beside the plan."""
    return store.has_money(ctx.snapshot)


def states_a_goal(message: str) -> bool:
    """A goal to check has a verb and something to aim at, not just "check my goal"."""
    rest = [w for w in words(norm(message)) if w not in lx.SMART_TRIGGER]
    return len(rest) >= 4


def asks_about_one_kpi(message: str) -> bool:
    """"CPL là KPI gì / thuộc loại nào" rather than "which KPIs should I track"."""
    return has_any(norm(message), lx.CLASSIFY_WORDS)


def is_thanks(message: str) -> bool:
    return has_any(norm(message), ["cam on", "thank", "thanks", "tks", "thx"])
