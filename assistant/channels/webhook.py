"""The base of the webhook doors (Messenger, Zalo), in the spirit of Rasa's InputChannel/OutputChannel.

A platform posts signed events and wants a 200 at once. The base refuses a request without a
well-formed signature header before reading its body (whose size the body-limit middleware bounds),
checks the signature over the raw bytes, and only then parses the JSON (in a thread when large).
It drops events older than the replay window, writes the others to the database inbox before the
200 goes out (a duplicate id is dropped there, by the unique key), and its workers answer them from
the inbox, each user's in order, on whichever instance is free (within the platform's reply window,
when it has one). A crash after the 200 loses nothing: the next start, or another instance, answers. A platform implements
only `signature_ok`, `read_events` and `send_one`, and names its settings and signature header.
"""

import dataclasses
import logging
import re
import time

import httpx
from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers

from assistant.channels import jsonbody
from assistant.channels.deps import InboxDep, ServiceDep, SettingsDep
from assistant.channels.dispatch import InboxWorkers, ReplyWindow
from assistant.channels.turns import Incoming, answer
from assistant.core import logs, metrics
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError

# What a signed body that is not the platform's shape raises while it is read.
BAD_SHAPE = (ValueError, TypeError, AttributeError, IndexError)


class WebhookBot:
    """One platform's bot: the shared inbox and its workers, reply window, start-up log and receive flow."""

    channel = ""  # the sessions' channel, the workers' and the app state's name: "messenger"
    title = ""  # how users and logs name the platform: "Messenger"
    required: tuple[str, ...] = ()  # the settings without which the door is off
    reply_window_hours: float | None = None  # None: the platform accepts replies at any time
    api_setting = ""  # the setting holding the platform API's base URL, for the start-up log
    signature_header = ""  # the header carrying the signature
    signature_shape = re.compile(r"$^")  # its well-formed value; anything else is refused unread
    parse_int = None  # how JSON integers are read (Zalo keeps them as strings)

    def __init__(self, settings: Settings, service, inbox):
        self.settings = settings
        self.service = service
        self.inbox = inbox  # assistant.conversation.inbox.Inbox
        self.log = logging.getLogger(type(self).__module__)  # log lines keep the platform's logger name
        self.http = httpx.Client(timeout=15.0, follow_redirects=False)
        self.window = ReplyWindow(hours=self.reply_window_hours) if self.reply_window_hours else None
        self.prepare()
        self.workers = InboxWorkers(inbox, self.channel, self._process, workers=settings.webhook_workers,
                                    lease_s=settings.webhook_lease_s, poll_s=settings.webhook_poll_s,
                                    max_pending=settings.webhook_max_backlog)

    def prepare(self) -> None:
        """What a platform needs before its workers start (Zalo: its tokens)."""

    def signature_ok(self, raw: bytes, headers: Headers) -> bool:
        """True when the raw body carries the platform's valid signature."""
        raise NotImplementedError

    def read_events(self, payload) -> list[Incoming]:
        """The user messages of a signed, parsed delivery; raises one of BAD_SHAPE for the wrong shape."""
        raise NotImplementedError

    def send_one(self, user_id: str, message: str) -> bool:
        """Send one message to the user; False (logged) when it could not be sent."""
        raise NotImplementedError

    async def receive(self, request: Request) -> None:
        """Signature header, then raw body and signature, then JSON; raises the refusals (403, 400, 503)."""
        if not self.signature_shape.match((request.headers.get(self.signature_header) or "").strip()):
            self._refuse_signature()  # before reading a byte of an unsigned body
        raw = await request.body()
        if not self.signature_ok(raw, request.headers):
            self._refuse_signature()
        try:
            events = self.read_events(await jsonbody.read(raw, self.parse_int))
        except (jsonbody.BadJson, *BAD_SHAPE):
            raise UserFacingError("channels.bad_payload", status=400, channel=self.title) from None
        if events and all(self._stale(e) for e in events):  # platforms stop retrying well before this age
            self.log.warning("%s: refused a delivery older than the replay window", self.channel)
            raise UserFacingError("channels.stale_delivery", status=403, channel=self.title)
        if not await run_in_threadpool(self.accept_all, events):  # the inbox is a database
            raise UserFacingError("channels.busy", status=503)

    def _refuse_signature(self) -> None:
        self.log.warning("%s: refused a delivery with a missing or wrong signature", self.channel)
        raise UserFacingError("channels.bad_signature", status=403, channel=self.title)

    def _stale(self, incoming: Incoming) -> bool:
        return incoming.at < time.time() - self.settings.webhook_replay_window_min * 60

    def accept_all(self, events: list[Incoming]) -> bool:
        """Write the recent events to the inbox in one transaction; False (nothing kept) when the backlog is full."""
        recent = []
        for incoming in events:
            if self._stale(incoming):
                self.log.warning("%s: event %s is older than the replay window; dropped", self.channel,
                                 incoming.event_id)
            else:
                recent.append(incoming)
        if not recent:
            return True
        if self.inbox.backlog(self.channel) + len(recent) > self.workers.max_pending:
            self.log.warning("%s: inbox backlog full; delivery refused with 503 (the platform retries)",
                             self.channel)
            return False
        fresh = self.inbox.accept(self.channel, [(e.event_id, e.user_id, dataclasses.asdict(e)) for e in recent])
        for incoming, new in zip(recent, fresh):
            if not new:
                self.log.info("%s: duplicate %s dropped", self.channel, incoming.event_id)
        return True

    def _process(self, claimed) -> None:
        """Answer one event claimed from the inbox (on any instance; the row carries all it needs).

        The reply is stored before it is sent; an event taken again after a crash sends the stored
        reply's remaining messages instead of running its turn a second time (inbox.py)."""
        incoming = Incoming(**claimed.payload)
        metrics.door.set(self.channel)  # this worker thread's turns are this platform's
        logs.request_id.set(f"{self.channel}-{claimed.id}")
        if self.window:
            self.window.user_wrote(incoming.user_id, incoming.at)
        if claimed.reply is None:
            messages, start = answer(self.service, self.channel, incoming, self.http, self.settings), 0
            if not self.inbox.keep_reply(claimed, messages):
                self.log.warning("%s: event %s was taken by another worker; its reply is not sent here",
                                 self.channel, claimed.id)
                return
        else:  # a worker died after the turn: what it had not started to send goes out now
            resend = self.settings.webhook_resend_interrupted
            messages = claimed.reply
            start = 0 if claimed.sending is None else claimed.sending + (0 if resend else 1)
            self.log.info("%s: event %s resumed after an interrupted attempt: %d of %d messages left to send",
                          self.channel, claimed.id, max(len(messages) - start, 0), len(messages))
        self.send(incoming.user_id, messages[start:],
                  before_each=lambda i: self.inbox.sending(claimed, start + i))

    def send(self, user_id: str, messages: list[str], before_each=None) -> None:
        """Send each message in order; stop at the first failure, or when `before_each(i)` says no
        (the event's claim was lost to another worker)."""
        if self.window and not self.window.is_open(user_id):
            self.log.warning("%s: not sending to %s: outside the %g-hour window", self.channel, user_id,
                             self.reply_window_hours)
            return
        for index, message in enumerate(messages):
            if before_each is not None and not before_each(index):
                self.log.warning("%s: stopped sending to %s: the event was taken by another worker",
                                 self.channel, user_id)
                return
            if not self.send_one(user_id, message):
                return

    def close(self) -> None:
        """Finish the turns under way (the rest stays in the inbox) and close the HTTP client."""
        self.workers.shutdown()
        self.http.close()

    @classmethod
    def is_configured(cls, settings: Settings) -> bool:
        """The door is on only when all its required settings are set."""
        return all(getattr(settings, name) for name in cls.required)

    @classmethod
    def variables(cls) -> str:
        """The environment variables the door needs, for messages."""
        return ", ".join(f"GROWTHDOC_{name.upper()}" for name in cls.required)

    @classmethod
    def log_status(cls, settings: Settings) -> None:
        """Say at start-up whether the door is on."""
        log = logging.getLogger(cls.__module__)
        if cls.is_configured(settings):
            log.info("%s channel on: webhook /channels/%s/webhook, API %s", cls.title, cls.channel,
                     getattr(settings, cls.api_setting))
        else:
            log.warning("%s channel off: set %s", cls.title, cls.variables())

    @classmethod
    def require_on(cls, settings: SettingsDep) -> None:
        """Router dependency: 503 naming the missing variables while the door is off."""
        if not cls.is_configured(settings):
            raise UserFacingError("channels.channel_off", status=503, channel=cls.title, variables=cls.variables())

    @classmethod
    async def of_app(cls, request: Request, settings: SettingsDep, service: ServiceDep,
                     inbox: InboxDep) -> "WebhookBot":
        """Dependency: the app's bot, built at start-up or on first use (on the event loop's one thread: once)."""
        return cls.start_for(request.app, settings, service, inbox)

    @classmethod
    def start_for(cls, app, settings: Settings, service, inbox) -> "WebhookBot":
        """The app's bot, built now if it is not yet: its workers drain the inbox (a restart resumes the backlog)."""
        bot = getattr(app.state, f"{cls.channel}_bot", None)
        if bot is None:
            bot = cls(settings, service, inbox)
            setattr(app.state, f"{cls.channel}_bot", bot)
        return bot

    @classmethod
    def close_for(cls, app) -> None:
        """At shutdown: let the app's bot finish its queued turns and close its HTTP client."""
        bot = getattr(app.state, f"{cls.channel}_bot", None)
        if bot is not None:
            bot.close()
