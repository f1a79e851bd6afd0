"""`growthdoc kpi`: the readable table, the `--json` shape of issue 3, and one-line errors."""

import json

from assistant.cli import main

KEYS = {"detected_format", "currency", "period", "rows", "totals", "kpis", "breakdowns", "snapshot", "warnings"}


def test_json_shape(samples, capsys):
    assert main(["kpi", str(samples / "meta_ads_vi.csv"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == KEYS
    assert data["detected_format"] == "meta_ads" and data["currency"] == "VND" and data["rows"] == 62
    assert set(data["totals"]) == {"spend", "impressions", "reach", "clicks", "leads"}
    assert data["snapshot"]["funnel"] == {"reach": data["totals"]["reach"], "leads": data["totals"]["leads"]}
    assert data["snapshot"]["period"] == data["period"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert {"cpl", "ctr", "cpm", "roas", "ltv_to_cac"} <= set(data["kpis"])
    assert [row["key"] for row in data["breakdowns"]["campaign"]]


def test_table_and_funnel_in_english(samples, capsys):
    assert main(["--lang", "en", "kpi", str(samples / "funnel_template.csv")]) == 0
    out = capsys.readouterr().out
    assert "Cost per lead (CPL)" in out and "372,960" in out  # 160,000,000 / 429
    assert "Funnel: Reach 539,930 → Visits 11,051 (2.0%) → Leads 429 (3.9%)" in out


def test_vietnamese_numbers_in_the_table(samples, capsys):
    assert main(["kpi", str(samples / "meta_ads_vi.csv")]) == 0
    out = capsys.readouterr().out
    assert "Chi phí mỗi tin nhắn" in out and "26.228.466" in out
    assert "Phễu: Người tiếp cận 459.483 → Tin nhắn (lead) 1.907 (0,4%)" in out
    assert "- Người tiếp cận: meta_ads_vi.csv: Người tiếp cận" in out  # where each figure comes from


def test_bad_file_is_one_line_and_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["kpi", str(empty)]) == 2
    err = capsys.readouterr().err.strip()
    assert "empty.csv" in err and "\n" not in err and "Traceback" not in err


def test_kpi_command_does_not_import_langchain_chroma_or_fastapi(samples):
    import subprocess
    import sys

    code = ("import sys; from assistant.cli import main; main(['kpi', sys.argv[1], '--json']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('langchain', 'chromadb', 'fastapi')))")
    out = subprocess.run([sys.executable, "-c", code, str(samples / "ga4_traffic_acquisition.csv")],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")
