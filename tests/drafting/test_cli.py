import json

from assistant.cli import main


def test_report_command_writes_an_offline_html_report(samples, tmp_path, capsys):
    out = tmp_path / "report.html"
    code = main(["report", str(samples / "meta_ads_vi.csv"), str(samples / "hubspot_deals.csv"),
                 "--business", "Shop Demo", "-o", str(out)])
    assert code == 0
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "Shop Demo" in html and "1.907" in html  # leads from the Meta export
    err = capsys.readouterr().err
    assert err.index("[1/3]") < err.index("[2/3]") < err.index("[3/3]")


def test_report_command_markdown_in_english(samples, tmp_path):
    out = tmp_path / "report.md"
    assert main(["report", str(samples / "funnel_template.csv"), "--lang", "en", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Marketing diagnosis report")


def test_agenda_command_from_a_snapshot(tmp_path, capsys):
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps({"business": {"name": "Tiệm Bánh An"}, "funnel": {
        "reach": 100_000, "leads": 800, "customers": 16}}), encoding="utf-8")
    assert main(["agenda", "--input", str(snapshot)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Agenda họp kick-off chiến dịch — Tiệm Bánh An")
    assert "Ai là khách hàng mục tiêu?" in out


def test_agenda_command_sla_json_and_html(tmp_path, capsys, samples):
    assert main(["agenda", "--draft", "sla", "--json", str(samples / "hubspot_deals.csv")]) == 0
    assert "24–48" in json.loads(capsys.readouterr().out)["response"][0]
    page = tmp_path / "agenda.html"
    assert main(["agenda", str(samples / "meta_ads_en.csv"), "-o", str(page)]) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_input_gives_one_clear_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "r.html")]) == 2
    assert "missing.csv" in capsys.readouterr().err
    assert main(["--lang", "en", "report", "--input", "x.json", "-o", str(tmp_path / "r.txt")]) == 2
    assert ".html, .md, .docx or .pdf" in capsys.readouterr().err
    assert main(["--lang", "en", "agenda", "--input", "x.json", "-o", str(tmp_path / "r.pdf")]) == 2
    assert ".html or .md" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["agenda", "--lang", "en", "--input", str(tmp_path / "bad.json")]) == 2
    assert "not a valid funnel snapshot" in capsys.readouterr().err
    assert main(["agenda"]) == 2
    assert "Chưa có dữ liệu" in capsys.readouterr().err


def test_snapshot_fields_win_over_the_exports(samples, tmp_path, capsys):
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps({"business": {"name": "Nha Khoa Sáng", "industry": "health", "model": "b2c"},
                                    "funnel": {"customers": 40}}), encoding="utf-8")
    assert main(["agenda", "--draft", "sla", "--json", "--input", str(snapshot), str(samples / "meta_ads_vi.csv")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"].endswith("Nha Khoa Sáng")
    assert any("khung giờ" in line for line in data["mql_criteria"])  # the clinic's MQL criterion
    assert "1.907 lead" in data["volume"][0] and "40 khách hàng" in data["volume"][0]
