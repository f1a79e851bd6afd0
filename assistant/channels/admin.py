"""Admin API: create workspaces (bootstrap token), manage their keys, erase their data (admin key).

Every route that names a workspace's data answers 404 for another workspace's ids, as if they did
not exist: one admin key never reaches, nor learns about, another workspace.
"""

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from assistant.channels.access import CHALLENGE, AccessError, bearer_token
from assistant.channels.deps import ServiceDep, SettingsDep, TenantsDep
from assistant.conversation.tenants import ADMIN_PREFIX

router = APIRouter(prefix="/api/admin", tags=["admin"])


class WorkspaceIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, examples=["Shop Hoa Mai"])


class WorkspaceOut(BaseModel):
    workspace_id: str
    name: str
    admin_key: str = Field(description="Shown once; keep it secret.")


class AdminKeyOut(BaseModel):
    workspace_id: str
    admin_key: str = Field(description="Shown once; the previous admin key no longer works.")


class WidgetKeyIn(BaseModel):
    allowed_origins: list[str] = Field(examples=[["https://shophoamai.vn"]],
                                       description='Sites allowed to embed the widget; ["*"] for any.')
    label: str = Field(default="", max_length=200)


class WidgetKeyOut(BaseModel):
    key: str
    workspace_id: str
    label: str
    allowed_origins: list[str]
    created_at: str


def require_bootstrap_token(request: Request, settings: SettingsDep) -> None:
    """The caller holds GROWTHDOC_ADMIN_TOKEN (constant-time comparison)."""
    if not settings.admin_token:
        raise AccessError("access.admin_disabled", status=403)
    token = bearer_token(request.headers) or ""
    if not hmac.compare_digest(token.encode(), settings.admin_token.encode()):
        raise AccessError("access.bad_admin_token", status=401, headers=CHALLENGE)


def admin_workspace(request: Request, tenants: TenantsDep) -> str:
    """The workspace whose admin key the caller holds."""
    token = bearer_token(request.headers)
    if not token or not token.startswith(ADMIN_PREFIX):
        raise AccessError("access.admin_key_needed", status=401, headers=CHALLENGE)
    workspace = tenants.workspace_for_admin_key(token)
    if workspace is None:
        raise AccessError("access.bad_admin_key", status=401, headers=CHALLENGE)
    return workspace


AdminWorkspace = Annotated[str, Depends(admin_workspace)]


@router.post("/workspaces", status_code=201, dependencies=[Depends(require_bootstrap_token)])
def create_workspace(body: WorkspaceIn, tenants: TenantsDep) -> WorkspaceOut:
    """Create a workspace; the answer holds its admin key, shown only this once."""
    workspace_id, admin_key = tenants.create_workspace(body.name)
    return WorkspaceOut(workspace_id=workspace_id, name=body.name, admin_key=admin_key)


@router.post("/keys", status_code=201)
def create_widget_key(body: WidgetKeyIn, workspace: AdminWorkspace, tenants: TenantsDep) -> WidgetKeyOut:
    """Issue a public widget key for the given sites."""
    return WidgetKeyOut(**vars(tenants.create_widget_key(workspace, body.allowed_origins, body.label)))


@router.get("/keys")
def list_widget_keys(workspace: AdminWorkspace, tenants: TenantsDep) -> list[WidgetKeyOut]:
    """The workspace's widget keys."""
    return [WidgetKeyOut(**vars(k)) for k in tenants.list_widget_keys(workspace)]


@router.delete("/keys/{key}", status_code=204)
def revoke_widget_key(key: str, workspace: AdminWorkspace, tenants: TenantsDep) -> Response:
    """Revoke a widget key: pages using it stop working at once."""
    if not tenants.revoke_widget_key(workspace, key):
        raise AccessError("access.key_not_found", status=404)
    return Response(status_code=204)


@router.post("/admin-key")
def rotate_admin_key(workspace: AdminWorkspace, tenants: TenantsDep) -> AdminKeyOut:
    """Replace the caller's admin key: the answer holds the new one, shown once; the old one stops at once."""
    return AdminKeyOut(workspace_id=workspace, admin_key=tenants.replace_admin_key(workspace))


@router.delete("/admin-key", status_code=204)
def revoke_admin_key(workspace: AdminWorkspace, tenants: TenantsDep) -> Response:
    """Revoke the caller's admin key (a leak); the bootstrap token can issue a new one."""
    tenants.revoke_admin_key(workspace)
    return Response(status_code=204)


@router.post("/workspaces/{workspace_id}/admin-key", dependencies=[Depends(require_bootstrap_token)])
def reissue_admin_key(workspace_id: str, tenants: TenantsDep) -> AdminKeyOut:
    """Issue a new admin key for a workspace whose key was lost or revoked (bootstrap token)."""
    admin_key = tenants.replace_admin_key(workspace_id)
    if admin_key is None:
        raise AccessError("access.not_found", status=404)
    return AdminKeyOut(workspace_id=workspace_id, admin_key=admin_key)


@router.delete("/workspaces/{workspace_id}", status_code=204)
def delete_workspace(workspace_id: str, workspace: AdminWorkspace, tenants: TenantsDep,
                     service: ServiceDep) -> Response:
    """Erase the caller's workspace: every conversation, upload and file, its keys, then itself."""
    if workspace_id != workspace:
        raise AccessError("access.not_found", status=404)
    service.store.delete_workspace_data(workspace)
    tenants.delete_workspace(workspace)
    return Response(status_code=204)


@router.delete("/sessions/{session_id}", status_code=204)
def delete_session(session_id: str, workspace: AdminWorkspace, service: ServiceDep) -> Response:
    """Erase one conversation of the workspace: messages, uploads and their files."""
    if not service.store.delete_session(session_id, workspace):
        raise AccessError("access.not_found", status=404)
    return Response(status_code=204)


@router.delete("/uploads/{dataset_id}", status_code=204)
def delete_upload(dataset_id: str, workspace: AdminWorkspace, service: ServiceDep) -> Response:
    """Erase one uploaded file of the workspace (the figures already read stay in its conversation)."""
    if not service.store.delete_upload(dataset_id, workspace):
        raise AccessError("access.not_found", status=404)
    return Response(status_code=204)
