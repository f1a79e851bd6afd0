"""The edge policy: every user-facing error becomes `{"detail", "code"}` with its status, in the reader's language.

Routes raise; these handlers render. The `/v1` door keeps OpenAI's error shape with its own route
class (assistant/channels/openai_compat.py).
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from assistant.channels.lang import request_lang
from assistant.conversation.service import SessionNotFound
from assistant.core.errors import UserFacingError


def answer_lang(request: Request) -> str:
    """The session's language when a route recorded one (`request.state.lang`), else the request's."""
    return getattr(request.state, "lang", None) or request_lang(request)


async def user_error(request: Request, error: UserFacingError) -> JSONResponse:
    """`{"detail", "code"}` in the reader's language, with the error's status and headers."""
    body = {"detail": error.message(answer_lang(request)), "code": error.key}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


async def session_not_found(request: Request, _: SessionNotFound) -> JSONResponse:
    """The service's own not-found (a session gone mid-turn) reads like the doors' one."""
    return await user_error(request, UserFacingError("engine.session_not_found"))


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    app.add_exception_handler(UserFacingError, user_error)
    app.add_exception_handler(SessionNotFound, session_not_found)
