"""The Chroma client's TLS and token settings, against `chroma run` behind a local HTTPS gate.

The gate is a small reverse proxy (TLS with a certificate made for the test, a token checked like
Chroma's token auth does, every request's headers recorded) in front of the real server: what
GrowthDoc sends is seen on the wire, and ingest and search still work through it.
"""

import shutil
import subprocess

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from assistant.core.errors import UserFacingError
from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import KnowledgeSearch
from assistant.retrieval.store import get_store
from tests.channels.fakes import LocalServer
from tests.services import Chroma, missing

TOKEN = "chroma-test-token-7f3a"
HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection", "content-encoding"}


@pytest.fixture(scope="module")
def chroma():
    server = Chroma()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (and its key), made by openssl."""
    if not shutil.which("openssl"):
        missing("openssl (a certificate for the TLS test)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class Gate:
    """An HTTPS reverse proxy to Chroma that wants `header: value` on every request and records them all."""

    def __init__(self, upstream: str, header: str, value: str):
        self.upstream, self.header, self.value = upstream, header.lower(), value
        self.seen: list[dict[str, str]] = []
        self.app = Starlette(routes=[Route("/{path:path}", self.forward,
                                           methods=["GET", "POST", "PUT", "PATCH", "DELETE"])])

    async def forward(self, request: Request) -> Response:
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.seen.append(headers)
        if headers.get(self.header) != self.value:
            return Response('{"error": "Unauthorized"}', status_code=401, media_type="application/json")
        async with httpx.AsyncClient(base_url=self.upstream, timeout=60) as client:
            answer = await client.request(request.method, request.url.path, params=request.query_params,
                                          content=await request.body(),
                                          headers={k: v for k, v in headers.items() if k not in HOP_HEADERS})
        return Response(answer.content, status_code=answer.status_code,
                        headers={k: v for k, v in answer.headers.items() if k.lower() not in HOP_HEADERS})


@pytest.mark.slow
@pytest.mark.parametrize("header, value", [("Authorization", f"Bearer {TOKEN}"), ("X-Chroma-Token", TOKEN)])
def test_ingest_and_search_over_tls_with_the_token_and_extra_headers_on_every_request(chroma, certificate,
                                                                                     tiny_settings, header, value):
    cert, key = certificate
    gate = Gate(f"http://127.0.0.1:{chroma.port}", header, value)
    with LocalServer(gate.app, ssl_certfile=str(cert), ssl_keyfile=str(key)) as proxy:
        settings = tiny_settings.model_copy(update={
            "chroma_host": "127.0.0.1", "chroma_port": proxy.port, "chroma_ssl": True, "chroma_ssl_verify": cert,
            "chroma_token": TOKEN, "chroma_token_header": header, "chroma_headers": {"X-Gateway-Key": "gw-1"},
            "chroma_collection": f"tls_{header.lower().replace('-', '_')}"})
        assert ingest(settings, progress=False).added == 3
        hits = KnowledgeSearch(settings).search("dashboard chung", k=1)
    assert hits[0].doc_id == "gamma"
    assert len(gate.seen) > 5
    assert all(h.get(header.lower()) == value and h.get("x-gateway-key") == "gw-1" for h in gate.seen)


@pytest.mark.slow
def test_a_wrong_token_or_an_unverified_certificate_is_one_clear_message(chroma, certificate, tiny_settings):
    cert, key = certificate
    gate = Gate(f"http://127.0.0.1:{chroma.port}", "Authorization", f"Bearer {TOKEN}")
    with LocalServer(gate.app, ssl_certfile=str(cert), ssl_keyfile=str(key)) as proxy:
        base = tiny_settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": proxy.port,
                                                "chroma_ssl": True, "chroma_ssl_verify": cert})
        with pytest.raises(UserFacingError) as wrong_token:
            ingest(base.model_copy(update={"chroma_token": "not-the-token"}), progress=False)
        with pytest.raises(UserFacingError) as unverified:  # the test's certificate is in no default CA bundle
            get_store(base.model_copy(update={"chroma_token": TOKEN, "chroma_ssl_verify": True}))
    for error in (wrong_token.value, unverified.value):
        assert error.key == "retrieval.chroma_unreachable"
        assert f"127.0.0.1:{proxy.port}" in error.message("en") and "GROWTHDOC_CHROMA_TOKEN" in error.message("en")
    assert "not-the-token" not in wrong_token.value.message("en")


def test_the_token_is_redacted_from_log_lines(caplog):
    import logging

    from assistant.channels import redact
    from assistant.core.config import Settings

    redact.install(Settings(chroma_token=TOKEN))
    with caplog.at_level("INFO"):
        logging.getLogger("httpx").info("GET https://chroma/api/v2 Authorization: Bearer %s", TOKEN)
    assert TOKEN not in caplog.text and "[redacted]" in caplog.text
