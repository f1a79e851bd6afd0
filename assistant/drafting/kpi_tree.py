"""The KPI tree of a pillar: impact → output → input KPIs, with today's values and the bottleneck."""

from assistant.contracts import Bottleneck, Diagnosis
from assistant.drafting import facts
from assistant.drafting.draft import Draft, finish
from assistant.drafting.labels import label, say, stage_label
from assistant.retrieval.knowledge import cite

LEVELS = ("impact", "output", "input")
TREES = {
    "strategy": (("revenue", "segment_revenue_share"), ("target_lead_share", "lead_to_qualified", "aov"),
                 ("interviews", "message_tests", "spend")),
    "traffic": (("revenue", "customers"), ("leads", "cpl", "visits"),
                ("spend", "reach", "ctr", "cpc", "channels_active", "content_output")),
    "conversion": (("revenue", "customers"), ("lead_to_customer", "lead_to_qualified", "aov", "cac"),
                   ("leads", "mql", "response_time", "follow_up_rate", "nurture_leads")),
    "measurement": (("revenue", "roas", "ltv_to_cac"), ("cac", "cpl", "lead_to_customer"),
                    ("tracked_kpis", "dashboard_updates", "reviews_held", "decisions_from_data")),
}
UNITS = {"revenue": "money", "spend": "money", "cpl": "money", "cac": "money", "aov": "money", "cpc": "money",
         "ctr": "pct", "lead_to_customer": "pct", "lead_to_qualified": "pct", "repeat_rate": "pct", "roas": "ratio",
         "ltv_to_cac": "ratio", "segment_revenue_share": "pct", "target_lead_share": "pct"}
# the KPI that moves when a bottleneck stage moves
BOTTLENECK_KPI = {"reach_to_visit": "ctr", "reach_to_lead": "leads", "visit_to_lead": "leads", "volume": "leads",
                  "lead_to_qualified": "lead_to_qualified", "lead_to_customer": "lead_to_customer",
                  "qualified_to_customer": "lead_to_customer", "customer_to_repeat": "repeat_rate"}


def _values(snapshot: dict, kpis: dict, diagnosis: Diagnosis | None) -> dict[str, float]:
    """Today's value of each KPI the data gives; exports' KPIs and unit economics win."""
    counts, snap = facts.funnel_counts(snapshot), snapshot or {}
    spend, revenue = snap.get("spend"), snap.get("revenue")
    derived = {
        "revenue": revenue, "spend": spend, **counts,
        "cpl": facts.ratio(spend, counts.get("leads")), "cac": facts.ratio(spend, counts.get("customers")),
        "aov": facts.ratio(revenue, counts.get("customers")), "roas": facts.ratio(revenue, spend),
        "ctr": facts.ratio(counts.get("visits"), counts.get("reach")),
        "cpc": facts.ratio(spend, counts.get("visits")),
        "mql": counts.get("qualified"),
        "lead_to_qualified": facts.ratio(counts.get("qualified"), counts.get("leads")),
        "lead_to_customer": facts.ratio(counts.get("customers"), counts.get("leads")),
        "repeat_rate": facts.ratio(counts.get("repeat_customers"), counts.get("customers")),
    }
    economics = diagnosis.unit_economics.model_dump() if diagnosis else {}
    given = {"ltv_to_cac": economics.pop("ltv_cac", None), **economics, **(kpis or {})}  # the catalogue's id
    derived.update({k: v for k, v in given.items() if isinstance(v, (int, float)) and not isinstance(v, bool)})
    return {k: float(v) for k, v in derived.items() if v is not None}


def _node(kpi: str, values: dict, lang: str, flagged: str | None, bottleneck: Bottleneck | None) -> dict:
    node = {"id": kpi, "name": label("kpi", lang, id=kpi), "value": values.get(kpi),
            "unit": UNITS.get(kpi, "count"), "bottleneck": kpi == flagged}
    if node["bottleneck"] and bottleneck and UNITS.get(kpi) == "pct":
        # the bottleneck's own rate, named by its stage (qualified→customer is not lead→customer)
        node.update(name=stage_label(bottleneck.stage, lang), value=bottleneck.actual)
    if node["bottleneck"] and bottleneck:
        node.update(actual=bottleneck.actual, benchmark=bottleneck.benchmark,
                    stage_label=stage_label(bottleneck.stage, lang))
    return node


def tree_data(pillar: str | None, diagnosis: Diagnosis | None, lang: str = "vi", snapshot: dict | None = None,
              kpis: dict | None = None) -> dict:
    """The tree as a JSON-able dict: three levels of KPI nodes, the bottleneck's KPI flagged."""
    pillar = pillar if pillar in TREES else facts.first_pillar(diagnosis)
    bottleneck = facts.bottleneck(diagnosis)
    flagged = BOTTLENECK_KPI.get(bottleneck.stage) if bottleneck else None
    ids = [list(level) for level in TREES[pillar]]
    if flagged and not any(flagged in level for level in ids):
        ids[1].insert(0, flagged)  # the bottleneck's KPI always shows, as an output KPI
    values = _values(snapshot or {}, kpis or {}, diagnosis)
    levels = [{"level": lvl, "name": label("level", lang, id=lvl),
               "nodes": [_node(k, values, lang, flagged, bottleneck) for k in level]}
              for lvl, level in zip(LEVELS, ids)]
    return {"pillar": pillar, "pillar_name": label("pillar", lang, id=pillar), "levels": levels,
            "currency": (snapshot or {}).get("currency") or "VND"}


def build_kpi_tree(pillar: str | None, diagnosis: Diagnosis | None, lang: str = "vi", snapshot: dict | None = None,
                   kpis: dict | None = None) -> Draft:
    """Draft the KPI tree (impact → output → input) of a pillar; `pillar=None` takes the first one."""
    data = tree_data(pillar, diagnosis, lang, snapshot, kpis)
    data["title"] = say("drafting.kpi_tree_title", lang, pillar=data["pillar_name"])
    return finish("kpi_tree.md.j2", "tree", data, [cite("kpi-taxonomy", lang=lang)], lang)
