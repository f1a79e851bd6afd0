"""The KPI catalogue (name, formula, unit, level, kind, pillar) and the arithmetic behind it.

Labels live in `prompts/{vi,en}/kpi.j2` (macro `label`); every value is None when an input is
unknown or a denominator is zero: unknown is never zero.
"""

from dataclasses import dataclass

from assistant.core.templates import text


@dataclass(frozen=True)
class Kpi:
    """One catalogue entry."""

    name: str
    formula: str
    unit: str  # money | count | ratio | times
    level: str  # input | output | impact
    kind: str  # strategic | tactical
    pillar: str


# Level, kind and pillar agree with the classifier of assistant/diagnosis/kpi_catalog.yaml, which
# follows knowledge/kpi-taxonomy.md (input = resources, output = direct results, impact = business);
# tests/kpi/test_catalog_agrees.py keeps the two in step.
CATALOG = (
    Kpi("spend", "sum(spend)", "money", "input", "tactical", "traffic"),
    Kpi("impressions", "sum(impressions)", "count", "output", "tactical", "traffic"),
    Kpi("reach", "sum(reach)", "count", "output", "tactical", "traffic"),
    Kpi("frequency", "impressions / reach", "times", "output", "tactical", "traffic"),
    Kpi("clicks", "sum(clicks)", "count", "output", "tactical", "traffic"),
    Kpi("ctr", "clicks / impressions", "ratio", "output", "tactical", "traffic"),
    Kpi("cpc", "spend / clicks", "money", "output", "tactical", "traffic"),
    Kpi("cpm", "spend / impressions * 1000", "money", "output", "tactical", "traffic"),
    Kpi("leads", "sum(leads)", "count", "output", "tactical", "traffic"),
    Kpi("cpl", "spend / leads (cost per message for messaging campaigns)", "money", "output", "tactical", "traffic"),
    Kpi("cost_per_message", "messaging spend / messages", "money", "output", "tactical", "traffic"),
    Kpi("visit_to_lead", "leads / visits", "ratio", "output", "tactical", "conversion"),
    Kpi("lead_to_qualified", "qualified / leads", "ratio", "output", "tactical", "conversion"),
    Kpi("qualified_to_customer", "customers / qualified", "ratio", "output", "tactical", "conversion"),
    Kpi("customers", "sum(customers)", "count", "impact", "strategic", "conversion"),
    Kpi("cac", "spend / customers", "money", "impact", "strategic", "measurement"),
    Kpi("revenue", "sum(revenue)", "money", "impact", "strategic", "strategy"),
    Kpi("aov", "revenue / orders (or customers)", "money", "output", "tactical", "conversion"),
    Kpi("roas", "revenue / spend", "times", "impact", "strategic", "traffic"),
    Kpi("break_even_roas", "1 / gross_margin", "times", "impact", "strategic", "traffic"),
    Kpi("repeat_rate", "repeat_customers / customers", "ratio", "impact", "strategic", "conversion"),
    Kpi("ltv", "revenue / customers / (1 - repeat_rate) [* gross_margin]", "money", "impact", "strategic", "conversion"),
    Kpi("ltv_to_cac", "ltv / cac", "times", "impact", "strategic", "measurement"),
)
BY_NAME = {k.name: k for k in CATALOG}
MAX_REPEAT_RATE = 0.9  # beyond this 1 / (1 - r) explodes; a period's repeat rate is a rough proxy


def label(name: str, lang: str = "vi", message_leads: bool = False) -> str:
    """The KPI's label in the user's language."""
    return text("kpi.label", lang, name=name, message_leads=message_leads)


def _ratio(a, b, scale: float = 1.0):
    return None if a is None or not b else a / b * scale


def compute(totals: dict, gross_margin: float | None = None, message_spend=None, messages=None) -> dict:
    """Every catalogue KPI from canonical totals, None where it cannot be known."""
    t = totals.get
    orders_or_customers = t("orders") or t("customers")
    repeat_rate = _ratio(t("repeat_customers"), t("customers"))
    per_customer = _ratio(t("revenue"), t("customers"))
    ltv = per_customer
    if ltv is not None and repeat_rate is not None:
        ltv = ltv / (1 - min(repeat_rate, MAX_REPEAT_RATE))
    if ltv is not None and gross_margin:
        ltv *= gross_margin
    cac = _ratio(t("spend"), t("customers"))
    return {
        "spend": t("spend"), "impressions": t("impressions"), "reach": t("reach"),
        "frequency": _ratio(t("impressions"), t("reach")), "clicks": t("clicks"),
        "ctr": _ratio(t("clicks"), t("impressions")), "cpc": _ratio(t("spend"), t("clicks")),
        "cpm": _ratio(t("spend"), t("impressions"), 1000), "leads": t("leads"),
        "cpl": _ratio(t("spend"), t("leads")), "cost_per_message": _ratio(message_spend, messages),
        "visit_to_lead": _ratio(t("leads"), t("visits")), "lead_to_qualified": _ratio(t("qualified"), t("leads")),
        "qualified_to_customer": _ratio(t("customers"), t("qualified")), "customers": t("customers"),
        "cac": cac, "revenue": t("revenue"), "aov": _ratio(t("revenue"), orders_or_customers),
        "roas": _ratio(t("revenue"), t("spend")), "break_even_roas": _ratio(1, gross_margin),
        "repeat_rate": repeat_rate, "ltv": ltv, "ltv_to_cac": _ratio(ltv, cac),
    }
