"""Who is calling: the workspace behind a request's key, and the language to answer errors in.

Rules: `Authorization: Bearer gdk_admin_…` opens that workspace; `X-GrowthDoc-Key: gdk_pub_…`
opens its workspace from its allowed origins only; no key means the "default" workspace unless
`GROWTHDOC_REQUIRE_KEYS=true`. A bearer token without our prefix (an OpenAI client's dummy key)
counts as no key; a token with our prefix that we do not know is refused.
"""

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers

from assistant.conversation.tenants import ADMIN_PREFIX, DEFAULT_WORKSPACE, TenantStore
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError

KEY_HEADER = "x-growthdoc-key"


class AccessError(UserFacingError):
    """A refused request: carries its HTTP status and headers."""

    def __init__(self, key: str, status: int, headers: dict | None = None, **params):
        super().__init__(key, **params)
        self.status = status
        self.headers = headers or {}


def request_lang(headers: Headers) -> str:
    """'en' when the caller asks for English (X-GrowthDoc-Lang or Accept-Language), else 'vi'."""
    wanted = headers.get("x-growthdoc-lang") or headers.get("accept-language") or ""
    return "en" if wanted.strip().lower().startswith("en") else "vi"


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
            raise AccessError("access.bad_admin_key", 401, {"WWW-Authenticate": "Bearer"})
        return workspace
    public_key = headers.get(KEY_HEADER)
    if public_key:
        return _widget_workspace(public_key.strip(), headers.get("origin"), tenants)
    if settings.require_keys:
        raise AccessError("access.key_required", 401, {"WWW-Authenticate": "Bearer"})
    return DEFAULT_WORKSPACE


def _widget_workspace(public_key: str, origin: str | None, tenants: TenantStore) -> str:
    widget_key = tenants.widget_key(public_key)
    if widget_key is None:
        raise AccessError("access.bad_widget_key", 401)
    if not widget_key.allows(origin):
        raise AccessError("access.origin_not_allowed", 403, origin=origin)
    return widget_key.workspace_id


async def access_error_handler(request: Request, exc: AccessError) -> JSONResponse:
    """`{"detail", "code"}` in the caller's language, with the error's status."""
    body = {"detail": exc.message(request_lang(request.headers)), "code": exc.key}
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)
