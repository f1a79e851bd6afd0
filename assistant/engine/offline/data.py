"""Answers about the owner's uploaded data, from the KPI reports kept with the session."""

from assistant.core.templates import text as t
from assistant.engine.context import TurnContext
from assistant.tools import actions

HEADLINE = ("spend", "reach", "clicks", "ctr", "cpc", "leads", "cpl", "customers", "revenue", "roas", "cac", "aov")


def _fmt(name: str, value) -> str:
    if isinstance(value, float) and name in ("ctr", "conversion_rate", "close_rate", "repeat_rate",
                                             "visit_to_lead", "lead_to_qualified", "qualified_to_customer"):
        return f"{value * 100:.2f}%"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _items(kpis: dict, names, lang: str) -> list[dict]:
    items = []
    for name in names:
        if kpis.get(name) is None:
            continue
        entry = actions.classify_kpi(name, lang)
        label = entry["name"] if entry else name
        items.append({"name": label, "value": _localise(_fmt(name, kpis[name]), lang)})
    return items


def _localise(number: str, lang: str) -> str:
    if lang != "vi":
        return number
    return number.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def headline(kpis: dict, lang: str, limit: int = 6) -> list[dict]:
    """The few KPIs an owner looks at first, labelled in their language."""
    names = [n for n in HEADLINE if kpis.get(n) is not None] or list(kpis)
    return _items(kpis, names[:limit], lang)


def upload_summary(ctx: TurnContext, filename: str, report: dict) -> str:
    """What was read from one upload: format, rows, headline KPIs, the first warning."""
    return t("engine.upload_read", ctx.lang, filename=filename, report=report,
             kpis=headline(report.get("kpis") or {}, ctx.lang))


def data_answer(ctx: TurnContext, message: str) -> str:
    """The KPI the owner asks about, from the latest upload that has it; else the headline."""
    if not ctx.uploads:
        return t("engine.no_uploads", ctx.lang)
    asked = actions.classify_kpi(message, ctx.lang)
    for upload in reversed(ctx.uploads):
        kpis = (upload.get("report") or {}).get("kpis") or {}
        if asked and kpis.get(asked["id"]) is not None:
            return t("engine.data_answer", ctx.lang, filename=upload["filename"],
                     kpis=_items(kpis, [asked["id"]], ctx.lang))
    last = ctx.uploads[-1]
    kpis = (last.get("report") or {}).get("kpis") or {}
    if asked:
        return t("engine.data_missing_kpi", ctx.lang, filename=last["filename"],
                 available=[i["name"] for i in headline(kpis, ctx.lang, limit=12)])
    return t("engine.data_answer", ctx.lang, filename=last["filename"], kpis=headline(kpis, ctx.lang))
