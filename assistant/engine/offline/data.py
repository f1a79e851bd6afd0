"""Answers about the owner's uploaded data, from the KPI reports kept with the session."""

from assistant.contracts import STAGES, TurnContext
from assistant.core.templates import text as t
from assistant.kpi.model import worded_warnings
from assistant.tools import actions

HEADLINE = ("spend", "reach", "clicks", "ctr", "cpc", "leads", "cpl", "customers", "revenue", "roas", "cac", "aov")


RATES = ("ctr", "lead_to_customer", "repeat_rate", "visit_to_lead", "lead_to_qualified",
         "qualified_to_customer")
COUNTS = ("impressions", "clicks", "orders", "conversions")  # Google Ads may report 154.27 conversions


def _fmt(name: str, value) -> str:
    """English-style number text (localised after): rates in %, small values with decimals."""
    if not isinstance(value, (int, float)):
        return str(value)
    if name in RATES:
        return f"{value * 100:.2f}%"
    if name in STAGES or name in COUNTS or abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _label(name: str, lang: str) -> str:
    entry = actions.classify_kpi(name, lang)
    if entry:
        return entry["name"]
    return t("engine.stage_name", lang, stage=name) if name in STAGES else name


def _items(kpis: dict, names, lang: str) -> list[dict]:
    return [{"name": _label(name, lang), "value": _localise(_fmt(name, kpis[name]), lang)}
            for name in names if kpis.get(name) is not None]


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
    report = {**report, "warnings": worded_warnings(report, ctx.lang)}
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
    economics = (ctx.diagnosis or {}).get("unit_economics") or {}
    if asked and economics.get(asked["id"]) is not None:  # ROAS, CAC… over every upload combined
        return t("engine.data_combined", ctx.lang, kpis=_items(economics, [asked["id"]], ctx.lang))
    last = ctx.uploads[-1]
    kpis = (last.get("report") or {}).get("kpis") or {}
    if asked:
        return t("engine.data_missing_kpi", ctx.lang, filename=last["filename"],
                 available=[i["name"] for i in headline(kpis, ctx.lang, limit=12)])
    return t("engine.data_answer", ctx.lang, filename=last["filename"], kpis=headline(kpis, ctx.lang))
