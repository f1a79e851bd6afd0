"""The turn's facts for the model: what the deterministic core read, diagnosed and found, compact.

The offline engine has already answered the message (intake into the snapshot, conflict answers,
the diagnosis when the data allows, the passages a method question needs). The model gets that as
one small JSON object after the conversation, so its prompt's stable part (system prompt, tools,
history) stays the same from turn to turn and a server can reuse its prompt cache.
"""

import json

from assistant.contracts import Reply, TurnContext
from assistant.tools import actions
from assistant.tools.recorder import Recorder


def _figure(f: dict) -> dict:
    """A figure as the model needs it: no empty keys."""
    keep = ("field", "value", "kind", "source", "channel", "period", "estimated", "note", "correction")
    out = {k: f[k] for k in keep if f.get(k) not in (None, False)}
    if f.get("original"):
        out["usd"] = f["original"]["value"]
    if f.get("conflict"):
        out["file_says"] = f["conflict"]["file_value"]
    return out


def turn_facts(ctx: TurnContext, answer: Reply, recorder: Recorder) -> dict:
    """The facts of this turn: figures, open conflicts, diagnosis, upload KPIs, sources and GrowthDoc's answer."""
    facts: dict = {"figures": [_figure(f) for f in actions.figures_in_use(ctx.snapshot)]}
    conflicts = [{"field": c["field"], "typed": c.get("typed"), "file": c.get("file_value")}
                 for c in actions.open_conflicts(ctx.snapshot)]
    if conflicts:
        facts["conflicts"] = conflicts
    if ctx.diagnosis:  # its words and actions are in the answer; the numbers and the order here
        d = ctx.diagnosis
        b = d.get("bottleneck") or {}
        facts["diagnosis"] = {"bottleneck": {k: b.get(k) for k in ("stage", "actual", "benchmark", "revenue_uplift")
                                             if b.get(k) is not None},
                              "pillar_priority": d.get("pillar_priority")}
    kpis = actions.latest_kpis(ctx)
    if kpis:
        facts["file_kpis"] = {k: v for k, v in list(kpis.items())[:12]}
    if recorder.citations:
        facts["sources"] = [{"id": i, "title": f"{c.title} › {c.heading}"} for i, c in
                            enumerate(recorder.citations, start=1)]
    facts["answer"] = answer.text
    return facts


def facts_block(facts: dict) -> str:
    """The facts as the model reads them: one compact JSON line between markers."""
    return "<facts>\n" + json.dumps(facts, ensure_ascii=False, separators=(",", ":"), default=str) + "\n</facts>"
