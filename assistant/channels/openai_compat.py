"""OpenAI-compatible door: `POST /v1/chat/completions` (streaming or not) and `GET /v1/models`.

Any OpenAI client or chat UI can talk to GrowthDoc. Stateless like OpenAI's by default: each request
is a new conversation whose history is the request's earlier messages. A stored conversation only
with the `X-GrowthDoc-Session` header, and only under the caller's own admin key: sessions are
keyed by (workspace, a hash of the key, the header), never by the free-form `user` field, which any
caller could guess. Widget keys are public, so they open this door only when
`GROWTHDOC_OPENAI_ALLOW_WIDGET_KEYS=true`.

As clients expect: `usage` counts (estimated: the offline engine has no tokenizer, so tokens are
counted as words and punctuation marks), a usage chunk with `stream_options.include_usage`, a 400
naming any parameter GrowthDoc cannot honour (rather than ignoring it), the REST door's message-size
cap, `GET /v1/models/{id}`, the REST stream's no-buffering headers, and OpenAI's error shape on every
`/v1` answer, including the 404, 405, 413, 429 and 500 that other layers make (`OpenAIErrorShape`).
"""

import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.concurrency import run_in_threadpool

from assistant.channels import jsonbody
from assistant.channels.access import (
    CHALLENGE,
    KEY_HEADER,
    AccessError,
    bearer_token,
    resolve_workspace,
)
from assistant.channels.deps import ServiceDep, SettingsDep, TenantsDep
from assistant.channels.errors import answer_lang
from assistant.channels.rest import MAX_MESSAGE_CHARS
from assistant.channels.split import sources_block, with_sources
from assistant.channels.sse import in_one_thread
from assistant.contracts import Reply
from assistant.conversation.tenants import ADMIN_PREFIX
from assistant.core.errors import UserFacingError
from assistant.core.templates import text as t

MODEL = "growthdoc"
CHANNEL = "openai"
SESSION_HEADER = "x-growthdoc-session"
SESSION_NAME = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
HISTORY_MESSAGES = 20  # of a stateless request's earlier messages, kept as the conversation's history
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # as the REST door's stream
# parameters a client may send that change nothing GrowthDoc promises; anything else is refused by name
HARMLESS = {"model", "messages", "stream", "stream_options", "user", "temperature", "top_p", "presence_penalty",
            "frequency_penalty", "stop", "seed", "n", "response_format", "metadata", "store", "parallel_tool_calls"}
TOKEN = re.compile(r"\w+|[^\w\s]")


class OpenAIError(UserFacingError):
    """A request error with OpenAI's `code`, `type` and `param` besides our message key."""

    def __init__(self, key: str, *, status: int, code: str, param: str | None = None, **params):
        super().__init__(key, status=status, **params)
        self.code, self.param = code, param


def openai_error(error: UserFacingError, lang: str) -> JSONResponse:
    """Any user-facing error as `{"error": {"message", "type", "param", "code"}}`."""
    kind = "authentication_error" if isinstance(error, AccessError) else "invalid_request_error"
    body = {"error": {"message": error.message(lang), "type": kind, "param": getattr(error, "param", None),
                      "code": getattr(error, "code", error.key)}}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


class OpenAIRoute(APIRoute):
    """The routes of this door answer their errors in OpenAI's shape, not `{"detail", "code"}`."""

    def get_route_handler(self) -> Callable:
        handle = super().get_route_handler()

        async def handle_in_openai_shape(request: Request) -> Response:
            try:
                return await handle(request)
            except UserFacingError as error:
                return openai_error(error, answer_lang(request))

        return handle_in_openai_shape


@dataclass(frozen=True)
class Caller:
    """Who calls /v1: the workspace, and a hash of the key used (None for an anonymous caller)."""

    workspace: str
    key_id: str | None


def get_caller(request: Request, settings: SettingsDep, tenants: TenantsDep) -> Caller:
    """The caller's workspace and key; a widget key is refused unless the settings allow it."""
    token = bearer_token(request.headers)
    admin_key = token if token and token.startswith(ADMIN_PREFIX) else None
    widget_key = (request.headers.get(KEY_HEADER) or "").strip() or None
    if widget_key and not admin_key and not settings.openai_allow_widget_keys:
        raise AccessError("access.widget_key_not_for_openai", status=403)
    workspace = resolve_workspace(request.headers, settings, tenants)
    key = admin_key or widget_key
    return Caller(workspace, hashlib.sha256(key.encode()).hexdigest()[:24] if key else None)


