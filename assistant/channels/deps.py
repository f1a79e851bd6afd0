"""FastAPI dependencies of the doors as named aliases: settings, stores, the service, the caller, the language."""

from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from assistant.channels.access import resolve_workspace
from assistant.channels.errors import answer_lang
from assistant.conversation.service import ConversationService
from assistant.conversation.tenants import TenantStore
from assistant.core.config import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_tenants(request: Request) -> TenantStore:
    """The tenant store built with the app (`app.state.tenants`; the CORS middleware reads it too)."""
    return request.app.state.tenants


TenantsDep = Annotated[TenantStore, Depends(get_tenants)]


def get_inbox(request: Request):
    """The webhook inbox (`app.state.inbox`, assistant/conversation/inbox.py, built with the app)."""
    return request.app.state.inbox


InboxDep = Annotated[object, Depends(get_inbox)]


def get_workspace(request: Request, settings: SettingsDep, tenants: TenantsDep) -> str:
    """The caller's workspace id from its key (see assistant/channels/access.py); 401/403 otherwise."""
    return resolve_workspace(request.headers, settings, tenants)


WorkspaceDep = Annotated[str, Depends(get_workspace)]


def get_service(request: Request) -> ConversationService:
    """The conversation service the composition root built at start-up; tests override this dependency."""
    return request.app.state.service


ServiceDep = Annotated[ConversationService, Depends(get_service)]


def get_lang(request: Request, lang: Literal["vi", "en"] | None = Query(
        None, description="language of the answer; default from X-GrowthDoc-Lang or Accept-Language")) -> str:
    """The language to answer in; `lang` is declared so the docs show it (`request_lang` reads it too)."""
    return answer_lang(request)


LangDep = Annotated[str, Depends(get_lang)]
