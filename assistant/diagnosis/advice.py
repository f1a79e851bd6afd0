"""The method's advice: 3-5 actions with citations, KPIs to track, and the next questions to ask."""

from pathlib import Path

from assistant.contracts import (
    STAGES,
    Action,
    Bottleneck,
    MissingData,
    Practices,
    Snapshot,
    TrackedKpi,
    span_parts,
)
from assistant.kpi.catalog import kpi
from assistant.retrieval.knowledge import cite

# action id -> (step of the method, [(knowledge id, heading hint), ...])
ACTIONS = {
    "business_goal_smart": (1, [("step-1-business-problem", "Hành động 1"), ("smart-goals", "Tổng quan khung SMART")]),
    "define_customer": (2, [("step-2-customer-journey", "Hành động 1"), ("pillar-strategy", "Việc cần làm")]),
    "positioning": (3, [("step-3-strategy-positioning", "Hành động 1")]),
    "track_funnel": (7, [("step-7-measure-optimise", "Hành động 1"), ("kpi-taxonomy", "đầu vào đầu ra")]),
    "shared_dashboard": (7, [("silos", "Silo 3"), ("pillar-measurement", "Việc cần làm")]),
    "periodic_review": (7, [("step-7-measure-optimise", "Hành động 2")]),
    "glossary": (7, [("silos", "Silo 5"), ("glossary", "MQL")]),
    "channels_fit": (4, [("step-4-traffic-system", "Hành động 1")]),
    "message_test": (3, [("step-3-strategy-positioning", "Hành động 1"), ("pillar-traffic", "Việc cần làm")]),
    "scale_volume": (4, [("step-4-traffic-system", "Hành động 3"), ("pillar-traffic", "Việc cần làm")]),
    "kickoff": (3, [("silos", "Silo 1")]),
    "landing_page": (5, [("step-5-conversion-sales", "Hành động 2")]),
    "lead_offer": (5, [("step-5-conversion-sales", "Hành động 1")]),
    "lead_criteria": (5, [("silos", "Silo 6"), ("glossary", "MQL")]),
    "sla": (5, [("silos", "Silo 6")]),
    "sales_script": (5, [("step-5-conversion-sales", "Hành động 2"), ("pillar-conversion", "Việc cần làm")]),
    "crm_followup": (6, [("step-6-crm-automation-ai", "Hành động 1")]),
    "nurture_repeat": (6, [("step-6-crm-automation-ai", "Hành động 2")]),
    "fix_unit_economics": (1, [("glossary", "CAC"), ("glossary", "ROAS")]),
}
STAGE_ACTIONS = {
    "reach_to_visit": ["message_test", "channels_fit", "kickoff"],
    "visit_to_lead": ["landing_page", "lead_offer"],
    "lead_to_qualified": ["lead_criteria", "channels_fit"],
    "qualified_to_customer": ["sales_script", "sla", "crm_followup"],
    "customer_to_repeat": ["nurture_repeat", "crm_followup"],
    "volume": ["scale_volume", "channels_fit"],
}
PILLAR_ACTIONS = {
    "strategy": ["business_goal_smart", "define_customer", "positioning"],
    "measurement": ["track_funnel", "shared_dashboard", "periodic_review"],
}
# a practice answered "no" -> the silo fix or step action that repairs it
PRACTICE_ACTIONS = {
    "sales_sla": "sla", "lead_definition_agreed": "glossary", "dashboard": "shared_dashboard",
    "crm": "crm_followup", "periodic_review": "periodic_review", "kpis_tracked": "track_funnel",
    "target_customer_defined": "define_customer", "positioning_defined": "positioning",
    "business_goal_defined": "business_goal_smart",
}
MAX_ACTIONS, MIN_ACTIONS = 5, 3


