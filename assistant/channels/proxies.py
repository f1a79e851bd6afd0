"""The real client address behind configured reverse proxies (`GROWTHDOC_TRUSTED_PROXIES`).

`X-Forwarded-For` is written by whoever sends the request, so it is read only when the peer is one of
our proxies, and then from the right: the first address that is not one of our proxies is the client.
With no proxy configured (the default) the header is ignored, loopback included, so a caller cannot
choose the address the rate limiter counts. Run uvicorn with `proxy_headers=False` (`growthdoc serve`
does): its own default trusts X-Forwarded-For from 127.0.0.1.
"""

from ipaddress import ip_address, ip_network

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.core.config import Settings


class TrustedProxies:
    """Membership of an address in the configured proxy networks."""

    def __init__(self, entries: list[str]):
        self.networks = [ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]

    def __contains__(self, address: str) -> bool:
        try:
            parsed = ip_address(address)
        except ValueError:
            return False
        return any(parsed in network for network in self.networks)

    def client_of(self, peer: str, forwarded_for: str | None) -> str:
        """The client address: the peer itself unless it is a trusted proxy that says who it forwards."""
        if peer not in self or not forwarded_for:
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        for hop in reversed(hops):
            if hop not in self:
                return hop if _is_address(hop) else peer
        return hops[0] if hops and _is_address(hops[0]) else peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
        return True
    except ValueError:
        return False


class ForwardedClientMiddleware:
    """Rewrites `scope["client"]` to the real client when the peer is a trusted proxy."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.proxies = TrustedProxies(settings.trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and self.proxies.networks:
            real = self.proxies.client_of(client[0], Headers(scope=scope).get("x-forwarded-for"))
            if real != client[0]:
                scope = dict(scope, client=(real, 0))
        await self.app(scope, receive, send)
