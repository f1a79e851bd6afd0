"""Facebook Messenger door: webhook verification, signed events in, replies out through the Send API.

Facts followed (DESIGN.md, "Channel facts"): the signature `X-Hub-Signature-256` is checked over
the raw body before anything is parsed; `entry[]` → `messaging[]`; echoes are skipped; duplicate
`mid`s are dropped; the webhook answers 200 at once and the turn runs in the background; replies
are cut at 2,000 characters and sent only within 24 hours of the user's last message.
"""

import hashlib
import hmac
import logging
import re
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.datastructures import Headers

from assistant.channels.deps import SettingsDep
from assistant.channels.turns import Incoming, epoch_seconds
from assistant.channels.webhook import WebhookBot
from assistant.core.errors import UserFacingError

log = logging.getLogger(__name__)


def signature_ok(raw: bytes, header: str | None, app_secret: str) -> bool:
    """`sha256=<hex>` equals HMAC-SHA256(raw body, app secret), compared in constant time."""
    expected = "sha256=" + hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
    return bool(header) and hmac.compare_digest(header.strip().encode(), expected.encode())


def read_events(payload: dict) -> list[Incoming]:
    """The user messages of a webhook delivery (echoes and delivery/read receipts skipped)."""
    found = []
    for entry in payload.get("entry") or []:
        for event in entry.get("messaging") or []:
            incoming = _incoming(event)
            if incoming is not None:
                found.append(incoming)
    return found


def _incoming(event: dict) -> Incoming | None:
    sender = str((event.get("sender") or {}).get("id") or "")
    at = epoch_seconds(event.get("timestamp"))
    message, postback = event.get("message"), event.get("postback")
    if not sender or (message and message.get("is_echo")):
        return None
    if message and message.get("mid"):
        return _from_message(sender, at, message)
    if postback and postback.get("payload"):
        event_id = postback.get("mid") or f"postback:{sender}:{event.get('timestamp')}"
        return Incoming(sender, event_id, at, text=str(postback["payload"]))
    return None


def _from_message(sender: str, at: float, message: dict) -> Incoming:
    incoming = Incoming(sender, message["mid"], at, text=message.get("text"))
    for attachment in message.get("attachments") or []:
        url = (attachment.get("payload") or {}).get("url")
        if attachment.get("type") == "file" and url:
            incoming.file_url = url
            return incoming
    incoming.unsupported = not incoming.text
    return incoming


class MessengerBot(WebhookBot):
    """Signed deliveries in; answers out through the Send API, within 24 hours of the user's last message."""

    channel, title = "messenger", "Messenger"
    required = ("messenger_app_secret", "messenger_verify_token", "messenger_page_token")
    reply_window_hours = 24
    api_setting = "messenger_api_url"
    signature_header = "x-hub-signature-256"
    signature_shape = re.compile(r"^sha256=[0-9a-fA-F]{64}$")

    def signature_ok(self, raw: bytes, headers: Headers) -> bool:
        return signature_ok(raw, headers.get("x-hub-signature-256"), self.settings.messenger_app_secret)

    def read_events(self, payload) -> list[Incoming]:
        return read_events(payload)

    def send_one(self, user_id: str, message: str) -> bool:
        body = {"recipient": {"id": user_id}, "messaging_type": "RESPONSE", "message": {"text": message}}
        url = f"{self.settings.messenger_api_url.rstrip('/')}/me/messages"
        try:
            response = self.http.post(url, params={"access_token": self.settings.messenger_page_token}, json=body)
        except httpx.HTTPError as error:
            log.error("messenger: Send API unreachable for %s: %s", user_id, error)
            return False
        if response.is_success:
            return True
        log.error("messenger: Send API refused a message to %s: HTTP %s %s", user_id,
                  response.status_code, graph_error(response))
        return False


def graph_error(response: httpx.Response) -> str:
    """Graph's `error.message` and `error.code`, or the raw body."""
    try:
        error = response.json().get("error") or {}
        return f"code {error.get('code')}: {error.get('message')}"
    except (ValueError, AttributeError):
        return response.text[:300]


router = APIRouter(prefix="/channels/messenger", tags=["messenger"], dependencies=[Depends(MessengerBot.require_on)])
BotDep = Annotated[MessengerBot, Depends(MessengerBot.of_app)]


@router.get("/webhook", response_class=PlainTextResponse)
async def verify(settings: SettingsDep, mode: str = Query("", alias="hub.mode"),
                 token: str = Query("", alias="hub.verify_token"),
                 challenge: str = Query("", alias="hub.challenge")) -> Response:
    """Meta's subscription check: echo `hub.challenge` when the verify token matches."""
    if mode == "subscribe" and hmac.compare_digest(token.encode(), settings.messenger_verify_token.encode()):
        return PlainTextResponse(challenge)
    raise UserFacingError("channels.bad_verify_token", status=403)


@router.post("/webhook")
async def receive(request: Request, bot: BotDep) -> Response:
    """Check the signature over the raw body, queue the messages, answer 200 at once."""
    await bot.receive(request)
    return PlainTextResponse("EVENT_RECEIVED")
