"""Hostile files against the real server: each answered 4xx in the caller's language within 2 s, and
the server keeps serving; a reader that dies or hangs costs one worker process, never the server."""

import functools
import io
import os
import signal
import threading
import time
import zipfile

import httpx
import psutil
import pytest
from fastapi.testclient import TestClient

from assistant.core.config import get_settings
from assistant.server import create_app
from tests.kpi.hostile import far_corner, orders_rows, sheet_xml, workbook
from tests.servers import server_env, uvicorn_server

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "samples")
PER_REQUEST_S = 2.0  # the client gives up after this: a slow answer fails the test


def _zip(entries: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return buffer.getvalue()


def _truncated() -> bytes:
    data = workbook(sheet_xml(orders_rows(50)))
    return data[: len(data) // 2]


@functools.lru_cache
def hostile() -> dict[str, bytes]:
    """The corpus, built on first use (some files take a second to pack): name -> bytes."""
    return {
        "far_corner.xlsx": far_corner(),  # the 1.5 KB workbook that aborted the server
        "zz200000.xlsx": far_corner("ZZ200000"),
        "lying_dimension.xlsx": far_corner(dimension="A1:B2"),
        "declared_strings.xlsx": workbook(sheet_xml(orders_rows(3)), extra={
            "xl/sharedStrings.xml": '<sst uniqueCount="99999999999"><si><t>a</t></si></sst>'}),
        "many_cells.xlsx": workbook(sheet_xml(orders_rows(1)).replace(  # 2 million cells on one spot
            "</sheetData>", '<row r="2">' + '<c r="A2"/>' * 2_000_000 + "</row></sheetData>")),
        "zip_bomb.xlsx": _zip({"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"0" * (60 * 2**20)}),
        "xxe.xlsx": workbook('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                             + sheet_xml(orders_rows(3)).split("?>", 1)[1].replace("DH0", "&e;")),
        "ods_fallback.xlsx": workbook(sheet_xml(orders_rows(3)), extra={"content.xml": "<office:document/>"}),
        "truncated.xlsx": _truncated(),
        "not_a_workbook.xlsx": _zip({"word/document.xml": "<w/>"}),
        "image.xlsx": b"\x89PNG\r\n\x1a\n" + b"\x00" * 512,
        "wide.csv": (",".join(f"c{i}" for i in range(4000)) + "\n" + ",".join("1" * 4000) + "\n").encode(),
        "long_header.csv": (",".join(f"column_{i:06d}" for i in range(6000)) + "\n1\n").encode(),
        "nul_bytes.csv": b"month,spend\x00,leads\n" + b"2026-10,\x00\x00100,5\n" * 50,
        "lone_surrogates.csv": "Tên\udc80,Ghi chú\ud800\n1,2\n".encode("utf-8", "surrogatepass"),
        "deep_quotes.csv": b'"' + b'""' * 200_000 + b',x\n1,2\n',
        "unbalanced_quotes.csv": b'month,"spend\n' + b'2026-10,"1\n' * 20_000,
        "only_nan.csv": b"month,channel,spend\n2026-10,fb,nan\n",
        "empty.csv": b"",
    }


NAMES = ["far_corner.xlsx", "zz200000.xlsx", "lying_dimension.xlsx", "declared_strings.xlsx", "many_cells.xlsx",
         "zip_bomb.xlsx", "xxe.xlsx", "ods_fallback.xlsx", "truncated.xlsx", "not_a_workbook.xlsx", "image.xlsx",
         "wide.csv", "long_header.csv", "nul_bytes.csv", "lone_surrogates.csv", "deep_quotes.csv",
         "unbalanced_quotes.csv", "empty.csv"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real uvicorn process on loopback (offline engine, its own data dir)."""
    root = tmp_path_factory.mktemp("hostile-server")
    with uvicorn_server(root, server_env(root / "data")) as (url, process):
        yield {"url": url, "process": process}


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server["url"], timeout=PER_REQUEST_S) as client:
        client.post("/api/kpis", files={"file": ("warm.csv", open(f"{SAMPLES}/funnel_template.csv", "rb").read())},
                    timeout=60)  # the first upload starts the worker's forkserver
        yield client


def _alive(server) -> None:
    assert server["process"].poll() is None, "the server process died"
    assert httpx.get(server["url"] + "/healthz", timeout=PER_REQUEST_S).status_code == 200


def _written_in(lang: str, text: str) -> bool:
    """Every file message names the file: `tệp`/`bảng tính` in Vietnamese, `file`/`workbook` in English."""
    text = text.lower()
    vietnamese = "tệp" in text or "bảng tính" in text
    return vietnamese if lang == "vi" else not vietnamese and ("file" in text or "workbook" in text)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_file_is_a_quick_4xx_in_the_callers_language(server, http, name, lang):
    response = http.post("/api/kpis", files={"file": (name, hostile()[name])}, headers={"Accept-Language": lang})
    assert 400 <= response.status_code < 500, response.text
    body = response.json()
    assert body["code"].startswith(("kpi.", "common.")) and _written_in(lang, body["detail"]), body
    _alive(server)


def test_every_hostile_file_into_a_session_leaves_it_readable(server, http):
    sid = http.post("/api/sessions").json()["session_id"]
    for name, data in hostile().items():
        response = http.post(f"/api/sessions/{sid}/uploads", files={"file": (name, data)})
        assert response.status_code < 500, (name, response.text)
        assert http.get(f"/api/sessions/{sid}").status_code == 200, name  # nan and inf stored nowhere
    _alive(server)


def test_non_finite_cells_then_the_session_still_reads(server, http):
    sid = http.post("/api/sessions").json()["session_id"]
    body = b"month,channel,spend,reach,leads,customers,revenue\n2026-10,fb,nan,inf,-inf,5,1e400\n2026-10,gg,100,200,10,2,500\n"
    response = http.post(f"/api/sessions/{sid}/uploads", files={"file": ("nan.csv", body)})
    assert response.status_code == 200 and any("nan" in w for w in response.json()["warnings"])
    session = http.get(f"/api/sessions/{sid}")
    assert session.status_code == 200 and session.json()["snapshot"]["funnel"]["leads"] == 10


@pytest.mark.parametrize("name", ["a\x00b.csv", "../../etc/passwd.csv", "x" * 400 + ".csv", "\u202ecsv.exe", "ảnh/..\\q.csv"])
def test_hostile_file_names_are_stored_safely(server, http, name):
    sid = http.post("/api/sessions").json()["session_id"]
    data = open(f"{SAMPLES}/funnel_template.csv", "rb").read()
    response = http.post(f"/api/sessions/{sid}/uploads", files={"file": (name, data)})
    assert response.status_code == 200, response.text
    stored = http.get(f"/api/sessions/{sid}").json()["uploads"][0]["filename"]
    assert "/" not in stored and "\\" not in stored and "\x00" not in stored and len(stored.encode()) <= 180
    assert "\u202e" not in stored and stored


def _workers(server) -> list[psutil.Process]:
    """The upload workers: children of the server's forkserver (grandchildren of the server)."""
    return [p for child in psutil.Process(server["process"].pid).children() for p in child.children()]


def test_a_worker_killed_mid_read_is_a_clear_error_and_the_next_upload_works(server, http):
    big = workbook(sheet_xml(orders_rows(200_000)))  # a few seconds of reading in the worker
    result = {}
    upload = threading.Thread(target=lambda: result.update(response=http.post(
        "/api/kpis", files={"file": ("big.xlsx", big)}, headers={"Accept-Language": "en"}, timeout=60)))
    upload.start()
    deadline = time.monotonic() + 30
    while not _workers(server) and time.monotonic() < deadline:
        time.sleep(0.02)
    for worker in _workers(server):
        os.kill(worker.pid, signal.SIGKILL)
    upload.join(60)
    response = result["response"]
    assert response.status_code == 422 and response.json()["code"] == "common.file_unsafe"
    assert "could not be read safely" in response.json()["detail"]
    _alive(server)
    again = http.post("/api/kpis", files={"file": ("t.csv", open(f"{SAMPLES}/funnel_template.csv", "rb").read())})
    assert again.status_code == 200 and again.json()["detected_format"] == "template"


@pytest.fixture
def limited(monkeypatch):
    """An in-process app whose upload workers get the limits given."""
    def make(**env):
        for key, value in env.items():
            monkeypatch.setenv(f"GROWTHDOC_{key.upper()}", str(value))
        get_settings.cache_clear()
        return TestClient(create_app())
    return make


def test_a_read_past_the_deadline_is_stopped(limited):
    client = limited(upload_worker_timeout_s=0.3)
    big = workbook(sheet_xml(orders_rows(200_000)))
    response = client.post("/api/kpis", files={"file": ("slow.xlsx", big)})
    assert response.status_code == 422 and response.json()["code"] == "common.file_unsafe"
    assert "an toàn" in response.json()["detail"]
    ok = client.post("/api/kpis", files={"file": ("t.csv", open(f"{SAMPLES}/funnel_template.csv", "rb").read())})
    assert ok.status_code == 200


def test_a_read_past_the_memory_limit_is_stopped(limited):
    client = limited(upload_worker_memory_mb=64)  # less than the worker's own interpreter: any read fails
    data = open(f"{SAMPLES}/meta_ads_vi.csv", "rb").read()
    response = client.post("/api/kpis", files={"file": ("m.csv", data)}, headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "could not be read safely" in response.json()["detail"]
