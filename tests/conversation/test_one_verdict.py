"""One verdict: the same exports and options through `diagnose`, `report`, the API and the chat give the
same bottleneck, stage statuses, priority and questions; no door asks for a figure a source holds."""

import json

import pytest
from fastapi.testclient import TestClient

from assistant.cli import main
from assistant.drafting.labels import label, stage_label
from assistant.kpi import combine, read_export
from assistant.server import create_app

FILES = ("meta_ads_vi.csv", "hubspot_contacts.csv", "hubspot_deals.csv")
OPTIONS = {"industry": "thời trang", "gross_margin": 0.4, "target_revenue": 900_000_000}
CLI = ["--industry", "thời trang", "--gross-margin", "0.4", "--target-revenue", "900000000"]


def _verdict(d: dict) -> dict:
    """What a reader compares between doors."""
    return {"bottleneck": (d["bottleneck"] or {}).get("stage"),
            "stages": [(s["stage"], s["status"]) for s in d["stages"]],
            "priority": d["pillar_priority"], "missing": [m["field"] for m in d["missing_data"]]}


@pytest.fixture
def paths(samples):
    return [str(samples / name) for name in FILES]


def test_diagnose_report_api_and_chat_agree(paths, samples, tmp_path, capsys, make_service):
    assert main(["diagnose", *paths, *CLI, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)

    export = combine([read_export(p) for p in map(samples.joinpath, FILES)])
    body = {**export.snapshot.model_dump(mode="json"), "totals": export.totals}  # as POST /api/kpis returns them
    api = TestClient(create_app()).post("/api/diagnose", params=OPTIONS, json=body).json()

    service = make_service()
    sid = service.create_session()
    for name in FILES:
        service.add_upload(sid, name, (samples / name).read_bytes())
    service.send_message(sid, "Shop thời trang, biên lợi nhuận gộp 40%, mục tiêu doanh thu 900 triệu")
    service.send_message(sid, "chẩn đoán giúp mình")
    chat = service.get_session(sid)["diagnosis"]

    assert _verdict(cli) == _verdict(api) == _verdict(chat)
    assert cli["bottleneck"]["stage"] == "qualified_to_customer"

    out = tmp_path / "r.md"
    assert main(["report", *paths, *CLI, "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    for view in (cli, api):
        for question in (m["question"] for m in view["missing_data"]):
            assert question in report
    rows = [line.split(" | ")[0].strip("|*⚠ ") + " | " + line.rstrip(" |").split(" | ")[-1]
            for line in report.splitlines() if line.startswith("| ") and "%" in line]
    shown = [f"{stage_label(s['stage'], 'vi')} | {label('status', 'vi', id=s['status'])}" for s in cli["stages"]]
    assert rows[:len(shown)] == shown


def test_report_without_options_and_with_them_differ_like_diagnose(paths, tmp_path, capsys):
    """The option changes the verdict in both commands, never in only one."""
    for extra in ([], ["--industry", "b2b_services"]):
        assert main(["diagnose", *paths, *extra, "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        out = tmp_path / "r.md"
        assert main(["report", *paths, *extra, "-o", str(out)]) == 0
        capsys.readouterr()
        body = out.read_text(encoding="utf-8")
        bench = shown["bottleneck"]["benchmark"] * 100
        assert f"{bench:.1f}".replace(".", ",") + "%" in body


def test_no_door_asks_for_clicks_an_export_holds(paths, samples, capsys, make_service):
    assert main(["diagnose", *paths, "--json"]) == 0
    assert "visits" not in [m["field"] for m in json.loads(capsys.readouterr().out)["missing_data"]]
    service = make_service()
    sid = service.create_session()
    service.add_upload(sid, "meta_ads_vi.csv", (samples / "meta_ads_vi.csv").read_bytes())
    service.send_message(sid, "chẩn đoán")
    assert "visits" not in [m["field"] for m in service.get_session(sid)["diagnosis"]["missing_data"]]
