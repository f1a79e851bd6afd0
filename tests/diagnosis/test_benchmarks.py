"""Benchmarks file: every figure sourced, industries and aliases, span composition, statuses."""

import pytest

from assistant.contracts import RATE_STAGES
from assistant.diagnosis.benchmarks import Benchmarks, load_benchmarks

INDUSTRIES = ("overall", "retail", "fnb", "education", "b2b_services", "health")


def test_every_figure_has_a_range_and_its_provenance():
    bench = load_benchmarks()
    for industry in INDUSTRIES:
        for stage in RATE_STAGES:
            fig = bench.stages[industry][stage]
            assert 0 < fig["low"] <= fig["typical"] <= fig["high"] <= 1, (industry, stage)
            assert fig["source"] and fig["region"] and isinstance(fig["year"], int), (industry, stage)
            assert "Vietnam" in fig["note"], (industry, stage)


@pytest.mark.parametrize("name, expected", [
    ("retail", "retail"), ("Thương mại điện tử", "retail"), ("thuong mai dien tu", "retail"),
    ("Nhà hàng", "fnb"), ("F&B", "fnb"), ("giáo dục", "education"), ("Phòng khám", "health"),
    ("nha khoa", "health"), ("B2B services", "b2b_services"), ("xây dựng", None), (None, None),
])
def test_industry_aliases(name, expected):
    assert load_benchmarks().industry_id(name) == expected


def test_span_benchmark_is_the_product_of_the_stages_it_covers():
    bench = load_benchmarks()
    click, landing = bench.stage("retail", "reach_to_visit"), bench.stage("retail", "visit_to_lead")
    span = bench.span("retail", ["reach_to_visit", "visit_to_lead"])
    assert span.typical == pytest.approx(click.typical * landing.typical)
    assert span.low == pytest.approx(click.low * landing.low)
    assert span.high == pytest.approx(click.high * landing.high)


def test_unknown_industry_uses_the_overall_figures():
    bench = load_benchmarks()
    assert bench.stage(None, "visit_to_lead") == bench.stage("overall", "visit_to_lead")


def test_statuses_follow_the_thresholds_written_in_the_file():
    bench = Benchmarks(stages={}, thresholds={"ok": 0.9, "weak": 0.3}, money={}, aliases={})
    assert [bench.status(r) for r in (1.2, 0.9, 0.89, 0.3, 0.29, None)] == \
        ["ok", "ok", "weak", "weak", "critical", "unknown"]