CallerDep = Annotated[Caller, Depends(get_caller)]
router = APIRouter(prefix="/v1", tags=["openai"], route_class=OpenAIRoute)


class ChatMessage(BaseModel):
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")  # unknown parameters are refused by name, not with a schema error

    model: str = MODEL
    messages: list[ChatMessage]
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    user: str | None = None
    n: int | None = None
    response_format: dict[str, Any] | None = None

    def unsupported(self) -> list[str]:
        """The parameters sent that GrowthDoc cannot honour: more than one choice, a non-text format, the rest."""
        names = sorted(name for name in (self.model_extra or {}) if name not in HARMLESS)
        if self.n not in (None, 1):
            names.insert(0, "n")
        if self.response_format and self.response_format.get("type") not in (None, "text"):
            names.insert(0, "response_format")
        return names


MODEL_CARD = {"id": MODEL, "object": "model", "created": 0, "owned_by": "growthdoc"}


@router.get("/models")
def list_models() -> dict:
    """The one model this server offers."""
    return {"object": "list", "data": [MODEL_CARD]}


@router.get("/models/{model_id}")
def get_model(model_id: str) -> dict:
    """The model card, or OpenAI's 404."""
    if model_id != MODEL:
        raise OpenAIError("channels.unknown_model", status=404, code="model_not_found", param="model",
                          model=model_id, available=MODEL)
    return MODEL_CARD


@router.post("/chat/completions", response_model=None)
async def chat_completions(request: Request, service: ServiceDep, caller: CallerDep) -> Response:
    """One turn: stateless, or of the caller's stored conversation named by `X-GrowthDoc-Session`."""
    chat = await _read_request(request)
    header = request.headers.get(SESSION_HEADER)
    session_id, message = await run_in_threadpool(_session_and_message, service, caller, chat, header)
    prompt_tokens = count_tokens(" ".join(_text_of(m) for m in chat.messages))
    if chat.stream:
        # the turn runs to its end in one thread even if the client leaves: stored, session released
        include_usage = bool((chat.stream_options or {}).get("include_usage"))
        stream = in_one_thread(_sse(service, session_id, message, caller.workspace, prompt_tokens, include_usage))
        return StreamingResponse(stream, media_type="text/event-stream", headers=STREAM_HEADERS)
    reply = await run_in_threadpool(service.send_message, session_id, message, caller.workspace)
    return JSONResponse(_completion(reply, prompt_tokens))


async def _read_request(request: Request) -> ChatRequest:
    try:
        chat = ChatRequest.model_validate(await jsonbody.read(await request.body()))
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise OpenAIError("channels.bad_request", status=400, code="invalid_request", details=details) from None
    if chat.model != MODEL:
        raise OpenAIError("channels.unknown_model", status=404, code="model_not_found", param="model",
                          model=chat.model, available=MODEL)
    unsupported = chat.unsupported()
    if unsupported:
        raise OpenAIError("channels.unsupported_params", status=400, code="unsupported_parameter",
                          param=unsupported[0], names=", ".join(unsupported))
    return chat


def _session_and_message(service, caller: Caller, chat: ChatRequest, header: str | None) -> tuple[str, str]:
    """The turn's session (a new one seeded with the request's history, or the caller's named one) and text."""
    message = last_user_text(chat.messages)
    if not message:
        raise OpenAIError("channels.no_user_message", status=400, code="no_user_message", param="messages")
    if len(message) > MAX_MESSAGE_CHARS:  # the REST door's cap: a 36,000-character turn took 96 s
        raise OpenAIError("engine.message_too_long", status=400, code="message_too_long", param="messages",
                          limit=MAX_MESSAGE_CHARS)
    if header is None:
        session_id = service.create_session(caller.workspace, CHANNEL)
        service.seed_history(session_id, earlier_messages(chat.messages))
        return session_id, message
    return service.session_for(caller.workspace, CHANNEL, stored_session_key(caller, header)), message


def stored_session_key(caller: Caller, header: str) -> str:
    """The stored conversation's key: the caller's key hash and the header, so no other key reaches it."""
    if caller.key_id is None:
        raise AccessError("access.session_needs_key", status=401, headers=CHALLENGE)
    if not SESSION_NAME.match(header):
        raise OpenAIError("access.bad_session_header", status=400, code="invalid_session_header", limit=64)
    return f"{caller.key_id}:{header}"


