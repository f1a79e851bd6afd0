"""One body-size limit for every route, by kind (messages, diagnose, /v1, webhooks, uploads, other),
and one limit on the size of a request's headers (431).

Enforced while the body is read, not after: a declared Content-Length over the limit is refused
before a byte is read, and a body sent without one (chunked) is cut off the moment it passes the
limit. The refusal is a 413 in the edge's `{"detail", "code"}` shape and the request's language
(OpenAI's error shape on /v1), whichever part of the app was reading when the limit was passed.
"""

import re

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.channels.lang import request_lang
from assistant.channels.openai_compat import openai_error
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError

KB = 1024
_UPLOADS = re.compile(r"^/api/(sessions/[^/]+/uploads|kpis|compare)/?$")
_MESSAGES = re.compile(r"^/api/sessions/[^/]+/messages/?$")


class BodyTooLarge(UserFacingError):
    """Raised into whoever reads a body that has passed its route's limit."""

    def __init__(self, limit: int):
        super().__init__("common.body_too_large", status=413, limit_kb=max(limit // KB, 1))


def route_kind(path: str) -> str:
    """Which limit a path falls under."""
    if _UPLOADS.match(path):
        return "uploads"
    if _MESSAGES.match(path):
        return "messages"
    if path.startswith(("/api/diagnose", "/api/whatif")):
        return "diagnose"
    if path.startswith("/v1/"):
        return "openai"
    if path.startswith("/channels/"):
        return "webhooks"
    return "other"


def limits_of(settings: Settings) -> dict[str, int]:
    """Bytes allowed per route kind."""
    return {"messages": settings.body_limit_messages_kb * KB, "diagnose": settings.body_limit_diagnose_kb * KB,
            "openai": settings.body_limit_openai_kb * KB, "webhooks": settings.body_limit_webhooks_kb * KB,
            "uploads": int(settings.upload_body_limit_mb * KB * KB), "other": settings.body_limit_other_kb * KB}


def too_large_response(scope: Scope, limit: int) -> JSONResponse:
    """The 413 this middleware sends itself (when no route got to render it)."""
    return _refusal(scope, BodyTooLarge(limit))


def _refusal(scope: Scope, error: UserFacingError) -> JSONResponse:
    lang = request_lang(HTTPConnection(scope))
    if scope["path"].startswith("/v1/"):
        return openai_error(error, lang)  # the /v1 door keeps OpenAI's error shape
    return JSONResponse({"detail": error.message(lang), "code": error.key}, status_code=error.status)


def _header_bytes(scope: Scope) -> int:
    return sum(len(name) + len(value) for name, value in scope.get("headers") or ())


class BodyLimitMiddleware:
    """413 for a body over its route's limit: up front from Content-Length, else as soon as it is passed."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.limits = limits_of(settings)
        self.header_limit = settings.header_limit_kb * KB

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _header_bytes(scope) > self.header_limit:  # the server read them already; no route sees them
            error = UserFacingError("common.headers_too_large", status=431, limit_kb=self.header_limit // KB)
            await _refusal(scope, error)(scope, receive, send)
            return
        limit = self.limits[route_kind(scope["path"])]
        if _declared_length(scope) > limit:
            await too_large_response(scope, limit)(scope, receive, send)
            return
        await _Guard(self.app, limit)(scope, receive, send)


def _declared_length(scope: Scope) -> int:
    try:
        return int(Headers(scope=scope).get("content-length") or 0)
    except ValueError:
        return 0  # a malformed length is the server's to refuse; the count below still holds


class _Guard:
    """One request: counts received bytes; past the limit, only a 413 may leave."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit
        self.received = 0
        self.exceeded = self.answered = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    self.exceeded = True
                    raise BodyTooLarge(self.limit)
            return message

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                # whoever read the body may have turned the refusal into another error (a form
                # parser's 400): only a 413 leaves once the limit was passed
                self.answered = not self.exceeded or message["status"] == 413
            if self.answered:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not self.exceeded:
                raise
        if self.exceeded and not self.answered:
            await too_large_response(scope, self.limit)(scope, receive, send)
