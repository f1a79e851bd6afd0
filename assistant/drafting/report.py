"""The consultant report: summary, funnel chart, stage table, campaigns, month over month, pillars, actions,
what-if, plan, KPIs, agenda; as HTML, Markdown, DOCX or PDF, with the consultant's branding."""

import re

from markupsafe import Markup

from assistant.contracts import Citation, Diagnosis
from assistant.core.templates import render
from assistant.core.templates import text as say
from assistant.drafting import facts
from assistant.drafting.agenda import draft_agenda
from assistant.drafting.chart import funnel_chart, month_chart, svg
from assistant.drafting.compare_view import metric_name, worded
from assistant.drafting.context import gather
from assistant.drafting.diagnosis_view import action_text, question, word
from assistant.drafting.kpi_tree import build_kpi_tree
from assistant.drafting.labels import label, stage_label
from assistant.drafting.plan import build_plan
from assistant.drafting.whatif_view import worded as whatif_worded

FIGURES = ("spend", "revenue", "target_revenue", "customers", "cac", "roas")
PERCENT_KPIS = ("ctr", "rate", "visit_to", "lead_to", "qualified_to", "customer_to", "share")
RATIO_KPIS = ("roas", "ltv_to_cac", "frequency")
MONEY_KPIS = ("spend", "cpc", "cpm", "cpl", "cac", "revenue", "aov", "ltv", "cost")


def _stages(diagnosis: Diagnosis | None, neck: str | None, lang: str) -> list[dict]:
    rows = []
    for row in facts.stage_rows(diagnosis):
        actual, bench = row.actual, row.benchmark
        rows.append({**row.model_dump(), "label": stage_label(row.stage, lang), "bottleneck": row.stage == neck,
                     "ratio": actual / bench if actual is not None and bench else None,
                     "status_label": label("status", lang, id=row.status)})
    return rows


def _pillars(diagnosis: Diagnosis | None, order: list[str], lang: str) -> list[dict]:
    given = diagnosis.pillars if diagnosis else {}
    return [{"id": p, "name": label("pillar", lang, id=p), "score": given[p].score if p in given else None,
             "findings": [word(f, lang) for f in given[p].findings] if p in given else []} for p in order]


def _actions(diagnosis: Diagnosis | None, lang: str) -> list[dict]:
    return [{"text": action_text(a.id, lang, a.params), "step": a.step,
             "step_name": label("step", lang, n=a.step) if a.step else "", "citations": list(a.citations)}
            for a in (diagnosis.actions if diagnosis else [])]


def _kpi_unit(name: str) -> str:
    lowered = name.lower()
    if any(k in lowered for k in RATIO_KPIS):
        return "ratio"
    if any(k in lowered for k in PERCENT_KPIS):
        return "pct"
    if any(k in lowered for k in MONEY_KPIS):
        return "money"
    return "count"


def _export_kpis(kpis: dict | None) -> list[dict]:
    return [{"name": name, "value": value, "unit": _kpi_unit(name)} for name, value in (kpis or {}).items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)]


def _words(diagnosis: Diagnosis | None, lang: str) -> dict[str, list[str]]:
    """Reasons, questions for the missing data and warnings, worded in the reader's language."""
    if diagnosis is None:
        return {"reasons": [], "missing": [], "warnings": []}
    return {"reasons": [word(r, lang) for r in diagnosis.reasons],
            "missing": [question(m, lang) for m in diagnosis.missing_data],
            "warnings": [word(w, lang) for w in diagnosis.warnings]}


def _sources(actions: list[dict], *groups: list[Citation]) -> list[Citation]:
    seen, out = set(), []
    for c in [c for a in actions for c in a["citations"]] + [c for g in groups for c in g]:
        if c.label not in seen:
            seen.add(c.label)
            out.append(c)
    return out


FORMATS = ("html", "md", "docx", "pdf")
ACCENT = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#1d4ed8"
FLAG_ORDER = ("no_result", "least_efficient", "most_efficient")
# month charts: a count, then its cost (the first of each pair the series has)
MONTH_METRICS = (("customers", "leads"), ("cac", "cpl"))


def _brand(branding: dict | None) -> dict:
    """Logo (a data: URI or None), consultant, contact and a safe accent colour."""
    given = branding or {}
    accent = given.get("accent") or DEFAULT_ACCENT
    return {"logo": given.get("logo"), "logo_bytes": given.get("logo_bytes"), "consultant": given.get("consultant"),
            "contact": given.get("contact"), "accent": accent if ACCENT.match(accent) else DEFAULT_ACCENT}


