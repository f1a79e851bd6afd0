"""`POST /api/kpis`: the report as JSON; bad files as 4xx `{"detail", "code"}` in the caller's language."""

import pytest
from fastapi.testclient import TestClient

from assistant.core.config import get_settings
from assistant.server import create_app


@pytest.fixture
def client():
    return TestClient(create_app())


def test_upload_returns_the_report(client, samples):
    data = (samples / "hubspot_deals.csv").read_bytes()
    response = client.post("/api/kpis", files={"file": ("deals.csv", data, "text/csv")})
    assert response.status_code == 200
    body = response.json()
    assert body["detected_format"] == "hubspot_deals"
    assert body["totals"]["customers"] == 5 and body["snapshot"]["funnel"]["customers"] == 5
    assert body["snapshot"]["sources"]["revenue"].startswith("deals.csv")


def test_xlsx_upload(client, samples):
    data = (samples / "orders_vi.xlsx").read_bytes()
    response = client.post("/api/kpis", files={"file": ("orders.xlsx", data)})
    assert response.status_code == 200 and response.json()["detected_format"] == "orders"


def test_image_is_415_in_english(client):
    response = client.post("/api/kpis", files={"file": ("a.csv", b"\xff\xd8\xff\xe0" + b"\x00" * 64)},
                           headers={"Accept-Language": "en-US,en;q=0.9,vi;q=0.5"})
    assert response.status_code == 415
    assert response.json()["code"] == "kpi.binary_file" and "JPEG" in response.json()["detail"]
    assert "not a spreadsheet" in response.json()["detail"]


def test_unknown_shape_is_400_in_vietnamese(client):
    response = client.post("/api/kpis", files={"file": ("x.csv", b"foo,bar\n1,2\n")})
    assert response.status_code == 400
    assert response.json()["code"] == "kpi.unknown_shape" and "Chưa nhận ra" in response.json()["detail"]


def test_too_large_is_413(client, monkeypatch):
    monkeypatch.setenv("GROWTHDOC_MAX_UPLOAD_MB", "0.0001")
    get_settings.cache_clear()
    response = client.post("/api/kpis", files={"file": ("big.csv", b"month,leads\n" + b"2026-10,1\n" * 100)})
    assert response.status_code == 413 and response.json()["code"] == "common.file_too_large"


def test_missing_file_field_is_422(client):
    assert client.post("/api/kpis").status_code == 422
