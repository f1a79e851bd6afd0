"""Bad snapshots: a diagnosis where one is possible, with what was ignored and why; else a clear error."""

import pytest

from assistant.core.errors import UserFacingError
from tests.diagnosis.worded import diagnose


def test_negative_count_is_ignored_and_said(snap):
    result = diagnose(snap({"reach": -1000, "visits": 2000, "leads": 20, "customers": 5}))
    assert [s.stage for s in result.stages] == ["visit_to_lead", "lead_to_customer"]
    assert any("lượt tiếp cận (reach) = -1.000" in w for w in result.warnings)
    assert "reach" in {m.field for m in result.missing_data}


def test_more_customers_than_leads_is_flagged_not_computed(snap):
    result = diagnose(snap({"visits": 1000, "leads": 10, "customers": 50}))
    rates = {s.stage: s for s in result.stages}
    assert rates["lead_to_customer"].status == "unknown" and rates["lead_to_customer"].actual is None
    assert result.bottleneck.stage == "visit_to_lead"
    assert any("mâu thuẫn" in w and "50" in w for w in result.warnings)
    assert result.missing_data[0].field == "customers"


def test_only_contradictory_data_means_measurement_first(snap):
    result = diagnose(snap({"leads": 10, "customers": 50}))
    assert result.pillar_priority[0] == "measurement" and result.bottleneck is None


def test_unknown_industry_falls_back_with_a_warning(snap):
    result = diagnose(snap({"visits": 1000, "leads": 10}, business={"industry": "xây dựng"}))
    assert result.stages[0].benchmark == pytest.approx(0.04)
    assert any("xây dựng" in w for w in result.warnings)


def test_gross_margin_given_as_percent_is_read_as_percent(snap):
    result = diagnose(snap({"leads": 100, "customers": 10}, spend=10e6, revenue=50e6, gross_margin=40))
    assert result.unit_economics.break_even_roas == pytest.approx(2.5)
    assert any("40%" in w for w in result.warnings)


def test_impossible_margin_and_negative_money_are_ignored(snap):
    result = diagnose(snap({"leads": 100, "customers": 10}, spend=-5, gross_margin=250))
    assert result.unit_economics.cac is None and result.unit_economics.break_even_roas is None
    assert len([w for w in result.warnings if "bỏ qua" in w]) == 2


def test_zero_base_gives_unknown_rate_not_a_crash(snap):
    result = diagnose(snap({"visits": 1000, "leads": 0, "customers": 0}))
    assert [s.status for s in result.stages] == ["critical", "unknown"]
    assert result.bottleneck.stage == "visit_to_lead" and result.bottleneck.revenue_uplift is None


@pytest.mark.parametrize("data, field", [
    ({"business": {}}, "funnel"),
    ({"funnel": None}, "funnel"),
    ([1, 2], "funnel"),
    ({"funnel": {"leads": "nhiều"}}, "funnel.leads"),
    ({"funnel": {"leads": 5}, "practices": {"crm": "maybe"}}, "practices.crm"),
])
def test_unusable_snapshot_raises_a_message_naming_the_field(data, field):
    with pytest.raises(UserFacingError) as err:
        diagnose(data)
    assert f"«{field}»" in err.value.message("vi")
    assert f'"{field}"' in err.value.message("en")


def test_numbers_sent_as_vietnamese_text_are_read():
    result = diagnose({"funnel": {"leads": "1.500 mess", "customers": "12 đơn", "reach": ""},
                       "spend": "30 triệu", "revenue": "60tr", "gross_margin": "40%"})
    assert result.bottleneck.stage == "lead_to_customer"
    assert result.bottleneck.actual == pytest.approx(12 / 1500)
    assert result.unit_economics.cac == pytest.approx(2_500_000)
    assert result.unit_economics.break_even_roas == pytest.approx(2.5)


@pytest.mark.parametrize("value", [True, "nhiều lắm", "10 hay 20"])
def test_a_count_that_is_not_one_number_is_refused(value):
    with pytest.raises(UserFacingError) as err:
        diagnose({"funnel": {"leads": value, "customers": 3}})
    assert "«funnel.leads»" in err.value.message("vi")
