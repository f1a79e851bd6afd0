"""The 30/60/90-day plan along the seven steps, tailored to the pillar and stage to fix first, the industry
(a shop sells in one chat, a B2B firm over weeks) and the size of the team."""

from assistant.contracts import Diagnosis
from assistant.drafting import facts
from assistant.drafting.diagnosis_view import action_text
from assistant.drafting.labels import label, lines
from assistant.drafting.sources import STEP_DOCS
from assistant.retrieval.knowledge import cite

PILLAR_STEPS = {"strategy": (2, 3), "traffic": (4,), "conversion": (5, 6), "measurement": (7,)}
# steps for days 1–30, 31–60, 61–90; None = the steps of the second pillar
PLANS = {
    "strategy": ((1, 2), (3,), (4, 7)),
    "traffic": ((1, 4), (5,), (7,)),
    "conversion": ((1, 5), (6,), (7,)),
    "measurement": ((1, 7), None, (7,)),
}


# industries where a sale closes in one conversation: CRM and automation wait until the chat sells
QUICK_SALE = {"retail", "fnb", "beauty", "ecommerce", "travel"}
LONG_CYCLE = {"b2b_services", "b2b", "education", "health", "clinic", "healthcare", "real_estate"}
# the bottleneck's own step goes first when it is not the pillar's first step
STAGE_STEP = {"customer_to_repeat": 6, "reach_to_visit": 4, "volume": 4}


def industry_group(industry: str | None) -> str:
    """quick_sale | long_cycle | general."""
    return "quick_sale" if industry in QUICK_SALE else "long_cycle" if industry in LONG_CYCLE else "general"


def team_group(team_size: int | None) -> str:
    """solo (1–2 people) | small (3–6) | team (7+) | unknown."""
    if not team_size or team_size < 1:
        return "unknown"
    return "solo" if team_size <= 2 else "small" if team_size <= 6 else "team"


def _windows(first: str, stage: str | None, group: str) -> tuple:
    windows = PLANS[first]
    if first == "conversion" and group == "quick_sale" and stage != "customer_to_repeat":
        windows = ((1, 5), (4,), (6, 7))  # fix the chat that sells, then feed it, then bring buyers back
    own = STAGE_STEP.get(stage or "")
    if own and windows[0] and own not in windows[0] and first in ("traffic", "conversion"):
        windows = ((1, own), *[tuple(n for n in w if n != own) or (7,) if w else w for w in windows[1:]])
    return windows


def plan_steps(diagnosis: Diagnosis | None, industry: str | None = None) -> list[tuple[int, tuple[int, ...]]]:
    """[(days, steps)] for the three windows."""
    order = facts.pillar_order(diagnosis)
    stage = facts.stage_to_fix(diagnosis)
    windows = _windows(order[0], stage, industry_group(industry))
    second = PILLAR_STEPS[order[1]] if order[1] != "measurement" else (5,)
    return [(days, steps or second) for days, steps in zip((30, 60, 90), windows)]


def _placed_actions(diagnosis: Diagnosis | None, windows: list, lang: str) -> dict[int, list[str]]:
    """Diagnosis actions by step, worded; those whose step has no window go to the first step of day 30."""
    planned = {n for _, steps in windows for n in steps}
    placed: dict[int, list[str]] = {}
    for action in diagnosis.actions if diagnosis else []:
        target = action.step if action.step in planned else windows[0][1][0]
        placed.setdefault(target, []).append(action_text(action.id, lang, action.params))
    return placed


def build_plan(diagnosis: Diagnosis | None, lang: str = "vi", industry: str | None = None,
               team_size: int | None = None) -> dict:
    """The plan as data: windows of steps, each with the method's tasks (for this industry) and the
    diagnosis' actions; a team of one or two gets fewer tasks per step."""
    windows = plan_steps(diagnosis, industry)
    group, team = industry_group(industry), team_group(team_size)
    keep = 2 if team == "solo" else None
    placed, seen = _placed_actions(diagnosis, windows, lang), set()
    out = []
    for days, steps in windows:
        rows = []
        for n in steps:
            actions = [] if n in seen else placed.get(n, [])
            seen.add(n)
            tasks = lines("report.industry_task", lang, n=n, group=group) + lines("report.step_tasks", lang, n=n)
            rows.append({"step": n, "name": label("step", lang, n=n), "tasks": tasks[:keep], "actions": actions})
        out.append({"days": days, "steps": rows})
    cited = sorted({n for _, steps in windows for n in steps})
    return {"windows": out, "citations": [cite(STEP_DOCS[n]) for n in cited], "industry_group": group,
            "team": team, "team_note": lines("report.team_note", lang, team=team)}
