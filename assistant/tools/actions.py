"""The operations both engines perform on a session, over the pure domain modules.

The LangChain tools wrap these for the model; the offline engine calls them directly.
Every function reads and updates the `TurnContext` it is given and returns plain JSON.
"""

from assistant.contracts import (
    STAGES,
    Artifact,
    Citation,
    Diagnosis,
    TurnContext,
    stored_diagnosis,
)
from assistant.intake.conflicts import open_conflicts

DRAFT_KINDS = ("agenda", "sla", "kpi_tree")
# every figure a session may hold, in the order it is shown back to the owner
FIGURE_FIELDS = STAGES + ("spend", "revenue", "aov", "gross_margin", "target_revenue", "target_customers",
                          "target_leads", "planned_budget", "followers")
FIGURE_KIND = {"target_revenue": "target", "target_customers": "target", "target_leads": "target",
               "planned_budget": "plan"}
MONEY = ("spend", "revenue", "aov", "target_revenue", "planned_budget")
RECORD_KEYS = ("channel", "period", "when", "estimated", "note", "original", "said", "correction", "parts", "doubt")


def diagnose_session(ctx: TurnContext) -> Diagnosis:
    """Diagnose the session's snapshot; the keyed diagnosis (no words) is kept on the session."""
    from assistant.diagnosis.verdict import verdict

    snapshot = {**ctx.snapshot, "funnel": ctx.snapshot.get("funnel") or {}}
    diagnosis = verdict(snapshot, None, latest_kpis(ctx), latest_totals(ctx), efficiency=latest_efficiency(ctx))
    ctx.diagnosis = diagnosis.model_dump(mode="json")
    return diagnosis


def shown(diagnosis: Diagnosis, lang: str) -> dict:
    """The diagnosis JSON a reader sees, worded in their language."""
    from assistant.drafting.diagnosis_view import render_diagnosis

    return render_diagnosis(diagnosis, lang)


def run_diagnosis(ctx: TurnContext) -> dict:
    """Diagnose the session's snapshot, keep it, and return it worded in the session's language."""
    return shown(diagnose_session(ctx), ctx.lang)


def ensure_diagnosis(ctx: TurnContext) -> Diagnosis:
    """The last diagnosis, or a fresh one from whatever the session knows (also when it was kept worded,
    by a version that stored texts)."""
    return stored_diagnosis(ctx.diagnosis) or diagnose_session(ctx)


def shown_diagnosis(ctx: TurnContext) -> dict:
    """The session's diagnosis worded in the session's language (re-worded on every read)."""
    return shown(ensure_diagnosis(ctx), ctx.lang)


def cited_actions(diagnosis: dict, limit: int = 4) -> tuple[list[Citation], list[int | None]]:
    """The first citation of each shown action: the distinct citations, and each action's [n].

    `diagnosis` is the JSON of a diagnosis, keyed or worded: both carry the actions' citations.
    """
    citations: list[Citation] = []
    refs: list[int | None] = []
    for action in (diagnosis.get("actions") or [])[:limit]:
        raw = (action.get("citations") or [None])[0]
        if raw is None:
            refs.append(None)
            continue
        citation = Citation.model_validate(raw)
        keys = [(c.doc_id, c.heading) for c in citations]
        if (citation.doc_id, citation.heading) not in keys:
            citations.append(citation)
            keys.append((citation.doc_id, citation.heading))
        refs.append(keys.index((citation.doc_id, citation.heading)) + 1)
    return citations, refs


def diagnosis_citations(diagnosis: dict, limit: int = 4) -> list[Citation]:
    """The distinct knowledge chunks the diagnosis' shown actions cite, in the order shown."""
    return cited_actions(diagnosis or {}, limit)[0]


def funnel_chart(ctx: TurnContext) -> str | None:
    """An inline SVG of the funnel, or None when there is nothing to draw."""
    from assistant.drafting.chart import funnel_svg

    diagnosis = stored_diagnosis(ctx.diagnosis)
    if not diagnosis and not (ctx.snapshot.get("funnel") or {}):
        return None
    return funnel_svg(diagnosis, ctx.lang, snapshot=ctx.snapshot)


def _file_sources(text: str) -> list[dict]:
    """"a.csv: Cột 1, Cột 2; b.csv" -> [{"file": "a.csv", "column": "Cột 1, Cột 2"}, {"file": "b.csv"}]."""
    out = []
    for one in text.split("; "):
        name, _, column = one.partition(": ")
        out.append({"file": name, "column": column or None})
    return out


