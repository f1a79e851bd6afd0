"""The priority rule of DESIGN.md, in order, and the bottleneck it rests on."""

import pytest

from tests.diagnosis.worded import diagnose


def first(result):
    return result.pillar_priority[0]


def test_rule1_no_target_and_no_positioning_puts_strategy_first(snap):
    result = diagnose(snap({"visits": 10000, "leads": 50, "customers": 10},
                           {"target_customer_defined": False, "positioning_defined": False}))
    assert first(result) == "strategy"
    assert result.bottleneck.stage == "visit_to_lead"
    assert "Chiến lược" in result.reasons[0]


def test_rule1_no_business_goal_alone_is_enough(snap):
    result = diagnose(snap({"leads": 100, "customers": 2}, {"business_goal_defined": False}))
    assert first(result) == "strategy"


def test_rule1_needs_both_target_and_positioning_missing(snap):
    result = diagnose(snap({"leads": 200, "qualified": 100, "customers": 5}, {"target_customer_defined": False}))
    assert first(result) == "conversion"
    assert result.bottleneck.stage == "qualified_to_customer"


def test_rule1_comes_before_rule2(snap):
    nothing = {"kpis_tracked": False, "dashboard": False, "periodic_review": False}
    result = diagnose(snap({"leads": 100}, {"business_goal_defined": False, **nothing}))
    assert first(result) == "strategy"


@pytest.mark.parametrize("funnel", [{}, {"leads": 500}, {"reach": 1000}])
def test_rule2_fewer_than_two_counts_puts_measurement_first(snap, funnel):
    result = diagnose(snap(funnel))
    assert first(result) == "measurement"
    assert result.bottleneck is None


def test_rule2_nothing_tracked_puts_measurement_first_but_keeps_the_bottleneck(snap):
    result = diagnose(snap({"visits": 5000, "leads": 250, "qualified": 80, "customers": 4},
                           {"kpis_tracked": False, "dashboard": False, "periodic_review": False}))
    assert first(result) == "measurement"
    assert result.bottleneck.stage == "qualified_to_customer"


def test_a_dashboard_means_something_is_tracked(snap):
    result = diagnose(snap({"reach": 100000, "visits": 400, "leads": 40, "customers": 10}, {"kpis_tracked": False}))
    assert first(result) == "traffic"


def test_unknown_practices_are_not_missing_ones(snap):
    result = diagnose({"funnel": {"leads": 400, "customers": 10}})
    assert first(result) == "conversion"
    assert {m.field for m in result.missing_data} >= {"practices.strategy", "practices.measurement"}


@pytest.mark.parametrize("funnel, stage, pillar", [
    ({"reach": 100000, "visits": 500, "leads": 40, "customers": 12}, "reach_to_visit", "traffic"),
    ({"reach": 100000, "visits": 2000, "leads": 20, "customers": 5}, "visit_to_lead", "conversion"),
    ({"leads": 1000, "qualified": 50, "customers": 20}, "lead_to_qualified", "conversion"),
    ({"visits": 5000, "leads": 250, "qualified": 80, "customers": 4}, "qualified_to_customer", "conversion"),
    ({"leads": 500, "qualified": 150, "customers": 40, "repeat_customers": 2}, "customer_to_repeat", "conversion"),
    ({"reach": 200000, "leads": 60, "customers": 10}, "reach_to_lead", "traffic"),
    ({"leads": 1500, "customers": 12}, "lead_to_customer", "conversion"),
])
def test_rule3_the_owner_of_the_bottleneck_goes_first(snap, funnel, stage, pillar):
    result = diagnose(snap(funnel))
    assert result.bottleneck.stage == stage
    assert first(result) == pillar


def test_the_rest_follow_weakest_score_first(snap):
    result = diagnose(snap({"reach": 100000, "visits": 500, "leads": 40, "customers": 12},
                           {"kpis_tracked": False, "sales_sla": False, "crm": False}))
    rest = result.pillar_priority[1:]
    scores = [result.pillars[p].score for p in rest]
    assert scores == sorted(scores)
    assert sorted(result.pillar_priority) == sorted(["strategy", "traffic", "conversion", "measurement"])


def test_scores_are_within_0_and_100_and_reflect_practices(snap):
    good = diagnose(snap({"leads": 100, "customers": 10}))
    bad = diagnose(snap({"leads": 100, "customers": 10}, {"dashboard": False, "kpis_tracked": False}))
    assert all(0 <= p.score <= 100 for p in good.pillars.values())
    assert bad.pillars["measurement"].score < good.pillars["measurement"].score


def test_actions_follow_the_first_pillar_and_still_name_the_bottleneck_fix(snap):
    result = diagnose(snap({"visits": 5000, "leads": 250, "qualified": 80, "customers": 4},
                           {"kpis_tracked": False, "dashboard": False, "periodic_review": False}))
    steps = [a.step for a in result.actions]
    assert 3 <= len(steps) <= 5
    assert steps[0] == 7  # measurement first: track the funnel
    assert any(c.doc_id == "step-5-conversion-sales" for a in result.actions for c in a.citations)
