"""Zalo Official Account door (API v3): signed events in, consultation messages out.

Facts followed (DESIGN.md, "Channel facts"): `X-ZEvent-Signature: mac=<hex>` with
hex = SHA-256(app_id + raw body + timestamp + OA secret key), compared in constant time. The
timestamp lives only in the body, so it is found by a bounded scan of the raw bytes and the body
is parsed only once the signature holds; ids exceed
2^53 so every JSON integer is read as a string; duplicates are dropped by `msg_id`; the webhook
answers 200 at once; the tokens live in the database (assistant/conversation/tokens.py) and are
renewed ahead of expiry, or on error -216, once, under the row's lock, because a refresh token can be
used only once and every instance must see the new pair.
"""

import hashlib
import hmac
import json
import logging
import re
import threading
from datetime import datetime, timedelta, timezone
from itertools import islice
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers

from assistant.channels.turns import Incoming, epoch_seconds
from assistant.channels.webhook import WebhookBot
from assistant.core.config import Settings

log = logging.getLogger(__name__)
TOKEN_EXPIRED = -216
# `"timestamp": "1700000000000"` (or a bare number) in the raw body; only the first few are tried
TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"?(\d{1,20})"?')
TIMESTAMP_CANDIDATES = 3


def parse_event(raw: bytes) -> dict:
    """The event as JSON with every integer kept as a string (Zalo ids exceed 2^53)."""
    payload = json.loads(raw, parse_int=str)
    if not isinstance(payload, dict):
        raise ValueError("a Zalo event is a JSON object")
    return payload


def signature_ok(raw: bytes, timestamp: str, header: str | None, app_id: str, oa_secret: str) -> bool:
    """`mac=<hex>` equals SHA-256(app_id + raw body + timestamp + OA secret), in constant time."""
    digest = hashlib.sha256(app_id.encode() + raw + timestamp.encode() + oa_secret.encode()).hexdigest()
    return bool(header) and hmac.compare_digest(header.strip().encode(), f"mac={digest}".encode())


def signed_timestamps(raw: bytes) -> list[str]:
    """The timestamp values of the raw body, without parsing it (a regex scan is linear and bounded)."""
    return [match.group(1).decode() for match in islice(TIMESTAMP.finditer(raw), TIMESTAMP_CANDIDATES)]


def read_event(payload: dict) -> Incoming | None:
    """The user message of an event, or None for events that are not one (follows, receipts…)."""
    name = str(payload.get("event_name") or "")
    sender = str((payload.get("sender") or {}).get("id") or "")
    message = payload.get("message") or {}
    if not name.startswith("user_send_") or not sender or not message.get("msg_id"):
        return None
    at = epoch_seconds(payload.get("timestamp"))
    incoming = Incoming(sender, str(message["msg_id"]), at, text=message.get("text"))
    if name == "user_send_file":
        payload_of_file = ((message.get("attachments") or [{}])[0]).get("payload") or {}
        incoming.file_url, incoming.file_name = payload_of_file.get("url"), payload_of_file.get("name")
    incoming.unsupported = name != "user_send_text" and not incoming.file_url
    return incoming


class ZaloTokens:
    """The OA access and refresh tokens, in the database (every instance sees a renewal at once).

    Renewed under the row's lock, once: a refresh token works only once, so a second instance that
    finds the row already renewed uses the new token. Renewed ahead of expiry too (`refresh_if_due`),
    so a quiet account never lets its refresh token lapse."""

    def __init__(self, settings: Settings, http: httpx.Client, store=None):
        from assistant.conversation.tokens import TokenStore

        self.settings, self.http = settings, http
        self.store = store or TokenStore(settings.sqlalchemy_url)
        self.store.seed("zalo", settings.zalo_access_token or "", settings.zalo_refresh_token,
                        _fingerprint(settings.zalo_refresh_token))

    @property
    def access(self) -> str:
        """The current access token, as the database holds it (another instance may have renewed it)."""
        return self.store.current("zalo").access

    def renew(self, stale_access: str) -> bool:
        """Get a new access token unless another thread or instance already did; True when one is available."""
        with self.store.locked("zalo") as (tokens, save):
            if tokens.access != stale_access:
                return True
            return self._refresh(tokens, save)

    def refresh_if_due(self, ahead_s: float) -> bool:
        """Renew when the access token expires within `ahead_s` (or its expiry is unknown and `ahead_s` < 0)."""
        with self.store.locked("zalo") as (tokens, save):
            if tokens.expires_at is None or tokens.expires_at - _utcnow() > timedelta(seconds=ahead_s):
                return False
            return self._refresh(tokens, save)

    def _refresh(self, tokens, save) -> bool:
        if not (tokens.refresh and self.settings.zalo_app_secret):
            log.error("zalo: access token expired and no refresh token / app secret to renew it")
            return False
        url = f"{self.settings.zalo_oauth_base.rstrip('/')}/v4/oa/access_token"
        form = {"refresh_token": tokens.refresh, "app_id": self.settings.zalo_app_id, "grant_type": "refresh_token"}
        try:
            body = self.http.post(url, data=form, headers={"secret_key": self.settings.zalo_app_secret}).json()
        except (httpx.HTTPError, ValueError) as error:
            log.error("zalo: token refresh failed: %s", error)
            return False
        if not body.get("access_token"):
            log.error("zalo: token refresh refused: error %s %s %s", body.get("error"),
                      body.get("error_name"), body.get("error_description") or body.get("message"))
            return False
        try:
            expires_at = _utcnow() + timedelta(seconds=float(body.get("expires_in")))
        except (TypeError, ValueError):
            expires_at = None
        save(body["access_token"], body.get("refresh_token") or tokens.refresh, expires_at)
        log.info("zalo: access token renewed")
        return True


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _fingerprint(token: str | None) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()[:16]


