"""The 30/60/90-day plan along the seven steps, chosen by the pillar to fix first."""

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


def plan_steps(diagnosis: Diagnosis | None) -> list[tuple[int, tuple[int, ...]]]:
    """[(days, steps)] for the three windows."""
    order = facts.pillar_order(diagnosis)
    windows = PLANS[order[0]]
    second = PILLAR_STEPS[order[1]] if order[1] != "measurement" else (5,)
    return [(days, steps or second) for days, steps in zip((30, 60, 90), windows)]


def _placed_actions(diagnosis: Diagnosis | None, windows: list, lang: str) -> dict[int, list[str]]:
    """Diagnosis actions by step, worded; those whose step has no window go to the first step of day 30."""
    planned = {n for _, steps in windows for n in steps}
    placed: dict[int, list[str]] = {}
    for action in diagnosis.actions if diagnosis else []:
        target = action.step if action.step in planned else windows[0][1][0]
        placed.setdefault(target, []).append(action_text(action.id, lang))
    return placed


def build_plan(diagnosis: Diagnosis | None, lang: str = "vi") -> dict:
    """The plan as data: windows of steps, each with the method's tasks and the diagnosis' actions."""
    windows = plan_steps(diagnosis)
    placed, seen = _placed_actions(diagnosis, windows, lang), set()
    out = []
    for days, steps in windows:
        rows = []
        for n in steps:
            actions = [] if n in seen else placed.get(n, [])
            seen.add(n)
            rows.append({"step": n, "name": label("step", lang, n=n),
                         "tasks": lines("report.step_tasks", lang, n=n), "actions": actions})
        out.append({"days": days, "steps": rows})
    cited = sorted({n for _, steps in windows for n in steps})
    return {"windows": out, "citations": [cite(STEP_DOCS[n], lang=lang) for n in cited]}
