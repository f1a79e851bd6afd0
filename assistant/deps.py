"""FastAPI dependencies as named aliases: settings, stores and the engine come from here."""

from typing import Annotated

from fastapi import Depends, Request

from assistant.channels.access import resolve_workspace
from assistant.conversation.service import ConversationService
from assistant.conversation.tenants import TenantStore
from assistant.core.config import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_tenants(request: Request) -> TenantStore:
    """The tenant store built at start-up (`app.state.tenants`)."""
    return request.app.state.tenants


TenantsDep = Annotated[TenantStore, Depends(get_tenants)]


def get_workspace(request: Request, settings: SettingsDep, tenants: TenantsDep) -> str:
    """The caller's workspace id from its key (see assistant/channels/access.py); 401/403 otherwise."""
    return resolve_workspace(request.headers, settings, tenants)


WorkspaceDep = Annotated[str, Depends(get_workspace)]


def get_service(request: Request) -> ConversationService:
    """The conversation service built at start-up (`app.state.service`)."""
    return request.app.state.service


ServiceDep = Annotated[ConversationService, Depends(get_service)]
