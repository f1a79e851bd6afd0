"""OpenAI-compatible door: `POST /v1/chat/completions` (streaming or not) and `GET /v1/models`.

Any OpenAI client or chat UI can talk to GrowthDoc. Stateless like OpenAI's by default: each request
is a new conversation whose history is the request's earlier messages. A stored conversation only
with the `X-GrowthDoc-Session` header, and only under the caller's own admin key: sessions are
keyed by (workspace, a hash of the key, the header), never by the free-form `user` field, which any
caller could guess. Widget keys are public, so they open this door only when
`GROWTHDOC_OPENAI_ALLOW_WIDGET_KEYS=true`. Errors come back in OpenAI's error format.
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
from pydantic import BaseModel, ValidationError
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
from assistant.channels.split import sources_block, with_sources
from assistant.channels.sse import in_one_thread
from assistant.contracts import Reply
from assistant.conversation.tenants import ADMIN_PREFIX
from assistant.core.errors import UserFacingError

MODEL = "growthdoc"
CHANNEL = "openai"
SESSION_HEADER = "x-growthdoc-session"
SESSION_NAME = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
HISTORY_MESSAGES = 20  # of a stateless request's earlier messages, kept as the conversation's history


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
    model: str = MODEL
    messages: list[ChatMessage]
    stream: bool = False
    user: str | None = None


@router.get("/models")
def list_models() -> dict:
    """The one model this server offers."""
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "growthdoc"}]}


@router.post("/chat/completions", response_model=None)
async def chat_completions(request: Request, service: ServiceDep, caller: CallerDep) -> Response:
    """One turn: stateless, or of the caller's stored conversation named by `X-GrowthDoc-Session`."""
    chat = await _read_request(request)
    header = request.headers.get(SESSION_HEADER)
    session_id, message = await run_in_threadpool(_session_and_message, service, caller, chat, header)
    if chat.stream:
        # the turn runs to its end in one thread even if the client leaves: stored, session released
        stream = in_one_thread(_sse(service, session_id, message, caller.workspace))
        return StreamingResponse(stream, media_type="text/event-stream")
    reply = await run_in_threadpool(service.send_message, session_id, message, caller.workspace)
    return JSONResponse(_completion(reply))


async def _read_request(request: Request) -> ChatRequest:
    try:
        chat = ChatRequest.model_validate(await jsonbody.read(await request.body()))
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise OpenAIError("channels.bad_request", status=400, code="invalid_request", details=details) from None
    if chat.model != MODEL:
        raise OpenAIError("channels.unknown_model", status=404, code="model_not_found", param="model",
                          model=chat.model, available=MODEL)
    return chat


def _session_and_message(service, caller: Caller, chat: ChatRequest, header: str | None) -> tuple[str, str]:
    """The turn's session (a new one seeded with the request's history, or the caller's named one) and text."""
    message = last_user_text(chat.messages)
    if not message:
        raise OpenAIError("channels.no_user_message", status=400, code="no_user_message", param="messages")
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


def _completion(reply: Reply) -> dict:
    return {"id": _completion_id(), "object": "chat.completion", "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": with_sources(reply)},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}


def _sse(service, session_id: str, message: str, workspace: str) -> Iterator[str]:
    """Text deltas as `chat.completion.chunk` events, the sources last, then `[DONE]`."""
    chunk_id, created = _completion_id(), int(time.time())

    def event(delta: dict, finish: str | None = None) -> str:
        chunk = {"id": chunk_id, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    for part in service.stream_message(session_id, message, workspace):
        if isinstance(part, Reply):
            if part.citations:
                yield event({"content": "\n\n" + sources_block(part)})
        elif part:
            yield event({"content": part})
    yield event({}, "stop")
    yield "data: [DONE]\n\n"


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex[:24]}"