def _campaigns(efficiency: dict | None, lang: str) -> dict:
    """The campaign (and channel) tables with each flag named in the reader's language."""
    out = {}
    for dim in ("campaign", "channel"):
        rows = (efficiency or {}).get(dim) or []
        out[dim] = [{**r, "flag_labels": [say("report.flag", lang, id=f) for f in FLAG_ORDER if f in r["flags"]],
                     "result_label": say("report.result_kind", lang, id=r.get("result") or "results")}
                    for r in rows]
    return out


def _month_charts(comparison: dict | None, lang: str, currency: str | None) -> list[dict]:
    """A bar chart by month of a count and of its cost (customers and CAC, else leads and CPL)."""
    if not comparison:
        return []
    charts = []
    for pair in MONTH_METRICS:
        for metric in pair:
            chart = month_chart(comparison["series"], metric, "kpi", metric_name(metric, "kpi", lang),
                                "money" if metric in ("cac", "cpl") else "count", lang, currency)
            if chart:
                charts.append(chart)
                break
    return charts


def report_context(diagnosis: Diagnosis | None, snapshot: dict, kpis: dict | None, lang: str,
                   business: str | None = None, extras: dict | None = None) -> dict:
    """Everything the report shows, computed once for every format.

    `extras`: efficiency (campaign/channel table), comparison (period over period), whatif, branding,
    industry (benchmark id) and team_size."""
    snapshot, extras = snapshot or {}, extras or {}
    f = gather(diagnosis, snapshot, lang)
    if business:
        f["business_name"] = business
    words = _words(diagnosis, lang)
    f["first_reason"] = next(iter(words["reasons"]), None)
    agenda = draft_agenda(diagnosis, {**snapshot, "business": {**f["business"], "name": f["business_name"]}}, lang)
    tree = build_kpi_tree(None, diagnosis, lang, snapshot=snapshot, kpis=kpis)
    plan = build_plan(diagnosis, lang, extras.get("industry"), extras.get("team_size"))
    actions = _actions(diagnosis, lang)
    figures = {"customers": f["counts"].get("customers"), **{k: f[k] for k in FIGURES if k in f}}
    return {
        "f": f, "figures": [{"id": k, "value": figures[k]} for k in FIGURES if figures.get(k) is not None],
        "stages": _stages(diagnosis, facts.stage_to_fix(diagnosis), lang),
        "pillars": _pillars(diagnosis, f["pillar_order"], lang), "reasons": words["reasons"],
        "actions": actions, "plan": plan, "kpis_to_track": f["kpis_to_track"],
        "export_kpis": _export_kpis(kpis), "agenda": agenda, "tree": tree,
        "missing": words["missing"], "warnings": words["warnings"],
        "sources": _sources(actions, agenda.citations, tree.citations, plan["citations"]),
        "chart": funnel_chart(diagnosis, lang, snapshot=snapshot, business=f["business_name"]),
        "campaigns": _campaigns(extras.get("efficiency"), lang),
        "comparison": (comparison := worded(extras.get("comparison"), lang)),
        "month_charts": _month_charts(comparison, lang, f.get("currency")),
        "whatif": whatif_worded(extras.get("whatif"), lang, f.get("currency")),
        "brand": _brand(extras.get("branding")),
    }


def build_report(diagnosis: Diagnosis | None, snapshot: dict, kpis: dict | None = None, lang: str = "vi",
                 business: str | None = None, fmt: str = "html", extras: dict | None = None) -> str | bytes:
    """The consultant report: one self-contained HTML page (inline CSS and SVG), Markdown, DOCX (bytes:
    real heading and table styles, charts as pictures with alt text) or PDF (bytes: the HTML printed)."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    r = report_context(diagnosis, snapshot, kpis, lang, business, extras)
    if fmt == "md":
        return render("report.md.j2", lang, r=r)
    if fmt == "docx":
        from assistant.drafting.docx_report import build_docx

        return build_docx(r, lang)
    html = _html(r, lang)
    if fmt == "pdf":
        from assistant.core.pdf import html_to_pdf

        return html_to_pdf(html, lang)
    return html


def _html(r: dict, lang: str) -> str:
    r["svg"] = Markup(svg(r["chart"]))  # rendered by our own autoescaped SVG template
    r["month_svgs"] = [Markup(svg(c)) for c in r["month_charts"]]
    r["agenda_html"] = Markup(r["agenda"].html)  # markdown-it output, raw HTML escaped
    r["tree_html"] = Markup(r["tree"].html)
    return render("report.html.j2", lang, r=r)
