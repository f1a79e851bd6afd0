"""Errors a user can act on: a message key rendered in the user's language, and the HTTP status that fits.

Any layer raises them; the doors render them (one handler in `assistant/channels/errors.py`, one
`print` in the CLI). The status comes from where the error is raised, else from `STATUS`, else 400.
"""

# The status of an error by its key, when it is not 400 ("the request could not be used").
STATUS = {
    "common.file_too_large": 413,
    "kpi.zip_bomb": 413,
    "kpi.binary_file": 415,
    "kpi.encrypted_or_xls": 415,
    "kpi.not_xlsx": 415,
    "kpi.not_found": 404,
    "drafting.file_not_found": 404,
    "engine.session_not_found": 404,
    "diagnosis.no_funnel": 422,
    "diagnosis.bad_snapshot": 422,
}


class UserFacingError(Exception):
    """Raised by any layer when the user sent something we cannot use; never a traceback."""

    def __init__(self, key: str, *, status: int | None = None, headers: dict | None = None, **params):
        self.key = key
        self.params = params
        self.status = status or STATUS.get(key, 400)
        self.headers = headers or {}
        super().__init__(f"{key}: {params}")

    def message(self, lang: str = "vi") -> str:
        from assistant.core.templates import text  # Jinja2 and the settings load when a message is shown

        return text(self.key, lang=lang, **self.params)