def stage_actions(stage: str) -> list[str]:
    """Actions for a rate; a span takes those of every stage it covers (reach_to_lead = click + landing)."""
    if stage in STAGE_ACTIONS:
        return STAGE_ACTIONS[stage]
    return list(dict.fromkeys(a for s in span_parts(stage) for a in STAGE_ACTIONS.get(s, [])))


def choose_actions(first: str, bottleneck: Bottleneck | None, practices: Practices,
                   loses_money: bool | None) -> list[str]:
    """Ordered, de-duplicated action ids: the first pillar's, money loss, the broken practices, review."""
    ids = list(PILLAR_ACTIONS.get(first, []))
    if first in ("traffic", "conversion") and bottleneck:
        ids = stage_actions(bottleneck.stage)[:3]
    elif bottleneck:  # strategy or measurement first: still name the one fix the funnel asks for
        ids += stage_actions(bottleneck.stage)[:1]
    if loses_money:
        ids.insert(1, "fix_unit_economics")
    ids += [a for p, a in PRACTICE_ACTIONS.items() if getattr(practices, p) is False]
    ids += ["periodic_review", "track_funnel", "kickoff"]
    unique = list(dict.fromkeys(ids))
    return unique[:MAX_ACTIONS]


def build_actions(ids: list[str], knowledge_dir: Path | None = None) -> list[Action]:
    """The actions with their step and their citations resolved against the knowledge base."""
    actions = []
    for action_id in ids:
        step, refs = ACTIONS[action_id]
        citations = [cite(doc, hint, knowledge_dir=knowledge_dir) for doc, hint in refs]
        actions.append(Action(id=action_id, step=step, citations=citations))
    return actions


STAGE_KPIS = {  # ids of the KPI catalogue
    "reach_to_visit": ["ctr", "cpc", "visits"],
    "visit_to_lead": ["visit_to_lead", "leads", "cpl"],
    "lead_to_qualified": ["lead_to_qualified", "cost_per_mql", "mql"],
    "qualified_to_customer": ["qualified_to_customer", "response_time", "cac"],
    "customer_to_repeat": ["repeat_rate", "ltv", "aov"],
    "volume": ["leads", "cpl", "spend"],
}
PILLAR_KPIS = {
    "strategy": ["customers", "cac", "spend"],
    "measurement": ["leads", "qualified_to_customer", "cac", "spend"],
}


def kpis_to_track(first: str, bottleneck: Bottleneck | None) -> list[TrackedKpi]:
    """KPIs for the pillar to fix first, from tactical inputs to the impact they should move."""
    ids = list(PILLAR_KPIS.get(first, []))
    if first in ("traffic", "conversion") and bottleneck:
        stage = bottleneck.stage
        ids = STAGE_KPIS.get(stage) or [k for s in span_parts(stage) for k in STAGE_KPIS.get(s, [])][:4]
    ids = list(dict.fromkeys([*ids, "revenue"]))
    return [TrackedKpi(id=k, level=kpi(k).level, kind=kpi(k).kind) for k in ids]


PRACTICE_GROUPS = {
    "practices.strategy": ("target_customer_defined", "positioning_defined", "business_goal_defined"),
    "practices.measurement": ("kpis_tracked", "dashboard", "periodic_review"),
    "practices.conversion": ("lead_definition_agreed", "sales_sla", "crm"),
}


def missing_data(snapshot: Snapshot, counts: dict[str, float], contradictions: list[tuple[str, str]],
                 industry_known: bool, money: dict) -> list[MissingData]:
    """What is unknown (or contradicts an earlier count), most useful first: the owner's next questions."""
    fields = [s for s in STAGES if s not in counts]
    fields += [f for f in ("revenue", "spend", "target_revenue", "gross_margin") if money.get(f) is None]
    if not industry_known:
        fields.append("industry")
    fields += [g for g, names in PRACTICE_GROUPS.items()
               if all(getattr(snapshot.practices, n) is None for n in names)]
    out = [MissingData(field=later, earlier=earlier) for later, earlier in contradictions]
    return out + [MissingData(field=f) for f in fields]
