"""The one KPI catalogue (`catalog.yaml`): ids, names, aliases, level, kind, pillar, and the arithmetic.

Every layer names a KPI by the ids of this file: the KPI reader's JSON keys, the classifier of the
chat, the diagnosis' KPIs to track. Table labels live in `prompts/{vi,en}/kpi.j2` (macro `label`);
every computed value is None when an input is unknown or a denominator is zero: unknown is never zero.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.core.lang import strip_diacritics
from assistant.core.templates import normalize_lang, text

CATALOG_PATH = Path(__file__).with_name("catalog.yaml")
MAX_REPEAT_RATE = 0.9  # beyond this 1 / (1 - r) explodes; a period's repeat rate is a rough proxy


@dataclass(frozen=True)
class Kpi:
    """One catalogue entry; `formula` and `unit` are set for the KPIs computed from exports."""

    name: str  # the id
    formula: str | None
    unit: str | None  # money | count | ratio | times
    level: str  # input | output | impact
    kind: str  # strategic | tactical
    pillar: str
    names: dict[str, str]  # vi / en
    aliases: tuple[str, ...]
    told: dict[str, str]  # the formula told to the owner, vi / en

    @property
    def id(self) -> str:
        return self.name

    def title(self, lang: str = "vi") -> str:
        """The KPI's full name in the reader's language."""
        return self.names[normalize_lang(lang)]

    def describe(self, lang: str = "vi") -> dict:
        """The entry as the chat shows it: name and formula in the reader's language."""
        lang = normalize_lang(lang)
        return {"id": self.id, "name": self.names[lang], "level": self.level, "kind": self.kind,
                "pillar": self.pillar, "formula": self.told.get(lang)}


def _entry(kpi_id: str, raw: dict) -> Kpi:
    return Kpi(kpi_id, raw.get("computed"), raw.get("unit"), raw["level"], raw["kind"], raw["pillar"],
               raw["name"], tuple(raw.get("aliases") or ()), raw.get("formula") or {})


@lru_cache(maxsize=1)
def entries() -> dict[str, Kpi]:
    """Every KPI of the catalogue by id, in the file's order (read once, on first use)."""
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    return {kpi_id: _entry(kpi_id, raw) for kpi_id, raw in data.items()}


def kpi(kpi_id: str) -> Kpi:
    """One entry by id; KeyError for an unknown id."""
    return entries()[kpi_id]


def computed() -> tuple[Kpi, ...]:
    """The KPIs `compute` gives, in the order of the KPI table."""
    return tuple(k for k in entries().values() if k.formula)


def __getattr__(name: str):
    # CATALOG / BY_NAME (the computed KPIs) stay importable without reading the file at import time
    if name == "CATALOG":
        return computed()
    if name == "BY_NAME":
        return {k.name: k for k in computed()}
    raise AttributeError(name)


def label(name: str, lang: str = "vi", message_leads: bool = False, on_revenue: bool = False,
          window_days: int | None = None) -> str:
    """The KPI's short label in a table, in the user's language (LTV on revenue, the repeat window said)."""
    return text("kpi.label", lang, name=name, message_leads=message_leads, on_revenue=on_revenue,
                window_days=window_days)


def _ratio(a, b, scale: float = 1.0):
    return None if a is None or not b else a / b * scale


def compute(totals: dict, gross_margin: float | None = None, message_spend=None, messages=None) -> dict:
    """Every computed KPI from canonical totals, None where it cannot be known."""
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
        **_order_kpis(t), **_deal_kpis(t),
    }


def _order_kpis(t) -> dict:
    """Order outcomes: cancelled of placed, returned of delivered, failed of attempted deliveries."""
    done, returned, failed = t("orders"), t("returned_orders"), t("failed_orders")
    delivered = None if done is None or returned is None else done + returned
    attempted = None if delivered is None or failed is None else delivered + failed
    placed = t("orders_placed")
    return {
        "orders_placed": placed, "gross_revenue": t("gross_revenue"),
        "net_revenue": t("revenue") if placed is not None else None,
        "cancel_rate": _ratio(t("cancelled_orders"), placed), "return_rate": _ratio(returned, delivered),
        "failed_delivery_rate": _ratio(failed, attempted),
    }


def _deal_kpis(t) -> dict:
    """Deals: the win rate of closed deals; open deals are the pipeline, neither won nor lost."""
    won, lost = t("won_deals"), t("lost_deals")
    closed = None if won is None or lost is None else won + lost
    return {"win_rate": _ratio(won, closed), "open_deals": t("open_deals"),
            "open_pipeline_value": t("open_pipeline_value"), "repeat_window_days": t("repeat_window_days")}


# --- the classifier: a KPI name an owner writes -> its catalogue entry ------------------------------

def normalize(value: str) -> str:
    """Lower case, no diacritics, punctuation as spaces (':' and '/' kept for 'LTV:CAC')."""
    return " ".join(re.sub(r"[^\w:/]+", " ", strip_diacritics(value).lower()).split())


@lru_cache(maxsize=1)
def aliases() -> list[tuple[str, str]]:
    """(normalized alias, kpi id), longest alias first so 'chi phi moi lead' beats 'lead'; a KPI's id and
    its own names are aliases too."""
    pairs = {(normalize(a), k.id) for k in entries().values() for a in (k.id, *k.names.values(), *k.aliases)}
    return sorted(pairs, key=lambda p: (-len(p[0]), p))


def classify(name: str) -> Kpi | None:
    """Exact alias first, then the longest alias found as whole words inside the name; None if unknown."""
    key = normalize(name or "")
    if not key:
        return None
    for alias, kpi_id in aliases():
        if key == alias:
            return kpi(kpi_id)
    padded = f" {key} "
    for alias, kpi_id in aliases():
        if f" {alias} " in padded:
            return kpi(kpi_id)
    return None