class ZaloBot(WebhookBot):
    """Signed events in; answers out as consultation messages, renewing an expired access token once."""

    channel, title = "zalo", "Zalo"
    required = ("zalo_app_id", "zalo_oa_secret", "zalo_access_token")
    api_setting = "zalo_api_base"

    signature_header = "x-zevent-signature"
    signature_shape = re.compile(r"^mac=[0-9a-fA-F]{64}$")
    parse_int = str  # ids exceed 2^53

    def prepare(self) -> None:
        self.tokens = ZaloTokens(self.settings, self.http)
        self._stop_renewing = threading.Event()
        threading.Thread(target=self._renew_ahead, name="zalo-token", daemon=True).start()

    def _renew_ahead(self) -> None:
        """Every few minutes: renew the access token ahead of its expiry (on whichever instance comes first)."""
        while not self._stop_renewing.wait(self.settings.zalo_token_check_s):
            try:
                self.tokens.refresh_if_due(self.settings.zalo_refresh_ahead_s)
            except Exception:  # the database is down: the next check tries again
                log.exception("zalo: could not check the access token's expiry")

    def close(self) -> None:
        self._stop_renewing.set()
        super().close()

    def signature_ok(self, raw: bytes, headers: Headers) -> bool:
        # the timestamp is part of what is signed: read from the raw bytes, never by parsing unsigned JSON
        header, settings = headers.get(self.signature_header), self.settings
        return any(signature_ok(raw, timestamp, header, settings.zalo_app_id, settings.zalo_oa_secret)
                   for timestamp in signed_timestamps(raw))

    def read_events(self, payload) -> list[Incoming]:
        if not isinstance(payload, dict):
            raise ValueError("a Zalo event is a JSON object")
        incoming = read_event(payload)
        return [incoming] if incoming is not None else []

    def send_one(self, user_id: str, message: str) -> bool:
        """Send one message; on -216 renew the token once and retry once. Failures are logged."""
        for attempt in (1, 2):
            token = self.tokens.access
            error, detail = self._post(user_id, message, token)
            if error == 0:
                return True
            if error == TOKEN_EXPIRED and attempt == 1 and self.tokens.renew(token):
                continue
            log.error("zalo: message to %s not sent: error %s %s", user_id, error, detail)
            return False
        return False

    def _post(self, user_id: str, message: str, token: str) -> tuple[int | str, str]:
        url = f"{self.settings.zalo_api_base.rstrip('/')}/v3.0/oa/message/cs"
        body = {"recipient": {"user_id": user_id}, "message": {"text": message}}
        try:
            response = self.http.post(url, json=body, headers={"access_token": token})
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            return "unreachable", str(error)
        if not isinstance(data, dict):
            return "unexpected", response.text[:300]
        return int(data.get("error", 0 if response.is_success else -1)), str(data.get("message", ""))

    @classmethod
    def log_status(cls, settings: Settings) -> None:
        """Say at start-up whether the door is on, and warn when its token cannot be renewed."""
        super().log_status(settings)
        if cls.is_configured(settings) and not (settings.zalo_refresh_token and settings.zalo_app_secret):
            log.warning("Zalo channel on, but without GROWTHDOC_ZALO_REFRESH_TOKEN and "
                        "GROWTHDOC_ZALO_APP_SECRET an expired access token cannot be renewed")


router = APIRouter(prefix="/channels/zalo", tags=["zalo"], dependencies=[Depends(ZaloBot.require_on)])
BotDep = Annotated[ZaloBot, Depends(ZaloBot.of_app)]


@router.post("/webhook")
async def receive(request: Request, bot: BotDep) -> Response:
    """Check the signature over the raw body, queue the message, answer 200 at once."""
    await bot.receive(request)
    return JSONResponse({"error": 0, "message": "ok"})
