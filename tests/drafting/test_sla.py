from assistant.drafting.sla import draft_sla

B2B = {"business": {"name": "Acme Logistics", "industry": "b2b_services", "model": "b2b"},
       "funnel": {"visits": 5_000, "leads": 300, "qualified": 60, "customers": 6},
       "spend": 40_000_000, "revenue": 600_000_000, "target_revenue": 900_000_000, "practices": {"crm": True}}


def test_sla_sets_24_to_48_hours_as_the_maximum(diagnosis, snapshot):
    vi = draft_sla(diagnosis, snapshot, "vi")
    en = draft_sla(diagnosis, snapshot, "en")
    assert "24–48 giờ" in vi.markdown and "24–48 hours" in en.markdown
    assert vi.data["response_max_hours"] == 24
    assert draft_sla(None, B2B, "vi").data["response_max_hours"] == 48


def test_messaging_leads_get_a_tighter_response_time(snapshot):
    snapshot["funnel"] = {"reach": 400_000, "leads": 1_500, "customers": 12}  # chats, no web visits
    messaging = draft_sla(None, snapshot, "en")
    assert messaging.data["messaging"]
    assert any("15 minutes" in line for line in messaging.data["response"])
    assert not any("15 minutes" in line for line in draft_sla(None, B2B, "en").data["response"])


def test_mql_criteria_follow_the_business_model_and_industry(snapshot):
    b2b = draft_sla(None, B2B, "en").data["mql_criteria"]
    assert any("decision" in line for line in b2b)
    assert any("B2B services" in line for line in b2b)
    retail = draft_sla(None, snapshot, "en").data["mql_criteria"]
    assert any("specific product" in line for line in retail) and not any("decision" in line for line in retail)
    snapshot["business"]["industry"] = "education"
    education = draft_sla(None, snapshot, "en").data["mql_criteria"]
    assert any("who will study" in line for line in education)


def test_sla_uses_the_funnel_numbers():
    data = draft_sla(None, B2B, "vi").data
    volume = " ".join(data["volume"])
    assert "300 lead" in volume and "60 lead đủ điều kiện" in volume
    assert "20,0%" in volume  # 60 of 300 leads qualified
    assert data["mql_target"] == 90  # 60 MQLs x (900m target / 600m revenue)
    cost = next(k for k in data["kpis"] if "MQL chất lượng" in k["name"])
    assert cost["current"] == "666.667 VND"  # 40m spend / 60 MQLs


def test_sla_has_feedback_loop_nurturing_and_shared_kpis(diagnosis, snapshot):
    draft = draft_sla(diagnosis, snapshot, "en")
    assert draft.data["feedback"] and draft.data["nurture"]
    names = [k["name"] for k in draft.data["kpis"]]
    assert any("MQL → SAL" in n for n in names) and any("response time" in n for n in names)
    close = next(k for k in draft.data["kpis"] if k["name"] == "Lead → customer rate")
    assert (close["current"], close["target"]) == ("3.0%", "≥ 10.0%")
    assert any("Google Sheet" in line for line in draft.data["tooling"])  # no CRM in the snapshot


def test_sla_cites_silo_6(diagnosis, snapshot):
    draft = draft_sla(diagnosis, snapshot, "vi")
    assert draft.citations[0].doc_id == "silos" and draft.citations[0].heading.startswith("Silo 6")
    assert "<h2>" in draft.html


def test_without_qualified_counts_the_sla_states_the_leads_needed(snapshot):
    volume = draft_sla(None, snapshot, "en").data["volume"]
    assert any("about 1,112 leads a period" in line for line in volume)  # 400 x 100m / 36m, rounded up


def test_an_unknown_crm_is_a_question_to_settle_not_a_fact(diagnosis, snapshot):
    from assistant.drafting.sla import draft_sla

    snapshot["practices"].pop("crm", None)
    md = draft_sla(diagnosis, snapshot, "vi").markdown
    assert "Chưa có CRM" not in md and "lead đang được ghi ở đâu" in md
    snapshot["practices"]["crm"] = False
    assert "Chưa có CRM" in draft_sla(diagnosis, snapshot, "vi").markdown


def test_the_mql_criteria_quote_the_owners_own_customer(diagnosis, snapshot):
    from assistant.drafting.sla import draft_sla

    snapshot["business"].update(model="b2c", customer="mẹ bỉm sữa quanh quận 7")
    assert "«mẹ bỉm sữa quanh quận 7»" in draft_sla(diagnosis, snapshot, "vi").markdown
    assert "“mẹ bỉm sữa quanh quận 7”" in draft_sla(diagnosis, snapshot, "en").markdown