def earlier_messages(messages: list[ChatMessage]) -> list[tuple[str, str]]:
    """(role, text) of the user and assistant messages before the last user message, the latest ones."""
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=0)
    earlier = [(m.role, _text_of(m)) for m in messages[:last_user] if m.role in ("user", "assistant")]
    return [(role, text) for role, text in earlier if text][-HISTORY_MESSAGES:]


def last_user_text(messages: list[ChatMessage]) -> str:
    """The text of the last `user` message (string content or text parts)."""
    for message in reversed(messages):
        if message.role == "user":
            return _text_of(message)
    return ""


def _text_of(message: ChatMessage) -> str:
    """String content, or the text parts of a list content."""
    if isinstance(message.content, list):
        return "\n".join(str(p.get("text", "")) for p in message.content if p.get("type") == "text").strip()
    return (message.content or "").strip()


def count_tokens(text: str) -> int:
    """An estimate of a text's tokens: words and punctuation marks (no tokenizer is shipped offline)."""
    return len(TOKEN.findall(text or ""))


def usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens}


def _completion(reply: Reply, prompt_tokens: int) -> dict:
    content = with_sources(reply)
    return {"id": _completion_id(), "object": "chat.completion", "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}],
            "usage": usage(prompt_tokens, count_tokens(content))}


def _sse(service, session_id: str, message: str, workspace: str, prompt_tokens: int = 0,
         include_usage: bool = False) -> Iterator[str]:
    """Text deltas as `chat.completion.chunk` events, the sources last, then `[DONE]`."""
    chunk_id, created = _completion_id(), int(time.time())

    def event(delta: dict, finish: str | None = None) -> str:
        chunk = {"id": chunk_id, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    sent = []
    for part in service.stream_message(session_id, message, workspace):
        if isinstance(part, Reply):
            if part.citations:
                sent.append("\n\n" + sources_block(part))
                yield event({"content": sent[-1]})
        elif part:
            sent.append(part)
            yield event({"content": part})
    yield event({}, "stop")
    if include_usage:  # OpenAI's last chunk: no choices, the usage of the whole answer
        chunk = {"id": chunk_id, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                 "choices": [], "usage": usage(prompt_tokens, count_tokens("".join(sent)))}
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
    yield "data: [DONE]\n\n"


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"



class OpenAIErrorShape:
    """ASGI middleware: every error answer under /v1 in OpenAI's shape, whichever layer made it.

    The rate limiter (429), the body limit (413), the router (404, 405) and an unhandled exception
    (500) answer `{"detail": …}` or plain text; OpenAI clients read `error.message`. Answers already
    in that shape, and successful ones (streams included), pass untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        held: dict = {}
        body = bytearray()

        async def shape(message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                held["start"] = message
                return
            if "start" not in held:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                await _send_shaped(scope, held["start"], bytes(body), send)

        try:
            await self.app(scope, receive, shape)
        except Exception:
            import logging

            logging.getLogger(__name__).exception("unhandled error on %s", scope["path"])
            if "start" in held or held.get("sent"):
                raise
            await _send_shaped(scope, {"status": 500, "headers": []}, b"", send)


async def _send_shaped(scope, start: dict, raw: bytes, send) -> None:
    from starlette.requests import HTTPConnection

    status = start["status"]
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"content-type")]
    try:
        found = json.loads(raw) if raw else {}
    except ValueError:
        found = {}
    if isinstance(found, dict) and isinstance(found.get("error"), dict):
        body = raw
    else:
        lang = answer_lang(HTTPConnection(scope))
        detail = found.get("detail") if isinstance(found, dict) else None
        if status == 404 and not isinstance(found, dict) or status == 404 and detail == "Not Found":
            detail = t("channels.openai_no_route", lang, path=scope["path"])
        elif status == 405:
            detail = t("channels.openai_method", lang, method=scope["method"], path=scope["path"])
        elif status >= 500:
            detail = t("common.unexpected_error", lang)
        elif not isinstance(detail, str):
            detail = raw.decode("utf-8", "replace")[:500] or str(status)
        kind = {401: "authentication_error", 403: "permission_error", 404: "not_found_error",
                429: "rate_limit_error"}.get(status, "server_error" if status >= 500 else "invalid_request_error")
        code = (found.get("code") if isinstance(found, dict) else None) or kind
        body = json.dumps({"error": {"message": detail, "type": kind, "param": None, "code": code}},
                          ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": headers + [(b"content-type", b"application/json"),
                                      (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