def figures_in_use(snapshot: dict) -> list[dict]:
    """Every figure the session holds, with its meaning and source, as the owner is shown it (one per field)."""
    records, sources = snapshot.get("figures") or {}, snapshot.get("sources") or {}
    conflicts = {c["field"]: c for c in open_conflicts(snapshot)}
    dates = {k: v for k, v in (snapshot.get("period") or {}).items() if v}
    out = []
    for name in FIGURE_FIELDS:
        holder = "funnel" if name in STAGES else "audience" if name == "followers" else None
        value = (snapshot.get(holder) or {}).get(name) if holder else snapshot.get(name)
        if value is None:
            continue
        record, source = records.get(name) or {}, sources.get(name) or "chat"
        item = {"field": name, "value": value, "kind": record.get("kind") or FIGURE_KIND.get(name, "actual"),
                "unit": "money" if name in MONEY else "percent" if name == "gross_margin" else "count",
                "source": "chat" if source == "chat" else "file", "files": None, "dates": None,
                "channels": None, "conflict": None}
        item.update({k: record.get(k) or None for k in RECORD_KEYS})
        if item["source"] == "file":
            item.update(files=_file_sources(source), dates=dates or None)
        channels = {ch: held[name] for ch, held in (snapshot.get("channels") or {}).items() if name in held}
        item["channels"] = channels or None
        if name in conflicts:
            held = conflicts[name]
            item["conflict"] = ({"kind": "files", "file_value": held["other"], "source": held["other_source"]}
                                if held.get("kind") == "files" else
                                {"kind": "typed", "file_value": held["file_value"], "source": held["source"]})
        out.append(item)
    return out


def diagnosis_artifacts(ctx: TurnContext) -> list[Artifact]:
    """The diagnosis card (worded in the session's language, with the figures it used) and the funnel chart."""
    artifacts = [Artifact(type="diagnosis", data={**shown_diagnosis(ctx), "figures": figures_in_use(ctx.snapshot)})]
    svg = funnel_chart(ctx)
    if svg:
        artifacts.append(Artifact(type="chart", data={"svg": svg}))
    return artifacts


def make_draft(ctx: TurnContext, kind: str, pillar: str | None = None) -> Artifact:
    """A drafted artefact (agenda, SLA or KPI tree) filled from the diagnosis; kept on the session."""
    diagnosis = ensure_diagnosis(ctx)
    if kind == "agenda":
        from assistant.drafting.agenda import draft_agenda
        draft = draft_agenda(diagnosis, ctx.snapshot, ctx.lang)
    elif kind == "sla":
        from assistant.drafting.sla import draft_sla
        draft = draft_sla(diagnosis, ctx.snapshot, ctx.lang)
    else:
        from assistant.drafting.kpi_tree import build_kpi_tree
        first = pillar or diagnosis.first_pillar or "measurement"
        draft = build_kpi_tree(first, diagnosis, ctx.lang, snapshot=ctx.snapshot, kpis=latest_kpis(ctx))
    data = {"markdown": draft.markdown, "html": draft.html, "data": draft.data}
    ctx.drafts[kind] = {"markdown": draft.markdown}
    return Artifact(type=kind, data=data)


def make_report(ctx: TurnContext, fmt: str = "html") -> Artifact:
    """The consultant report of the session (HTML by default)."""
    from assistant.drafting.report import build_report

    diagnosis = ensure_diagnosis(ctx)
    kpis = latest_kpis(ctx)
    business = (ctx.snapshot.get("business") or {}).get("name")
    body = build_report(diagnosis, ctx.snapshot, kpis, ctx.lang, business=business, fmt=fmt)
    return Artifact(type="report", data={"format": fmt, "content": body})


def session_comparison(ctx: TurnContext) -> dict | None:
    """This month vs the previous one from the latest upload that spans several months (None without one)."""
    from assistant.kpi.compare import compare

    for upload in reversed(ctx.uploads):
        found = compare((upload.get("report") or {}).get("breakdowns"))
        if found:
            return found
    return None


def compare_answer(ctx: TurnContext) -> str:
    """The reply to "tháng này so với tháng trước thế nào?": every KPI and rate, better or worse, worded."""
    from assistant.drafting.compare_view import answer

    return answer(session_comparison(ctx), ctx.lang, ctx.snapshot.get("currency") or "VND")


def latest_efficiency(ctx: TurnContext) -> dict:
    """The campaign and channel table of every upload (each campaign under its file)."""
    from assistant.kpi.campaigns import efficiency

    merged: dict = {}
    for upload in ctx.uploads:
        for dim, rows in ((upload.get("report") or {}).get("breakdowns") or {}).items():
            if dim in ("campaign", "channel"):
                merged.setdefault(dim, []).extend({**r, "source": r.get("source") or upload.get("filename")}
                                                  for r in rows)
    return efficiency(merged)


def latest_totals(ctx: TurnContext) -> dict:
    """Totals of every upload merged (later files win): figures the owner need not be asked for."""
    merged: dict = {}
    for upload in ctx.uploads:
        merged.update((upload.get("report") or {}).get("totals") or {})
    return merged


def latest_kpis(ctx: TurnContext) -> dict:
    """KPIs of every upload merged (later files win)."""
    merged: dict = {}
    for upload in ctx.uploads:
        merged.update((upload.get("report") or {}).get("kpis") or {})
    return merged


def check_goal(goal: str, lang: str) -> dict:
    """The SMART check of a goal as JSON."""
    from assistant.diagnosis.smart import check_goal as check

    return _as_dict(check(goal, lang))


def classify_kpi(name: str, lang: str = "vi") -> dict | None:
    """Id, name, level, kind, pillar and formula of a KPI name (in `lang`), or None if unknown."""
    from assistant.kpi.catalog import classify

    entry = classify(name)
    return entry.describe(lang) if entry else None


def _as_dict(value):
    if value is None or isinstance(value, dict):
        return value
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return dict(vars(value))
