"""Period over period in words: the comparison (assistant.kpi.compare) with each metric named in the reader's
language, for the CLI, the API, the chat and the report."""

from assistant.core.templates import text
from assistant.drafting.labels import stage_label
from assistant.kpi.catalog import label as kpi_label


def metric_name(metric: str, kind: str, lang: str) -> str:
    return stage_label(metric, lang) if kind == "rate" else kpi_label(metric, lang)


def worded(comparison: dict | None, lang: str) -> dict | None:
    """The comparison with `name` on every change and the better/worse metrics named."""
    if not comparison:
        return None
    out = dict(comparison)
    for key in ("changes", "year_changes"):
        out[key] = [{**c, "name": metric_name(c["metric"], c["kind"], lang)} for c in comparison.get(key) or []]
    out["better_named"] = [c["name"] for c in out["changes"] if c["verdict"] == "better"]
    out["worse_named"] = [c["name"] for c in out["changes"] if c["verdict"] == "worse"]
    out["summary"] = text("compare.summary", lang, c=out)
    return out


def answer(comparison: dict | None, lang: str, currency: str | None = "VND") -> str:
    """The comparison as a short text (a chat reply to "tháng này so với tháng trước thế nào?", the CLI)."""
    shown = worded(comparison, lang)
    if shown is None:
        return text("compare.need_periods", lang)
    return text("compare.cli", lang, c=shown, currency=currency)
