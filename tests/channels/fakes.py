"""Local stand-ins for the Graph and Zalo APIs (real HTTP on 127.0.0.1) and a scripted service.

Used by the Messenger, Zalo and OpenAI-compatible tests and by benchmarks/load_webhooks.py.
The fakes record every request and can be told to answer errors, like the platforms do.
"""

import socket
import threading
import time
from collections import defaultdict

import uvicorn
from fastapi import FastAPI, Form, Header, Request
from fastapi.responses import JSONResponse, Response

from assistant.contracts import Citation, Reply


class LocalServer:
    """Serve an ASGI app with uvicorn on a free loopback port, in a daemon thread."""

    def __init__(self, app, lifespan: str = "off", config: uvicorn.Config | None = None, **options):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        options = {"log_level": "warning"} | options
        self.server = uvicorn.Server(config or uvicorn.Config(app, lifespan=lifespan, **options))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


class FakeGraph:
    """The Send API and a file host: records sends; `fail_next` queues Graph errors."""

    def __init__(self):
        self.sent: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}  # name -> Location, like a CDN link that moves
        self.fail_next: list[tuple[int, dict]] = []
        self.on_send = None  # called after a send is recorded, before its answer (a test kills the sender there)
        self.lock = threading.Lock()
        self.app = FastAPI()
        self.app.post("/me/messages")(self._send)
        self.app.get("/files/{name}")(self._file)
        self.app.get("/moved/{name}")(self._moved)

    async def _send(self, request: Request, access_token: str = "") -> Response:
        body = await request.json()
        with self.lock:
            if self.fail_next:
                status, error = self.fail_next.pop(0)
                return JSONResponse(error, status_code=status)
            self.sent.append({**body, "access_token": access_token, "at": time.monotonic()})
        if self.on_send is not None:
            self.on_send(body)
        return JSONResponse({"recipient_id": body["recipient"]["id"], "message_id": f"m_{len(self.sent)}"})

    async def _file(self, name: str) -> Response:
        return Response(self.files[name], media_type="application/octet-stream") if name in self.files \
            else JSONResponse({"error": {"message": "not found", "code": 100}}, status_code=404)

    async def _moved(self, name: str) -> Response:
        return Response(status_code=302, headers={"Location": self.redirects[name]})

    def texts_to(self, user_id: str) -> list[str]:
        with self.lock:
            return [s["message"]["text"] for s in self.sent if s["recipient"]["id"] == user_id]


class FakeZalo:
    """The OA API (`/v3.0/oa/message/cs`), the OAuth token endpoint and a file host.

    Only the current access token is accepted (else error -216); a refresh token works once.
    """

    def __init__(self, access: str = "access-1", refresh: str = "refresh-1", app_secret: str = "app-secret"):
        self.access, self.refresh, self.app_secret = access, refresh, app_secret
        self.sent: list[dict] = []
        self.refreshes: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.refresh_delay_s = 0.0
        self.lock = threading.Lock()
        self.app = FastAPI()
        self.app.post("/v3.0/oa/message/cs")(self._send)
        self.app.post("/v4/oa/access_token")(self._token)
        self.app.get("/files/{name}")(self._file)

    def expire(self) -> None:
        """The current access token stops working (the next send gets -216)."""
        with self.lock:
            self.access = self.access + "-expired-by-zalo"

    async def _send(self, request: Request, access_token: str = Header("", convert_underscores=False)) -> Response:
        body = await request.json()
        with self.lock:
            if access_token != self.access:
                return JSONResponse({"error": -216, "message": "Access token is invalid"})
            self.sent.append({**body, "at": time.monotonic()})
        return JSONResponse({"error": 0, "message": "Success", "data": {"message_id": f"z{len(self.sent)}"}})

    def _token(self, refresh_token: str = Form(""), app_id: str = Form(""), grant_type: str = Form(""),
               secret_key: str = Header("", convert_underscores=False)) -> Response:
        time.sleep(self.refresh_delay_s)  # a sync route runs in a thread: concurrent refreshes overlap
        with self.lock:
            self.refreshes.append({"refresh_token": refresh_token, "app_id": app_id, "grant_type": grant_type,
                                   "secret_key": secret_key})
            if secret_key != self.app_secret or refresh_token != self.refresh:
                return JSONResponse({"error": -14014, "error_name": "Invalid refresh token"})
            n = len(self.refreshes) + 1
            self.access, self.refresh = f"access-{n}", f"refresh-{n}"
            return JSONResponse({"access_token": self.access, "refresh_token": self.refresh, "expires_in": "90000"})

    async def _file(self, name: str) -> Response:
        return Response(self.files[name]) if name in self.files else Response(status_code=404)

    def texts_to(self, user_id: str) -> list[str]:
        with self.lock:
            return [s["message"]["text"] for s in self.sent if s["recipient"]["user_id"] == user_id]


LONG_REPLY_SENTENCES = 160


class FakeService:
    """The ConversationService contract, scripted: echoes the text; 'dài'/'long' gets a long reply."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sessions: dict[tuple, str] = {}
        self.history: dict[str, list[dict]] = defaultdict(list)
        self.uploads: list[dict] = []

    def create_session(self, workspace_id="default", channel="web", external_id=None) -> str:
        with self.lock:
            session_id = f"s{len(self.history) + len(self.sessions) + 1}-{time.monotonic_ns()}"
            self.history[session_id] = []
            return session_id

    def session_for(self, workspace_id, channel, external_id) -> str:
        with self.lock:
            key = (workspace_id, channel, external_id)
            if key not in self.sessions:
                self.sessions[key] = f"{channel}:{external_id}"
                self.history[self.sessions[key]] = []
            return self.sessions[key]

    def seed_history(self, session_id, messages) -> None:
        self.history[session_id].extend({"role": role, "text": text, "seeded": True} for role, text in messages)

    def get_session(self, session_id, workspace_id="default"):
        return {"session_id": session_id, "lang": "vi", "messages": list(self.history.get(session_id, []))}

    def send_message(self, session_id, text, workspace_id="default") -> Reply:
        self.history[session_id].append({"role": "user", "text": text})
        reply = self._reply(text)
        self.history[session_id].append({"role": "assistant", "text": reply.text})
        return reply

    def stream_message(self, session_id, text, workspace_id="default"):
        reply = self.send_message(session_id, text, workspace_id)
        for word in reply.text.split(" "):
            yield word + " "
        yield reply

    def add_upload(self, session_id, filename, data, workspace_id="default") -> dict:
        with self.lock:
            self.uploads.append({"session_id": session_id, "filename": filename, "data": data})
        return {"dataset_id": "d1", "rows": data.count(b"\n"), "reply": f"Đã đọc tệp {filename}."}

    def _reply(self, text: str) -> Reply:
        citation = Citation(doc_id="silos", title="Sáu silo", heading="SLA marketing–sales", source="knowledge/silos.md")
        if "dài" in text or "long" in text:
            body = " ".join(f"Câu số {i} giải thích một ý về phễu bán hàng." for i in range(LONG_REPLY_SENTENCES))
            return Reply(text=body, citations=[citation])
        return Reply(text=f"Đã nhận: {text}", citations=[citation])

    def user_texts(self, channel: str, external_id: str) -> list[str]:
        session_id = self.sessions.get(("default", channel, external_id))
        return [m["text"] for m in self.history.get(session_id, []) if m["role"] == "user"]


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Poll `condition()` until it is true (background work), False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())
