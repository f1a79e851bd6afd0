"""Rate limits per client IP and per conversation: a moving one-minute window.

The windows live in this process's memory by default (`MovingWindows`), or in any storage the `limits`
library supports, such as Redis, via `GROWTHDOC_RATE_LIMIT_STORAGE`; a shared storage goes through its async storage, so a slow or
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
import threading
import time
from collections import deque

from limits import RateLimitItemPerMinute
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.channels.lang import request_lang
from assistant.core.config import Settings
from assistant.core.templates import text

log = logging.getLogger(__name__)
WARN_EVERY_S = 60.0  # while the storage is down, one log line a minute, not one per request
WINDOW_S = 60.0
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


class MovingWindows:
    """One-minute moving windows in this process's memory (`memory://`): counted in place, no thread.

    `limits`' memory storage starts a timer thread (10 ms) on a hit whenever the last one has ended,
    and `Thread.start` waits for the new thread to run: under 20 busy clients that was ~100 starts in a
    2-second run, 3 ms median each (10 ms p95) with the event loop stopped. Here a window is a queue of
    hit times; windows idle for a minute are dropped once a minute."""

    def __init__(self, window_s: float = WINDOW_S):
        self.window_s = window_s
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._guard = threading.Lock()
        self._swept_at = time.monotonic()

    def hit(self, kind: str, key: str, limit: int) -> float:
        """Count one hit; 0 when allowed, else the seconds until the oldest hit leaves the window."""
        now = time.monotonic()
        with self._guard:
            if now - self._swept_at >= self.window_s:
                self._sweep(now)
            hits = self._hits.setdefault((kind, key), deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= limit:
                return max(hits[0] + self.window_s - now, 1.0)
            hits.append(now)
            return 0.0

    def _sweep(self, now: float) -> None:
        self._swept_at = now
        for name in [name for name, hits in self._hits.items() if not hits or hits[-1] <= now - self.window_s]:
            del self._hits[name]

    def __len__(self) -> int:
        """Windows held (idle ones included until the next sweep)."""
        return len(self._hits)


class RateLimiter:
    """Moving-window counters keyed by ('ip', address) or ('session', id)."""

    def __init__(self, ip_per_min: int, session_per_min: int, storage: str = "memory://", timeout_s: float = 1.0):
        in_process = storage.split("://", 1)[0] == "memory"  # no I/O: counted in place, no thread
        self._windows = MovingWindows() if in_process else None
        self._limiter = None if in_process else MovingWindowRateLimiter(async_storage(storage, timeout_s))
        self._per_min = {"ip": ip_per_min, "session": session_per_min}
        self._limits = {"ip": RateLimitItemPerMinute(ip_per_min), "session": RateLimitItemPerMinute(session_per_min)}
        self._warned_at = -WARN_EVERY_S

    async def hit(self, kind: str, key: str) -> float:
        """Count one request; 0 when allowed, else the seconds until the next one would be.

        When the storage (Redis) cannot be reached the request is allowed, with a log line: a limiter that
        is down must not take the whole API down with it."""
        if self._windows is not None:
            return self._windows.hit(kind, key, self._per_min[kind])
        item = self._limits[kind]
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
