"""Who is calling: the workspace behind a request's key.

Rules: `Authorization: Bearer gdk_admin_…` opens that workspace; `X-GrowthDoc-Key: gdk_pub_…`
opens its workspace from its allowed origins only; no key means the "default" workspace unless
`GROWTHDOC_REQUIRE_KEYS=true`. A bearer token without our prefix (an OpenAI client's dummy key)
counts as no key; a token with our prefix that we do not know is refused.
"""

from starlette.datastructures import Headers

from assistant.conversation.tenants import ADMIN_PREFIX, DEFAULT_WORKSPACE, TenantStore
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError

KEY_HEADER = "x-growthdoc-key"
CHALLENGE = {"WWW-Authenticate": "Bearer"}


class AccessError(UserFacingError):
    """A refused caller (401/403/404): the OpenAI door tells these apart as authentication errors."""


def bearer_token(headers: Headers) -> str | None:
    """The token of `Authorization: Bearer …`, if any."""
    scheme, _, token = (headers.get("authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def resolve_workspace(headers: Headers, settings: Settings, tenants: TenantStore) -> str:
    """The workspace id this request acts for; raises AccessError (401/403) otherwise."""
    token = bearer_token(headers)
    if token and token.startswith(ADMIN_PREFIX):
        workspace = tenants.workspace_for_admin_key(token)
        if workspace is None:
            raise AccessError("access.bad_admin_key", status=401, headers=CHALLENGE)
        return workspace
    public_key = headers.get(KEY_HEADER)
    if public_key:
        return _widget_workspace(public_key.strip(), headers.get("origin"), tenants)
    if settings.require_keys:
        raise AccessError("access.key_required", status=401, headers=CHALLENGE)
    return DEFAULT_WORKSPACE


def _widget_workspace(public_key: str, origin: str | None, tenants: TenantStore) -> str:
    widget_key = tenants.widget_key(public_key)
    if widget_key is None:
        raise AccessError("access.bad_widget_key", status=401)
    if not widget_key.allows(origin):
        raise AccessError("access.origin_not_allowed", status=403, origin=origin)
    return widget_key.workspace_id

