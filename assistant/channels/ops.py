"""Operations: request ids on every answer and log line, `/readyz` (database and knowledge index), `/metrics`.

`/healthz` says the process is alive; `/readyz` says it can serve: the database answers and the
knowledge index (embedded or a Chroma server) is reachable. `/metrics` is Prometheus' text format;
with `GROWTHDOC_REQUIRE_KEYS` on it needs the admin token as a Bearer token.
"""

import hmac
import re
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.channels.access import CHALLENGE, AccessError
from assistant.core import logs, metrics

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
DOORS = (("/v1/", "openai"), ("/api/", "rest"), ("/channels/messenger", "messenger"), ("/channels/zalo", "zalo"))

router = APIRouter(tags=["ops"])


class RequestIdMiddleware:
    """Take a well-formed `X-Request-ID` or make one; every log line of the request carries it, and the answer too."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        rid_token = logs.request_id.set(rid)
        door_token = metrics.door.set(next((name for prefix, name in DOORS if scope["path"].startswith(prefix)),
                                           "other"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logs.request_id.reset(rid_token)
            metrics.door.reset(door_token)


def _database_ok(request: Request) -> str:
    try:
        with request.app.state.service.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return "ok"
    except Exception as error:  # down, refused, wrong password: say which, not a stack trace
        return f"unavailable: {type(error).__name__}"


def _knowledge_ok(request: Request) -> str:
    search = getattr(request.app.state, "search", None)
    if search is None:
        return "unavailable: no index (run `growthdoc ingest`)"
    try:
        search.count()  # a round trip to the Chroma server when there is one, following a rebuild
        return "ok"
    except Exception as error:
        return f"unavailable: {type(error).__name__}"


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """200 when the database and the knowledge index answer; 503 naming what does not."""
    checks = {"database": await run_in_threadpool(_database_ok, request),
              "knowledge": await run_in_threadpool(_knowledge_ok, request)}
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks},
                        status_code=200 if ready else 503)


@router.get("/metrics", include_in_schema=False)
async def prometheus(request: Request) -> Response:
    """Turn latency by engine and door, LLM fallbacks, webhook backlog, and the process' own figures."""
    settings = request.app.state.settings
    if settings.require_keys:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not (settings.admin_token and hmac.compare_digest(given.encode(), settings.admin_token.encode())):
            raise AccessError("access.metrics_token_needed", status=401, headers=CHALLENGE)
    inbox = getattr(request.app.state, "inbox", None)
    if inbox is not None:
        try:
            metrics.WEBHOOK_BACKLOG.set(await run_in_threadpool(inbox.backlog))
        except Exception:  # the database is down: /readyz says so; the other figures still go out
            pass
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
