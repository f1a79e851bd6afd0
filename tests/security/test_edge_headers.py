"""Headers a client writes: X-Forwarded-For only from configured proxies, no reflected Host, no secret in logs."""

import logging

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from assistant.channels import redact
from assistant.channels.proxies import TrustedProxies
from assistant.core.config import Settings, get_settings
from assistant.server import create_app, uvicorn_options
from tests.channels.fakes import LocalServer


def _statuses(client, count: int, forwarded=lambda i: f"198.51.100.{i}") -> list[int]:
    return [client.get("/v1/models", headers={"X-Forwarded-For": forwarded(i)}).status_code for i in range(count)]


def test_rotating_forwarded_for_from_loopback_hits_the_per_ip_limit_on_a_real_server():
    app = create_app(Settings(rate_limit_ip_per_min=3))
    with LocalServer(app, **uvicorn_options()) as server, httpx.Client(base_url=server.url) as client:
        assert _statuses(client, 5) == [200, 200, 200, 429, 429]


def test_forwarded_for_from_a_configured_proxy_is_honoured():
    app = create_app(Settings(rate_limit_ip_per_min=3, trusted_proxies=["127.0.0.1"]))
    with LocalServer(app, **uvicorn_options()) as server, httpx.Client(base_url=server.url) as client:
        assert _statuses(client, 5) == [200] * 5  # five clients behind our proxy, one request each
        assert _statuses(client, 4, forwarded=lambda i: "198.51.100.77") == [200, 200, 200, 429]


def test_the_client_is_the_rightmost_address_that_is_not_our_proxy():
    proxies = TrustedProxies(["10.0.0.0/8"])
    assert proxies.client_of("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9") == "203.0.113.7"  # 6.6.6.6 was forged
    assert proxies.client_of("203.0.113.50", "6.6.6.6") == "203.0.113.50"  # not our proxy: header ignored
    assert proxies.client_of("10.0.0.5", "not-an-ip") == "10.0.0.5"
    assert TrustedProxies([]).client_of("127.0.0.1", "6.6.6.6") == "127.0.0.1"  # loopback not trusted by default


def test_the_demo_page_never_reflects_the_host_header(monkeypatch):
    client = TestClient(create_app(Settings()))
    page = client.get("/", headers={"Host": "evil.example"}).text
    assert "evil.example" not in page and 'src="/widget.js"' in page
    assert "http://127.0.0.1:8000/widget.js" in page  # the snippet names where the server listens
    monkeypatch.setenv("GROWTHDOC_PUBLIC_URL", "https://chat.shop.vn/")  # routes read the settings dependency
    get_settings.cache_clear()
    public = TestClient(create_app())
    assert "https://chat.shop.vn/widget.js" in public.get("/", headers={"Host": "evil.example"}).text


def test_secret_query_values_are_redacted():
    line = "GET /channels/messenger/webhook?hub.mode=subscribe&hub.verify_token=s3cr3t-v&hub.challenge=42"
    assert redact.redact(line) == line.replace("s3cr3t-v", "[redacted]")
    assert redact.redact("POST https://graph/me/messages?access_token=EAAB123") == \
        "POST https://graph/me/messages?access_token=[redacted]"


@pytest.fixture
def messenger_env(monkeypatch):
    from tests.channels.fakes import FakeGraph

    graph = FakeGraph()
    with LocalServer(graph.app) as graph_server:
        for name, value in {"APP_SECRET": "app-secret-1", "VERIFY_TOKEN": "verify-tok-7",
                            "PAGE_TOKEN": "EAAGpagetoken42", "API_BASE": graph_server.url}.items():
            monkeypatch.setenv(f"GROWTHDOC_MESSENGER_{name}", value)
        get_settings.cache_clear()
        yield graph


def test_the_page_token_never_reaches_httpx_request_log(messenger_env, caplog):
    import hashlib
    import hmac
    import json
    import time

    from assistant.channels.deps import get_service
    from tests.channels.fakes import FakeService

    app = create_app()
    app.dependency_overrides[get_service] = FakeService
    body = json.dumps({"object": "page", "entry": [{"messaging": [{"sender": {"id": "p1"}, "timestamp":
                       int(time.time() * 1000), "message": {"mid": "mid.log", "text": "chào"}}]}]}).encode()
    signature = "sha256=" + hmac.new(b"app-secret-1", body, hashlib.sha256).hexdigest()
    with caplog.at_level(logging.INFO):
        TestClient(app).post("/channels/messenger/webhook", content=body, headers={"X-Hub-Signature-256": signature})
        assert app.state.messenger_bot.workers.wait_idle(10)
        app.state.messenger_bot.close()
    assert messenger_env.sent and "HTTP Request: POST" in caplog.text  # httpx did log the Send API call
    assert "EAAGpagetoken42" not in caplog.text and "access_token=[redacted]" in caplog.text


def test_the_verify_token_never_reaches_the_access_log(messenger_env):
    app = create_app()
    config = uvicorn.Config(app, log_config=None, log_level="info", access_log=True, lifespan="off")
    lines = _Lines()  # on uvicorn's own logger: some uvicorn versions do not propagate access lines
    access = logging.getLogger("uvicorn.access")
    access.addHandler(lines)
    try:
        with LocalServer(app, config=config) as server:
            params = {"hub.mode": "subscribe", "hub.verify_token": "verify-tok-7", "hub.challenge": "99"}
            assert httpx.get(f"{server.url}/channels/messenger/webhook", params=params).text == "99"
    finally:
        access.removeHandler(lines)
    text = "\n".join(lines.seen)
    assert "/channels/messenger/webhook" in text  # the access line was written
    assert "verify-tok-7" not in text and "hub.verify_token=[redacted]" in text


class _Lines(logging.Handler):
    """Keeps every formatted line a logger writes."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())
