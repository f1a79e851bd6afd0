"""KPI classifier: Vietnamese or English names, with or without diacritics, to the one catalogue's ids."""

import pytest

from assistant.kpi.catalog import classify, entries


@pytest.mark.parametrize("name, kpi, level, kind, pillar", [
    ("Doanh thu", "revenue", "impact", "strategic", "strategy"),
    ("doanh thu thang", "revenue", "impact", "strategic", "strategy"),
    ("CAC", "cac", "impact", "strategic", "measurement"),
    ("ROAS", "roas", "impact", "strategic", "traffic"),
    ("số khách hàng mới", "customers", "impact", "strategic", "conversion"),
    ("lượt hiển thị", "impressions", "output", "tactical", "traffic"),
    ("Chi phí mỗi lead", "cpl", "output", "tactical", "traffic"),
    ("chi phi moi lead", "cpl", "output", "tactical", "traffic"),
    ("Cost per lead", "cpl", "output", "tactical", "traffic"),
    ("Tỷ lệ chuyển đổi", "visit_to_lead", "output", "tactical", "conversion"),
    ("Tỷ lệ MQL chuyển thành SQL", "lead_to_qualified", "output", "tactical", "conversion"),
    ("Customer lifetime value", "ltv", "impact", "strategic", "conversion"),
    ("Ngân sách marketing", "spend", "input", "tactical", "traffic"),
    ("số bài đăng mỗi tuần", "content_output", "input", "tactical", "traffic"),
    ("thời gian phản hồi lead", "response_time", "input", "tactical", "conversion"),
    ("CTR", "ctr", "output", "tactical", "traffic"),
    ("Tỷ lệ giữ chân khách hàng", "repeat_rate", "impact", "strategic", "conversion"),
])
def test_classify(name, kpi, level, kind, pillar):
    result = classify(name)
    assert (result.id, result.level, result.kind, result.pillar) == (kpi, level, kind, pillar)


def test_formula_in_both_languages():
    assert classify("CPL").describe("vi")["formula"] == "chi phí / số lead"
    assert classify("CPL").describe("en")["formula"] == "spend / leads"
    assert classify("CPL").describe("en")["name"] == "Cost per lead (CPL)"


def test_unknown_names_give_none():
    assert classify("màu logo") is None
    assert classify("") is None


def test_catalogue_values_are_valid():
    for kpi_id, entry in entries().items():
        assert entry.level in ("input", "output", "impact"), kpi_id
        assert entry.kind in ("strategic", "tactical"), kpi_id
        assert entry.pillar in ("strategy", "traffic", "conversion", "measurement"), kpi_id
        assert entry.names["vi"] and entry.names["en"], kpi_id


def test_the_taxonomy_example_of_the_method():
    # knowledge/kpi-taxonomy.md: 30M budget is input, 1,500 messages output, 12 orders and revenue impact
    levels = [classify(n).level for n in ("ngân sách quảng cáo", "số tin nhắn", "số đơn hàng", "doanh thu")]
    assert levels == ["input", "output", "impact", "impact"]
