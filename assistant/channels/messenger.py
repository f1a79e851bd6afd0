"""Facebook Messenger door: webhook verification, signed events in, replies out through the Send API.

Facts followed (DESIGN.md, "Channel facts"): the signature `X-Hub-Signature-256` is checked over
the raw body before anything is parsed; `entry[]` → `messaging[]`; echoes are skipped; duplicate
`mid`s are dropped; the webhook answers 200 at once and the turn runs in the background; replies
are cut at 2,000 characters and sent only within 24 hours of the user's last message.
"""

import hashlib
import hmac
import json
import logging
import httpx
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from assistant.channels.dispatch import OrderedWorkers, ReplyWindow, SeenIds, app_bot, close_app_bot
from assistant.channels.turns import Incoming, answer, epoch_seconds, refusal
from assistant.core.config import Settings
from assistant.deps import SettingsDep

log = logging.getLogger(__name__)
router = APIRouter(prefix="/channels/messenger", tags=["messenger"])
CHANNEL = "messenger"
REQUIRED = ("messenger_app_secret", "messenger_verify_token", "messenger_page_token")


def is_configured(settings: Settings) -> bool:
    """The door is on only when its secret, verify token and page token are all set."""
    return all(getattr(settings, name) for name in REQUIRED)


def log_status(settings: Settings) -> None:
    """Say at start-up whether the door is on."""
    if is_configured(settings):
        log.info("Messenger channel on: webhook /channels/messenger/webhook, Send API %s",
                 settings.messenger_api_base)
    else:
        log.warning("Messenger channel off: set %s", _variables())


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


class MessengerBot:
    """Queues each event in the background and sends the answers through the Send API."""

    def __init__(self, settings: Settings, service):
        self.settings = settings
        self.service = service
        self.http = httpx.Client(timeout=15.0)
        self.workers = OrderedWorkers(CHANNEL)
        self.seen = SeenIds()
        self.window = ReplyWindow(hours=24)

    def accept(self, incoming: Incoming) -> bool:
        """Queue a new event (duplicates are dropped); False when the backlog is full."""
        if not self.seen.first_time(incoming.event_id):
            log.info("messenger: duplicate %s dropped", incoming.event_id)
            return True
        self.window.user_wrote(incoming.user_id, incoming.at)
        if self.workers.submit(incoming.user_id, lambda: self._process(incoming)):
            return True
        self.seen.forget(incoming.event_id)
        return False

    def _process(self, incoming: Incoming) -> None:
        max_bytes = int(self.settings.max_upload_mb * 2**20)
        self.send(incoming.user_id, answer(self.service, CHANNEL, incoming, self.http, max_bytes))

    def send(self, user_id: str, messages: list[str]) -> None:
        """Send each message in order; stop at the first failure (logged with Graph's error)."""
        if not self.window.is_open(user_id):
            log.warning("messenger: not sending to %s: outside the 24-hour window", user_id)
            return
        for message in messages:
            if not self._send_one(user_id, message):
                return

    def _send_one(self, user_id: str, message: str) -> bool:
        body = {"recipient": {"id": user_id}, "messaging_type": "RESPONSE", "message": {"text": message}}
        url = f"{self.settings.messenger_api_base.rstrip('/')}/me/messages"
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

    def close(self) -> None:
        """Finish queued turns and close the HTTP client."""
        self.workers.shutdown()
        self.http.close()


def graph_error(response: httpx.Response) -> str:
    """Graph's `error.message` and `error.code`, or the raw body."""
    try:
        error = response.json().get("error") or {}
        return f"code {error.get('code')}: {error.get('message')}"
    except (ValueError, AttributeError):
        return response.text[:300]


def get_bot(request: Request, settings: Settings) -> MessengerBot:
    """The app's Messenger bot."""
    return app_bot(request.app, "messenger_bot", lambda: MessengerBot(settings, request.app.state.service))


def close_bot(app) -> None:
    """At shutdown: let queued turns finish and close the bot's HTTP client."""
    close_app_bot(app, "messenger_bot")


@router.get("/webhook", response_class=PlainTextResponse)
async def verify(request: Request, settings: SettingsDep, mode: str = Query("", alias="hub.mode"),
                 token: str = Query("", alias="hub.verify_token"),
                 challenge: str = Query("", alias="hub.challenge")) -> Response:
    """Meta's subscription check: echo `hub.challenge` when the verify token matches."""
    if not is_configured(settings):
        return _off(request)
    if mode == "subscribe" and hmac.compare_digest(token.encode(), settings.messenger_verify_token.encode()):
        return PlainTextResponse(challenge)
    return refusal(request, 403, "channels.bad_verify_token")


@router.post("/webhook")
async def receive(request: Request, settings: SettingsDep) -> Response:
    """Check the signature over the raw body, queue the messages, answer 200 at once."""
    if not is_configured(settings):
        return _off(request)
    raw = await request.body()
    if not signature_ok(raw, request.headers.get("x-hub-signature-256"), settings.messenger_app_secret):
        log.warning("messenger: refused a delivery with a missing or wrong signature")
        return refusal(request, 403, "channels.bad_signature", channel="Messenger")
    try:
        events = read_events(json.loads(raw))
    except (ValueError, TypeError, AttributeError):  # signed, but not the shape Meta sends
        return refusal(request, 400, "channels.bad_payload", channel="Messenger")
    bot = get_bot(request, settings)
    if not all(bot.accept(incoming) for incoming in events):
        return refusal(request, 503, "channels.busy")
    return PlainTextResponse("EVENT_RECEIVED")


def _variables() -> str:
    return ", ".join(f"GROWTHDOC_{name.upper()}" for name in REQUIRED)


def _off(request: Request) -> JSONResponse:
    return refusal(request, 503, "channels.channel_off", channel="Messenger", variables=_variables())
