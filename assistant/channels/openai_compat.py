"""OpenAI-compatible door: `POST /v1/chat/completions` (streaming or not) and `GET /v1/models`.

Any OpenAI client or chat UI can talk to GrowthDoc. The history lives on the server: the
conversation is keyed by the request's `user` field or the `X-GrowthDoc-Session` header, and only
the last user message is sent to the engine. Errors come back in OpenAI's error format.
"""

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from assistant.channels.access import AccessError
from assistant.channels.deps import ServiceDep, WorkspaceDep
from assistant.channels.errors import answer_lang
from assistant.channels.split import sources_block, with_sources
from assistant.contracts import Reply
from assistant.core.errors import UserFacingError

MODEL = "growthdoc"
CHANNEL = "openai"
SESSION_HEADER = "x-growthdoc-session"


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
async def chat_completions(request: Request, service: ServiceDep, workspace: WorkspaceDep) -> Response:
    """One turn of the conversation keyed by `user` or `X-GrowthDoc-Session`."""
    chat = await _read_request(request)
    key = request.headers.get(SESSION_HEADER) or chat.user
    session_id, message = await run_in_threadpool(_session_and_message, service, workspace, chat, key)
    if chat.stream:
        return StreamingResponse(_sse(service, session_id, message, workspace), media_type="text/event-stream")
    reply = await run_in_threadpool(service.send_message, session_id, message, workspace)
    return JSONResponse(_completion(reply))


async def _read_request(request: Request) -> ChatRequest:
    try:
        chat = ChatRequest.model_validate(json.loads(await request.body() or b"null"))
    except (ValueError, ValidationError) as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()) \
            if isinstance(error, ValidationError) else str(error)
        raise OpenAIError("channels.bad_request", status=400, code="invalid_request", details=details) from None
    if chat.model != MODEL:
        raise OpenAIError("channels.unknown_model", status=404, code="model_not_found", param="model",
                          model=chat.model, available=MODEL)
    return chat


def _session_and_message(service, workspace: str, chat: ChatRequest, key: str | None) -> tuple[str, str]:
    """The session keyed by `key` (a new one without a key) and the text of the last user message."""
    message = last_user_text(chat.messages)
    if not message:
        raise OpenAIError("channels.no_user_message", status=400, code="no_user_message", param="messages")
    session_id = service.session_for(workspace, CHANNEL, key) if key else service.create_session(workspace, CHANNEL)
    return session_id, message


def last_user_text(messages: list[ChatMessage]) -> str:
    """The text of the last `user` message (string content or text parts)."""
    for message in reversed(messages):
        if message.role != "user":
            continue
        if isinstance(message.content, list):
            return "\n".join(p.get("text", "") for p in message.content if p.get("type") == "text").strip()
        return (message.content or "").strip()
    return ""


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

