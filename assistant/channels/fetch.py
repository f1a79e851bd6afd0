"""Downloading a file a platform event points at, without becoming a proxy into our own network.

The URL comes from a signed event, but what it names (and where it redirects) is not ours to trust:
followed blindly, a redirect reached the server's own `/healthz`. So every hop is checked before it
is fetched: an http(s) URL, a host on the allow-list (`GROWTHDOC_DOWNLOAD_ALLOWED_HOSTS`: the
platforms' CDNs), and every address the host resolves to public. An IP address written on the
allow-list is trusted as it is (local fakes in tests, a mirror on a private network). A name is
resolved once per hop and the connection goes to the address that was checked (the Host header and
TLS name stay the platform's), so a DNS answer that changes between the check and the fetch cannot
point the download inside.
"""

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from assistant.core.errors import UserFacingError

MAX_REDIRECTS = 3


class RefusedURL(httpx.HTTPError):
    """A URL the server will not fetch (host not allowed, private address, too many redirects)."""


def _resolve(host: str) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, None)]


def check_url(url: str, allowed_hosts: list[str], resolve=_resolve) -> str | None:
    """Raise RefusedURL unless `url` is http(s) on an allowed host that resolves to public addresses only;
    returns the checked address to connect to (None for an address listed on the allow-list)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        raise RefusedURL(f"not an http(s) URL: {parts.scheme}://{host}")
    if host in allowed_hosts and _is_ip(host):
        return None  # an address the operator listed on purpose
    if not any(host == entry or host.endswith("." + entry) for entry in allowed_hosts if not _is_ip(entry)):
        raise RefusedURL(f"host {host} is not on the download allow-list")
    try:
        addresses = resolve(host)
    except OSError as error:
        raise RefusedURL(f"host {host} does not resolve: {error}") from None
    private = [a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_global]
    if private or not addresses:
        raise RefusedURL(f"host {host} resolves to a non-public address {private}")
    return addresses[0].split("%")[0]


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
        return True
    except ValueError:
        return False


def download(http: httpx.Client, url: str, max_bytes: int, allowed_hosts: list[str], resolve=_resolve) -> bytes:
    """The file at `url` (redirects followed by hand, each hop checked), refused past `max_bytes`."""
    allowed = [entry.strip().lower().rstrip(".") for entry in allowed_hosts if entry.strip()]
    for _ in range(MAX_REDIRECTS + 1):
        address = check_url(url, allowed, resolve)
        target, pinned = _pinned(url, address)
        with http.stream("GET", target, follow_redirects=False, **pinned) as response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("location", ""))
                continue
            response.raise_for_status()
            return _read(response, max_bytes)
    raise RefusedURL(f"more than {MAX_REDIRECTS} redirects")


def _pinned(url: str, address: str | None) -> tuple[str, dict]:
    """The URL with its host replaced by the checked address, and the Host header and TLS name to keep."""
    if address is None:
        return url, {}
    parts = urlsplit(url)
    ip = f"[{address}]" if ":" in address else address
    netloc = ip + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl(), {"headers": {"Host": parts.netloc.rpartition("@")[2]},
                                                    "extensions": {"sni_hostname": parts.hostname}}


def _read(response: httpx.Response, max_bytes: int) -> bytes:
    data = bytearray()
    for chunk in response.iter_bytes():
        data.extend(chunk)
        if len(data) > max_bytes:
            raise UserFacingError("common.file_too_large", limit_mb=max_bytes / 2**20, size_mb=len(data) / 2**20)
    return bytes(data)
