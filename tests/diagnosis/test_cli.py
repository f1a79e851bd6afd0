"""`growthdoc diagnose`: readable and JSON output from a snapshot file or exports; clear errors."""

import io
import json

import pytest

from assistant.cli import main
from tests.fixtures.snapshots import SHOP_A

SNAPSHOT = SHOP_A


@pytest.fixture
def snapshot_file(tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(SNAPSHOT), encoding="utf-8")
    return path


def test_json_output_is_the_diagnosis(snapshot_file, capsys):
    assert main(["diagnose", "--input", str(snapshot_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pillar_priority"][0] == "measurement"
    assert data["bottleneck"]["stage"] == "customer_to_repeat"
    assert set(data) >= {"bottleneck", "stages", "pillars", "reasons", "actions", "kpis_to_track", "missing_data",
                         "unit_economics", "warnings"}


def test_readable_output_shows_funnel_bottleneck_order_and_cited_actions(snapshot_file, capsys):
    assert main(["diagnose", "--input", str(snapshot_file)]) == 0
    out = capsys.readouterr().out
    assert "200.000" in out and "█" in out
    assert "Điểm nghẽn: khách mua → mua lại" in out
    assert "1. Đo lường & tối ưu" in out
    assert "↳ Sáu silo nội bộ" in out or "↳ Bước 7" in out


def test_english_and_overrides(snapshot_file, capsys):
    args = ["--lang", "en", "diagnose", "--input", str(snapshot_file), "--industry", "fnb", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stages"][1]["benchmark"] == pytest.approx(0.06)  # F&B visit->lead
    assert data["reasons"][0].startswith("Fix Measurement first")


@pytest.mark.parametrize("content, expected", [("{not json", "Không đọc được tệp JSON"),
                                               ('{"business": {}}', "«funnel»")])
def test_bad_snapshot_file_is_one_clear_line(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["diagnose", "--input", str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_input(capsys, tmp_path):
    assert main(["diagnose"]) == 2
    assert "--input" in capsys.readouterr().err
    assert main(["diagnose", "--input", str(tmp_path / "nope.json")]) == 2
    assert "nope.json" in capsys.readouterr().err


def test_diagnose_exports(samples, capsys):
    pytest.importorskip("assistant.kpi", reason="KPI module not available")
    args = ["diagnose", str(samples / "funnel_template.csv"), "--json", "--target-revenue", "1e12"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["stages"]) >= 2
    assert data["bottleneck"]["stage"]


def test_snapshot_from_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"funnel": {"leads": 1500, "customers": 12}})))
    assert main(["diagnose", "--input", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["bottleneck"]["stage"] == "lead_to_customer"
