"""Upload quotas: files and bytes per conversation and per workspace, checked before anything is stored."""

from assistant.conversation.store import ConversationStore
from assistant.core.config import Settings
from assistant.core.errors import UserFacingError

MB = 2**20


def _check(usage: tuple[int, int], size: int, max_files: int, max_mb: float, scope: str) -> None:
    count, used = usage
    if count + 1 > max_files:
        raise UserFacingError("common.too_many_uploads", status=429, scope=scope, limit=max_files)
    if used + size > max_mb * MB:
        raise UserFacingError("common.uploads_too_large", status=413, scope=scope, limit_mb=max_mb)


def check_upload_quota(store: ConversationStore, settings: Settings, session_id: str, workspace_id: str,
                       size: int) -> None:
    """Raise (429 for the count, 413 for the bytes) when one more file of `size` bytes would pass a quota."""
    _check(store.upload_usage(session_id=session_id), size,
           settings.upload_quota_session_files, settings.upload_quota_session_mb, "session")
    _check(store.upload_usage(workspace_id=workspace_id), size,
           settings.upload_quota_workspace_files, settings.upload_quota_workspace_mb, "workspace")
