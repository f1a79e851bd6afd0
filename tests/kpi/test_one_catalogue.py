"""One KPI catalogue: the KPI table, the chat's classifier and the diagnosis name a KPI by the same id."""

from assistant.core.lang import strip_diacritics
from assistant.diagnosis.advice import PILLAR_KPIS, STAGE_KPIS
from assistant.kpi.catalog import (
    aliases,
    classify,
    compute,
    computed,
    entries,
    kpi,
    normalize,
)

# The public keys of `POST /api/kpis` and `growthdoc kpi --json`: they never change.
PUBLIC_KPI_KEYS = ["spend", "impressions", "reach", "frequency", "clicks", "ctr", "cpc", "cpm", "leads", "cpl",
                   "cost_per_message", "visit_to_lead", "lead_to_qualified", "qualified_to_customer", "customers",
                   "cac", "revenue", "aov", "roas", "break_even_roas", "repeat_rate", "ltv", "ltv_to_cac"]
# Added by issue 12 (order outcomes, deals' pipeline, the repeat window), after the keys above: public from now on.
ADDED_KPI_KEYS = ["orders_placed", "gross_revenue", "net_revenue", "cancel_rate", "return_rate",
                  "failed_delivery_rate", "win_rate", "open_deals", "open_pipeline_value", "repeat_window_days"]


def test_the_computed_kpis_keep_their_public_ids_in_the_table_order():
    assert [k.id for k in computed()] == PUBLIC_KPI_KEYS + ADDED_KPI_KEYS
    assert list(compute({})) == PUBLIC_KPI_KEYS + ADDED_KPI_KEYS
    assert all(k.unit in ("money", "count", "ratio", "times") for k in computed())


def test_every_computed_kpi_is_classified_under_its_own_id():
    """What the reader computes, the chat recognises by name in both languages: one id for both."""
    for k in computed():
        assert classify(k.id).id == k.id
        assert classify(k.title("en")).id == k.id, k.title("en")
        assert classify(k.title("vi")).id == k.id, k.title("vi")


def test_an_alias_belongs_to_one_kpi_only():
    seen: dict[str, str] = {}
    for alias, kpi_id in aliases():
        assert seen.setdefault(alias, kpi_id) == kpi_id, (alias, seen[alias], kpi_id)


def test_kpis_the_diagnosis_tracks_are_catalogue_ids():
    tracked = {k for ids in [*STAGE_KPIS.values(), *PILLAR_KPIS.values()] for k in ids} | {"revenue"}
    assert tracked <= set(entries())
    assert kpi("spend").level == "input" and kpi("ltv_to_cac").pillar == "measurement"


def test_reach_and_clicks_are_results_not_resources():
    """knowledge/kpi-taxonomy.md: impressions, clicks and visits are output KPIs; budget is input."""
    assert {kpi(n).level for n in ("impressions", "reach", "clicks", "ctr", "visits")} == {"output"}
    assert kpi("spend").level == "input"


def test_names_and_aliases_are_written_with_diacritics_where_vietnamese():
    """Aliases match without diacritics anyway; the Vietnamese names a reader sees keep them."""
    assert strip_diacritics(kpi("cpl").title("vi")) != kpi("cpl").title("vi")
    assert normalize("Chi phí mỗi lead (CPL)") == "chi phi moi lead cpl"
