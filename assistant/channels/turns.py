"""One platform message in, the texts to send back out: shared by the Messenger and Zalo doors."""

import logging
import time
from dataclasses import dataclass

import httpx

from assistant.channels.fetch import download
from assistant.channels.split import plain_text, reply_messages, split_message
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError
from assistant.core.templates import text as t

log = logging.getLogger(__name__)
WORKSPACE = "default"  # platform bots answer in the default workspace


@dataclass
class Incoming:
    """What a user sent, as a door reads it from a platform event."""

    user_id: str
    event_id: str
    at: float  # epoch seconds of the user's message
    text: str | None = None
    file_url: str | None = None
    file_name: str | None = None
    unsupported: bool = False  # an image, a sticker…: answered with a hint, not read


def epoch_seconds(timestamp_ms) -> float:
    """A platform timestamp (milliseconds, number or string) as epoch seconds, never in the future."""
    try:
        return min(float(timestamp_ms) / 1000, time.time())
    except (TypeError, ValueError):
        return time.time()


def answer(service, channel: str, incoming: Incoming, http: httpx.Client, settings: Settings) -> list[str]:
    """Run the turn through the conversation service; the messages to send, already split."""
    session_id = service.session_for(WORKSPACE, channel, incoming.user_id)
    if incoming.file_url:
        return split_message(plain_text(_read_file(service, session_id, incoming, http, settings)))
    if incoming.unsupported or not incoming.text:
        return [t("channels.unsupported_attachment", _lang(service, session_id))]
    return reply_messages(service.send_message(session_id, incoming.text, WORKSPACE))


def _read_file(service, session_id: str, incoming: Incoming, http: httpx.Client, settings: Settings) -> str:
    lang = _lang(service, session_id)
    try:
        data = download(http, incoming.file_url, int(settings.max_upload_mb * 2**20), settings.download_allowed_hosts)
        name = incoming.file_name or incoming.file_url.split("?")[0].rsplit("/", 1)[-1] or "upload.csv"
        return service.add_upload(session_id, name, data, WORKSPACE)["reply"]
    except UserFacingError as error:
        return error.message(lang)
    except httpx.HTTPError as error:
        log.warning("%s: could not download %s: %s", incoming.user_id, incoming.file_url.split("?")[0], error)
        return t("channels.download_failed", lang)


def _lang(service, session_id: str) -> str:
    session = service.get_session(session_id, WORKSPACE) or {}
    return session.get("lang") or "vi"

