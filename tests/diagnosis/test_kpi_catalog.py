"""KPI classifier: Vietnamese or English names, with or without diacritics."""

import pytest

from assistant.diagnosis.kpi_catalog import catalog, classify_kpi


@pytest.mark.parametrize("name, kpi, level, kind, pillar", [
    ("Doanh thu", "revenue", "impact", "strategic", "strategy"),
    ("doanh thu thang", "revenue", "impact", "strategic", "strategy"),
    ("CAC", "cac", "impact", "strategic", "measurement"),
    ("ROAS", "roas", "impact", "strategic", "traffic"),
    ("số khách hàng mới", "new_customers", "impact", "strategic", "conversion"),
    ("lượt hiển thị", "reach", "output", "tactical", "traffic"),
    ("Chi phí mỗi lead", "cpl", "output", "tactical", "traffic"),
    ("chi phi moi lead", "cpl", "output", "tactical", "traffic"),
    ("Cost per lead", "cpl", "output", "tactical", "traffic"),
    ("Tỷ lệ chuyển đổi", "conversion_rate", "output", "tactical", "conversion"),
    ("Tỷ lệ MQL chuyển thành SQL", "mql_to_sql_rate", "output", "tactical", "conversion"),
    ("Customer lifetime value", "clv", "impact", "strategic", "conversion"),
    ("Ngân sách marketing", "ad_spend", "input", "tactical", "traffic"),
    ("số bài đăng mỗi tuần", "content_output", "input", "tactical", "traffic"),
    ("thời gian phản hồi lead", "response_time", "input", "tactical", "conversion"),
    ("CTR", "ctr", "output", "tactical", "traffic"),
    ("Tỷ lệ giữ chân khách hàng", "retention_rate", "impact", "strategic", "conversion"),
])
def test_classify(name, kpi, level, kind, pillar):
    result = classify_kpi(name)
    assert (result.id, result.level, result.kind, result.pillar) == (kpi, level, kind, pillar)


def test_formula_in_both_languages():
    assert classify_kpi("CPL").formula == "chi phí / số lead"
    assert classify_kpi("CPL", lang="en").formula == "spend / leads"
    assert classify_kpi("CPL", lang="en").name == "Cost per lead (CPL)"


def test_unknown_names_give_none():
    assert classify_kpi("màu logo") is None
    assert classify_kpi("") is None


def test_catalogue_values_are_valid():
    for kpi, entry in catalog().items():
        assert entry["level"] in ("input", "output", "impact"), kpi
        assert entry["kind"] in ("strategic", "tactical"), kpi
        assert entry["pillar"] in ("strategy", "traffic", "conversion", "measurement"), kpi
        assert entry["name"]["vi"] and entry["name"]["en"], kpi


def test_the_taxonomy_example_of_the_method():
    # knowledge/kpi-taxonomy.md: 30M budget is input, 1,500 messages output, 12 orders and revenue impact
    levels = [classify_kpi(n).level for n in ("ngân sách quảng cáo", "số tin nhắn", "số đơn hàng", "doanh thu")]
    assert levels == ["input", "output", "impact", "impact"]
