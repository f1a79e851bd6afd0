from assistant.contracts import Bottleneck
from assistant.drafting.agenda import draft_agenda

FIVE_VI = ("Ai là khách hàng mục tiêu", "Thông điệp cốt lõi", "Sales cần gì để chốt",
           "Khách hàng đang băn khoăn", "Tính năng sản phẩm nào")
FIVE_EN = ("Who is the target customer", "core message", "What does sales need to close",
           "What are customers worried about", "Which product features")


def test_agenda_holds_the_five_questions_in_both_languages(diagnosis, snapshot):
    vi = draft_agenda(diagnosis, snapshot, "vi")
    en = draft_agenda(diagnosis, snapshot, "en")
    assert [q["key"] for q in vi.data["questions"]] == [
        "target_customer", "core_message", "sales_needs", "customer_concerns", "winning_features"]
    assert all(q in vi.markdown for q in FIVE_VI)
    assert all(q in en.markdown for q in FIVE_EN)


def test_agenda_is_prefilled_with_the_bottleneck_kpi_and_target(diagnosis, snapshot):
    md = draft_agenda(diagnosis, snapshot, "vi").markdown
    # achievable steps from today's 3% (+30% a period at most), the benchmark named as the horizon
    assert "Tỷ lệ lead → khách hàng (điểm nghẽn): hiện 3,0% → mục tiêu tháng 1: 3,9%, tháng 2: 5,1%, tháng 3: 6,6%" in md
    assert "mức thường gặp 10,0% là đích xa" in md
    assert "ít nhất 10,0%" not in md
    assert "84.000.000 VND" in md  # the revenue uplift
    assert "100.000.000 VND" in md  # the revenue target
    assert "Chuyển đổi & bán hàng" in md  # the pillar to fix first


def test_agenda_facts_come_from_the_snapshot(diagnosis, snapshot):
    questions = {q["key"]: q["known"] for q in draft_agenda(diagnosis, snapshot, "en").data["questions"]}
    assert any("No clear positioning" in line for line in questions["core_message"])
    assert any("about 97 do not buy" in line for line in questions["customer_concerns"])  # 12 of 400 bought
    assert any("3,000,000 VND" in line for line in questions["winning_features"])  # revenue / customers
    snapshot["practices"]["positioning_defined"] = True
    questions = {q["key"]: q["known"] for q in draft_agenda(diagnosis, snapshot, "en").data["questions"]}
    assert not any("No clear positioning" in line for line in questions["core_message"])


def test_agenda_schedule_is_timed_and_has_owners_for_every_team(diagnosis, snapshot):
    data = draft_agenda(diagnosis, snapshot, "en").data
    schedule = data["schedule"]
    assert schedule[0]["start"] == 0 and schedule[-1]["end"] == data["duration_min"] == 90
    assert all(a["end"] == b["start"] for a, b in zip(schedule, schedule[1:]))
    roles = {p["role"] for p in data["attendees"]}
    assert {"Marketing", "Sales", "Product", "Customer service"} <= roles
    assert {f["owner"] for f in data["follow_ups"]} >= {"Marketing", "Sales"}
    assert any("SLA" in f["task"] for f in data["follow_ups"])  # no SLA yet in the snapshot


def test_agenda_cites_silo_1(diagnosis, snapshot):
    draft = draft_agenda(diagnosis, snapshot, "vi")
    assert [c.doc_id for c in draft.citations] == ["silos"]
    assert draft.citations[0].heading.startswith("Silo 1")
    assert draft.citations[0].label in draft.markdown


def test_agenda_without_a_diagnosis_still_drafts(snapshot):
    draft = draft_agenda(None, {"funnel": {}}, "vi")
    assert len(draft.data["questions"]) == 5
    assert draft.data["bottleneck"] is None
    assert "điểm nghẽn" not in draft.markdown.lower().split("## kpi")[1]


def test_agenda_html_escapes_the_business_name(diagnosis, snapshot):
    snapshot["business"]["name"] = "<script>alert(1)</script>"
    draft = draft_agenda(diagnosis, snapshot, "vi")
    assert "<script>" not in draft.html
    assert "&lt;script&gt;" in draft.html
    assert "<table>" in draft.html  # the schedule is a real table


def test_a_healthy_weakest_stage_is_not_given_a_lower_target(diagnosis, snapshot):
    diagnosis.bottleneck = Bottleneck(stage="reach_to_visit", actual=0.04, benchmark=0.015, ratio=2.67)
    data = draft_agenda(diagnosis, snapshot, "en").data
    assert not any("campaign target at least" in line for line in data["kpis"])
    assert any("already at or above its benchmark of 1.5%" in line for line in data["kpis"])
    assert data["decisions"][0] == "A SMART campaign goal."


def test_a_solo_owner_gets_a_30_minute_checklist_in_their_own_words(diagnosis, snapshot):
    snapshot["business"].update(team="solo", customer="mẹ bỉm sữa quanh quận 7", positioning="chăm sóc sau sinh tại nhà")
    data = draft_agenda(diagnosis, snapshot, "vi").data
    assert data["duration_min"] == 30 and data["solo"]
    assert [a["role"] for a in data["attendees"]] == [data["chair"]]          # the owner alone, no departments
    assert {q["owner"] for q in data["questions"]} == {data["chair"]}
    known = [line for q in data["questions"] for line in q["known"]]
    assert any("«mẹ bỉm sữa quanh quận 7»" in line for line in known)
    assert any("«chăm sóc sau sinh tại nhà»" in line for line in known)


def test_a_company_keeps_the_full_meeting_and_unknown_practices_are_conditions(diagnosis, snapshot):
    snapshot["practices"].pop("sales_sla", None)
    data = draft_agenda(diagnosis, snapshot, "vi").data
    assert data["duration_min"] == 90 and len(data["attendees"]) == 5
    assert any(f["task"].startswith("Nếu chưa có SLA") for f in data["follow_ups"])
