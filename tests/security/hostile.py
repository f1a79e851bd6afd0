"""A real GrowthDoc server on loopback (keys required, admin token, both channels on, pointed at a fake
platform) and the table of attacks a stranger can send it. Shared by tests/security/test_hostile_server.py
and benchmarks/hostile_load.py.

Each attack names the issue-14 item it covers, so a failing row says which fix it waits for.
"""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from tests.servers import (
    free_port,  # noqa: F401  (the suites and benchmarks import it from here)
    uvicorn_server,
)
from tests.servers import server_env as clean_env

ADMIN_TOKEN = "hostile-suite-bootstrap-token-0123456789"
MESSENGER = {"app_secret": "messenger-app-secret-for-tests", "verify_token": "verify-me", "page_token": "page-token"}
ZALO = {"app_id": "4242424242", "oa_secret": "zalo-oa-secret-for-tests", "access_token": "zalo-access"}
BIG = 30 * 2**20  # the 29 MB bodies froze the server for 24 s
DEEP = 100_000


class FakePlatform:
    """Graph API and Zalo OpenAPI stand-in: answers every send with success and records it."""

    def __init__(self):
        self.sent: list[dict] = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                platform.sent.append({"path": self.path, "body": body.decode("utf-8", "replace")})
                answer = json.dumps({"recipient_id": "u", "message_id": "m", "error": 0}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def server_env(data_dir: Path, platform_url: str) -> dict:
    """Environment of a locked-down deployment whose channels talk to the fake platform."""
    return clean_env(data_dir, **{
        "GROWTHDOC_REQUIRE_KEYS": "true", "GROWTHDOC_ADMIN_TOKEN": ADMIN_TOKEN,
        "GROWTHDOC_RATE_LIMIT_IP_PER_MIN": "100000", "GROWTHDOC_RATE_LIMIT_SESSION_PER_MIN": "100000",
        **{f"GROWTHDOC_MESSENGER_{k.upper()}": v for k, v in MESSENGER.items()},
        **{f"GROWTHDOC_ZALO_{k.upper()}": v for k, v in ZALO.items()},
        "GROWTHDOC_MESSENGER_API_BASE": platform_url, "GROWTHDOC_ZALO_API_BASE": platform_url,
        "GROWTHDOC_ZALO_OAUTH_BASE": platform_url,
    })


@contextmanager
def running_server(root: Path, platform_url: str) -> Iterator[dict]:
    """uvicorn on 127.0.0.1 and a free port; yields url, process, a workspace's widget key and admin key."""
    with uvicorn_server(root, server_env(root / "data", platform_url)) as (url, process):
        yield {"url": url, "process": process, "log": root / "server.log", **_workspace(url)}


def _workspace(url: str) -> dict:
    made = httpx.post(url + "/api/admin/workspaces", json={"name": "Shop"},
                      headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10).json()
    key = httpx.post(url + "/api/admin/keys", json={"allowed_origins": ["*"]},
                     headers={"Authorization": f"Bearer {made['admin_key']}"}, timeout=10).json()["key"]
    return {"widget_key": key, "admin_key": made["admin_key"]}


# --- signed (and forged) deliveries ------------------------------------------------------------------

def now_ms() -> int:
    return int(time.time() * 1000)


def messenger_body(mid: str, text: str = "chào shop", at: int | None = None, sender: str = "U1") -> bytes:
    at = at or now_ms()
    event = {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": at,
             "message": {"mid": mid, "text": text}}
    return json.dumps({"object": "page", "entry": [{"id": "PAGE", "time": at, "messaging": [event]}]}).encode()


def messenger_signature(raw: bytes, secret: str = MESSENGER["app_secret"]) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def zalo_body(msg_id: str, text: str = "chào shop", at: int | None = None, sender: str = "8421111111111111111") -> bytes:
    event = {"app_id": ZALO["app_id"], "event_name": "user_send_text", "sender": {"id": sender},
             "recipient": {"id": "OA1"}, "message": {"text": text, "msg_id": msg_id}, "timestamp": str(at or now_ms())}
    return json.dumps(event).encode()


def zalo_signature(raw: bytes, secret: str = ZALO["oa_secret"]) -> str:
    timestamp = json.loads(raw)["timestamp"]
    return "mac=" + hashlib.sha256(ZALO["app_id"].encode() + raw + timestamp.encode() + secret.encode()).hexdigest()


# --- the attacks ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attack:
    """One hostile request: `send(client, server)` returns the response; the server must answer 4xx."""

    name: str
    item: str  # the issue-14 item whose fix makes this row pass
    send: Callable[[httpx.Client, dict], httpx.Response]
    expect: frozenset[int] = frozenset(range(400, 500))  # the right refusals; a 4xx for another reason is a miss


SIZE, SIGNATURE, HEADERS = frozenset({413}), frozenset({401, 403}), frozenset({400, 413, 431})


def _widget(server: dict, **extra) -> dict:
    return {"X-GrowthDoc-Key": server["widget_key"], **extra}


def _session(client: httpx.Client, server: dict) -> str:
    return client.post(server["url"] + "/api/sessions", headers=_widget(server)).json()["session_id"]


def _post_raw(path: str, body: bytes | Callable[[], bytes], content_type: str = "application/json", **headers):
    def send(client: httpx.Client, server: dict) -> httpx.Response:
        data = body() if callable(body) else body
        return client.post(server["url"] + path, content=data, headers=_widget(server, **headers) | {
            "Content-Type": content_type})
    return send


def _to_session(make_body: Callable[[], bytes], suffix: str = "/messages", content_type: str = "application/json"):
    def send(client: httpx.Client, server: dict) -> httpx.Response:
        sid = _session(client, server)
        return client.post(f"{server['url']}/api/sessions/{sid}{suffix}", content=make_body(),
                           headers=_widget(server, **{"Content-Type": content_type}))
    return send


def _big_json() -> bytes:
    """30 MB of JSON that is costly to parse (15 million numbers), valid up to its size."""
    return b'{"text": "x", "timestamp": "1", "pad": [' + b"0," * (BIG // 2) + b'0]}'


def _deep_json() -> bytes:
    return b'{"text": "x", "n": ' + b"[" * DEEP + b"]" * DEEP + b"}"


def _messenger(raw: Callable[[], bytes], signature: Callable[[bytes], str] | None):
    def send(client: httpx.Client, server: dict) -> httpx.Response:
        data = raw()
        headers = {"Content-Type": "application/json"}
        if signature:
            headers["X-Hub-Signature-256"] = signature(data)
        return client.post(server["url"] + "/channels/messenger/webhook", content=data, headers=headers)
    return send


def _zalo(raw: Callable[[], bytes], signature: Callable[[bytes], str] | None):
    def send(client: httpx.Client, server: dict) -> httpx.Response:
        data = raw()
        headers = {"Content-Type": "application/json"}
        if signature:
            headers["X-ZEvent-Signature"] = signature(data)
        return client.post(server["url"] + "/channels/zalo/webhook", content=data, headers=headers)
    return send


def _unique() -> str:
    return f"{time.time_ns()}-{threading.get_ident()}"


def _stale_ms() -> int:
    # a delivery older than the replay window (48 h by default: platforms retry for about 36 h)
    return now_ms() - 72 * 3600 * 1000


def _multipart(body: bytes, boundary: str = "XyZ"):
    return _to_session(lambda: body, "/uploads", f"multipart/form-data; boundary={boundary}")


def _huge_headers(client: httpx.Client, server: dict) -> httpx.Response:
    """Headers of 200 KB on a route that answers 200 otherwise, so only a header limit makes it a 4xx."""
    pad = {f"X-Pad-{i}": "a" * 8_000 for i in range(25)}
    return client.post(server["url"] + "/api/sessions", headers=_widget(server, **pad))


def _v1_with_widget_key(client: httpx.Client, server: dict) -> httpx.Response:
    body = {"model": "growthdoc", "user": "alice@shop.vn", "messages": [{"role": "user", "content": "tóm tắt"}]}
    return client.post(server["url"] + "/v1/chat/completions", json=body,
                       headers={"Authorization": f"Bearer {server['widget_key']}", **_widget(server)})


TRUNCATED = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2'
NO_FILE = b'--XyZ\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--XyZ--\r\n'

ATTACKS: tuple[Attack, ...] = (
    Attack("messenger forged signature", "forged webhooks",
           _messenger(lambda: messenger_body("m-" + _unique()), lambda raw: messenger_signature(raw, "wrong")), SIGNATURE),
    Attack("messenger unsigned", "forged webhooks", _messenger(lambda: messenger_body("m-" + _unique()), None), SIGNATURE),
    Attack("messenger unsigned 30 MB", "size before parse (webhooks)",
           _messenger(_big_json, None), SIZE | SIGNATURE),
    Attack("messenger replayed stale delivery", "seen ids persisted with a timestamp window",
           _messenger(lambda: messenger_body("m-" + _unique(), at=_stale_ms()), messenger_signature)),
    Attack("zalo forged signature", "forged webhooks",
           _zalo(lambda: zalo_body("z-" + _unique()), lambda raw: zalo_signature(raw, "wrong")), SIGNATURE),
    Attack("zalo unsigned 30 MB", "signature before parse (Zalo)",
           _zalo(_big_json, None), SIZE | SIGNATURE),
    Attack("zalo replayed stale delivery", "seen ids persisted with a timestamp window",
           _zalo(lambda: zalo_body("z-" + _unique(), at=_stale_ms()), zalo_signature)),
    Attack("messages 30 MB JSON", "body-size limit (messages)", _to_session(_big_json), SIZE),
    Attack("diagnose 30 MB JSON", "body-size limit (diagnose)", _post_raw("/api/diagnose", _big_json), SIZE),
    Attack("/v1 30 MB JSON", "body-size limit (/v1)", _post_raw("/v1/chat/completions", _big_json), SIZE | SIGNATURE),
    Attack("messages deeply nested JSON", "nesting limits", _to_session(_deep_json)),
    Attack("diagnose deeply nested JSON", "nesting limits", _post_raw("/api/diagnose", _deep_json)),
    Attack("messages lone surrogate", "Unicode limits", _to_session(lambda: b'{"text": "xin ch\\ud800o"}')),
    Attack("diagnose lone surrogate", "Unicode limits", _post_raw(
        "/api/diagnose", b'{"business": {"name": "\\udfff"}, "funnel": {"leads": 10, "customers": 1}}')),
    Attack("messages invalid UTF-8", "Unicode limits", _to_session(lambda: b'{"text": "\xff\xfe\xc3"}')),
    Attack("upload truncated multipart", "malformed multipart", _multipart(TRUNCATED)),
    Attack("upload multipart without a file", "malformed multipart", _multipart(NO_FILE)),
    Attack("upload multipart, wrong boundary", "malformed multipart", _multipart(NO_FILE, "nope")),
    Attack("200 KB of headers", "huge headers", _huge_headers, HEADERS),
    Attack("/v1 with a widget key and someone's user id", "/v1 bound to a server key", _v1_with_widget_key, SIGNATURE),
)
