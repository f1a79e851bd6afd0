"""Silo check: the six silos from practices, yes/no answers and the owner's own words."""

from assistant.diagnosis.silos import check_silos


def test_practices_answered_no_reveal_silos_3_5_6():
    found = check_silos({"dashboard": False, "lead_definition_agreed": False, "sales_sla": False})
    assert [f.silo for f in found] == [3, 5, 6]
    assert "24–48" in found[-1].fix
    assert found[-1].citation.doc_id == "silos" and found[-1].citation.heading.startswith("Silo 6")


def test_unknown_practices_reveal_nothing():
    assert check_silos({}, {}) == []


def test_yes_no_answers():
    found = check_silos(None, {"campaigns_planned_with_sales": False, "experts_write_content": False,
                               "tech_council": False, "shared_glossary": True})
    assert [f.silo for f in found] == [1, 2, 4]


def test_owner_words_are_quoted_with_diacritics():
    found = check_silos(None, "Sales chê lead rác, gọi lại chậm, mỗi bên một số")
    silos = {f.silo: f for f in found}
    assert set(silos) == {3, 5, 6}
    assert any("«Sales chê lead»" in e for e in silos[6].evidence)
    assert any("lead rác" in e for e in silos[5].evidence)


def test_english():
    found = check_silos({"sales_sla": False}, lang="en")
    assert found[0].title.startswith("Silo 6") and "SLA" in found[0].fix
