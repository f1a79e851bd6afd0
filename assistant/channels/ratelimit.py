"""Rate limits per client IP and per conversation: a moving one-minute window.

The `limits` library keeps the windows (in memory by default, or in any storage it supports, such
as Redis, via `GROWTHDOC_RATE_LIMIT_STORAGE`); a shared storage goes through its async storage, so a slow or
absent Redis never blocks the event loop (redis-py's asyncio client, with short socket timeouts); this ASGI
middleware decides which requests count and answers 429 with `Retry-After` and a message in the
caller's language. Webhooks are not counted
(platforms deliver from a few IPs in bursts; they are authenticated by signature instead).
The client address is the peer's, or the one a configured proxy forwards (assistant/channels/proxies.py,
which runs before this middleware): a caller cannot pick the address it is counted under.
"""

import logging
import math
import re
import time

from limits import RateLimitItemPerMinute
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter as InProcessRateLimiter
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.channels.lang import request_lang
from assistant.core.config import Settings
from assistant.core.templates import text

log = logging.getLogger(__name__)
WARN_EVERY_S = 60.0  # while the storage is down, one log line a minute, not one per request
COUNTED_PREFIXES = ("/api/", "/v1/")
SESSION_TURN = re.compile(r"^/api/sessions/([^/]+)/(messages|uploads)/?$")


def async_storage(uri: str, timeout_s: float = 1.0):
    """`limits`' async storage for a storage URI as configured (`redis://…` → `async+redis://…`).

    Redis goes through redis-py's asyncio client (the `redis` extra; limits' default would be coredis),
    with connect and read timeouts so a Redis that hangs fails open quickly instead of holding requests."""
    scheme = uri.split("://", 1)[0]
    uri = uri if scheme.startswith("async+") else f"async+{uri}"
    options = {}
    if "redis" in scheme or "valkey" in scheme:
        options = {"implementation": "redispy", "socket_timeout": timeout_s, "socket_connect_timeout": timeout_s}
    return storage_from_string(uri, **options)


class RateLimiter:
    """Moving-window counters keyed by ('ip', address) or ('session', id)."""

    def __init__(self, ip_per_min: int, session_per_min: int, storage: str = "memory://", timeout_s: float = 1.0):
        in_process = storage.split("://", 1)[0] == "memory"  # no I/O: counted in place, no hop to a thread
        self._limiter = (InProcessRateLimiter(storage_from_string(storage)) if in_process
                         else MovingWindowRateLimiter(async_storage(storage, timeout_s)))
        self._in_process = in_process
        self._limits = {"ip": RateLimitItemPerMinute(ip_per_min), "session": RateLimitItemPerMinute(session_per_min)}
        self._warned_at = -WARN_EVERY_S

    async def hit(self, kind: str, key: str) -> float:
        """Count one request; 0 when allowed, else the seconds until the next one would be.

        When the storage (Redis) cannot be reached the request is allowed, with a log line: a limiter that
        is down must not take the whole API down with it."""
        item = self._limits[kind]
        if self._in_process:
            if self._limiter.hit(item, kind, key):
                return 0.0
            return max(self._limiter.get_window_stats(item, kind, key).reset_time - time.time(), 1.0)
        try:
            if await self._limiter.hit(item, kind, key):
                return 0.0
            reset_at = (await self._limiter.get_window_stats(item, kind, key)).reset_time
        except Exception as error:  # redis.ConnectionError, TimeoutError…: the storage's own exceptions
            now = time.monotonic()
            if now - self._warned_at >= WARN_EVERY_S:
                self._warned_at = now
                log.warning("rate limits not applied: the limit storage is unreachable (%s: %s)",
                            type(error).__name__, error)
            return 0.0
        return max(reset_at - time.time(), 1.0)


def _keys(scope: Scope) -> list[tuple[str, str]]:
    """Which counters a request counts against."""
    path = scope["path"]
    if not path.startswith(COUNTED_PREFIXES) or scope["method"] == "OPTIONS":
        return []
    client = scope.get("client")
    keys = [("ip", client[0] if client else "unknown")]
    turn = SESSION_TURN.match(path)
    if turn and scope["method"] == "POST":
        keys.append(("session", turn.group(1)))
    return keys


class RateLimitMiddleware:
    """429 + Retry-After when an IP or a session goes over its per-minute budget (from `settings` or a `limiter`)."""

    def __init__(self, app: ASGIApp, settings: Settings | None = None, limiter: RateLimiter | None = None):
        self.app = app
        self.limiter = limiter or RateLimiter(settings.rate_limit_ip_per_min, settings.rate_limit_session_per_min,
                                              settings.rate_limit_storage, settings.rate_limit_timeout_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for kind, key in _keys(scope):
                wait = await self.limiter.hit(kind, key)
                if wait:
                    await _too_many(scope, math.ceil(wait))(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _too_many(scope: Scope, seconds: int) -> JSONResponse:
    lang = request_lang(HTTPConnection(scope))
    body = {"detail": text("access.rate_limited", lang, seconds=seconds), "code": "access.rate_limited"}
    return JSONResponse(body, status_code=429, headers={"Retry-After": str(seconds)})
