"""REST and SSE routes of a conversation: sessions, messages, uploads (DESIGN.md, HTTP API)."""

import json
from typing import Annotated, Iterator

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from assistant.channels import jsonbody
from assistant.channels.deps import ServiceDep, WorkspaceDep, get_workspace
from assistant.channels.lang import asks_for_lang, request_lang
from assistant.channels.sse import in_one_thread
from assistant.contracts import Reply, stored_diagnosis
from assistant.core.errors import UserFacingError
from assistant.drafting.diagnosis_view import render_diagnosis

router = APIRouter(prefix="/api/sessions", tags=["conversations"], dependencies=[Depends(get_workspace)])
MAX_MESSAGE_CHARS = 4000


class MessageIn(BaseModel):
    text: str = ""


def reply_json(reply: Reply) -> dict:
    """The `{"reply", "citations", "artifacts"}` body every door returns."""
    return {"reply": reply.text, "citations": [c.model_dump() | {"label": c.label} for c in reply.citations],
            "artifacts": [a.model_dump(mode="json") for a in reply.artifacts],
            "lang": reply.lang, "engine": reply.engine, "notice": reply.notice}


def open_session(session_id: str, request: Request, service: ServiceDep, workspace: WorkspaceDep) -> str:
    """The path's session in the caller's workspace (404 otherwise); its language answers this turn's errors."""
    lang = service.store.lang_of(session_id, workspace)
    if lang is None:
        raise UserFacingError("engine.session_not_found")
    request.state.lang = lang or "vi"  # the language the conversation speaks, whatever the browser says
    return session_id


SessionDep = Annotated[str, Depends(open_session)]


def _sse(parts: Iterator) -> Iterator[str]:
    for part in parts:
        if isinstance(part, Reply):
            yield f"event: done\ndata: {json.dumps(reply_json(part), ensure_ascii=False)}\n\n"
        else:
            yield f"event: delta\ndata: {json.dumps(part, ensure_ascii=False)}\n\n"


@router.post("")
def create_session(service: ServiceDep, workspace: WorkspaceDep) -> dict:
    """Start a conversation."""
    return {"session_id": service.create_session(workspace, "web")}


@router.get("/{session_id}")
def read_session(session_id: str, request: Request, service: ServiceDep, workspace: WorkspaceDep) -> dict:
    """History, uploads and the last diagnosis, worded in the language asked for, else the session's."""
    session = service.get_session(session_id, workspace)
    if session is None:
        raise UserFacingError("engine.session_not_found")
    lang = request_lang(request) if asks_for_lang(request) else session["lang"]
    diagnosis = stored_diagnosis(session["diagnosis"])
    return session | {"diagnosis": render_diagnosis(diagnosis, lang) if diagnosis else None}


async def _message_text(request: Request) -> str:
    """The `text` of the JSON body; a clear error for anything else (not FastAPI's 422 list)."""
    try:
        body = MessageIn.model_validate(await jsonbody.read(await request.body()))
    except ValidationError:
        raise UserFacingError("engine.bad_message_body") from None
    except jsonbody.BadJson as error:  # too deep or a lone surrogate keeps its own, clearer message
        if error.key != "common.json_invalid":
            raise
        raise UserFacingError("engine.bad_message_body") from None
    text = body.text.strip()
    if not text:
        raise UserFacingError("engine.empty_message")
    if len(text) > MAX_MESSAGE_CHARS:
        raise UserFacingError("engine.message_too_long", limit=MAX_MESSAGE_CHARS)
    return text


@router.post("/{session_id}/messages", openapi_extra={"requestBody": {
    "required": True, "content": {"application/json": {"schema": MessageIn.model_json_schema()}}}})
async def post_message(session_id: SessionDep, request: Request, service: ServiceDep, workspace: WorkspaceDep):
    """Send a message `{"text"}`; JSON reply, or an SSE stream (`delta` events, then `done`) on request."""
    text = await _message_text(request)
    if "text/event-stream" in request.headers.get("accept", ""):
        stream = in_one_thread(_sse(service.stream_message(session_id, text, workspace)))
        return StreamingResponse(stream, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return reply_json(await run_in_threadpool(service.send_message, session_id, text, workspace))


@router.post("/{session_id}/uploads")
async def post_upload(session_id: SessionDep, service: ServiceDep, workspace: WorkspaceDep,
                      file: UploadFile = File(...),
                      rate: list[str] = Form(default=[], description="exchange rates for this file, e.g. USD=25400")):
    """Upload an export: its KPIs go into the session's snapshot; the reply says what was read."""
    from assistant.kpi.money import parse_rates

    rates = parse_rates(rate)  # a malformed rate is refused before the file is read
    limit_mb = service.settings.max_upload_mb
    if file.size is not None and file.size > limit_mb * 2**20:  # refuse before reading it all
        raise UserFacingError("common.file_too_large", limit_mb=limit_mb, size_mb=file.size / 2**20)
    data = await file.read()
    return await run_in_threadpool(service.add_upload, session_id, file.filename or "upload", data, workspace, rates)
