"""FastAPI dependencies of the doors as named aliases: settings, stores, the service, the caller, the language.

FastAPI runs a plain `def` dependency in its thread pool: a hop to a worker thread and back, which on a
busy server waits for the GIL at both ends (several ms each while turns compute). The ones here read
what start-up built, so they are `async def`, answered on the event loop; only a key's look-up in the
store goes to a thread. A message used to take five hops before its turn started, now one (the
session's check, `open_session`, which reads the database).
"""

from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from assistant.channels.access import KEY_HEADER, bearer_token, resolve_workspace
from assistant.channels.errors import answer_lang
from assistant.conversation.service import ConversationService
from assistant.conversation.tenants import ADMIN_PREFIX, TenantStore
from assistant.core.config import Settings, get_settings


async def current_settings() -> Settings:
    """The settings read at start-up (`get_settings`, cached)."""
    return get_settings()


SettingsDep = Annotated[Settings, Depends(current_settings)]


async def get_tenants(request: Request) -> TenantStore:
    """The tenant store built with the app (`app.state.tenants`; the CORS middleware reads it too)."""
    return request.app.state.tenants


TenantsDep = Annotated[TenantStore, Depends(get_tenants)]


async def get_inbox(request: Request):
    """The webhook inbox (`app.state.inbox`, assistant/conversation/inbox.py, built with the app)."""
    return request.app.state.inbox


InboxDep = Annotated[object, Depends(get_inbox)]


async def get_workspace(request: Request, settings: SettingsDep, tenants: TenantsDep) -> str:
    """The caller's workspace id from its key (see assistant/channels/access.py); 401/403 otherwise.

    A key is looked up in the store, in a worker thread; without one nothing is read."""
    token = bearer_token(request.headers)
    if request.headers.get(KEY_HEADER) or (token and token.startswith(ADMIN_PREFIX)):
        return await run_in_threadpool(resolve_workspace, request.headers, settings, tenants)
    return resolve_workspace(request.headers, settings, tenants)


WorkspaceDep = Annotated[str, Depends(get_workspace)]


async def get_service(request: Request) -> ConversationService:
    """The conversation service the composition root built at start-up; tests override this dependency."""
    return request.app.state.service


ServiceDep = Annotated[ConversationService, Depends(get_service)]


async def get_lang(request: Request, lang: Literal["vi", "en"] | None = Query(
        None, description="language of the answer; default from X-GrowthDoc-Lang or Accept-Language")) -> str:
    """The language to answer in; `lang` is declared so the docs show it (`request_lang` reads it too)."""
    return answer_lang(request)


LangDep = Annotated[str, Depends(get_lang)]
