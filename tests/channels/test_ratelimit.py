"""Rate limits: per IP and per session, 429 with Retry-After and a message in the caller's language."""

import asyncio
import socket

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.channels.ratelimit import RateLimiter, RateLimitMiddleware


def _app(ip_per_min: int, session_per_min: int) -> FastAPI:
    app = FastAPI()

    @app.post("/api/sessions/{session_id}/messages")
    def message(session_id: str) -> dict:
        return {"session_id": session_id}

    @app.get("/api/ping")
    def ping() -> dict:
        return {"ok": True}

    @app.post("/channels/messenger/webhook")
    def webhook() -> dict:
        return {"ok": True}

    app.add_middleware(RateLimitMiddleware, limiter=RateLimiter(ip_per_min, session_per_min))
    return app


def test_a_session_over_its_budget_gets_429_with_retry_after_in_vietnamese():
    client = TestClient(_app(ip_per_min=100, session_per_min=3))
    codes = [client.post("/api/sessions/s1/messages").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.post("/api/sessions/s1/messages")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["code"] == "access.rate_limited"
    assert "thử lại sau" in refused.json()["detail"]
    assert client.post("/api/sessions/s2/messages").status_code == 200  # other sessions unaffected


def test_the_429_message_follows_the_callers_language():
    client = TestClient(_app(ip_per_min=100, session_per_min=1))
    client.post("/api/sessions/s1/messages")
    refused = client.post("/api/sessions/s1/messages", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert refused.status_code == 429 and "try again in" in refused.json()["detail"]


def test_an_ip_over_its_budget_is_refused_on_every_api_path():
    client = TestClient(_app(ip_per_min=2, session_per_min=100))
    assert [client.get("/api/ping").status_code for _ in range(2)] == [200, 200]
    assert client.post("/api/sessions/s9/messages").status_code == 429
    assert client.get("/api/ping").status_code == 429


def test_webhooks_are_not_counted():
    client = TestClient(_app(ip_per_min=1, session_per_min=1))
    assert {client.post("/channels/messenger/webhook").status_code for _ in range(5)} == {200}


def test_limits_come_from_settings(monkeypatch):
    from assistant.core.config import get_settings

    monkeypatch.setenv("GROWTHDOC_RATE_LIMIT_SESSION_PER_MIN", "2")
    get_settings.cache_clear()
    app = FastAPI()
    app.add_api_route("/api/sessions/{sid}/messages", lambda sid: {"ok": True}, methods=["POST"])
    app.add_middleware(RateLimitMiddleware, settings=get_settings())  # as create_app passes them
    client = TestClient(app)
    assert [client.post("/api/sessions/a/messages").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("per_min", [1, 5])
def test_the_limiter_allows_exactly_the_budget(per_min):
    limiter = RateLimiter(ip_per_min=per_min, session_per_min=per_min)

    async def hits():
        return [await limiter.hit("ip", "10.0.0.1") for _ in range(per_min + 1)]

    waits = asyncio.run(hits())
    assert waits[:per_min] == [0.0] * per_min and 0 < waits[-1] <= 60


def test_a_429_reaches_the_widget_with_cors_headers(monkeypatch):
    """In the real app the limiter sits inside the CORS layer, so a widget can read the message."""
    from assistant.core.config import get_settings
    from assistant.server import create_app

    monkeypatch.setenv("GROWTHDOC_RATE_LIMIT_IP_PER_MIN", "2")
    get_settings.cache_clear()
    client = TestClient(create_app())
    store = client.app.state.tenants
    workspace, admin_key = store.create_workspace("A")
    key = store.create_widget_key(workspace, ["https://shop.vn"]).key
    headers = {"Authorization": f"Bearer {admin_key}", "X-GrowthDoc-Key": key, "Origin": "https://shop.vn",
               "Accept-Language": "en"}
    responses = [client.get("/api/admin/keys", headers=headers) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[-1].headers["access-control-allow-origin"] == "https://shop.vn"
    assert "Retry-After" in responses[-1].headers["access-control-expose-headers"]
    assert "try again" in responses[-1].json()["detail"]


def _app_on(storage: str, session_per_min: int) -> FastAPI:
    app = _app(100, session_per_min)
    app.user_middleware.clear()
    app.add_middleware(RateLimitMiddleware, limiter=RateLimiter(100, session_per_min, storage))
    return app


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "assistant.channels.ratelimit"]


@pytest.mark.slow
def test_two_instances_share_the_counters_in_redis_and_fail_open_with_a_log_line_when_it_is_down(caplog):
    from tests.services import Redis

    redis = Redis()
    # one event loop per client for its whole life, as under uvicorn (the async Redis client is tied to it)
    with TestClient(_app_on(redis.url, session_per_min=3)) as first, \
            TestClient(_app_on(redis.url, session_per_min=3)) as second:
        try:
            codes = [client.post("/api/sessions/s1/messages").status_code for client in (first, second, first, second)]
            assert codes == [200, 200, 200, 429]  # one budget across both instances
        finally:
            redis.stop()
        with caplog.at_level("WARNING", logger="assistant.channels.ratelimit"):
            assert [first.post("/api/sessions/s1/messages").status_code for _ in range(3)] == [200, 200, 200]
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and "rate limits not applied" in warnings[0]  # once, not per request


def test_the_app_answers_api_requests_with_redis_down_from_the_start_and_logs_it_once(monkeypatch, caplog):
    from assistant.core.config import get_settings
    from assistant.server import create_app
    from tests.servers import free_port

    monkeypatch.setenv("GROWTHDOC_RATE_LIMIT_STORAGE", f"redis://127.0.0.1:{free_port()}")  # nothing listens there
    get_settings.cache_clear()
    with caplog.at_level("WARNING", logger="assistant.channels.ratelimit"), TestClient(create_app()) as client:
        codes = [client.post("/api/sessions").status_code for _ in range(3)]
        diagnosed = client.post("/api/diagnose", json={"funnel": {"leads": 400, "customers": 12}})
    assert codes == [200, 200, 200] and diagnosed.status_code == 200
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and "ConnectionError" in warnings[0]


def test_a_redis_that_accepts_and_never_answers_is_given_up_after_the_timeout(caplog):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        storage = f"redis://127.0.0.1:{silent.getsockname()[1]}"
        app = _app(100, 3)
        app.user_middleware.clear()
        app.add_middleware(RateLimitMiddleware, limiter=RateLimiter(100, 3, storage, timeout_s=0.2))
        with caplog.at_level("WARNING", logger="assistant.channels.ratelimit"), TestClient(app) as client:
            assert client.post("/api/sessions/s1/messages").status_code == 200
    warnings = _warnings(caplog)
    assert len(warnings) == 1 and "Timeout" in warnings[0]


def test_a_window_lets_requests_through_again_once_its_oldest_hit_is_a_window_old(monkeypatch):
    from assistant.channels import ratelimit

    clock = [1000.0]
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: clock[0])
    windows = ratelimit.MovingWindows()
    assert windows.hit("session", "s1", 2) == 0.0
    clock[0] += 10
    assert windows.hit("session", "s1", 2) == 0.0
    clock[0] += 10
    assert windows.hit("session", "s1", 2) == 40.0  # refused until the first hit is a minute old
    assert windows.hit("session", "s2", 2) == 0.0  # another conversation has its own window
    clock[0] += 40
    assert windows.hit("session", "s1", 2) == 0.0  # the first hit left; the second is still counted
    assert windows.hit("session", "s1", 2) == 10.0


def test_idle_windows_are_dropped_so_many_one_off_callers_do_not_grow_memory(monkeypatch):
    from assistant.channels import ratelimit

    clock = [1000.0]
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: clock[0])
    windows = ratelimit.MovingWindows()
    for n in range(500):
        windows.hit("ip", f"10.0.{n // 256}.{n % 256}", 120)
    assert len(windows) == 500
    clock[0] += 61
    windows.hit("ip", "10.9.9.9", 120)
    assert len(windows) == 1


def test_counting_in_memory_starts_no_thread():
    import threading

    limiter = RateLimiter(ip_per_min=1000, session_per_min=1000)
    before = threading.active_count()

    async def hits():
        return [await limiter.hit("session", f"s{n}") for n in range(200)]

    assert asyncio.run(hits()) == [0.0] * 200
    assert threading.active_count() == before
