"""CORS whose allowed origins depend on the widget key: a site may call the API only with a key
that lists it. Preflights carry no key, so they pass for an origin that some key allows; the real
request then gets CORS headers only when its own key allows the origin (and the workspace
dependency refuses it with 403 otherwise).
"""

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.channels.access import KEY_HEADER
from assistant.conversation.tenants import TenantStore

CORS_PREFIXES = ("/api/", "/v1/")
ALLOW_HEADERS = "Content-Type, Accept, Accept-Language, X-GrowthDoc-Key, X-GrowthDoc-Lang"
EXPOSE_HEADERS = "Retry-After"


def _tenants(scope: Scope) -> TenantStore:
    return scope["app"].state.tenants


class KeyedCORSMiddleware:
    """Per-key CORS for the API paths; everything else passes through untouched."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        origin = headers.get("origin") if headers else None
        if not origin or not scope["path"].startswith(CORS_PREFIXES):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(scope, origin)(scope, receive, send)
            return
        await self.app(scope, receive, self._with_cors(send, self._allowed(scope, headers, origin), origin))

    def _preflight(self, scope: Scope, origin: str) -> Response:
        if not _tenants(scope).origin_known(origin):
            return PlainTextResponse("origin not allowed", status_code=403, headers={"Vary": "Origin"})
        return Response(status_code=204, headers={
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
            "Access-Control-Allow-Headers": ALLOW_HEADERS,
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        })

    @staticmethod
    def _allowed(scope: Scope, headers: Headers, origin: str) -> bool:
        key = headers.get(KEY_HEADER)
        widget_key = _tenants(scope).widget_key(key.strip()) if key else None
        return bool(widget_key and widget_key.allows(origin))

    @staticmethod
    def _with_cors(send: Send, allowed: bool, origin: str) -> Send:
        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers.add_vary_header("Origin")
                if allowed:
                    response_headers["Access-Control-Allow-Origin"] = origin
                    response_headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
            await send(message)

        return send_with_cors
