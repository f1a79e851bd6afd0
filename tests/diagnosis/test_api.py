"""`POST /api/diagnose`: snapshot JSON in, diagnosis JSON out; 422/400 with a clear message."""

import pytest
from fastapi.testclient import TestClient

from assistant.server import create_app


@pytest.fixture
def client():
    return TestClient(create_app())


def test_messaging_funnel_diagnosis(client):
    response = client.post("/api/diagnose", json={"business": {"industry": "retail"},
                                                  "funnel": {"leads": 1500, "customers": 12}, "spend": 30_000_000})
    assert response.status_code == 200
    data = response.json()
    assert data["bottleneck"]["stage"] == "lead_to_customer"
    assert data["pillar_priority"][0] == "conversion"
    assert data["unit_economics"]["cac"] == pytest.approx(2_500_000)
    assert all(c["doc_id"] and c["heading"] for a in data["actions"] for c in a["citations"])
    assert 3 <= len(data["actions"]) <= 5


def test_language_from_query_or_header(client):
    body = {"funnel": {"visits": 1000, "leads": 5}}
    en = client.post("/api/diagnose?lang=en", json=body).json()
    assert en["reasons"][0].startswith("The bottleneck")
    en = client.post("/api/diagnose", json=body, headers={"Accept-Language": "en-US"}).json()
    assert en["reasons"][0].startswith("The bottleneck")
    assert client.post("/api/diagnose", json=body).json()["reasons"][0].startswith("Điểm nghẽn")


@pytest.mark.parametrize("body, field", [({"funnel": {"leads": "abc"}}, "funnel.leads"), ({"spend": 5}, "funnel")])
def test_bad_snapshot_is_422_naming_the_field(client, body, field):
    response = client.post("/api/diagnose", json=body)
    assert response.status_code == 422
    assert f"«{field}»" in response.json()["detail"]
    assert response.json()["code"].startswith("diagnosis.")


def test_invalid_json_is_400(client):
    response = client.post("/api/diagnose", content=b"{oops", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] == "diagnosis.bad_body"


def test_documented_in_openapi(client):
    assert "/api/diagnose" in client.get("/openapi.json").json()["paths"]
