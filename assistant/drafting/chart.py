"""The funnel chart: a self-contained inline SVG (Jinja2 template, autoescaped), no network."""

import math

from assistant.contracts import Diagnosis
from assistant.core.templates import render
from assistant.drafting import facts
from assistant.drafting.labels import label, stage_label

WIDTH, LEFT, BAR_X0, BAR_X1 = 680, 190, 200, 660
BAR_H, GAP, TOP = 40, 38, 56
MIN_BAR = 70
STATUS_COLOURS = {"ok": "#2e7d32", "weak": "#ef6c00", "critical": "#c62828", "unknown": "#6b7280"}


def _stages(diagnosis: Diagnosis | None, counts: dict) -> list[str]:
    """The count stages to draw: the known counts, else the ends of the diagnosis' rates."""
    if counts:
        return list(counts)
    ends = {end for row in facts.stage_rows(diagnosis) for end in facts.rate_ends(row.stage) or ()}
    return [s for s in facts.STAGES if s in ends]


def _width(count: float | None, top: float | None, index: int, total: int) -> float:
    """Bar width on a log scale (funnels span 5 orders of magnitude); by position without counts."""
    span = BAR_X1 - BAR_X0
    if count is None or not top:
        return span - (span - MIN_BAR) * index / max(total - 1, 1)
    share = math.log10(count + 1) / math.log10(top + 1) if top > 0 else 0
    return MIN_BAR + (span - MIN_BAR) * share


def _rate_row(diagnosis: Diagnosis | None, counts: dict, before: str, after: str) -> dict:
    """The rate between two drawn stages: the diagnosis' row, else computed from the counts."""
    for row in facts.stage_rows(diagnosis):
        if facts.rate_ends(row.stage) == (before, after):
            return row.model_dump()
    return {"stage": None, "actual": facts.ratio(counts.get(after), counts.get(before)), "benchmark": None,
            "status": "unknown"}


def chart_data(diagnosis: Diagnosis | None, snapshot: dict, lang: str) -> dict:
    """Geometry and labels of the chart."""
    counts = facts.funnel_counts(snapshot)
    stages = _stages(diagnosis, counts)
    top = max(counts.values()) if counts else None
    neck = facts.stage_to_fix(diagnosis)
    bars, rates = [], []
    for i, stage in enumerate(stages):
        y = TOP + i * (BAR_H + GAP)
        w = _width(counts.get(stage), top, i, len(stages))
        bars.append({"label": label("stage", lang, id=stage), "count": counts.get(stage), "y": y, "w": w,
                     "x": BAR_X0 + (BAR_X1 - BAR_X0 - w) / 2})
        if i:
            row = _rate_row(diagnosis, counts, stages[i - 1], stage)
            row.update(y=y - GAP / 2, colour=STATUS_COLOURS.get(row.get("status"), STATUS_COLOURS["unknown"]),
                       status_label=label("status", lang, id=row.get("status") or "unknown"),
                       bottleneck=bool(neck) and row.get("stage") == neck)
            rates.append(row)
    drawn = any(r["bottleneck"] for r in rates)
    height = TOP + len(stages) * (BAR_H + GAP) + (24 if neck and not drawn else 0)
    return {"bars": bars, "rates": rates, "height": max(height, 120), "width": WIDTH, "left": LEFT,
            "bar_h": BAR_H, "centre": (BAR_X0 + BAR_X1) / 2, "colours": STATUS_COLOURS,
            "bottleneck_label": stage_label(neck, lang) if neck else None, "bottleneck_drawn": drawn}


def funnel_svg(diagnosis: Diagnosis | None, lang: str = "vi", snapshot: dict | None = None,
               business: str | None = None) -> str:
    """An inline SVG funnel: counts per known stage, rates vs benchmark (without a diagnosis, the counts'
    own rates), the bottleneck highlighted."""
    snap = snapshot or {}
    chart = chart_data(diagnosis, snap, lang)
    name = business or facts.business(snap)["name"] or label("default_business", lang)
    stage_names = ", ".join(b["label"] for b in chart["bars"])
    return render("funnel.svg.j2", lang, c=chart, title=label("chart_title", lang, name=name),
                  desc=label("chart_desc", lang, stages=stage_names, bottleneck_label=chart["bottleneck_label"]))
