"""The one verdict: options applied, held figures never asked for, campaigns named in the actions."""

from assistant.diagnosis.verdict import Options, apply_options, held_fields, verdict
from assistant.drafting.diagnosis_view import render_diagnosis

SNAPSHOT = {"business": {"industry": "retail"}, "funnel": {"reach": 400_000, "leads": 1300, "customers": 20},
            "spend": 47_900_000, "revenue": 40_000_000}
BREAKDOWNS = {"campaign": [{"key": "Tin nhắn - Áo dài", "spend": 20_000_000, "leads": 1000},
                           {"key": "Form - Váy", "spend": 12_000_000, "leads": 300},
                           {"key": "Traffic - Web", "spend": 15_900_000, "leads": 0}]}


def test_options_win_over_the_snapshot_and_the_snapshot_is_not_changed():
    given = apply_options(SNAPSHOT, Options(industry="b2b_services", gross_margin=0.3, business="Shop A"))
    assert given["business"] == {"industry": "b2b_services", "name": "Shop A"}
    assert given["gross_margin"] == 0.3
    assert SNAPSHOT["business"] == {"industry": "retail"}


def test_clicks_answer_the_visits_question():
    assert "visits" in held_fields({"clicks": 7502})
    assert "visits" not in held_fields({"clicks": None}, {})
    asked = [m.field for m in verdict(SNAPSHOT).missing_data]
    assert "visits" in asked
    assert "visits" not in [m.field for m in verdict(SNAPSHOT, None, {"clicks": 7502}).missing_data]
    assert "visits" not in [m.field for m in verdict({**SNAPSHOT, "totals": {"clicks": 5}}).missing_data]


def test_a_campaign_spending_with_no_result_is_named_in_the_actions():
    d = verdict({**SNAPSHOT, "breakdowns": BREAKDOWNS})
    texts = [a["text"] for a in render_diagnosis(d, "vi")["actions"]]
    named = [t for t in texts if "«Traffic - Web»" in t]
    assert len(named) == 1 and "15.900.000 VND" in named[0]
    assert "«Tin nhắn - Áo dài»" in named[0] and "«Form - Váy»" in named[0]
    assert 3 <= len(texts) <= 5
    english = [a["text"] for a in render_diagnosis(d, "en")["actions"]]
    assert any("“Traffic - Web”" in t and "no result" in t for t in english)


def test_without_campaigns_the_actions_are_the_method_alone():
    plain = verdict(SNAPSHOT)
    assert all(not a.params for a in plain.actions)
